//! `doctor --fix` repairs what it finds.
//!
//! One test per fixable rule (every rule whose best fix isn't manual; `every_fixable_rule_is_tested`
//! keeps the list whole): the broken app, then `--fix` (with `--unsafe-fixes` for an unsafe fix,
//! which plain `--fix` must leave alone), then doctor reports the rule no more, exactly the files
//! the fix names changed (every other file, and its mode, byte-identical), and a second run
//! writes nothing. Then the measure of issue 15: Convex's Vite AuthKit template with each of 14
//! problems injected, and how many `--fix --unsafe-fixes` repairs fully; the table it builds is
//! the one in `docs/doctor.md` (`UPDATE_DOCS=1` rewrites it).

mod common;

use common::doctor::*;
use common::{TestContext, changed};
use serde_json::Value;

fn has(v: &Value, code: &str) -> bool {
    codes(v).iter().any(|c| c == code)
}

/// `--fix` (plus `args`) repairs `code` on `ctx` and changes exactly `files`; returns the JSON of
/// that run. An unsafe fix (`args` has `--unsafe-fixes`) must first survive a plain `--fix`.
fn repairs(ctx: &TestContext, code: &str, args: &[&str], files: &[&str]) -> Value {
    let before = ctx.tree();
    let found = json(ctx, &[]);
    assert!(
        has(&found, code),
        "{code} doesn't fire on the broken app: {found:#}"
    );
    assert!(
        changed(&before, &ctx.tree()).is_empty(),
        "doctor wrote without --fix"
    );
    if args.contains(&"--unsafe-fixes") {
        let plain = json(ctx, &["--fix"]);
        assert!(
            has(&plain, code),
            "plain --fix repaired the unsafe {code}: {plain:#}"
        );
        assert!(plain["unsafe_skipped"].as_u64() >= Some(1), "{plain:#}");
        let f = plain["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .unwrap();
        assert_eq!(f["remedy"]["applicability"], "unsafe", "{f:#}");
        assert!(f["remedy"]["diff"].is_string(), "no diff for {code}: {f:#}");
    }
    let mut all = vec!["--fix"];
    all.extend_from_slice(args);
    let out = json(ctx, &all);
    assert!(
        !has(&out, code),
        "{code} still reported after --fix: {out:#}"
    );
    assert!(
        out["applied"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["code"] == code),
        "{code} not among the applied fixes: {out:#}"
    );
    let mut got = changed(&before, &ctx.tree());
    got.sort();
    let mut want: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "the files --fix changed");
    // Idempotent: a second run (even with every fix allowed) writes nothing.
    let again = ctx.tree();
    let second = json(ctx, &["--fix", "--unsafe-fixes"]);
    assert_eq!(second["bytes_written"], 0, "{second:#}");
    assert_eq!(second["fixed"], serde_json::json!([]), "{second:#}");
    assert!(changed(&again, &ctx.tree()).is_empty());
    out
}

fn app_path(ctx: &TestContext, rel: &str) -> String {
    ctx.root
        .join(rel)
        .strip_prefix(&ctx.base)
        .unwrap()
        .display()
        .to_string()
}

/// `files` relative to the app, as [`common::TestContext::tree`] names them (folders end in `/`).
fn paths(ctx: &TestContext, files: &[&str]) -> Vec<String> {
    files
        .iter()
        .map(|f| match f.strip_suffix('/') {
            Some(dir) => format!("{}/", app_path(ctx, dir)),
            None => app_path(ctx, f),
        })
        .collect()
}

fn repairs_in(ctx: &TestContext, code: &str, args: &[&str], files: &[&str]) -> Value {
    let files = paths(ctx, files);
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    repairs(ctx, code, args, &files)
}

const UNSAFE: &[&str] = &["--unsafe-fixes"];

// ---------------------------------------------------------------------------------------------
// convex.json

#[test]
fn ak102_environment_type_in_dev_is_removed() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        "    \"dev\": {\n",
        "    \"dev\": {\n      \"environmentType\": \"development\",\n",
    );
    repairs_in(&ctx, "AK102", &[], &["convex.json"]);
    assert_eq!(ctx.read("convex.json"), vite_healthy().read("convex.json"));
}

#[test]
fn ak102_environment_type_production_moves_to_prod() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        "    \"dev\": {\n",
        "    \"dev\": {\n      \"environmentType\": \"production\",\n",
    );
    repairs_in(&ctx, "AK102", UNSAFE, &["convex.json"]);
    let v: Value = serde_json::from_str(&ctx.read("convex.json")).unwrap();
    assert_eq!(v["authKit"]["prod"]["environmentType"], "production");
    assert!(v["authKit"]["dev"].get("environmentType").is_none());
}

#[test]
fn ak102_local_env_vars_in_prod_are_removed() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        "    \"prod\": {\n",
        "    \"prod\": {\n      \"localEnvVars\": { \"VITE_WORKOS_CLIENT_ID\": \"client_01JPR0D0000000000000000000\" },\n",
    );
    let out = repairs_in(&ctx, "AK102", UNSAFE, &["convex.json"]);
    assert!(
        out["applied"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("on the host")
    );
    assert_eq!(ctx.read("convex.json"), vite_healthy().read("convex.json"));
}

