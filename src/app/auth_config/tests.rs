//! Static evaluation of auth configs, and Convex's push-time checks with their exact messages.

use serde_json::json;

use super::*;

const CLIENT: &str = "client_01TEST";

fn env() -> Env {
    Env::from_pairs(&[("WORKOS_CLIENT_ID", CLIENT)])
}

fn eval_ok(src: &str) -> Value {
    let (v, _) = evaluate("convex/auth.config.ts", src, &env()).unwrap_or_else(|e| panic!("{e:?}"));
    v.expect("a default export")
}

fn eval_err(src: &str) -> ConfigError {
    evaluate("convex/auth.config.ts", src, &env()).expect_err("should fail")
}

fn providers(src: &str) -> Result<Vec<Provider>, ConfigError> {
    let (v, _) = evaluate("convex/auth.config.ts", src, &env())?;
    providers_from_json(v.as_ref())
}

fn workos() -> Vec<Provider> {
    vec![
        Provider::custom_jwt(
            "https://api.workos.com/",
            format!("https://api.workos.com/sso/jwks/{CLIENT}"),
            Algorithm::RS256,
            Some(CLIENT),
        ),
        Provider::custom_jwt(
            format!("https://api.workos.com/user_management/{CLIENT}"),
            format!("https://api.workos.com/sso/jwks/{CLIENT}"),
            Algorithm::RS256,
            None,
        ),
    ]
}

#[test]
fn the_file_init_writes() {
    let src = crate::edit::auth_config::new_file(true, &Style::default());
    let (v, reads) = evaluate("convex/auth.config.ts", &src, &env()).unwrap();
    assert_eq!(providers_from_json(v.as_ref()).unwrap(), workos());
    assert_eq!(
        reads,
        vec![EnvRead {
            name: "WORKOS_CLIENT_ID".into(),
            source: "--env".into()
        }]
    );
    let js = crate::edit::auth_config::new_file(false, &Style::default());
    assert_eq!(providers(&js).unwrap(), workos());
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
    assert_eq!(providers(src).unwrap(), workos());
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
    assert_eq!(providers(src).unwrap(), workos());
}

#[test]
fn json_stringify_drops_undefined_properties() {
    // `applicationID: undefined` is dropped, so the shared issuer counts as missing it.
    let src = "export default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: 'x', applicationID: undefined }] };";
    let v = eval_ok(src);
    assert_eq!(v["providers"][0].get("applicationID"), None);
    let e = providers(src).unwrap_err();
    assert_eq!(e.code, Some("InsecureConfiguration"));
}

#[test]
fn missing_env_var_is_convexs_error_even_with_a_fallback() {
    for src in [
        "export default { providers: [{ type: 'customJwt', issuer: `https://x.example.com/${process.env.MISSING}`, jwks: 'j', algorithm: 'RS256' }] };",
        "export default { providers: [{ type: 'customJwt', issuer: process.env.MISSING ?? 'https://x.example.com', jwks: 'j', algorithm: 'RS256' }] };",
        // Read at module load even though it's unused.
        "const unused = process.env.MISSING;\nexport default { providers: [] };",
    ] {
        let e = eval_err(src);
        assert_eq!(
            e.code,
            Some("AuthConfigMissingEnvironmentVariable"),
            "{src}"
        );
        assert_eq!(
            e.error.message,
            "Environment variable MISSING is used in auth config file but its value was not set."
        );
        assert!(e.error.location.is_some());
        assert!(
            e.error.hints.iter().any(|h| h.contains("--env MISSING=")),
            "{e:?}"
        );
    }
}

#[test]
fn missing_client_id_points_at_the_vite_variable() {
    let env = Env::from_pairs(&[("VITE_WORKOS_CLIENT_ID", CLIENT)]);
    let src = crate::edit::auth_config::new_file(true, &Style::default());
    let e = evaluate("convex/auth.config.ts", &src, &env).unwrap_err();
    assert_eq!(e.error.location.as_ref().map(|l| l.line), Some(3));
    assert!(
        e.error
            .hints
            .iter()
            .any(|h| h.contains(&format!("--env WORKOS_CLIENT_ID={CLIENT}"))),
        "{e:?}"
    );
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
        let e = eval_err(src);
        assert_eq!(e.code, None, "{src}");
        assert_eq!(e.error.kind, ErrorKind::UnsupportedCode, "{src}");
        assert!(
            e.error.message.contains("too dynamic"),
            "{src}: {}",
            e.error.message
        );
        assert!(e.error.message.contains(why), "{src}: {}", e.error.message);
    }
}

#[test]
fn get_auth_config_providers_gets_the_snippet() {
    let src = "import { authKit } from './auth';\nexport default { providers: [authKit.getAuthConfigProviders()] };";
    let e = eval_err(src);
    assert!(
        e.error.message.contains("getAuthConfigProviders()"),
        "{}",
        e.error.message
    );
    assert!(
        e.error
            .snippet
            .as_deref()
            .unwrap_or("")
            .contains("user_management")
    );
}

#[test]
fn syntax_errors_are_located() {
    let e = eval_err("export default { providers: [ };");
    assert_eq!(e.error.kind, ErrorKind::Parse);
}

