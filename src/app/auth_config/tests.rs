//! From the file to Convex's providers, and the errors with their hints.

use super::*;
use crate::token::Algorithm;

const CLIENT: &str = "client_01JTEST0000000000000000000";

fn env() -> Env {
    Env::from_pairs(&[("WORKOS_CLIENT_ID", CLIENT)])
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
    let src = reader::new_file(true, &Style::default());
    let (v, reads) = evaluate("convex/auth.config.ts", &src, &env()).unwrap();
    assert_eq!(providers_from_json(v.as_ref()).unwrap(), workos());
    assert_eq!(
        reads,
        vec![EnvRead {
            name: "WORKOS_CLIENT_ID".into(),
            source: "--env".into()
        }]
    );
    let js = reader::new_file(false, &Style::default());
    assert_eq!(providers(&js).unwrap(), workos());
}

#[test]
fn json_stringify_drops_undefined_properties() {
    // `applicationID: undefined` is dropped, so the shared issuer counts as missing it.
    let src = "export default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: 'x', applicationID: undefined }] };";
    let e = providers(src).unwrap_err();
    assert_eq!(e.code, Some("InsecureConfiguration"));
}

#[test]
fn missing_env_var_is_convexs_error_even_with_a_fallback() {
    for src in [
        "export default { providers: [{ type: 'customJwt', issuer: `https://x.example.com/${process.env.MISSING}`, jwks: 'j', algorithm: 'RS256' }] };",
        "export default { providers: [{ type: 'customJwt', issuer: process.env.MISSING ?? 'https://x.example.com', jwks: 'j', algorithm: 'RS256' }] };",
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
    let src = reader::new_file(true, &Style::default());
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
    for src in [
        "export default makeConfig();",
        "let issuer = 'https://a.example.com';\nexport default { providers: [{ issuer }] };",
        "console.log('hi');\nexport default { providers: [] };",
    ] {
        let e = eval_err(src);
        assert_eq!(e.code, None, "{src}");
        assert_eq!(e.error.kind, ErrorKind::UnsupportedCode, "{src}");
        assert!(
            e.error
                .message
                .starts_with("`convex/auth.config.ts` is too dynamic to evaluate statically: "),
            "{src}: {}",
            e.error.message
        );
        assert!(e.error.location.is_some());
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
    for src in [
        "const x = 1;",
        "export default undefined;",
        "export default null;",
    ] {
        let e = providers(src).unwrap_err();
        assert_eq!(e.code, Some("AuthConfigMissingExportError"), "{src}");
    }
}