#[test]
fn ak104_unknown_template_becomes_the_nearest_known_one() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        "${authEnv.WORKOS_CLIENT_ID}",
        "${env.WORKOS_CLIENT_ID}",
    );
    repairs_in(&ctx, "AK104", UNSAFE, &["convex.json"]);
    assert_eq!(ctx.read("convex.json"), vite_healthy().read("convex.json"));
}

#[test]
fn ak105_old_convex_is_raised() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "package.json",
        "\"convex\": \"^1.44.0\"",
        "\"convex\": \"~1.30.0\"",
    );
    let out = repairs_in(&ctx, "AK105", UNSAFE, &["package.json"]);
    assert!(ctx.read("package.json").contains("\"convex\": \"^1.49.0\""));
    assert_eq!(
        out["applied"][0]["commands"],
        serde_json::json!(["npm install"])
    );
}

// ---------------------------------------------------------------------------------------------
// Ports and URIs

/// The port gotcha, as the problem catalogue prescribes: `convex.json`'s dev URIs, the
/// `localEnvVars` redirect and `.env.local` move to the port the app sets.
#[test]
fn ak200_and_ak203_move_the_uris_to_the_apps_port() {
    let ctx = vite_healthy();
    edit(&ctx, "vite.config.ts", "port: 5173", "port: 3000");
    assert!(has(&json(&ctx, &[]), "AK203"));
    let out = repairs_in(&ctx, "AK200", &[], &["convex.json", ".env.local"]);
    assert!(!has(&out, "AK203"));
    assert_eq!(
        ctx.read("convex.json"),
        vite_healthy().read("convex.json").replace("5173", "3000")
    );
    assert_eq!(
        ctx.read(".env.local"),
        VITE_CONVEX_DEV_ENV.replace("5173", "3000")
    );
    // The next step: WorkOS learns the new URIs from `npx convex dev`.
    let r = run(&vite_healthy_on(3000), &["--fix"]);
    assert!(
        r.stdout.contains("Then run:\n  npx convex dev\n"),
        "{}",
        r.stdout
    );
}

/// The healthy app with the Vite config on `port`.
fn vite_healthy_on(port: u16) -> TestContext {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "vite.config.ts",
        "port: 5173",
        &format!("port: {port}"),
    );
    ctx
}

/// Nothing in the app sets the port (Vite's default, 5173) and everything else says 3000: which
/// is meant is a choice. `--fix` alone leaves both the URIs and the pin; `--unsafe-fixes`
/// takes the dev server's port; `--port` chooses.
fn ambiguous_port() -> TestContext {
    let ctx = TestContext::new("authkit-template");
    write(
        &ctx,
        ".env.local",
        &VITE_CONVEX_DEV_ENV.replace("5173", "3000"),
    );
    edit_all(&ctx, "convex.json", "localhost:5173", "localhost:3000");
    ctx
}

#[test]
fn ak200_ambiguous_port_unsafe_fixes_take_the_dev_servers_port() {
    let ctx = ambiguous_port();
    let plain = json(&ctx, &[]);
    let ak201 = plain["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "AK201")
        .unwrap();
    assert_eq!(
        ak201["remedy"]["applicability"], "unsafe",
        "pinning the default is the choice"
    );
    repairs_in(
        &ctx,
        "AK200",
        UNSAFE,
        &["convex.json", ".env.local", "vite.config.ts"],
    );
    assert_eq!(ctx.read("convex.json"), vite_healthy().read("convex.json"));
    assert_eq!(ctx.read(".env.local"), VITE_CONVEX_DEV_ENV);
    assert!(
        ctx.read("vite.config.ts")
            .contains("server: { port: 5173, strictPort: true }")
    );
}

#[test]
fn ak200_ambiguous_port_flag_keeps_the_uris_port() {
    let ctx = ambiguous_port();
    let before = ctx.tree();
    let out = json(&ctx, &["--fix", "--port", "3000"]);
    assert_eq!(codes(&out), ["AK310"], "{out:#}");
    assert_eq!(out["exit_code"], 0);
    let files = changed(&before, &ctx.tree());
    assert_eq!(files, paths(&ctx, &["vite.config.ts"]));
    assert!(
        ctx.read("vite.config.ts")
            .contains("server: { port: 3000, strictPort: true }")
    );
    let again = ctx.tree();
    assert_eq!(json(&ctx, &["--fix", "--port", "3000"])["bytes_written"], 0);
    assert!(changed(&again, &ctx.tree()).is_empty());
}

#[test]
fn ak200_ambiguous_port_flag_moves_the_uris() {
    let ctx = ambiguous_port();
    let before = ctx.tree();
    let out = json(&ctx, &["--fix", "--port", "5173"]);
    assert_eq!(codes(&out), ["AK310"], "{out:#}");
    let mut files = changed(&before, &ctx.tree());
    files.sort();
    assert_eq!(
        files,
        paths(&ctx, &[".env.local", "convex.json", "vite.config.ts"])
    );
    assert_eq!(ctx.read("convex.json"), vite_healthy().read("convex.json"));
}

/// `--port` chooses between two readings; with nothing to choose it moves nothing.
#[test]
fn port_flag_without_a_mismatch_changes_nothing() {
    let ctx = TestContext::new("authkit-template");
    write(&ctx, ".env.local", VITE_CONVEX_DEV_ENV);
    let out = json(&ctx, &["--fix", "--port", "3000"]);
    assert_eq!(codes(&out), ["AK310"], "{out:#}");
    // AK201 pinned the port the URIs use, not the flag's.
    assert!(
        ctx.read("vite.config.ts")
            .contains("server: { port: 5173, strictPort: true }")
    );
}

#[test]
fn port_flag_needs_fix() {
    let ctx = ambiguous_port();
    let r = run(&ctx, &["--port", "3000"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn ak201_pins_the_port() {
    let ctx = TestContext::new("authkit-template");
    write(&ctx, ".env.local", VITE_CONVEX_DEV_ENV);
    repairs_in(&ctx, "AK201", &[], &["vite.config.ts"]);
    assert!(
        ctx.read("vite.config.ts")
            .contains("  server: { port: 5173, strictPort: true },\n")
    );
}

#[test]
fn ak203_sets_the_env_redirect_uri() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        ".env.local",
        "localhost:5173/callback",
        "localhost:5174/callback",
    );
    repairs_in(&ctx, "AK203", &[], &[".env.local"]);
    assert_eq!(ctx.read(".env.local"), VITE_CONVEX_DEV_ENV);
}

#[test]
fn ak204_adds_the_cors_origin() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        ",\n        \"corsOrigins\": [\"http://localhost:5173\"]",
        "",
    );
    repairs_in(&ctx, "AK204", &[], &["convex.json"]);
}

