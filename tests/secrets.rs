//! No secret on screen: every command, over every fixture app and over hostile placements, with
//! secrets planted (`sk_test_…` and `sk_live_…` API keys, a cookie password): stdout, stderr,
//! `--json` and the diffs are scanned, and a secret's tail may appear nowhere (a masked key
//! keeps only its `sk_test_`/`sk_live_` prefix).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The planted secrets; each is found by its tail (the part masking removes).
const SK_TEST: &str = "sk_test_PLANTEDtestKEY0000000000000001";
const SK_LIVE: &str = "sk_live_PLANTEDliveKEY0000000000000002";
const SK_VITE: &str = "sk_live_PLANTEDviteKEY0000000000000003";
const SK_SRC: &str = "sk_live_PLANTEDsrcKEY00000000000000004";
const SK_JSON: &str = "sk_test_PLANTEDjsonKEY0000000000000005";
const SK_FLAG: &str = "sk_test_PLANTEDflagKEY0000000000000006";
const SK_ENV: &str = "sk_test_PLANTEDenvvarKEY00000000000007";
const COOKIE: &str = "PlantedCookiePassword-0123456789-abcdefghijklmnop";

fn tails() -> Vec<(&'static str, &'static str)> {
    vec![
        ("sk_test in .env.local", "PLANTEDtestKEY"),
        ("sk_live in .env", "PLANTEDliveKEY"),
        ("sk_live in a client-exposed variable", "PLANTEDviteKEY"),
        ("sk_live in source code", "PLANTEDsrcKEY"),
        ("sk_test in convex.json", "PLANTEDjsonKEY"),
        ("sk_test passed as --client-id", "PLANTEDflagKEY"),
        ("sk_test in WORKOS_API_KEY", "PLANTEDenvvarKEY"),
        ("the cookie password", "CookiePassword-0123456789"),
    ]
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "node_modules" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).unwrap_or_default();
    if !old.is_empty() && !old.ends_with('\n') && !old.ends_with('\r') {
        old.push('\n');
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, old + text).unwrap();
}

/// Plants the secrets in an app: `.env.local` (the server flow's key and cookie password, and a
/// key in a client-exposed variable), `.env`, a source file and `convex.json`.
fn plant(root: &Path, eol: &str) {
    let public = if root.join("next.config.ts").exists()
        || root.join("app").exists()
        || root.join("src/app").exists()
    {
        "NEXT_PUBLIC_WORKOS_API_KEY"
    } else {
        "VITE_WORKOS_API_KEY"
    };
    let lines = [
        format!("WORKOS_API_KEY={SK_TEST}"),
        format!("export WORKOS_COOKIE_PASSWORD=\"{COOKIE}\" # keep"),
        format!("{public}='{SK_VITE}'"),
    ];
    append(&root.join(".env.local"), &(lines.join(eol) + eol));
    append(&root.join(".env"), &format!("STRIPE_SECRET={SK_LIVE}{eol}"));
    let src = if root.join("src").is_dir() {
        "src/planted.ts"
    } else {
        "lib/planted.ts"
    };
    std::fs::create_dir_all(root.join(src).parent().unwrap()).unwrap();
    std::fs::write(
        root.join(src),
        format!("export const key = \"{SK_SRC}\";{eol}"),
    )
    .unwrap();
    let json = root.join("convex.json");
    let text = std::fs::read_to_string(&json).unwrap_or_else(|_| "{}\n".into());
    let planted =
        convex_authkit::edit::convex_json::set_if_absent(&text, &[], "planted", SK_JSON).unwrap();
    std::fs::write(&json, planted).unwrap();
}

struct Out {
    label: String,
    text: String,
}

fn run(root: &Path, label: &str, args: &[&str], stdin: Option<&str>) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_convex-authkit"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", root)
        .env("NO_COLOR", "1")
        .env("CI", "true")
        .env("WORKOS_API_KEY", SK_ENV)
        .current_dir(root)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("hit a bug"), "{label}: {stderr}");
    Out {
        label: label.to_string(),
        text: format!(
            "--- stdout\n{}\n--- stderr\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        ),
    }
}

