//! Real-world app shapes, end to end: `init`, then `doctor`, then `verify --e2e --emulate`, each
//! on a fixture under `tests/fixtures/` shaped like an app people have (issue 16).

mod common;

use common::doctor::{self as dr, edit, write};
use common::{TestContext, changed};
use serde_json::Value;

const CLIENT: &str = "client_01E2ETEST00000000000000000";

fn existing_local() -> Vec<&'static str> {
    vec![
        "--team",
        "existing",
        "--client-id",
        CLIENT,
        "--scope",
        "local",
        "--yes",
    ]
}

struct Out {
    code: i32,
    json: Value,
    stderr: String,
}

fn run(mut cmd: std::process::Command) -> Out {
    let out = cmd.output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        json: serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn init(ctx: &TestContext, args: &[&str]) -> Out {
    let mut cmd = ctx.init(args);
    cmd.arg("--json");
    run(cmd)
}

fn e2e(ctx: &TestContext, extra: &[&str]) -> Out {
    let mut cmd = ctx.command();
    cmd.arg("verify")
        .arg(&ctx.root)
        .args(["--e2e", "--emulate", "--json"])
        .args(extra);
    run(cmd)
}

/// Doctor's findings as `code severity: message`.
fn findings(ctx: &TestContext) -> (i32, Vec<String>) {
    let r = dr::run(ctx, &["--json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stderr));
    let list = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}: {}",
                f["code"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    (r.code, list)
}

fn notes(v: &Value) -> String {
    serde_json::to_string(&v["notes"]).unwrap()
}

/// The sign-in passes and lands on `callback`.
fn signs_in(ctx: &TestContext, callback: &str) {
    let r = e2e(ctx, &[]);
    assert_eq!(r.code, 0, "{:#} {}", r.json, r.stderr);
    assert_eq!(r.json["status"], "passed");
    let landed = r.json["steps"][2]["detail"].as_str().unwrap();
    assert!(landed.contains(&format!("`{callback}`")), "{landed}");
}

// ---------------------------------------------------------------------------------------------
// 1. A port from an env var with a literal fallback.

#[test]
fn port_from_env_uses_the_fallback_and_says_so() {
    let ctx = TestContext::new("port-from-env");
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let port = &r.json["project"]["dev_port"];
    assert_eq!(port["port"], 5180);
    assert_eq!(port["source"], "`vite.config.ts` while `PORT` is unset");
    assert_eq!(port["env"], "PORT");
    assert!(!notes(&r.json).contains("5173"), "{}", notes(&r.json));
    assert!(
        ctx.read("convex.json")
            .contains("\"http://localhost:5180/callback\"")
    );
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    assert!(!found.iter().any(|f| f.starts_with("AK200")), "{found:#?}");
    signs_in(&ctx, "http://localhost:5180/callback");
}

#[test]
fn port_flag_over_an_env_fallback_is_recorded_and_used_by_doctor_and_verify() {
    let ctx = TestContext::new("port-from-env");
    let r = init(&ctx, &[&existing_local()[..], &["--port", "5190"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let notes = notes(&r.json);
    // Never a warning against the user's own `--port` on the grounds of a default.
    assert!(!notes.contains("differs"), "{notes}");
    assert!(
        notes.contains("only when started with `PORT=5190`"),
        "{notes}"
    );
    assert!(
        ctx.read(".env.local")
            .contains("VITE_WORKOS_REDIRECT_URI=http://localhost:5190/callback")
    );
    // doctor reads the recorded port: no error, an info on how to start the server.
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    assert!(
        found.iter().any(|f| f.starts_with(
            "AK200 info: the dev server runs on 5190 only when started with `PORT=5190`"
        )),
        "{found:#?}"
    );
    signs_in(&ctx, "http://localhost:5190/callback");
    // `--pin-port` makes it the fallback, and the env read stays.
    let r = init(&ctx, &["--port", "5190", "--pin-port", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cfg = ctx.read("vite.config.ts");
    assert!(
        cfg.contains("port: Number(process.env.PORT) || 5190,"),
        "{cfg}"
    );
    assert!(cfg.contains("strictPort: true"), "{cfg}");
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    assert!(!found.iter().any(|f| f.starts_with("AK20")), "{found:#?}");
}

#[test]
fn a_port_that_cant_be_read_is_unknown_not_guessed() {
    let ctx = TestContext::new("port-from-env");
    edit(
        &ctx,
        "vite.config.ts",
        "Number(process.env.PORT) || 5180",
        "Number(process.env.PORT)",
    );
    let before = ctx.tree();
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 2);
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
    let message = r.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("read from `PORT` with no fallback"),
        "{message}"
    );
    // With the port given once, init records it and every command uses it.
    let r = init(&ctx, &[&existing_local()[..], &["--port", "4321"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json["project"]["dev_port"]["port"], 4321);
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    signs_in(&ctx, "http://localhost:4321/callback");
    // The app sends a tunnel's URI and nothing else records a local port: verify can't check the
    // callback against a port it doesn't know, so it stops instead of passing on a guess.
    write(
        &ctx,
        "convex.json",
        "{\"authKit\": {\"dev\": {\"configure\": {\"redirectUris\": [\"https://dev.example.test/callback\"]}}}}\n",
    );
    edit(
        &ctx,
        ".env.local",
        "http://localhost:4321/callback",
        "https://dev.example.test/callback",
    );
    let r = e2e(&ctx, &[]);
    assert_eq!(r.code, 2, "{:#}", r.json);
    let message = r.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("can't tell which port the dev server runs on"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. A half-finished setup on another port.

#[test]
fn half_setup_on_another_port_ends_on_one_port() {
    let ctx = TestContext::new("half-setup");
    // Before: every dev URI is on 5173, the dev script runs Vite on 3005.
    let r = dr::json(&ctx, &[]);
    let ak200: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "AK200")
        .collect();
    let messages: Vec<&str> = ak200
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "the redirect URI `http://localhost:5173/auth/callback` is on port 5173, but the dev server runs on 3005 (from `scripts.dev`)",
            "the homepage `http://localhost:5173` is on port 5173, but the dev server runs on 3005 (from `scripts.dev`)",
            "the CORS origin `http://localhost:5173` is on port 5173, but the dev server runs on 3005 (from `scripts.dev`)",
        ]
    );
    // The dev script sets the port, so moving the URIs to it is doctor's safe fix.
    assert_eq!(ak200[1]["remedy"]["applicability"], "safe");
    assert_eq!(ak200[1]["remedy"]["fixable"], true);
    // init, with the choices the setup already made, moves the same URIs.
    let r = init(&ctx, &["--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = ctx.read("convex.json");
    assert!(!json.contains("5173"), "{json}");
    assert!(
        json.contains("\"redirectUris\": [\"http://localhost:3005/auth/callback\"]"),
        "{json}"
    );
    assert!(
        json.contains("\"appHomepageUrl\": \"http://localhost:3005\""),
        "{json}"
    );
    assert!(
        json.contains("\"corsOrigins\": [\"http://localhost:3005\"]"),
        "{json}"
    );
    assert!(
        ctx.read(".env.local")
            .contains("VITE_WORKOS_REDIRECT_URI=http://localhost:3005/auth/callback")
    );
    let notes = notes(&r.json);
    assert!(notes.contains("from port 5173 to 3005"), "{notes}");
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    assert!(
        !found
            .iter()
            .any(|f| f.starts_with("AK200") || f.starts_with("AK203")),
        "{found:#?}"
    );
    signs_in(&ctx, "http://localhost:3005/auth/callback");
    // doctor's pin goes where Vite takes the port from: the dev script, not the config.
    let r = dr::run(&ctx, &["--fix"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pkg: Value = serde_json::from_str(&ctx.read("package.json")).unwrap();
    assert_eq!(
        pkg["scripts"]["dev"],
        "convex dev --start 'vite --port 3005 --strictPort'"
    );
    let r = init(&ctx, &["--yes"]);
    assert_eq!(r.json["status"], "already_set_up", "{}", r.stderr);
}

#[test]
fn half_setup_fixed_by_doctor() {
    // Wired first, so that only the port is left for doctor.
    let ctx = TestContext::new("half-setup");
    let stale = ctx.read("convex.json");
    assert_eq!(init(&ctx, &["--yes", "--no-auth-button"]).code, 0);
    write(&ctx, "convex.json", &stale);
    edit(&ctx, ".env.local", "localhost:3005", "localhost:5173");
    let r = dr::run(&ctx, &["--fix"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let json = ctx.read("convex.json");
    assert!(!json.contains("5173"), "{json}");
    assert!(
        ctx.read(".env.local")
            .contains("VITE_WORKOS_REDIRECT_URI=http://localhost:3005/auth/callback")
    );
    signs_in(&ctx, "http://localhost:3005/auth/callback");
    // Or keep 5173 and move the dev server there: Vite takes the port from the dev script's
    // `--port`, so that is where the pin goes, not the config.
    let ctx = TestContext::new("half-setup");
    assert_eq!(init(&ctx, &["--yes", "--no-auth-button"]).code, 0);
    write(&ctx, "convex.json", &stale);
    edit(&ctx, ".env.local", "localhost:3005", "localhost:5173");
    let config = ctx.read("vite.config.ts");
    let r = dr::run(&ctx, &["--fix", "--port", "5173"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(ctx.read("vite.config.ts"), config);
    let pkg: Value = serde_json::from_str(&ctx.read("package.json")).unwrap();
    assert_eq!(
        pkg["scripts"]["dev"],
        "convex dev --start 'vite --port 5173 --strictPort'"
    );
    signs_in(&ctx, "http://localhost:5173/auth/callback");
}

#[test]
fn half_setup_moved_back_pins_the_port_the_dev_script_sets() {
    let ctx = TestContext::new("half-setup");
    // The second suggested fix: keep 5173 and pin it. The dev script's `--port` wins in Vite,
    // so the pin goes there, not into the Vite config.
    let config = ctx.read("vite.config.ts");
    let r = init(&ctx, &["--port", "5173", "--pin-port", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ctx.read("vite.config.ts"), config);
    let pkg: Value = serde_json::from_str(&ctx.read("package.json")).unwrap();
    assert_eq!(
        pkg["scripts"]["dev"],
        "convex dev --start 'vite --port 5173 --strictPort'"
    );
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    assert!(!found.iter().any(|f| f.starts_with("AK20")), "{found:#?}");
    signs_in(&ctx, "http://localhost:5173/auth/callback");
}

// ---------------------------------------------------------------------------------------------
// 5. An auth config too dynamic to evaluate.

#[test]
fn too_dynamic_auth_config_is_a_tool_limit_not_a_failed_sign_in() {
    let ctx = TestContext::new("dynamic-auth-config");
    let config = ctx.read("convex/auth.config.ts");
    // init can't edit `issuers.map(…)`, but the file names WorkOS: it goes on and says so.
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ctx.read("convex/auth.config.ts"), config);
    let notes = notes(&r.json);
    assert!(
        notes
            .contains("left `convex/auth.config.ts` as it is: `providers` is not an array literal"),
        "{notes}"
    );
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    // verify can't judge it: exit 2, what it couldn't evaluate, and the ways on.
    let r = e2e(&ctx, &[]);
    assert_eq!(r.code, 2, "{:#}", r.json);
    let error = &r.json["error"];
    assert_eq!(
        error["message"],
        "the sign-in can't be proved: `convex/auth.config.ts` is too dynamic to evaluate statically: a call to `map(…)`"
    );
    assert_eq!(error["location"]["line"], 11);
    let hints = error["hints"].to_string();
    assert!(
        hints.contains("verify --token <JWT> --deployment-url"),
        "{hints}"
    );
    assert!(
        r.json["steps"].is_null(),
        "no sign-in step ran: {:#}",
        r.json
    );
}

#[test]
fn auth_config_env_var_missing_here_is_a_tool_limit_and_env_proceeds() {
    let ctx = TestContext::new("basic-ts");
    assert_eq!(init(&ctx, &existing_local()).code, 0);
    edit(
        &ctx,
        "convex/auth.config.ts",
        "issuer: \"https://api.workos.com/\",",
        "issuer: `${process.env.WORKOS_API_URL}/`,",
    );
    let r = e2e(&ctx, &[]);
    assert_eq!(r.code, 2, "{:#}", r.json);
    let message = r.json["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("the sign-in can't be proved: Environment variable WORKOS_API_URL is used in auth config file but its value was not set."), "{message}");
    let hints = r.json["error"]["hints"].to_string();
    assert!(hints.contains("--env WORKOS_API_URL="), "{hints}");
    let r = e2e(&ctx, &["--env", "WORKOS_API_URL=https://api.workos.com"]);
    assert_eq!(r.code, 0, "{:#} {}", r.json, r.stderr);
}

// ---------------------------------------------------------------------------------------------
// 2. `auth.config` providers in a `const` array, exported by shorthand.

#[test]
fn const_providers_array_gets_the_workos_providers_and_init_settles() {
    let ctx = TestContext::new("const-providers");
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = ctx.read("convex/auth.config.ts");
    // Added to the `const` array the shorthand export names, not beside it.
    let array =
        &config[config.find("const providers = [").unwrap()..config.find("] satisfies").unwrap()];
    assert!(
        array.contains("issuer: \"https://api.workos.com/\","),
        "{config}"
    );
    assert!(
        array.contains("issuer: `https://api.workos.com/user_management/"),
        "{config}"
    );
    assert!(
        array.contains("https://auth.example.com/.well-known/jwks.json"),
        "{config}"
    );
    assert!(
        config.ends_with("export default { providers } satisfies AuthConfig;\n"),
        "{config}"
    );
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    assert!(
        !found
            .iter()
            .any(|f| f.starts_with("AK3") && !f.starts_with("AK310")),
        "{found:#?}"
    );
    signs_in(&ctx, "http://localhost:5173/callback");
    // No loop: the second run finds them and changes nothing.
    let r = init(&ctx, &["--yes"]);
    assert_eq!(r.json["status"], "already_set_up", "{}", r.stderr);
}

#[test]
fn workos_providers_behind_a_spread_are_recognised() {
    let ctx = TestContext::new("const-providers");
    let config = ctx.read("convex/auth.config.ts").replace(
        "const providers = [\n",
        "const clientId = process.env.WORKOS_CLIENT_ID;\n\nconst workos = [\n  {\n    type: \"customJwt\",\n    issuer: \"https://api.workos.com/\",\n    algorithm: \"RS256\",\n    jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    applicationID: clientId,\n  },\n  {\n    type: \"customJwt\",\n    issuer: `https://api.workos.com/user_management/${clientId}`,\n    algorithm: \"RS256\",\n    jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n  },\n] as const;\n\nconst providers = [\n  ...workos,\n",
    );
    write(&ctx, "convex/auth.config.ts", &config);
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ctx.read("convex/auth.config.ts"), config);
    let files = r.json["files"].to_string();
    assert!(!files.contains("auth.config"), "{files}");
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    signs_in(&ctx, "http://localhost:5173/callback");
}

#[test]
fn providers_used_before_their_const_is_named() {
    let ctx = TestContext::new("const-providers");
    let config = ctx.read("convex/auth.config.ts");
    let (decl, export) = config.split_at(config.find("export default").unwrap());
    write(&ctx, "convex/auth.config.ts", &format!("{export}\n{decl}"));
    let before = ctx.tree();
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 2);
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
    let message = r.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("`providers` is used before its `const` is declared below"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Convex functions in another workspace package.

fn monorepo() -> TestContext {
    TestContext::with_app("monorepo-backend", "apps/web")
}

#[test]
fn monorepo_backend_edits_go_to_the_convex_package() {
    let ctx = monorepo();
    let before = ctx.tree();
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let project = &r.json["project"]["convex_project"];
    assert_eq!(project["dir"], "../../packages/backend");
    assert_eq!(project["functions_dir"], "../../packages/backend/convex");
    assert_eq!(
        project["found"],
        "the workspace package `@acme/backend` depends on `convex` and has `convex/`"
    );
    let mut written = changed(&before, &ctx.tree());
    written.sort();
    assert_eq!(
        written,
        [
            "apps/web/.env.local",
            "apps/web/package.json",
            "apps/web/src/AuthButton.tsx",
            "apps/web/src/main.tsx",
            "packages/backend/convex.json",
            "packages/backend/convex/auth.config.ts",
        ]
    );
    // Nothing a `convex dev` wouldn't read: no functions folder or `convex.json` in the app.
    assert!(!ctx.root.join("convex").exists());
    assert!(!ctx.root.join("convex.json").exists());
    let steps = r.json["next_steps"].to_string();
    assert!(
        steps.contains("cd ../../packages/backend && npx convex dev"),
        "{steps}"
    );
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    assert!(!found.iter().any(|f| f.starts_with("AK30")), "{found:#?}");
    signs_in(&ctx, "http://localhost:5173/callback");
    let r = init(&ctx, &["--yes"]);
    assert_eq!(r.json["status"], "already_set_up", "{}", r.stderr);
    // doctor's fixes of `convex.json` go to the backend's too.
    let backend_json = ctx.base.join("packages/backend/convex.json");
    let json = fs_err::read_to_string(&backend_json).unwrap();
    fs_err::write(
        &backend_json,
        json.replace(
            "\"corsOrigins\": [\"http://localhost:5173\"]",
            "\"corsOrigins\": []",
        ),
    )
    .unwrap();
    assert!(
        findings(&ctx)
            .1
            .iter()
            .any(|f| f.starts_with("AK204 error"))
    );
    let r = dr::run(&ctx, &["--fix"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fs_err::read_to_string(&backend_json).unwrap(), json);
    assert!(!ctx.root.join("convex.json").exists());
}

/// Each way an app says where `convex dev` runs.
#[test]
fn monorepo_convex_project_from_scripts_and_functions_path() {
    let dir_of = |ctx: &TestContext| {
        let r = init(ctx, &[&existing_local()[..], &["--dry-run"]].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        (
            r.json["project"]["convex_project"]["dir"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            r.json["project"]["convex_project"]["found"]
                .as_str()
                .unwrap_or("")
                .to_string(),
            r.json["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["path"].as_str().unwrap().to_string())
                .filter(|p| p.contains("convex"))
                .collect::<Vec<_>>(),
        )
    };
    let backend = vec![
        "../../packages/backend/convex.json".to_string(),
        "../../packages/backend/convex/auth.config.ts".to_string(),
    ];
    // A `cd` before `convex dev`, in a script the dev script runs.
    let ctx = monorepo();
    edit(
        &ctx,
        "package.json",
        "\"dev\": \"vite --open\",",
        "\"dev\": \"npm-run-all --parallel dev:web dev:convex\",\n    \"dev:web\": \"vite --open\",\n    \"dev:convex\": \"cd ../../packages/backend && convex dev\",",
    );
    assert_eq!(
        dir_of(&ctx),
        (
            "../../packages/backend".to_string(),
            "`scripts.dev:convex` runs `convex dev` in `../../packages/backend`".to_string(),
            backend.clone()
        )
    );
    // A package manager running the backend package's script.
    let ctx = monorepo();
    edit(
        &ctx,
        "package.json",
        "\"dev\": \"vite --open\",",
        "\"dev\": \"concurrently 'vite --open' 'pnpm --filter @acme/backend dev'\",",
    );
    let (dir, found, files) = dir_of(&ctx);
    assert_eq!(
        (dir.as_str(), files),
        ("../../packages/backend", backend.clone())
    );
    assert_eq!(
        found,
        "`scripts.dev` runs `dev` in `../../packages/backend`"
    );
    // `functions` in the app's own `convex.json`, pointing into the backend package.
    let ctx = monorepo();
    write(
        &ctx,
        "convex.json",
        "{\n  \"functions\": \"../../packages/backend/convex/\"\n}\n",
    );
    let (dir, _, files) = dir_of(&ctx);
    assert_eq!(dir, "");
    assert_eq!(
        files,
        [
            "convex.json",
            "../../packages/backend/convex/auth.config.ts"
        ]
    );
}

#[test]
fn monorepo_with_two_convex_packages_asks_which() {
    let ctx = monorepo();
    let admin = ctx.base.join("packages/admin");
    fs_err::create_dir_all(admin.join("convex")).unwrap();
    fs_err::write(
        admin.join("package.json"),
        "{\"name\": \"@acme/admin\", \"dependencies\": {\"convex\": \"^1.49.0\"}}\n",
    )
    .unwrap();
    fs_err::write(admin.join("convex/schema.ts"), "export default {};\n").unwrap();
    let before = ctx.tree();
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 2);
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
    assert_eq!(
        r.json["error"]["message"],
        "this app's Convex functions could be in any of `../../packages/admin`, `../../packages/backend`: workspace packages that depend on `convex` and have a functions folder"
    );
    let hints = r.json["error"]["hints"].to_string();
    assert!(
        hints.contains("`--convex-dir ../../packages/admin`"),
        "{hints}"
    );
    assert_eq!(dr::run(&ctx, &[]).code, 2);
    let choose = ["--convex-dir", "../../packages/backend"];
    let r = init(&ctx, &[&existing_local()[..], &choose].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        ctx.base
            .join("packages/backend/convex/auth.config.ts")
            .exists()
    );
    assert!(!admin.join("convex/auth.config.ts").exists());
    let r = dr::run(&ctx, &["--convex-dir", "../../packages/backend"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = e2e(&ctx, &choose);
    assert_eq!(r.code, 0, "{:#}", r.json);
}

#[test]
fn workspace_root_points_to_the_app() {
    let ctx = TestContext::new("monorepo-backend");
    let before = ctx.tree();
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 2);
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
    assert_eq!(
        r.json["error"]["hints"],
        serde_json::json!(["run it in the app's folder: `apps/web` (React (Vite))"])
    );
}

// ---------------------------------------------------------------------------------------------
// Smaller things: Vite's `root`, an entry with a query string, the sign-in button.

#[test]
fn vite_root_and_an_entry_with_a_query_string() {
    let ctx = TestContext::new("vite-root");
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json["project"]["entry"], "client/src/main.tsx");
    // Vite loads env files from its root: the client ID goes where it reads them.
    assert!(
        ctx.read("client/.env.local")
            .contains("VITE_WORKOS_CLIENT_ID=client_01E2ETEST00000000000000000")
    );
    assert!(!ctx.root.join(".env.local").exists());
    assert!(ctx.root.join("client/src/AuthButton.tsx").exists());
    let steps = r.json["next_steps"].to_string();
    assert!(
        steps.contains("Render `<AuthButton />` (`import { AuthButton } from \\\"./AuthButton\\\"`) somewhere inside the providers, e.g. at the top of `App` in `client/src/App.tsx`"),
        "{steps}"
    );
    let (code, found) = findings(&ctx);
    assert_eq!(code, 0, "{found:#?}");
    signs_in(&ctx, "http://localhost:5173/callback");
}

#[test]
fn a_missing_entry_names_what_was_found() {
    let ctx = TestContext::new("vite-root");
    edit(
        &ctx,
        "client/index.html",
        "/src/main.tsx?v=2",
        "/src/app.tsx?v=2",
    );
    fs_err::rename(
        ctx.root.join("client/src/main.tsx"),
        ctx.root.join("client/src/boot.tsx"),
    )
    .unwrap();
    let before = ctx.tree();
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 2);
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
    assert_eq!(
        r.json["error"]["message"],
        "can't find the app's entry module: `client/index.html` loads `/src/app.tsx?v=2` (no `client/src/app.tsx`), and there is no `client/src/main.tsx` (Vite's `root` is `client`)"
    );
}

#[test]
fn the_render_step_imports_the_button_from_where_app_is() {
    let ctx = TestContext::new("basic-ts");
    fs_err::create_dir_all(ctx.root.join("src/ui")).unwrap();
    let app = ctx
        .read("src/App.tsx")
        .replace("\"../convex/", "\"../../convex/");
    write(&ctx, "src/ui/App.tsx", &app);
    fs_err::remove_file(ctx.root.join("src/App.tsx")).unwrap();
    edit(
        &ctx,
        "src/main.tsx",
        "import App from \"./App.tsx\";",
        "import App from \"./ui/App\";",
    );
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let steps = r.json["next_steps"].to_string();
    assert!(
        steps.contains("(`import { AuthButton } from \\\"../AuthButton\\\"`) somewhere inside the providers, e.g. at the top of `App` in `src/ui/App.tsx`"),
        "{steps}"
    );
}

#[test]
fn an_existing_auth_button_is_kept_with_a_note_and_the_render_step() {
    let ctx = TestContext::new("basic-ts");
    let mine = "export function AuthButton() {\n  return <button>Sign in</button>;\n}\n";
    write(&ctx, "src/AuthButton.tsx", mine);
    let r = init(&ctx, &existing_local());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ctx.read("src/AuthButton.tsx"), mine);
    let notes = notes(&r.json);
    assert!(
        notes.contains("kept `src/AuthButton.tsx`: it already exports `AuthButton`"),
        "{notes}"
    );
    let steps = r.json["next_steps"].to_string();
    assert!(steps.contains("Render `<AuthButton />`"), "{steps}");
}