#[test]
fn ak205_sets_the_homepage() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        "\n        \"appHomepageUrl\": \"http://localhost:5173\",",
        "",
    );
    repairs_in(&ctx, "AK205", &[], &["convex.json"]);
}

// ---------------------------------------------------------------------------------------------
// auth.config

#[test]
fn ak300_creates_the_auth_config() {
    let ctx = vite_healthy();
    remove(&ctx, "convex/auth.config.ts");
    repairs_in(&ctx, "AK300", &[], &["convex/auth.config.ts"]);
}

#[test]
fn ak301_deletes_the_js_copy() {
    let ctx = vite_healthy();
    let ts = ctx.read("convex/auth.config.ts");
    write(
        &ctx,
        "convex/auth.config.js",
        &ts.replace("import { AuthConfig } from 'convex/server';\n", "")
            .replace(" satisfies AuthConfig", ""),
    );
    let out = repairs_in(&ctx, "AK301", UNSAFE, &["convex/auth.config.js"]);
    assert!(!ctx.root.join("convex/auth.config.js").exists());
    assert_eq!(ctx.read("convex/auth.config.ts"), ts);
    assert_eq!(out["fixed"][0]["action"], "delete");
    assert_eq!(codes(&out), ["AK310"]);
}

/// The `.ts` has no providers and the `.js` has them: the `.js` is the one to keep.
#[test]
fn ak301_keeps_the_one_with_the_providers() {
    let ctx = vite_healthy();
    let ts = ctx.read("convex/auth.config.ts");
    write(
        &ctx,
        "convex/auth.config.js",
        &ts.replace("import { AuthConfig } from 'convex/server';\n", "")
            .replace(" satisfies AuthConfig", ""),
    );
    write(&ctx, "convex/auth.config.ts", "export default {};\n");
    repairs_in(&ctx, "AK301", UNSAFE, &["convex/auth.config.ts"]);
    assert!(ctx.root.join("convex/auth.config.js").exists());
}

#[test]
fn ak302_adds_the_workos_providers() {
    let ctx = vite_healthy();
    write(
        &ctx,
        "convex/auth.config.ts",
        "export default {\n  providers: [\n    {\n      type: 'customJwt',\n      issuer: 'https://auth.example.com',\n      jwks: 'https://auth.example.com/jwks.json',\n      algorithm: 'ES256',\n      applicationID: 'demo',\n    },\n  ],\n};\n",
    );
    repairs_in(&ctx, "AK302", &[], &["convex/auth.config.ts"]);
}

/// `applicationID` on the `user_management` provider.
fn with_aud_on_user_management(ctx: &TestContext) {
    let text = ctx.read("convex/auth.config.ts");
    let jwks = "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n";
    let at = text.rfind(jwks).unwrap() + jwks.len();
    write(
        ctx,
        "convex/auth.config.ts",
        &format!(
            "{}      applicationID: clientId,\n{}",
            &text[..at],
            &text[at..]
        ),
    );
}

#[test]
fn ak303_removes_application_id_from_user_management() {
    let ctx = vite_healthy();
    with_aud_on_user_management(&ctx);
    repairs_in(&ctx, "AK303", &[], &["convex/auth.config.ts"]);
    assert_eq!(
        ctx.read("convex/auth.config.ts"),
        vite_healthy().read("convex/auth.config.ts")
    );
}

#[test]
fn ak304_adds_application_id_to_the_shared_issuer() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex/auth.config.ts",
        "      applicationID: clientId,\n",
        "",
    );
    repairs_in(&ctx, "AK304", &[], &["convex/auth.config.ts"]);
    assert_eq!(
        ctx.read("convex/auth.config.ts"),
        vite_healthy().read("convex/auth.config.ts")
    );
}

#[test]
fn ak305_renames_application_id() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex/auth.config.ts",
        "applicationID: clientId,",
        "applicationId: clientId,",
    );
    repairs_in(&ctx, "AK305", &[], &["convex/auth.config.ts"]);
}