#[test]
fn missing_default_export() {
    let msg = "auth config file is missing default export. To learn more, see the auth documentation at https://docs.convex.dev/auth.";
    for src in [
        "const x = 1;",
        "export default undefined;",
        "export default null;",
    ] {
        let e = providers(src).unwrap_err();
        assert_eq!(
            (e.code, e.error.message.as_str()),
            (Some("AuthConfigMissingExportError"), msg),
            "{src}"
        );
    }
}

fn push_error(providers_js: &str) -> (Option<&'static str>, String) {
    let e = providers(&format!(
        "export default {{ providers: [{providers_js}] }};"
    ))
    .unwrap_err();
    (e.code, e.error.message.clone())
}

#[test]
fn push_time_errors_have_convexs_messages() {
    let schema = Some("AuthConfigNotMatchingSchemaError");
    let prefix = "auth config file must include a list of provider credentials: ";
    assert_eq!(
        push_error(
            "{ type: 'customJwt', issuer: 'https://a.example.com', jwks: 'j', algorithm: 'RS256', applicationId: 'x' }"
        ),
        (
            schema,
            format!(
                "{prefix}Provider at index 0 must have applicationID property spelled lowercase 'application', capital I, capital D."
            )
        )
    );
    assert_eq!(
        push_error(
            "{ domain: 'https://a.example.com', applicationID: 'a' }, { type: 'jwt', issuer: 'https://a.example.com' }"
        ),
        (
            schema,
            format!("{prefix}Provider at index 1 has unexpected 'type' value 'jwt'")
        )
    );
    assert_eq!(
        push_error(
            "{ type: 'customJwt', domain: 'https://a.example.com', issuer: 'https://a.example.com', jwks: 'j', algorithm: 'RS256' }"
        ),
        (
            schema,
            format!(
                "{prefix}Provider at index 0 is a customJwt so cannot have a 'domain' specified"
            )
        )
    );
    assert_eq!(
        push_error("{ issuer: 'https://a.example.com', applicationID: 'a' }"),
        (
            schema,
            format!("{prefix}Provider at index 0 is oidc so cannot have an 'issuer' specified.")
        )
    );
    assert_eq!(
        push_error(
            "{ type: 'customJwt', issuer: 'https://a.example.com', jwks: 'j', algorithm: 'HS256' }"
        ),
        (
            schema,
            format!("{prefix}unknown variant `HS256`, expected `RS256` or `ES256`")
        )
    );
    assert_eq!(
        push_error("{ type: 'customJwt', issuer: 'https://a.example.com', algorithm: 'RS256' }"),
        (schema, format!("{prefix}missing field `jwks`"))
    );
    for issuer in ["https://api.workos.com/", "https://api.workos.com"] {
        assert_eq!(
            push_error(&format!("{{ type: 'customJwt', issuer: '{issuer}', jwks: 'j', algorithm: 'RS256' }}")),
            (Some("InsecureConfiguration"), "This auth configuration appears potentially insecure: Provider at index 0 has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT.".to_string())
        );
    }
    // Only the exact shared issuer is insecure.
    assert!(providers("export default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/user_management/c', jwks: 'j', algorithm: 'RS256' }] };").is_ok());
}

#[test]
fn issuer_urls() {
    assert_eq!(
        issuer_url("auth.example.com").unwrap(),
        "https://auth.example.com"
    );
    assert_eq!(
        issuer_url("localhost:4100/x").unwrap(),
        "https://localhost:4100/x"
    );
    assert_eq!(
        issuer_url("http://127.0.0.1:4100/").unwrap(),
        "http://127.0.0.1:4100/"
    );
    assert_eq!(
        issuer_url("https://Auth.Example.com/").unwrap(),
        "https://Auth.Example.com/"
    );
    let msg = |s: &str| issuer_url(s).unwrap_err().error.message;
    assert_eq!(
        msg("\"https://a.example.com\""),
        "Invalid provider domain URL \"\"https://a.example.com\"\": starts with a double quote (\")"
    );
    assert_eq!(
        msg("my-random-token"),
        "Invalid provider domain URL \"my-random-token\": Does not look like a URL (must have a scheme or end with a top-level domain)"
    );
    assert_eq!(
        msg("ftp://a.example.com"),
        "Invalid provider domain URL \"ftp://a.example.com\": scheme should be http or https"
    );
    assert_eq!(
        issuer_url("ftp://a.example.com").unwrap_err().code,
        Some("InvalidProviderDomainUrl")
    );
}

#[test]
fn oidc_providers_parse() {
    let p = providers("export default { providers: [{ domain: 'https://clerk.example.com', applicationID: 'convex' }] };").unwrap();
    assert_eq!(
        p,
        vec![Provider::Oidc {
            domain: "https://clerk.example.com".into(),
            application_id: "convex".into()
        }]
    );
    assert_eq!(
        push_error("{ domain: 'https://clerk.example.com' }").1,
        "auth config file must include a list of provider credentials: data did not match any variant of untagged enum SerializedAuthInfo"
    );
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
