//! Crash-safe apply: `init` killed at every point of its writes.
//!
//! The test hook `CONVEX_AUTHKIT_TEST_APPLY_PAUSE_MS` makes `files::apply_all` pause at each step
//! (before a file, halfway through writing its temp file, before the rename) and print the step
//! number on stderr. Each trial picks a step and a moment within its pause, and sends the signal
//! there:
//! - SIGKILL (≥ 200 trials): every file is then its old bytes or its new ones, never a mix (the
//!   only extra files are the tool's own temp files); a second, uninterrupted `init` finishes
//!   the setup, removes those leftovers, and leaves the tree byte-identical (bytes, modes,
//!   folders) to an uninterrupted run;
//! - SIGINT and SIGTERM: the handler rolls back, so the tree is exactly as before, exit 2;
//! - two `init`s at once on one app: the second refuses (the app's lock) and writes nothing.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CLIENT: &str = "client_01JTEST0000000000000000000";
const PAUSE_MS: u64 = 4;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file and folder under `root`: bytes (files) and mode.
type Tree = BTreeMap<String, (Option<Vec<u8>>, u32)>;

/// The server flow's cookie password is random per run: each tree shows it as `<random>` (a
/// rerun keeping the one already written is checked apart).
fn tree(root: &Path) -> Tree {
    let mut t = raw_tree(root);
    for (rel, (bytes, _)) in t.iter_mut() {
        if rel.ends_with(".env.local")
            && let Some(b) = bytes
        {
            let text = String::from_utf8_lossy(b).into_owned();
            let masked: Vec<String> = text
                .split_inclusive('\n')
                .map(|l| match l.split_once('=') {
                    Some(("WORKOS_COOKIE_PASSWORD", v)) => {
                        format!(
                            "WORKOS_COOKIE_PASSWORD=<random>{}",
                            &v[v.trim_end().len()..]
                        )
                    }
                    _ => l.to_string(),
                })
                .collect();
            *b = masked.concat().into_bytes();
        }
    }
    t
}

fn raw_tree(root: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
            #[cfg(not(unix))]
            let mode = 0;
            if meta.is_dir() {
                out.insert(format!("{rel}/"), (None, mode));
                walk(root, &path, out);
            } else {
                out.insert(rel, (Some(std::fs::read(&path).unwrap()), mode));
            }
        }
    }
    let mut out = Tree::new();
    walk(root, root, &mut out);
    out
}

fn init(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_convex-authkit"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", root)
        .env("NO_COLOR", "1")
        .env("CI", "true")
        .env("WORKOS_API_KEY", "sk_test_crashsafe000000000000000000")
        .arg("init")
        .arg(root)
        .args([
            "--team",
            "existing",
            "--client-id",
            CLIENT,
            "--scope",
            "local",
        ])
        .args(["--no-install", "-y", "--with-users-table"])
        .args(args)
        .stdin(Stdio::null());
    cmd
}

/// An app and what an uninterrupted init makes of it.
struct Subject {
    fixture: &'static str,
    before: Tree,
    after: Tree,
    /// Pause steps in one apply.
    steps: usize,
}

fn subject(fixture_name: &'static str) -> Subject {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    copy_dir(&fixture(fixture_name), &root);
    let before = tree(&root);
    let out = init(&root, &[])
        .env("CONVEX_AUTHKIT_TEST_APPLY_PAUSE_MS", "0")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let steps = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("convex-authkit test hook: apply step"))
        .count();
    assert!(steps > 10, "only {steps} steps");
    Subject {
        fixture: fixture_name,
        before,
        after: tree(&root),
        steps,
    }
}

/// Starts a paused init and waits until it reports `step`.
fn start_and_reach(root: &Path, step: usize) -> (Child, bool) {
    let mut child = init(root, &[])
        .env("CONVEX_AUTHKIT_TEST_APPLY_PAUSE_MS", PAUSE_MS.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut reached = false;
    let want = format!("convex-authkit test hook: apply step {step}");
    let mut lines = BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        if line.unwrap() == want {
            reached = true;
            break;
        }
    }
    // Keep draining stderr so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, reached)
}

fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// A small deterministic generator (the trials are the same on every run).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[derive(Default, Debug)]
struct Tally {
    trials: usize,
    nothing_written: usize,
    partly_written: usize,
    all_written: usize,
    leftovers_seen: usize,
}

