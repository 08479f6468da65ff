//! The evaluator: JS semantics with an env, and symbolic values without one.

use serde_json::{Value, json};

use super::*;
use crate::edit::auth_config::read;

const CLIENT: &str = "client_01JTEST0000000000000000000";
const ENV: &[(&str, &str)] = &[("WORKOS_CLIENT_ID", CLIENT)];

fn eval(src: &str, env: Option<&dyn EnvLookup>) -> Result<Option<JsVal>, EvalError> {
    read("convex/auth.config.ts", src, env)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .value
}

fn eval_ok(src: &str) -> Value {
    eval(src, Some(&ENV))
        .unwrap_or_else(|e| panic!("{e:?}"))
        .and_then(|v| v.to_json())
        .expect("a default export")
}

fn eval_err(src: &str) -> EvalError {
    eval(src, Some(&ENV)).expect_err("should fail")
}

/// What `JSON.stringify` gives for the two WorkOS providers.
fn workos() -> Value {
    json!({ "providers": [
        {
            "type": "customJwt",
            "issuer": "https://api.workos.com/",
            "algorithm": "RS256",
            "jwks": format!("https://api.workos.com/sso/jwks/{CLIENT}"),
            "applicationID": CLIENT,
        },
        {
            "type": "customJwt",
            "issuer": format!("https://api.workos.com/user_management/{CLIENT}"),
            "algorithm": "RS256",
            "jwks": format!("https://api.workos.com/sso/jwks/{CLIENT}"),
        },
    ]})
}

#[test]
fn template_literals_concatenation_and_aliases() {
    let src = r#"
import type { AuthConfig } from "convex/server";
const base = "https://api.workos.com";
const clientId = process.env.WORKOS_CLIENT_ID!;
const jwks = base + "/sso/jwks/" + clientId;
const config = {
  providers: [
    { type: "customJwt", issuer: base + "/", algorithm: "RS256", jwks, applicationID: clientId },
    { type: "customJwt", issuer: `${base}/user_management/${process.env["WORKOS_CLIENT_ID"]}`, algorithm: "RS256" as const, jwks: `${jwks}` },
  ],
} satisfies AuthConfig;
export default config;
"#;
    assert_eq!(eval_ok(src), workos());
}