// ---------------------------------------------------------------------------------------------
// Client ID and secrets

/// `.env.local` copied from the template's `.env.local.example`: `npx convex dev` never
/// overwrites the placeholder, so it has to go.
#[test]
fn ak401_placeholder_client_id_is_removed_for_convex_dev() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        ".env.local",
        "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000",
        "VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID",
    );
    let out = repairs_in(&ctx, "AK401", UNSAFE, &[".env.local"]);
    assert!(!ctx.read(".env.local").contains("VITE_WORKOS_CLIENT_ID"));
    assert_eq!(
        out["applied"][0]["commands"],
        serde_json::json!(["npx convex dev"])
    );
    // `localEnvVars` fills it: nothing else is reported.
    assert_eq!(codes(&out), ["AK310"]);
}

#[test]
fn ak401_literal_in_local_env_vars_becomes_the_template() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        "\"${authEnv.WORKOS_CLIENT_ID}\"",
        "\"client_01jtest0000000000000000000\"",
    );
    repairs_in(&ctx, "AK401", UNSAFE, &["convex.json"]);
    assert_eq!(ctx.read("convex.json"), vite_healthy().read("convex.json"));
}

#[test]
fn ak403_secret_is_removed_and_never_printed() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        ".env.local",
        "VITE_CONVEX_URL=",
        "VITE_WORKOS_API_KEY=\"sk_test_a1b2c3d4SECRETVALUE\"\nVITE_CONVEX_URL=",
    );
    for args in [&["--json"][..], &[], &["--fix"]] {
        let r = run(&ctx, args);
        assert!(
            !r.stdout.contains("SECRETVALUE") && !r.stderr.contains("SECRETVALUE"),
            "{args:?}: {}",
            r.stdout
        );
    }
    let r = run(&ctx, &["--fix", "--unsafe-fixes"]);
    assert!(!r.stdout.contains("SECRETVALUE"), "{}", r.stdout);
    assert!(
        r.stdout.contains("-VITE_WORKOS_API_KEY=****"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Then run:\n  npx convex env set WORKOS_API_KEY\n"),
        "{}",
        r.stdout
    );
    assert_eq!(ctx.read(".env.local"), VITE_CONVEX_DEV_ENV);
}

#[test]
fn ak403_secret_env_var_is_removed() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        ".env.local",
        "VITE_CONVEX_URL=",
        "VITE_WORKOS_API_KEY=\"sk_test_a1b2c3d4SECRETVALUE\"\nVITE_CONVEX_URL=",
    );
    let out = repairs_in(&ctx, "AK403", UNSAFE, &[".env.local"]);
    assert!(!out.to_string().contains("SECRETVALUE"));
}

#[test]
fn ak403_secret_in_local_env_vars_is_removed() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "convex.json",
        "\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",",
        "\"VITE_WORKOS_CLIENT_ID\": \"${authEnv.WORKOS_CLIENT_ID}\",\n        \"VITE_WORKOS_API_KEY\": \"${authEnv.WORKOS_API_KEY}\",",
    );
    repairs_in(&ctx, "AK403", UNSAFE, &["convex.json"]);
    assert_eq!(ctx.read("convex.json"), vite_healthy().read("convex.json"));
}

#[test]
fn ak405_ignores_env_local() {
    let ctx = vite_healthy();
    edit(&ctx, ".gitignore", "*.local\n", "");
    repairs_in(&ctx, "AK405", &[], &[".gitignore"]);
}

fn git(ctx: &TestContext, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
        .args(args)
        .current_dir(&ctx.root)
        .env("HOME", &ctx.base)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Already committed: ignoring it is the fix `--fix` can make; untracking it is the step it
/// gives, since git's history is beyond any fix.
#[test]
fn ak405_tracked_env_local_says_how_to_untrack() {
    let ctx = vite_healthy();
    edit(&ctx, ".gitignore", "*.local\n", "");
    git(&ctx, &["init", "-q"]);
    git(&ctx, &["add", "-A"]);
    git(&ctx, &["commit", "-q", "-m", "x"]);
    let found = json(&ctx, &[]);
    let f = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "AK405")
        .unwrap();
    assert_eq!(
        f["remedy"]["commands"],
        serde_json::json!(["git rm --cached .env.local"]),
        "{f:#}"
    );
    let out = repairs_in(&ctx, "AK405", &[], &[".gitignore"]);
    assert_eq!(
        out["applied"][0]["commands"],
        serde_json::json!(["git rm --cached .env.local"])
    );
}

// ---------------------------------------------------------------------------------------------
// Wiring and packages

/// Convex's template with a plain `ConvexProvider` (its local adapter still imported).
fn plain_provider(ctx: &TestContext) {
    edit(
        ctx,
        "src/main.tsx",
        "import { ConvexReactClient } from 'convex/react';",
        "import { ConvexProvider, ConvexReactClient } from 'convex/react';",
    );
    edit(
        ctx,
        "src/main.tsx",
        "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>",
        "<ConvexProvider client={convex}>",
    );
    edit(
        ctx,
        "src/main.tsx",
        "</ConvexProviderWithAuthKit>",
        "</ConvexProvider>",
    );
}