/// Every command's outputs on one app.
fn outputs(root: &Path, name: &str) -> Vec<Out> {
    let app = root.display().to_string();
    let init = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "init",
            &app,
            "--team",
            "existing",
            "--scope",
            "local",
            "--no-install",
            "-y",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let client = ["--client-id", "client_01JTEST0000000000000000000"];
    let mut outs = Vec::new();
    // A pasted API key in place of the client ID is refused, and not echoed.
    outs.push(run(
        root,
        &format!("{name}: init --client-id <key>"),
        &strs(&init(&["--client-id", SK_FLAG, "--dry-run"])),
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: init --client-id <key> --json"),
        &strs(&init(&["--client-id", SK_FLAG, "--json"])),
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: init --dry-run"),
        &strs(&init(&[client[0], client[1], "--dry-run"])),
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: init --dry-run --json"),
        &strs(&init(&[client[0], client[1], "--dry-run", "--json"])),
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: init --api-key-stdin --dry-run"),
        &strs(&init(&[
            client[0],
            client[1],
            "--dry-run",
            "--api-key-stdin",
        ])),
        Some(SK_ENV),
    ));
    outs.push(run(
        root,
        &format!("{name}: doctor"),
        &["doctor", &app],
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: doctor --json"),
        &["doctor", &app, "--json"],
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: doctor --prod"),
        &["doctor", &app, "--prod"],
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: init"),
        &strs(&init(&[client[0], client[1]])),
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: init --json (second run)"),
        &strs(&init(&[client[0], client[1], "--json"])),
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: doctor --fix --unsafe-fixes"),
        &["doctor", &app, "--fix", "--unsafe-fixes"],
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: doctor --fix --json"),
        &["doctor", &app, "--fix", "--unsafe-fixes", "--json"],
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: verify"),
        &[
            "verify",
            &app,
            "--token",
            "a.b.c",
            "--env",
            &format!("WORKOS_API_KEY={SK_ENV}"),
        ],
        None,
    ));
    outs.push(run(
        root,
        &format!("{name}: verify --json"),
        &["verify", &app, "--token", "a.b.c", "--json"],
        None,
    ));
    outs
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn leaks(outs: &[Out]) -> Vec<String> {
    let mut found = Vec::new();
    for o in outs {
        for (what, tail) in tails() {
            if o.text.contains(tail) {
                let line = o.text.lines().find(|l| l.contains(tail)).unwrap_or("");
                found.push(format!("{}: {what} shown: {line}", o.label));
            }
        }
    }
    found
}

/// The scan itself finds a tail wherever it is.
#[test]
fn the_scan_sees_a_leak() {
    let out = Out {
        label: "x".into(),
        text: format!("diff +WORKOS_API_KEY={SK_TEST}"),
    };
    assert_eq!(leaks(&[out]).len(), 1);
    let out = Out {
        label: "x".into(),
        text: "diff +WORKOS_API_KEY=sk_test_****".into(),
    };
    assert!(leaks(&[out]).is_empty());
}

#[test]
fn no_command_shows_a_planted_secret_on_any_fixture() {
    let mut apps: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    apps.sort();
    // Runs, leaks, outputs showing a masked key, outputs naming the cookie password's variable.
    let results = std::sync::Mutex::new((0usize, Vec::new(), 0usize, 0usize));
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(app) = apps.get(i) else { break };
                    let name = app.file_name().unwrap().to_string_lossy().into_owned();
                    for (variant, eol) in [("lf", "\n"), ("crlf", "\r\n")] {
                        let dir = tempfile::tempdir().unwrap();
                        let root = dir.path().join("app");
                        copy_dir(app, &root);
                        // The monorepo's app is a folder inside it.
                        let root = if root.join("apps/web").is_dir() {
                            root.join("apps/web")
                        } else {
                            root
                        };
                        plant(&root, eol);
                        let outs = outputs(&root, &format!("{name} ({variant})"));
                        let l = leaks(&outs);
                        let mut r = results.lock().unwrap();
                        r.0 += outs.len();
                        r.1.extend(l);
                        r.2 += outs
                            .iter()
                            .filter(|o| {
                                o.text.contains("sk_test_****") || o.text.contains("sk_live_****")
                            })
                            .count();
                        r.3 += outs
                            .iter()
                            .filter(|o| o.text.contains("WORKOS_COOKIE_PASSWORD"))
                            .count();
                    }
                }
            });
        }
    });
    let (runs, leaks, masked, cookie) = results.into_inner().unwrap();
    eprintln!(
        "{runs} command runs over {} fixtures, {} leaks; {masked} outputs showed a masked key, {cookie} named the cookie password's variable",
        apps.len(),
        leaks.len()
    );
    // The secrets were in play: outputs did show them, masked.
    assert!(
        masked > 50 && cookie > 20,
        "masked {masked}, cookie {cookie}"
    );
    assert!(
        leaks.is_empty(),
        "{} leak(s):\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// Writes a secret somewhere in an app.
type Placement = Box<dyn Fn(&Path)>;

/// Secrets placed where a reader could trip: old Mac endings, a multi-line quoted value, a file
/// that doesn't parse after the secret, a secret in a comment, in `package.json`'s dev script,
/// in the emulator's config.
#[test]
fn hostile_placements_stay_masked() {
    let cases: Vec<(&str, Placement)> = vec![
        (
            "cr-only .env.local",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join(".env.local"),
                    format!("# keys\rWORKOS_API_KEY={SK_TEST}\rVITE_WORKOS_API_KEY={SK_VITE}\r"),
                )
                .unwrap()
            }),
        ),
        (
            "multi-line quoted secret",
            Box::new(|r: &Path| {
                append(
                    &r.join(".env.local"),
                    &format!("WORKOS_COOKIE_PASSWORD=\"{COOKIE}\n{SK_TEST}\"\n"),
                )
            }),
        ),
        (
            "secret then a broken line",
            Box::new(|r: &Path| {
                append(
                    &r.join(".env.local"),
                    &format!("WORKOS_API_KEY={SK_TEST}\nBROKEN=\"{SK_LIVE}\n"),
                )
            }),
        ),
        (
            "secret on the broken line",
            Box::new(|r: &Path| {
                append(
                    &r.join(".env.local"),
                    &format!("WORKOS_API_KEY {SK_TEST}\n"),
                )
            }),
        ),
        (
            "secret in a comment",
            Box::new(|r: &Path| append(&r.join(".env.local"), &format!("# old key: {SK_LIVE}\n"))),
        ),
        (
            "secret as the client ID",
            Box::new(|r: &Path| {
                append(
                    &r.join(".env.local"),
                    &format!("VITE_WORKOS_CLIENT_ID={SK_TEST}\n"),
                )
            }),
        ),
        (
            "secret with spaces around",
            Box::new(|r: &Path| {
                append(
                    &r.join(".env.local"),
                    &format!("  export   WORKOS_API_KEY =  '{SK_TEST}'   # k\n"),
                )
            }),
        ),
        (
            "secret in the dev script",
            Box::new(|r: &Path| {
                let p = r.join("package.json");
                let t = std::fs::read_to_string(&p).unwrap().replacen(
                    "\"dev\": \"",
                    &format!("\"dev\": \"WORKOS_API_KEY={SK_LIVE} "),
                    1,
                );
                std::fs::write(p, t).unwrap();
            }),
        ),
        (
            "secret in the auth config",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("convex/auth.config.ts"),
                    format!("const key = \"{SK_SRC}\";\nexport default {{ providers: [] }};\n"),
                )
                .unwrap()
            }),
        ),
        (
            "secret in the entry",
            Box::new(|r: &Path| {
                append(
                    &r.join("src/main.tsx"),
                    &format!("const leaked = \"{SK_SRC}\";\n"),
                )
            }),
        ),
        (
            "secret in an unparseable entry",
            Box::new(|r: &Path| {
                append(
                    &r.join("src/main.tsx"),
                    &format!("const leaked = \"{SK_SRC}\" +;\n"),
                )
            }),
        ),
        (
            "secret in an unparseable convex.json",
            Box::new(|r: &Path| {
                std::fs::write(r.join("convex.json"), format!("{{\"k\": \"{SK_JSON}\",,}}"))
                    .unwrap()
            }),
        ),
    ];
    let mut all = Vec::new();
    let mut runs = 0;
    for (name, plant) in &cases {
        for base in ["basic-ts", "nextjs-16"] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("app");
            copy_dir(&fixtures().join(base), &root);
            if !root.join("src/main.tsx").exists() && name.contains("entry") {
                continue;
            }
            plant(&root);
            let outs = outputs(&root, &format!("{name} on {base}"));
            runs += outs.len();
            all.extend(leaks(&outs));
        }
    }
    // The emulator: API keys in its config, on stdout and stderr (banner, request log).
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("emulator.json");
    std::fs::write(&config, format!("{{\"clients\": [{{\"client_id\": \"client_01X\", \"api_keys\": [\"{SK_TEST}\"], \"redirect_uris\": [\"http://localhost:5173/callback\"]}}]}}")).unwrap();
    for args in [
        &["emulate", "--port", "0"][..],
        &["emulate", "--port", "0", "--json"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_convex-authkit"))
            .args(args)
            .arg("--config")
            .arg(&config)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        // A management call with the key, so it would be in the request log if it leaked there.
        let url = if line.starts_with('{') {
            serde_json::from_str::<serde_json::Value>(&line).unwrap()["url"]
                .as_str()
                .unwrap()
                .to_string()
        } else {
            line.trim()
                .trim_start_matches("AUTHKIT_EMULATOR_URL=")
                .to_string()
        };
        let _ = ureq::post(&format!("{url}/user_management/redirect_uris"))
            .header("authorization", &format!("Bearer {SK_TEST}"))
            .header("content-type", "application/json")
            .send("{\"uri\": \"http://localhost:3000/callback\"}");
        Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let text = format!(
            "{line}{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        runs += 1;
        all.extend(leaks(&[Out {
            label: format!("emulate {}", args.join(" ")),
            text,
        }]));
    }
    eprintln!(
        "{runs} command runs over {} placements, {} leaks",
        cases.len(),
        all.len()
    );
    assert!(all.is_empty(), "{} leak(s):\n{}", all.len(), all.join("\n"));
}