#[test]
fn as_const_parentheses_spreads_and_export_specifier() {
    let src = r#"
const { WORKOS_CLIENT_ID: id } = process.env;
const shared = { type: "customJwt", algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${id}` } as const;
const list = [{ ...shared, issuer: "https://api.workos.com/", applicationID: id }];
const cfg = ({ providers: [...list, { ...shared, issuer: `https://api.workos.com/user_management/${id}` }] });
export { cfg as default };
"#;
    assert_eq!(eval_ok(src), workos());
}

#[test]
fn json_stringify_drops_undefined_properties() {
    let v = eval_ok(
        "export default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: 'x', applicationID: undefined }] };",
    );
    assert_eq!(v["providers"][0].get("applicationID"), None);
}

#[test]
fn missing_env_var_fails_where_convex_does_even_with_a_fallback() {
    for src in [
        "export default { providers: [{ type: 'customJwt', issuer: `https://x.example.com/${process.env.MISSING}`, jwks: 'j', algorithm: 'RS256' }] };",
        "export default { providers: [{ type: 'customJwt', issuer: process.env.MISSING ?? 'https://x.example.com', jwks: 'j', algorithm: 'RS256' }] };",
        // Read at module load even though it's unused.
        "const unused = process.env.MISSING;\nexport default { providers: [] };",
    ] {
        let offset = src.find("process.env.MISSING").unwrap();
        assert_eq!(
            eval_err(src),
            EvalError::MissingEnv {
                name: "MISSING".into(),
                offset
            },
            "{src}"
        );
    }
}

#[test]
fn too_dynamic_code_is_reported_not_guessed() {
    for (src, why) in [
        (
            "import { AuthKit } from '@convex-dev/workos-authkit';\nconst authKit = new AuthKit(components.workOSAuthKit);\nexport default { providers: authKit.getAuthConfigProviders() };",
            "`getAuthConfigProviders()` (from `@convex-dev/workos-authkit`)",
        ),
        ("export default makeConfig();", "a call to `makeConfig(…)`"),
        (
            "let issuer = 'https://a.example.com';\nexport default { providers: [{ issuer }] };",
            "declared with `let`",
        ),
        (
            "import { providers } from './providers';\nexport default { providers };",
            "imported from `./providers`",
        ),
        (
            "export default { providers: [ { issuer: x } ] };",
            "`x` is not a `const`",
        ),
        (
            "console.log('hi');\nexport default { providers: [] };",
            "a top-level statement",
        ),
        (
            "export default function () { return {}; }",
            "function or class",
        ),
        (
            "export default { providers: [].concat([]) };",
            "a call to `concat(…)`",
        ),
    ] {
        let EvalError::Dynamic(u) = eval_err(src) else {
            panic!("{src}: not a dynamic error");
        };
        assert!(u.why.contains(why), "{src}: {}", u.why);
    }
}

#[test]
fn js_semantics_of_operators() {
    let v = eval_ok(
        "const a = '' || 'b'; const n = 1 + 2; const s = 'x' + 1 + 2; const c = null ?? 'd'; const t = !0 ? `${n}` : 'no';\nexport default { a, n, s, c, t, u: undefined, arr: [undefined, , 1.5], neg: -1 };",
    );
    assert_eq!(
        v,
        json!({"a": "b", "n": 3, "s": "x12", "c": "d", "t": "3", "arr": [null, null, 1.5], "neg": -1})
    );
}

fn symbolic(src: &str) -> JsVal {
    eval(src, None)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .expect("a default export")
}

fn field(v: &JsVal, key: &str) -> JsVal {
    let JsVal::Obj(props) = v else {
        panic!("not an object: {v:?}")
    };
    props
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no `{key}`"))
}

#[test]
fn without_env_reads_stay_symbolic_and_keep_their_spelling() {
    let v = symbolic(
        "const base = 'https://api.workos.com';\nconst clientId = process.env.WORKOS_CLIENT_ID;\nexport default { a: `${base}/user_management/${clientId}`, b: base + '/sso/jwks/' + process.env.WORKOS_CLIENT_ID, c: clientId, d: makeId(), e: clientId ?? 'x', f: 'literal' };",
    );
    let a = field(&v, "a");
    assert_eq!(
        a,
        JsVal::Sym(vec![
            Part::Text("https://api.workos.com/user_management/".into()),
            Part::Env {
                var: "WORKOS_CLIENT_ID".into(),
                written: "clientId".into()
            },
        ])
    );
    assert_eq!(
        a.template().as_deref(),
        Some("https://api.workos.com/user_management/${clientId}")
    );
    assert_eq!(
        field(&v, "b").template().as_deref(),
        Some("https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}")
    );
    // Different spellings, one denotation.
    assert_eq!(
        a.after("/user_management/").and_then(|c| c.denotation()),
        field(&v, "b")
            .after("/sso/jwks/")
            .and_then(|c| c.denotation())
    );
    assert_eq!(field(&v, "c").template().as_deref(), Some("${clientId}"));
    assert_eq!(
        field(&v, "d"),
        JsVal::Sym(vec![Part::Unknown {
            written: "makeId()".into()
        }])
    );
    assert_eq!(field(&v, "d").denotation(), None);
    // An env read is a string (or the push fails), so `??` keeps it.
    assert_eq!(field(&v, "e").template().as_deref(), Some("${clientId}"));
    assert_eq!(field(&v, "f").as_str(), Some("literal"));
    assert_eq!(
        a.fill("CLIENT").as_deref(),
        Some("https://api.workos.com/user_management/CLIENT")
    );
}

#[test]
fn without_env_unknown_code_is_a_part_not_an_error() {
    let v = symbolic(
        "import { id } from './id';\nlet other = 'x';\nexport default { a: `https://a.example.com/${id}`, b: other, c: id ? 'y' : 'z', d: [...list] };",
    );
    assert_eq!(
        field(&v, "a").template().as_deref(),
        Some("https://a.example.com/${id}")
    );
    assert_eq!(field(&v, "b").template().as_deref(), Some("${other}"));
    assert_eq!(
        field(&v, "c").template().as_deref(),
        Some("${id ? 'y' : 'z'}")
    );
    assert_eq!(field(&v, "d").template().as_deref(), Some("${[...list]}"));
}