#[test]
fn ak501_plain_provider_gets_the_templates_adapter() {
    let ctx = vite_healthy();
    plain_provider(&ctx);
    repairs_in(&ctx, "AK501", &[], &["src/main.tsx"]);
    // Back to the template, byte for byte.
    assert_eq!(
        ctx.read("src/main.tsx"),
        vite_healthy().read("src/main.tsx")
    );
}

/// No local adapter: `init`'s codemod imports `@convex-dev/workos`, which `package.json` gains.
#[test]
fn ak501_plain_provider_gets_the_package_and_its_dependency() {
    let ctx = vite_healthy();
    plain_provider(&ctx);
    edit(
        &ctx,
        "src/main.tsx",
        "import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\n",
        "",
    );
    let out = repairs_in(&ctx, "AK501", &[], &["src/main.tsx", "package.json"]);
    assert!(
        ctx.read("src/main.tsx")
            .contains("import { ConvexProviderWithAuthKit } from '@convex-dev/workos';")
    );
    assert!(
        ctx.read("package.json")
            .contains("\"@convex-dev/workos\": \"^0.0.3\"")
    );
    assert_eq!(
        out["applied"][0]["commands"],
        serde_json::json!(["npm install"])
    );
    assert_eq!(codes(&out), ["AK310"]);
}

/// The template's local adapter itself renders a plain provider: the package's component (same
/// props) replaces it in the import.
#[test]
fn ak501_broken_local_adapter_is_replaced_by_the_package() {
    let ctx = vite_healthy();
    let rel = "src/ConvexProviderWithAuthKit.tsx";
    edit(
        &ctx,
        rel,
        "import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';",
        "import { ConvexProvider, ConvexReactClient } from 'convex/react';",
    );
    edit(
        &ctx,
        rel,
        "<ConvexProviderWithAuth client={client} useAuth={useConvexAuthFromAuthKit}>",
        "<ConvexProvider client={client}>",
    );
    edit(&ctx, rel, "</ConvexProviderWithAuth>", "</ConvexProvider>");
    repairs_in(&ctx, "AK501", UNSAFE, &["src/main.tsx", "package.json"]);
    assert!(
        ctx.read("src/main.tsx")
            .contains("import { ConvexProviderWithAuthKit } from '@convex-dev/workos';")
    );
}

#[test]
fn ak600_adds_the_dependency() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "src/main.tsx",
        "import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';",
        "import { ConvexProviderWithAuthKit } from '@convex-dev/workos';",
    );
    repairs_in(&ctx, "AK600", &[], &["package.json"]);
}

#[test]
fn ak601_upgrades_a_known_bad_version() {
    let ctx = vite_healthy();
    edit(
        &ctx,
        "package.json",
        "\"@workos-inc/authkit-react\": \"^0.16.2\"",
        "\"@convex-dev/workos\": \"^0.0.3\",\n    \"@workos-inc/authkit-react\": \"0.15.1\"",
    );
    edit(
        &ctx,
        "src/main.tsx",
        "import { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';",
        "import { ConvexProviderWithAuthKit } from '@convex-dev/workos';",
    );
    repairs_in(&ctx, "AK601", UNSAFE, &["package.json"]);
    assert!(
        ctx.read("package.json")
            .contains("\"@workos-inc/authkit-react\": \"^0.16.2\"")
    );
}

// ---------------------------------------------------------------------------------------------
// Next.js

#[test]
fn nextjs_ak201_pins_next_dev() {
    let ctx = TestContext::new("nextjs-authkit-template");
    write(&ctx, ".env.local", NEXTJS_CONVEX_DEV_ENV);
    repairs_in(&ctx, "AK201", &[], &["package.json"]);
    assert_eq!(
        ctx.read("package.json"),
        nextjs_healthy().read("package.json")
    );
}

#[test]
fn nextjs_ak208_sets_the_public_redirect_variable() {
    let ctx = nextjs_healthy();
    edit(
        &ctx,
        "convex.json",
        ",\n        \"NEXT_PUBLIC_WORKOS_REDIRECT_URI\": \"http://localhost:3000/callback\"",
        "",
    );
    edit(
        &ctx,
        ".env.local",
        "NEXT_PUBLIC_WORKOS_REDIRECT_URI=",
        "WORKOS_REDIRECT_URI=",
    );
    repairs_in(&ctx, "AK208", &[], &[".env.local"]);
}

#[test]
fn nextjs_ak403_public_api_key_is_renamed_for_the_server() {
    let ctx = nextjs_healthy();
    edit(
        &ctx,
        ".env.local",
        "WORKOS_API_KEY=",
        "NEXT_PUBLIC_WORKOS_API_KEY=",
    );
    let out = repairs_in(&ctx, "AK403", UNSAFE, &[".env.local"]);
    assert_eq!(ctx.read(".env.local"), NEXTJS_CONVEX_DEV_ENV);
    assert!(!out.to_string().contains("a1b2c3d4e5f6g7h8i9j0k1l2m3n4"));
}

