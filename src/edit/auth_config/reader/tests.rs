//! The reading: spans, evaluated values and what can't be read.

use super::*;
use crate::edit::auth_config::Part;

const REL: &str = "convex/auth.config.ts";

fn at<'s>(src: &'s str, span: &Range<usize>) -> &'s str {
    &src[span.clone()]
}

#[test]
fn reads_the_template_shape() {
    let src = "import { AuthConfig } from 'convex/server';\nconst clientId = process.env.WORKOS_CLIENT_ID;\nexport default {\n  providers: [\n    { type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },\n    { type: 'customJwt', issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}` },\n  ],\n} satisfies AuthConfig;\n";
    let a = read(REL, src, None).unwrap();
    let p = a.providers.all().unwrap();
    assert_eq!(p.len(), 2);
    assert!(p[0].is_root_issuer() && p[1].is_user_management());
    assert_eq!(
        p[1].issuer().as_deref(),
        Some("https://api.workos.com/user_management/${clientId}")
    );
    assert_eq!(a.env_refs.len(), 1);
    assert_eq!(a.env_refs[0].name, "WORKOS_CLIENT_ID");
    assert_eq!(at(src, &a.env_refs[0].span), "process.env.WORKOS_CLIENT_ID");
    assert_eq!(
        a.client_alias.as_ref().map(|(n, _)| n.as_str()),
        Some("clientId")
    );
    assert_eq!(a.env_reads, ["WORKOS_CLIENT_ID"]);
}

#[test]
fn spans_of_props_array_and_elements() {
    let src = "export default {\n  providers: [\n    { 'type': \"customJwt\", issuer: 'https://a.example.com', jwks },\n    ...more,\n  ],\n};\n";
    let a = read(REL, src, None).unwrap();
    let Providers::Array(array) = &a.providers else {
        panic!("{:?}", a.providers)
    };
    assert!(at(src, &array.span).starts_with('[') && at(src, &array.span).ends_with(']'));
    let elements: Vec<&str> = array.elements.iter().map(|e| at(src, &e.span)).collect();
    assert_eq!(elements[1], "...more");
    assert!(matches!(array.elements[1].kind, ElementKind::Other));
    let p = a.providers.objects().next().unwrap();
    let ty = p.get("type").unwrap();
    assert_eq!(at(src, &ty.key_span), "'type'");
    assert_eq!(at(src, &ty.span), "'type': \"customJwt\"");
    assert_eq!(at(src, &ty.value_span), "\"customJwt\"");
    assert_eq!(ty.value_text, "\"customJwt\"");
    assert_eq!(ty.value.as_str(), Some("customJwt"));
    // A shorthand property whose name isn't declared: known by name only.
    assert_eq!(p.get("jwks").unwrap().string().as_deref(), Some("${jwks}"));
    // The spread makes the list unreadable as a whole, not the object.
    assert!(a.providers.all().is_none());
}

#[test]
fn elements_through_consts_and_the_helper() {
    let src = "import { authKit } from './auth';\nconst clerk = { domain: process.env.CLERK_ISSUER!, applicationID: 'convex' };\nconst list = [clerk, authKit.getAuthConfigProviders()];\nexport default { providers: list };\n";
    let a = read(REL, src, None).unwrap();
    assert!(a.providers.helper());
    let p = a.providers.all().unwrap();
    assert_eq!(p.len(), 1);
    assert!(at(src, &p[0].span).starts_with("{ domain"));
    assert_eq!(
        p[0].get("domain").unwrap().value,
        JsVal::Sym(vec![Part::Env {
            var: "CLERK_ISSUER".into(),
            written: "process.env.CLERK_ISSUER".into()
        }])
    );
    assert_eq!(a.client_alias, None);
}

#[test]
fn values_are_evaluated_with_an_env() {
    let src = "const id = process.env.WORKOS_CLIENT_ID;\nexport default { providers: [{ issuer: `https://api.workos.com/user_management/${id}`, other: process.env.UNSET }] };\n";
    let env: &[(&str, &str)] = &[("WORKOS_CLIENT_ID", "client_01JTEST0000000000000000000")];
    let a = read(REL, src, Some(&env)).unwrap();
    let p = a.providers.all().unwrap();
    assert_eq!(
        p[0].get("issuer").unwrap().value.as_str(),
        Some("https://api.workos.com/user_management/client_01JTEST0000000000000000000")
    );
    // Unset: the push fails, and the property is kept symbolically.
    assert!(matches!(a.value, Err(EvalError::MissingEnv { ref name, .. }) if name == "UNSET"));
    assert_eq!(
        p[0].get("other").unwrap().string().as_deref(),
        Some("${process.env.UNSET}")
    );
}

#[test]
fn what_cant_be_read_is_located() {
    for (src, why, what) in [
        ("const x = 1;\n", "no `export default", ""),
        (
            "export default function f() {}\n",
            "not an object",
            "export default",
        ),
        (
            "export default makeConfig();\n",
            "not an object literal",
            "makeConfig",
        ),
        (
            "export default { providers: make() };\n",
            "not an array literal",
            "make()",
        ),
        (
            "export default { other: 1 };\n",
            "no `providers`",
            "{ other",
        ),
    ] {
        let a = read(REL, src, None).unwrap();
        let u = a.providers.problem().unwrap();
        assert!(u.why.contains(why), "{src}: {}", u.why);
        assert!(src[u.offset..].starts_with(what), "{src}: {}", u.offset);
    }
    let a = read(REL, "export default {};\n", None).unwrap();
    assert_eq!(a.providers.all().map(|p| p.len()), Some(0));
}

#[test]
fn env_refs_include_unevaluated_and_computed_reads() {
    let src = "function f() { return process.env.IN_FUNCTION; }\nexport default { providers: [], x: process.env['COMPUTED'] };\n";
    let a = read(REL, src, None).unwrap();
    let names: Vec<&str> = a.env_refs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["IN_FUNCTION", "COMPUTED"]);
    assert_eq!(a.env_reads, ["COMPUTED"]);
}