/// One SIGKILL trial at `step`, `within` ms into its pause.
fn kill_trial(s: &Subject, step: usize, within: u64, tally: &std::sync::Mutex<Tally>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    copy_dir(&fixture(s.fixture), &root);
    let (mut child, reached) = start_and_reach(&root, step);
    assert!(reached, "step {step} never came");
    std::thread::sleep(Duration::from_micros(within * 1000 / 4));
    signal(&child, "KILL");
    child.wait().unwrap();

    // Every file is its old bytes or its new ones; extra files are only the tool's temp files.
    let now = tree(&root);
    let (mut old, mut new, mut leftovers) = (0, 0, 0);
    for (rel, (bytes, _)) in &now {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name.starts_with(".convex-authkit-")
            && (name.ends_with(".tmp") || name.ends_with(".deleted"))
        {
            leftovers += 1;
            continue;
        }
        let was = s.before.get(rel).map(|(b, _)| b);
        let will = s.after.get(rel).map(|(b, _)| b);
        if bytes.is_none() {
            assert!(
                was.is_some() || will.is_some(),
                "step {step}: a stray folder `{rel}`"
            );
            continue;
        }
        let is_old = was == Some(bytes);
        let is_new = will == Some(bytes);
        assert!(
            is_old || is_new,
            "step {step}: `{rel}` is neither its old nor its new content (a half-written file)"
        );
        if is_old != is_new {
            if is_old { old += 1 } else { new += 1 }
        }
    }
    for (rel, (bytes, _)) in &s.before {
        if bytes.is_some() {
            assert!(now.contains_key(rel), "step {step}: `{rel}` was lost");
        }
    }
    {
        let mut t = tally.lock().unwrap();
        t.trials += 1;
        t.leftovers_seen += usize::from(leftovers > 0);
        match (old, new) {
            (_, 0) => t.nothing_written += 1,
            (0, _) => t.all_written += 1,
            _ => t.partly_written += 1,
        }
    }

    // A second init finishes the job, and the result is what an uninterrupted run makes.
    let env_before = std::fs::read(root.join(".env.local")).ok();
    let out = init(&root, &[]).output().unwrap();
    // A secret already written is kept, never made anew.
    if let Some(before) =
        env_before.filter(|b| b.windows(22).any(|w| w == b"WORKOS_COOKIE_PASSWORD"))
    {
        let after = std::fs::read(root.join(".env.local")).unwrap();
        let line = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .lines()
                .find(|l| l.starts_with("WORKOS_COOKIE_PASSWORD="))
                .map(str::to_string)
        };
        assert_eq!(
            line(&before),
            line(&after),
            "step {step}: the cookie password changed"
        );
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "step {step}: the second init failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let finished = tree(&root);
    if finished != s.after {
        let mut keys: Vec<&String> = finished.keys().chain(s.after.keys()).collect();
        keys.sort();
        keys.dedup();
        let differ: Vec<&&String> = keys
            .iter()
            .filter(|k| finished.get(**k) != s.after.get(**k))
            .collect();
        panic!(
            "step {step}: after the second init the tree differs from an uninterrupted run: {differ:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn sigkill_at_every_step_leaves_old_or_new_files_and_a_rerun_finishes() {
    // React (Vite); Next.js rewiring its provider; Next.js creating one and wrapping the layout;
    // TanStack Start.
    let subjects = [
        subject("basic-ts"),
        subject("nextjs-16"),
        subject("nextjs-js"),
        subject("tanstack-start"),
    ];
    let trials_each = 55;
    let tally = std::sync::Mutex::new(Tally::default());
    for s in &subjects {
        let mut rng = Rng(0xC0FFEE ^ s.steps as u64);
        // Every step at least once, then random ones, each at a random moment of its pause.
        let plan: Vec<(usize, u64)> = (0..trials_each)
            .map(|i| {
                let step = if i < s.steps {
                    i + 1
                } else {
                    1 + rng.below(s.steps as u64) as usize
                };
                (step, rng.below(PAUSE_MS * 4))
            })
            .collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some((step, within)) = plan.get(i) else {
                            break;
                        };
                        kill_trial(s, *step, *within, &tally);
                    }
                });
            }
        });
    }
    let t = tally.into_inner().unwrap();
    eprintln!(
        "SIGKILL trials: {t:?} (steps per apply: {})",
        subjects
            .iter()
            .map(|s| s.steps.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(t.trials >= 200, "{t:?}");
    // The trials did hit the middle of the transaction, not only its ends.
    assert!(t.partly_written >= 100, "{t:?}");
    assert!(t.leftovers_seen > 0, "{t:?}");
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_roll_everything_back() {
    let s = subject("basic-ts");
    let mut rng = Rng(0xBEEF);
    for (i, sig) in ["INT", "TERM"].iter().cycle().take(24).enumerate() {
        let step = 1 + if i < 12 {
            i * s.steps / 12
        } else {
            rng.below(s.steps as u64) as usize
        };
        let step = step.min(s.steps);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("app");
        copy_dir(&fixture(s.fixture), &root);
        let (mut child, reached) = start_and_reach(&root, step);
        assert!(reached);
        signal(&child, sig);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(2), "SIG{sig} at step {step}");
        let now = tree(&root);
        assert!(
            now == s.before,
            "SIG{sig} at step {step}: the tree was not restored: {:?}",
            now.keys()
                .filter(|k| now.get(*k) != s.before.get(*k))
                .collect::<Vec<_>>()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_second_init_on_the_same_app_refuses_while_the_first_writes() {
    let s = subject("basic-ts");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    copy_dir(&fixture(s.fixture), &root);
    let (first, reached) = start_and_reach(&root, 3);
    assert!(reached);
    // The first holds the app from its reading to its last write.
    let second = init(&root, &["--json"]).output().unwrap();
    assert_eq!(second.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    let message = doc["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("another convex-authkit"), "{message}");
    let fix = Command::new(env!("CARGO_BIN_EXE_convex-authkit"))
        .args(["doctor", "--fix"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        fix.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&fix.stderr)
    );
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    // Nothing interleaved: the tree is what one run makes, and a later run finds it done.
    assert!(tree(&root) == s.after);
    let again = init(&root, &["--json"]).output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(tree(&root) == s.after);
    // A dry run doesn't take the lock: it only reads.
    let other = dir.path().join("other");
    copy_dir(&fixture(s.fixture), &other);
    let (mut busy, reached) = start_and_reach(&other, 1);
    assert!(reached);
    let dry = init(&other, &["--dry-run"]).output().unwrap();
    assert_eq!(
        dry.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert_eq!(busy.wait().unwrap().code(), Some(0));
}