/// The exposed cookie password: the safe fix of AK407 writes a fresh one (as rotating it asks),
/// and the exposed one goes.
#[test]
fn nextjs_ak403_public_cookie_password_is_replaced() {
    let ctx = nextjs_healthy();
    let exposed = "Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI";
    edit(
        &ctx,
        ".env.local",
        "WORKOS_COOKIE_PASSWORD=",
        "NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD=",
    );
    let out = repairs_in(&ctx, "AK403", UNSAFE, &[".env.local"]);
    let env = ctx.read(".env.local");
    assert!(
        !env.contains("NEXT_PUBLIC_WORKOS_COOKIE_PASSWORD") && !env.contains(exposed),
        "{env}"
    );
    assert!(env.contains("\nWORKOS_COOKIE_PASSWORD="), "{env}");
    assert!(!out.to_string().contains(exposed));
}

#[test]
fn nextjs_ak405_ignores_env_local() {
    let ctx = nextjs_healthy();
    write(&ctx, ".gitignore", "/node_modules\n/.next/\n");
    repairs_in(&ctx, "AK405", &[], &[".gitignore"]);
}

#[test]
fn nextjs_ak407_writes_a_cookie_password() {
    let ctx = nextjs_healthy();
    edit(
        &ctx,
        ".env.local",
        "\nWORKOS_COOKIE_PASSWORD=Yq3vQ0n8mQ5b2l9Zr1x7WkT4uH6cJ8pD0sLfVaEeGgI\n",
        "\n",
    );
    repairs_in(&ctx, "AK407", &[], &[".env.local"]);
}

/// The template's provider component as a plain `ConvexProvider` (no AuthKit yet): `init`'s
/// codemod adds `AuthKitProvider` and the adapter hook, so the fix is unsafe.
#[test]
fn nextjs_ak501_rewires_the_provider() {
    let ctx = nextjs_healthy();
    let rel = "components/ConvexClientProvider.tsx";
    write(
        &ctx,
        rel,
        "'use client';\n\nimport { ReactNode, useState } from 'react';\nimport { ConvexProvider, ConvexReactClient } from 'convex/react';\n\nexport function ConvexClientProvider({\n  expectAuth,\n  children,\n}: {\n  expectAuth: boolean;\n  children: ReactNode;\n}) {\n  const [convex] = useState(() => {\n    return new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!, { expectAuth });\n  });\n  return <ConvexProvider client={convex}>{children}</ConvexProvider>;\n}\n",
    );
    repairs_in(&ctx, "AK501", UNSAFE, &[rel]);
    let text = ctx.read(rel);
    assert!(
        text.contains("<AuthKitProvider>") && text.contains("function useAuthFromAuthKit()"),
        "{text}"
    );
}

#[test]
fn nextjs_ak507_creates_the_proxy() {
    let ctx = nextjs_healthy();
    remove(&ctx, "proxy.ts");
    repairs_in(&ctx, "AK507", &[], &["proxy.ts"]);
}

#[test]
fn nextjs_ak509_creates_the_callback_route() {
    let ctx = nextjs_healthy();
    remove(&ctx, "app/callback/route.ts");
    repairs_in(&ctx, "AK509", &[], &["app/callback/route.ts"]);
}

#[test]
fn nextjs_ak510_adds_use_client() {
    let ctx = nextjs_healthy();
    edit(
        &ctx,
        "components/ConvexClientProvider.tsx",
        "'use client';\n\n",
        "",
    );
    repairs_in(&ctx, "AK510", &[], &["components/ConvexClientProvider.tsx"]);
}

// TanStack Start (the baseline: Convex's template after `npx convex dev`, the port pinned).

#[test]
fn ak511_start_entry_is_created() {
    let ctx = tanstack_healthy();
    fs_err::remove_file(ctx.root.join("src/start.ts")).unwrap();
    repairs_in(&ctx, "AK511", &[], &["src/start.ts"]);
    assert!(
        ctx.read("src/start.ts")
            .contains("requestMiddleware: [csrfMiddleware, authkitMiddleware()]")
    );
}

#[test]
fn ak512_wrap_is_renamed_inner_wrap() {
    let ctx = tanstack_healthy();
    let router = ctx.read("src/router.tsx");
    edit(
        &ctx,
        "src/router.tsx",
        "    InnerWrap: ({ children }) => (",
        "    Wrap: ({ children }) => (",
    );
    edit(
        &ctx,
        "package.json",
        "\"@workos/authkit-tanstack-react-start\": \"0.11.0\"",
        "\"@workos/authkit-tanstack-react-start\": \"0.8.3\"",
    );
    repairs_in(&ctx, "AK512", UNSAFE, &["src/router.tsx"]);
    assert_eq!(ctx.read("src/router.tsx"), router);
}

#[test]
fn ak513_callback_route_is_created() {
    let ctx = tanstack_healthy();
    fs_err::remove_file(ctx.root.join("src/routes/callback.tsx")).unwrap();
    repairs_in(&ctx, "AK513", &[], &["src/routes/callback.tsx"]);
    assert!(
        ctx.read("src/routes/callback.tsx")
            .contains("GET: handleCallbackRoute()")
    );
}

#[test]
fn ak514_before_load_is_added() {
    let ctx = tanstack_healthy();
    let text = ctx.read("src/routes/__root.tsx");
    let start = text.find("  beforeLoad:").unwrap();
    let end = text.find("});\n\nfunction RootComponent").unwrap();
    write(
        &ctx,
        "src/routes/__root.tsx",
        &format!("{}{}", &text[..start], &text[end..]),
    );
    repairs_in(&ctx, "AK514", &[], &["src/routes/__root.tsx"]);
    assert!(
        ctx.read("src/routes/__root.tsx")
            .contains("serverHttpClient?.setAuth(auth.accessToken)")
    );
}

/// Every rule whose best fix isn't manual has a test here.
#[test]
fn every_fixable_rule_is_tested() {
    let src = include_str!("doctor_fix.rs");
    for rule in convex_authkit::commands::doctor::rules::RULES {
        if rule.fix == convex_authkit::commands::doctor::Applicability::Manual {
            continue;
        }
        let needle = format!("\"{}\", ", rule.code);
        assert!(
            src.matches(&needle).count() >= 1
                && src.contains(&format!("repairs_in(&ctx, \"{}\"", rule.code)),
            "no --fix test for {}",
            rule.code
        );
    }
}

/// `--fix` on a healthy app, and on each healthy Next.js and Vite baseline, writes nothing.
#[test]
fn fix_on_healthy_apps_writes_nothing() {
    for ctx in [vite_healthy(), nextjs_healthy(), tanstack_healthy()] {
        let before = ctx.tree();
        let out = json(&ctx, &["--fix", "--unsafe-fixes"]);
        assert_eq!(out["bytes_written"], 0, "{out:#}");
        assert_eq!(out["fixed"], serde_json::json!([]));
        assert!(changed(&before, &ctx.tree()).is_empty());
    }
}

/// A failed write (the test hook fails the second write) restores every file, the deleted one
/// included.
#[test]
fn a_failed_fix_with_a_deletion_restores_everything() {
    let ctx = vite_healthy();
    let ts = ctx.read("convex/auth.config.ts");
    write(
        &ctx,
        "convex/auth.config.js",
        &ts.replace("import { AuthConfig } from 'convex/server';\n", "")
            .replace(" satisfies AuthConfig", ""),
    );
    edit(&ctx, ".gitignore", "*.local\n", "");
    let before = ctx.tree();
    let out = doctor(&ctx, &["--fix", "--unsafe-fixes"])
        .env("CONVEX_AUTHKIT_TEST_FAIL_AFTER_WRITES", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        changed(&before, &ctx.tree()).is_empty(),
        "a failed --fix left changes"
    );
}

// ---------------------------------------------------------------------------------------------
// The measure: the 14 problems of issue 15 on Convex's Vite AuthKit template.

/// One problem: what it is, the rules it trips, how to inject it, and, for a fix that isn't
/// applied, why.
struct Problem {
    name: &'static str,
    codes: &'static [&'static str],
    inject: fn(&TestContext),
    manual_because: Option<&'static str>,
}

const PROBLEMS: &[Problem] = &[
    Problem {
        name: "the auth config missing",
        codes: &["AK300"],
        inject: |c| remove(c, "convex/auth.config.ts"),
        manual_because: None,
    },
    Problem {
        name: "redirect env drift (`.env.local` on 5174)",
        codes: &["AK203"],
        inject: |c| {
            edit(
                c,
                ".env.local",
                "localhost:5173/callback",
                "localhost:5174/callback",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "a CORS origin missing",
        codes: &["AK204"],
        inject: |c| {
            edit(
                c,
                "convex.json",
                ",\n        \"corsOrigins\": [\"http://localhost:5173\"]",
                "",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "`applicationId` misspelled",
        codes: &["AK305"],
        inject: |c| {
            edit(
                c,
                "convex/auth.config.ts",
                "applicationID: clientId,",
                "applicationId: clientId,",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "the dev port (Vite on 3000) differs from `convex.json`",
        codes: &["AK200", "AK203"],
        inject: |c| edit(c, "vite.config.ts", "port: 5173", "port: 3000"),
        manual_because: None,
    },
    Problem {
        name: "`applicationID` on the user-management provider",
        codes: &["AK303"],
        inject: with_aud_on_user_management,
        manual_because: None,
    },
    Problem {
        name: "`WORKOS_API_KEY` in a `VITE_` variable",
        codes: &["AK403"],
        inject: |c| {
            edit(
                c,
                ".env.local",
                "VITE_CONVEX_URL=",
                "VITE_WORKOS_API_KEY=sk_test_a1b2c3d4SECRETVALUE\nVITE_CONVEX_URL=",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "a plain `ConvexProvider`",
        codes: &["AK501"],
        inject: plain_provider,
        manual_because: None,
    },
    Problem {
        name: "`environmentType` in `dev`",
        codes: &["AK102"],
        inject: |c| {
            edit(
                c,
                "convex.json",
                "    \"dev\": {\n",
                "    \"dev\": {\n      \"environmentType\": \"development\",\n",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "the shared issuer without `applicationID`",
        codes: &["AK304"],
        inject: |c| {
            edit(
                c,
                "convex/auth.config.ts",
                "      applicationID: clientId,\n",
                "",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "an unknown template expression (`${env.WORKOS_CLIENT_ID}`)",
        codes: &["AK104"],
        inject: |c| {
            edit(
                c,
                "convex.json",
                "${authEnv.WORKOS_CLIENT_ID}",
                "${env.WORKOS_CLIENT_ID}",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "both `auth.config.ts` and `.js`",
        codes: &["AK301"],
        inject: |c| {
            let ts = c.read("convex/auth.config.ts");
            write(
                c,
                "convex/auth.config.js",
                &ts.replace("import { AuthConfig } from 'convex/server';\n", "")
                    .replace(" satisfies AuthConfig", ""),
            );
        },
        manual_because: None,
    },
    Problem {
        name: "a client ID of the wrong shape (the `.env.local.example` placeholder)",
        codes: &["AK401"],
        inject: |c| {
            edit(
                c,
                ".env.local",
                "VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000",
                "VITE_WORKOS_CLIENT_ID=YOUR-WORKOS-CLIENT-ID",
            )
        },
        manual_because: None,
    },
    Problem {
        name: "an `sk_live_` key in source (`convex/`)",
        codes: &["AK404"],
        inject: |c| {
            let text = c.read("convex/myFunctions.ts");
            write(
                c,
                "convex/myFunctions.ts",
                &format!("{text}\nexport const workosKey = \"sk_live_a1b2c3d4SECRETVALUE\";\n"),
            );
        },
        manual_because: Some(
            "the key has left your control (committed; under `src/`, bundled): rotating it in the WorkOS dashboard is the repair, and what replaces the literal depends on where the code runs",
        ),
    },
];

/// One row of the table: the problem, how its findings' fixes apply, and whether `--fix`
/// alone and `--fix --unsafe-fixes` repair it fully (doctor then reports exactly what it
/// reports on the healthy template, exit 0, and a second run writes nothing).
fn measure(n: usize, p: &Problem) -> (bool, String) {
    let healthy = codes(&json(&vite_healthy(), &[]));
    let ctx = vite_healthy();
    (p.inject)(&ctx);
    let found = json(&ctx, &[]);
    let mut applicability: Vec<String> = Vec::new();
    for code in p.codes {
        let f = found["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == *code);
        let f = f.unwrap_or_else(|| panic!("{}: {code} not reported: {found:#}", p.name));
        let a = f["remedy"]["applicability"].as_str().unwrap().to_string();
        if !applicability.contains(&a) {
            applicability.push(a);
        }
    }
    let repaired = |args: &[&str]| {
        let ctx = vite_healthy();
        (p.inject)(&ctx);
        let out = json(&ctx, args);
        let done = codes(&out) == healthy && out["exit_code"] == 0;
        let again = ctx.tree();
        let second = json(&ctx, args);
        assert_eq!(second["bytes_written"], 0, "{}: not idempotent", p.name);
        assert!(changed(&again, &ctx.tree()).is_empty());
        (done, out)
    };
    let (safe_only, _) = repaired(&["--fix"]);
    let (full, out) = repaired(&["--fix", "--unsafe-fixes"]);
    let next: Vec<String> = out["applied"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["commands"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c.as_str().map(|c| format!("`{c}`")))
        .fold(Vec::new(), |mut acc, c| {
            if !acc.contains(&c) {
                acc.push(c);
            }
            acc
        });
    assert_eq!(full, p.manual_because.is_none(), "{}: {out:#}", p.name);
    let yes = |b: bool| if b { "yes" } else { "no" };
    let codes = p
        .codes
        .iter()
        .map(|c| format!("[{c}](doctor-rules.md#{})", c.to_lowercase()))
        .collect::<Vec<_>>()
        .join(" + ");
    let row = format!(
        "| {n} | {} | {codes} | {} | {} | {} | {} |",
        p.name,
        applicability.join(", "),
        yes(safe_only),
        yes(full),
        match p.manual_because {
            Some(why) => format!("manual: {why}"),
            None if next.is_empty() => "".to_string(),
            None => format!("then {}", next.join(", ")),
        }
    );
    (full, row)
}

#[test]
fn fix_repairs_at_least_12_of_the_14_template_problems() {
    assert_eq!(PROBLEMS.len(), 14);
    let mut rows = vec![
        "| # | problem injected | rules | fix | `--fix` | `--fix --unsafe-fixes` | note |"
            .to_string(),
        "| --- | --- | --- | --- | --- | --- | --- |".to_string(),
    ];
    let mut repaired = 0;
    for (i, p) in PROBLEMS.iter().enumerate() {
        let (full, row) = measure(i + 1, p);
        repaired += usize::from(full);
        rows.push(row);
    }
    rows.push(String::new());
    rows.push(format!(
        "Repaired fully by `--fix --unsafe-fixes`: **{repaired} of 14**."
    ));
    assert!(repaired >= 12, "only {repaired} of 14 repaired");
    let table = rows.join("\n");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/doctor.md");
    let doc = fs_err::read_to_string(&path).unwrap();
    let (start, end) = (
        "<!-- fix-table: generated by tests/doctor_fix.rs -->\n",
        "\n<!-- /fix-table -->",
    );
    let a = doc.find(start).expect("docs/doctor.md has no fix table") + start.len();
    let b = doc[a..]
        .find(end)
        .expect("docs/doctor.md: fix table not closed")
        + a;
    if std::env::var_os("UPDATE_DOCS").is_some() {
        fs_err::write(&path, format!("{}{table}{}", &doc[..a], &doc[b..])).unwrap();
    } else {
        assert_eq!(
            &doc[a..b],
            table,
            "docs/doctor.md's fix table is stale; run `UPDATE_DOCS=1 cargo test --test doctor_fix`"
        );
    }
}
