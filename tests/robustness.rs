//! The bad-input corpus: `tests/corpus/*.cases`, run against the real binary.
//!
//! Each case is a fixture app (or nothing, for `emulate --config`), a few edits to its files
//! (encodings, line endings, sizes, nesting, the file system, broken syntax…), one command, and
//! the outcome it must have: `ok` (a correct result), `error FILE[:LINE:COL]` (exit 2, the error
//! names the file and position) or, for `doctor`, `finding CODE FILE[:LINE:COL]`. Every case
//! must also end without a panic (the panic hook's line is a failure, not a pass), with an exit
//! code the docs list, and, whenever it doesn't succeed, with every byte, mode and link of the
//! app exactly as before.
//!
//! Cases marked `needs: non-root` test permission bits, which don't bind root: run as root,
//! they are skipped with the reason printed, and counted apart.
//!
//! `docs/robustness.md` holds the table of the results between its `corpus` markers;
//! `UPDATE_DOCS=1 cargo test --test robustness` regenerates it, and the test fails when it is
//! stale.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CLIENT: &str = "client_01JTEST0000000000000000000";
/// The API key Next.js's init writes into `.env.local` (a test value).
const API_KEY: &str = "sk_test_corpus0000000000000000000000";
const NOW: u64 = 1_800_000_000;
/// The panic hook's line (src/main.rs).
const BUG_LINE: &str = "convex-authkit hit a bug";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// The corpus format

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cmd {
    Init,
    Doctor,
    DoctorFix,
    Verify,
    Emulate,
}

impl Cmd {
    fn parse(s: &str) -> Cmd {
        match s {
            "init" => Cmd::Init,
            "doctor" => Cmd::Doctor,
            "doctor-fix" => Cmd::DoctorFix,
            "verify" => Cmd::Verify,
            "emulate" => Cmd::Emulate,
            _ => panic!("unknown command `{s}`"),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Cmd::Init => "init",
            Cmd::Doctor => "doctor",
            Cmd::DoctorFix => "doctor --fix",
            Cmd::Verify => "verify",
            Cmd::Emulate => "emulate --config",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    Ok,
    Error {
        file: String,
        pos: Option<(usize, usize)>,
    },
    Finding {
        code: String,
        file: String,
        pos: Option<(usize, usize)>,
    },
    /// `verify`: the token is refused with this Convex error code (exit 1).
    Rejected(String),
}

impl Expect {
    fn parse(s: &str) -> Expect {
        let mut words = s.split_whitespace();
        let at = |w: &str| -> (String, Option<(usize, usize)>) {
            let mut parts = w.rsplitn(3, ':').collect::<Vec<_>>();
            parts.reverse();
            match parts.as_slice() {
                [f, l, c] if l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok() => (
                    f.to_string(),
                    Some((l.parse().unwrap(), c.parse().unwrap())),
                ),
                _ => (w.to_string(), None),
            }
        };
        match words.next() {
            Some("ok") => Expect::Ok,
            Some("error") => {
                let (file, pos) = at(words.next().expect("error FILE"));
                Expect::Error { file, pos }
            }
            Some("rejected") => Expect::Rejected(words.next().expect("rejected CODE").to_string()),
            Some("finding") => {
                let code = words.next().expect("finding CODE FILE").to_string();
                let (file, pos) = at(words.next().expect("finding CODE FILE"));
                Expect::Finding { code, file, pos }
            }
            _ => panic!("bad expectation `{s}`"),
        }
    }
    fn show(&self) -> String {
        let at = |file: &str, pos: &Option<(usize, usize)>| match pos {
            Some((l, c)) => format!("`{file}:{l}:{c}`"),
            None => format!("`{file}`"),
        };
        match self {
            Expect::Ok => "correct result".into(),
            Expect::Error { file, pos } => format!("error at {}", at(file, pos)),
            Expect::Finding { code, file, pos } => format!("{code} at {}", at(file, pos)),
            Expect::Rejected(code) => format!("token refused: `{code}`"),
        }
    }
}

#[derive(Debug, Clone)]
struct Case {
    group: String,
    id: String,
    app: String,
    edits: Vec<(String, String)>,
    cmd: Cmd,
    expect: Expect,
    /// `(kind, file)`: after an `ok` init, `file` still has a BOM / only CRLF endings.
    keeps: Vec<(String, String)>,
    non_root: bool,
    /// Its files are big (50 MB): full size with `CORPUS_FULL=1`, 1/25 of it otherwise.
    heavy: bool,
    note: String,
}

/// Reads every `tests/corpus/*.cases` file. A stanza is `[id]` then `key: value` lines; `run`
/// may list several commands (one case each), and `expect <command>:` overrides `expect:`.
fn corpus() -> Vec<Case> {
    let dir = repo().join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cases"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let group = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let mut stanza: Vec<(String, String)> = Vec::new();
        let mut id = String::new();
        let flush = |id: &str, stanza: &[(String, String)], out: &mut Vec<Case>| {
            if id.is_empty() {
                return;
            }
            let get = |k: &str| {
                stanza
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            };
            let app = get("app").unwrap_or_else(|| panic!("[{id}] has no app"));
            let edits: Vec<(String, String)> = stanza
                .iter()
                .filter_map(|(k, v)| k.strip_prefix("edit ").map(|f| (f.to_string(), v.clone())))
                .collect();
            let keeps: Vec<(String, String)> = stanza
                .iter()
                .filter(|(k, _)| k == "keeps")
                .map(|(_, v)| {
                    let (kind, f) = v.split_once(' ').expect("keeps: KIND FILE");
                    (kind.to_string(), f.to_string())
                })
                .collect();
            let run = get("run").unwrap_or_else(|| panic!("[{id}] has no run"));
            for cmd in run.split(',').map(str::trim) {
                let expect = get(&format!("expect {cmd}"))
                    .or_else(|| get("expect"))
                    .unwrap_or_else(|| panic!("[{id}] has no expectation for {cmd}"));
                out.push(Case {
                    group: group.clone(),
                    id: id.to_string(),
                    app: app.clone(),
                    edits: edits.clone(),
                    cmd: Cmd::parse(cmd),
                    expect: Expect::parse(&expect),
                    keeps: keeps.clone(),
                    non_root: get("needs").as_deref() == Some("non-root"),
                    heavy: get("heavy").as_deref() == Some("yes"),
                    note: get("note").unwrap_or_default(),
                });
            }
        };
        for line in text.lines() {
            let line = line.trim_end();
            if line.trim_start().starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                flush(&id, &stanza, &mut out);
                id = name.to_string();
                stanza.clear();
                continue;
            }
            let (k, v) = line
                .split_once(": ")
                .or_else(|| line.strip_suffix(':').map(|k| (k, "")))
                .unwrap_or_else(|| panic!("{}: bad line `{line}`", file.display()));
            stanza.push((k.trim().to_string(), v.trim().to_string()));
        }
        flush(&id, &stanza, &mut out);
    }
    out
}

/// `\n`, `\r`, `\t`, `\0`, `\\`, `\xNN` (a raw byte) and `\u{…}` in a corpus value.
fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            i += 1;
            match b[i] {
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'0' => out.push(0),
                b'\\' => out.push(b'\\'),
                b'x' => {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b'u' => {
                    let end = s[i..].find('}').unwrap() + i;
                    let c =
                        char::from_u32(u32::from_str_radix(&s[i + 2..end], 16).unwrap()).unwrap();
                    out.extend(c.to_string().as_bytes());
                    i = end;
                }
                other => {
                    out.push(b'\\');
                    out.push(other);
                }
            }
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    out
}

fn replace_bytes(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len() + to.len());
    let mut i = 0;
    let mut found = false;
    while i < hay.len() {
        if !from.is_empty() && hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
            found = true;
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    assert!(found, "`{}` not found", String::from_utf8_lossy(from));
    out
}

/// How much of a heavy case's size the run uses: all of it with `CORPUS_FULL=1`, else 1/25
/// (CI stays fast; the full-size figures are in docs/robustness.md).
fn scale(heavy: bool) -> usize {
    if heavy && std::env::var_os("CORPUS_FULL").is_none() {
        25
    } else {
        1
    }
}

/// Applies one corpus edit to `root/rel`; repeat counts are divided by `divide`.
fn apply_edit(root: &Path, rel: &str, edit: &str, divide: usize) {
    let path = root.join(rel);
    let read = || std::fs::read(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let write = |bytes: &[u8]| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    };
    let (op, arg) = edit.split_once(':').unwrap_or((edit, ""));
    match op {
        "write" => write(&unescape(arg)),
        "append" => write(&[read(), unescape(arg)].concat()),
        "prepend" => write(&[unescape(arg), read()].concat()),
        "replace" => {
            let (from, to) = arg.split_once("=>").expect("replace:FROM=>TO");
            write(&replace_bytes(&read(), &unescape(from), &unescape(to)));
        }
        // `repeat:TEXT*N` appends TEXT N times; `replace-repeat:FROM=>TEXT*N` puts it at FROM.
        "repeat" | "replace-repeat" => {
            let (head, n) = arg.rsplit_once('*').expect("TEXT*N");
            let n: usize = (n.parse::<usize>().unwrap() / divide).max(1);
            match head.split_once("=>") {
                Some((from, text)) if op == "replace-repeat" => write(&replace_bytes(
                    &read(),
                    &unescape(from),
                    &unescape(text).repeat(n),
                )),
                _ => write(&[read(), unescape(head).repeat(n)].concat()),
            }
        }
        "bom" => write(&[b"\xef\xbb\xbf".to_vec(), read()].concat()),
        "crlf" => write(&replace_bytes(&read(), b"\n", b"\r\n")),
        "cr" => write(&replace_bytes(&read(), b"\n", b"\r")),
        "mixed" => {
            let mut out = Vec::new();
            for (i, line) in read().split_inclusive(|b| *b == b'\n').enumerate() {
                if i % 2 == 1 && line.ends_with(b"\n") {
                    out.extend_from_slice(&line[..line.len() - 1]);
                    out.extend_from_slice(b"\r\n");
                } else {
                    out.extend_from_slice(line);
                }
            }
            write(&out);
        }
        "utf16" => {
            let text = String::from_utf8(read()).unwrap();
            let mut out = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                out.extend_from_slice(&u.to_le_bytes());
            }
            write(&out);
        }
        // `at-line:N:TEXT`: TEXT at the start of line N.
        "at-line" => {
            let (n, text) = arg.split_once(':').unwrap();
            let n: usize = n.parse().unwrap();
            let bytes = read();
            let mut starts = vec![0];
            starts.extend(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            let at = starts[n - 1];
            write(&[&bytes[..at], &unescape(text), &bytes[at..]].concat());
        }
        "truncate" => {
            let n: usize = arg.parse().unwrap();
            let bytes = read();
            write(&bytes[..n.min(bytes.len())]);
        }
        "empty" => write(b""),
        "rm" => std::fs::remove_file(&path).unwrap(),
        "rm-dir" => std::fs::remove_dir_all(&path).unwrap(),
        "dir" => {
            let _ = std::fs::remove_file(&path);
            std::fs::create_dir_all(&path).unwrap();
            std::fs::write(path.join("inside.txt"), "x").unwrap();
        }
        "file" => {
            std::fs::remove_dir_all(&path).unwrap();
            std::fs::write(&path, "not a folder\n").unwrap();
        }
        #[cfg(unix)]
        "symlink" => {
            let _ = std::fs::remove_file(&path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(arg, &path).unwrap();
        }
        #[cfg(unix)]
        "fifo" => {
            let _ = std::fs::remove_file(&path);
            let status = Command::new("mkfifo").arg(&path).status().unwrap();
            assert!(status.success());
        }
        #[cfg(unix)]
        "chmod" => {
            use std::os::unix::fs::PermissionsExt;
            let mode = u32::from_str_radix(arg, 8).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        _ => panic!("unknown edit `{op}`"),
    }
}

// ---------------------------------------------------------------------------------------------
// Apps and commands

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_convex-authkit")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let ft = entry.file_type().unwrap();
        if ft.is_dir() {
            if entry.file_name() != "node_modules" {
                copy_dir(&entry.path(), &target);
            }
        } else if ft.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn command(cwd: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", cwd)
        .env("NO_COLOR", "1")
        .env("CI", "true")
        .env("WORKOS_API_KEY", API_KEY)
        .current_dir(cwd)
        .stdin(Stdio::null());
    cmd
}

fn init_args(root: &Path) -> Vec<String> {
    [
        "init",
        &root.display().to_string(),
        "--team",
        "existing",
        "--client-id",
        CLIENT,
        "--scope",
        "local",
        "--no-install",
        "-y",
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A fixture, or a fixture after `init` (`basic-ts+init`), made once per run.
fn base_app(name: &str) -> PathBuf {
    static CACHE: OnceLock<std::sync::Mutex<BTreeMap<String, PathBuf>>> = OnceLock::new();
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    if let Some(p) = cache.get(name) {
        return p.clone();
    }
    let (fixture, setup) = match name.strip_suffix("+init") {
        Some(f) => (f, true),
        None => (name, false),
    };
    let path = dir.path().join(name);
    copy_dir(&repo().join("tests/fixtures").join(fixture), &path);
    if setup {
        let out = command(&path).args(init_args(&path)).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    cache.insert(name.to_string(), path.clone());
    path
}

/// The token `verify` checks in `ok` cases: a WorkOS-shaped access token, signed by the test
/// key, whose JWKS the command gets as a `data:` URL.
fn verify_args(root: &Path) -> Vec<String> {
    use convex_authkit::token::testkit::{jwks_data_url, rsa, token};
    let iss = format!("https://api.workos.com/user_management/{CLIENT}");
    let tok = token(
        &json!({"iss": iss, "sub": "user_01", "exp": NOW + 300, "iat": NOW - 5, "sid": "s"}),
        rsa(),
    );
    vec![
        "verify".into(),
        root.display().to_string(),
        "--token".into(),
        tok,
        "--env".into(),
        format!("WORKOS_CLIENT_ID={CLIENT}"),
        "--jwks-override".into(),
        format!(
            "https://api.workos.com/sso/jwks/{CLIENT}={}",
            jwks_data_url(&[rsa().jwk.clone()])
        ),
        "--now".into(),
        NOW.to_string(),
        "--json".into(),
    ]
}

/// One file or link of the tree: what it is, its bytes' hash (or link target) and its mode.
type Tree = BTreeMap<String, (String, u64, u32)>;

fn tree(root: &Path) -> Tree {
    let mut out = Tree::new();
    snapshot(root, root, &mut out);
    out
}

fn snapshot(root: &Path, dir: &Path, out: &mut Tree) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.insert(
            format!("{} (unreadable)", dir.display()),
            (String::new(), 0, 0),
        );
        return;
    };
    let mut entries: Vec<_> = entries.map(|e| e.unwrap()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap().display().to_string();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        #[cfg(unix)]
        let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
        #[cfg(not(unix))]
        let mode = 0;
        let ft = meta.file_type();
        if ft.is_symlink() {
            let target = std::fs::read_link(&path).unwrap().display().to_string();
            out.insert(rel, (format!("link {target}"), 0, mode));
        } else if ft.is_dir() {
            out.insert(rel.clone(), ("dir".into(), 0, mode));
            snapshot(root, &path, out);
        } else if ft.is_file() {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(&path)
                .map(|b| b.hash(&mut h))
                .unwrap_or_else(|_| 0u8.hash(&mut h));
            out.insert(rel, ("file".into(), h.finish(), mode));
        } else {
            out.insert(rel, ("other".into(), 0, mode));
        }
    }
}

fn diff(before: &Tree, after: &Tree) -> Vec<String> {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .cloned()
        .collect()
}

fn is_root() -> bool {
    #[cfg(unix)]
    {
        Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    false
}

/// Restores owner permissions everywhere, so the temp folder can be removed.
fn unlock(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                let Ok(meta) = std::fs::symlink_metadata(&p) else {
                    continue;
                };
                if meta.is_dir() {
                    unlock(&p);
                } else if meta.is_file() {
                    let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644));
                }
            }
        }
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_cmd(mut cmd: Command, timeout: Duration) -> Run {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut s).ok();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            panic!("timed out after {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// `emulate --config FILE`: it must start (a JSON line with its URL on stdout) and stop cleanly
/// on SIGTERM, or exit 2 at once.
fn run_emulate(dir: &Path) -> Run {
    let mut cmd = command(dir);
    cmd.args([
        "emulate",
        "--config",
        "emulator.json",
        "--port",
        "0",
        "--json",
        "-q",
    ]);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    // Started: one JSON line with its URL (an error is a pretty-printed document instead).
    if line.contains("\"url\"") {
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
        }
        #[cfg(not(unix))]
        let _ = child.kill();
    }
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).ok();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).ok();
    let status = child.wait().unwrap();
    Run {
        code: status.code(),
        stdout: format!("{line}{rest}"),
        stderr,
    }
}

// ---------------------------------------------------------------------------------------------
// Checking one case

/// What a case came to, for the table.
struct Outcome {
    exit: Option<i32>,
    /// The message or finding that shows the outcome.
    shown: String,
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

/// The written files of an `ok` init still read (JSON, `.env`, JS/TS).
fn written_files_read(root: &Path, changed: &[String]) -> Result<(), String> {
    use convex_authkit::edit::{envfile::EnvFile, js};
    for rel in changed {
        let path = root.join(rel);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return Err(format!("`{rel}` is not UTF-8 after init"));
        };
        let body = text.trim_start_matches('\u{feff}');
        if rel.ends_with(".json") {
            jsonc_parser::parse_to_value(body, &Default::default())
                .map_err(|e| format!("`{rel}` doesn't parse after init: {e}"))?;
        } else if rel.contains(".env") {
            EnvFile::parse(&text).map_err(|e| format!("`{rel}` doesn't parse after init: {e}"))?;
        } else if [".ts", ".tsx", ".js", ".jsx"]
            .iter()
            .any(|e| rel.ends_with(e))
        {
            js::check_parses(rel, &text)
                .map_err(|e| format!("`{rel}` doesn't parse after init: {}", e.message))?;
        }
    }
    Ok(())
}

fn check_case(case: &Case) -> Result<Outcome, String> {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("app");
    if case.app == "none" {
        std::fs::create_dir_all(&root).unwrap();
    } else {
        copy_dir(&base_app(&case.app), &root);
    }
    for (file, edit) in &case.edits {
        apply_edit(&root, file, edit, scale(case.heavy));
    }
    let before = tree(&root);
    let timeout = Duration::from_secs(300);
    let run = match case.cmd {
        Cmd::Init => {
            let mut c = command(&root);
            c.args(init_args(&root));
            run_cmd(c, timeout)
        }
        Cmd::Doctor | Cmd::DoctorFix => {
            let mut c = command(&root);
            c.args(["doctor", &root.display().to_string(), "--json"]);
            if case.cmd == Cmd::DoctorFix {
                c.args(["--fix", "--unsafe-fixes"]);
            }
            run_cmd(c, timeout)
        }
        Cmd::Verify => {
            let mut c = command(&root);
            c.args(verify_args(&root));
            run_cmd(c, timeout)
        }
        Cmd::Emulate => run_emulate(&root),
    };
    let after = tree(&root);
    let result = judge(case, &root, &run, &before, &after);
    unlock(&root);
    result
}

fn judge(
    case: &Case,
    root: &Path,
    run: &Run,
    before: &Tree,
    after: &Tree,
) -> Result<Outcome, String> {
    let show_root = root.display().to_string();
    let show_tmp = root.parent().unwrap().display().to_string();
    let clean = |s: &str| s.replace(&show_root, "[APP]").replace(&show_tmp, "[TMP]");
    let context = || {
        format!(
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            run.code,
            clean(&run.stdout),
            clean(&run.stderr)
        )
    };
    if run.stderr.contains(BUG_LINE) || run.stderr.contains("panicked at") {
        return Err(format!("panicked\n{}", context()));
    }
    let Some(code) = run.code else {
        return Err(format!("killed by a signal\n{}", context()));
    };
    if !(0..=3).contains(&code) {
        return Err(format!(
            "exit code {code} is not a documented one\n{}",
            context()
        ));
    }
    let json: Option<Value> = serde_json::from_str(&run.stdout).ok();
    let changed = diff(before, after);
    match &case.expect {
        Expect::Ok => {
            match case.cmd {
                Cmd::Init => {
                    if code != 0 {
                        return Err(format!("init didn't succeed\n{}", context()));
                    }
                    written_files_read(root, &changed)?;
                    for (kind, file) in &case.keeps {
                        let bytes = std::fs::read(root.join(file)).unwrap();
                        let ok = match kind.as_str() {
                            "bom" => bytes.starts_with(b"\xef\xbb\xbf"),
                            "crlf" => {
                                bytes.windows(2).all(|w| w[1] != b'\n' || w[0] == b'\r')
                                    && bytes.first() != Some(&b'\n')
                            }
                            "mode" => true,
                            _ => panic!("unknown keeps `{kind}`"),
                        };
                        if !ok {
                            return Err(format!(
                                "`{file}` lost its {kind} after init:\n{:?}",
                                String::from_utf8_lossy(&bytes)
                            ));
                        }
                    }
                    // A second run finds the setup done and writes nothing.
                    let mid = tree(root);
                    let mut again = command(root);
                    again.args(init_args(root));
                    let second = run_cmd(again, Duration::from_secs(300));
                    if second.code != Some(0) || diff(&mid, &tree(root)) != Vec::<String>::new() {
                        return Err(format!(
                            "a second init wasn't a no-op: exit {:?}, changed {:?}\n{}",
                            second.code,
                            diff(&mid, &tree(root)),
                            clean(&second.stderr)
                        ));
                    }
                    let status = json
                        .as_ref()
                        .and_then(|j| j["status"].as_str())
                        .unwrap_or("?")
                        .to_string();
                    Ok(Outcome {
                        exit: Some(code),
                        shown: format!(
                            "status `{status}`, {} file(s) written, second run writes nothing",
                            changed.len()
                        ),
                    })
                }
                Cmd::Doctor | Cmd::DoctorFix => {
                    if code > 1 || json.is_none() {
                        return Err(format!("doctor didn't report\n{}", context()));
                    }
                    let findings = json.as_ref().unwrap()["findings"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    if let Some(f) = findings
                        .iter()
                        .find(|f| matches!(f["code"].as_str(), Some("AK002" | "AK100")))
                    {
                        return Err(format!("doctor couldn't read a file: {f}"));
                    }
                    if case.cmd == Cmd::Doctor && !changed.is_empty() {
                        return Err(format!("doctor without --fix wrote {changed:?}"));
                    }
                    let codes: Vec<&str> =
                        findings.iter().filter_map(|f| f["code"].as_str()).collect();
                    Ok(Outcome {
                        exit: Some(code),
                        shown: format!(
                            "report: {}",
                            if codes.is_empty() {
                                "no findings".into()
                            } else {
                                codes.join(", ")
                            }
                        ),
                    })
                }
                Cmd::Verify => {
                    let status = json
                        .as_ref()
                        .and_then(|j| j["status"].as_str())
                        .unwrap_or("?");
                    if code != 0 || status != "accepted" {
                        return Err(format!("the token wasn't accepted\n{}", context()));
                    }
                    Ok(Outcome {
                        exit: Some(code),
                        shown: "token accepted".into(),
                    })
                }
                Cmd::Emulate => {
                    if code != 0 || !run.stdout.contains("\"url\"") {
                        return Err(format!(
                            "the emulator didn't start and stop cleanly\n{}",
                            context()
                        ));
                    }
                    Ok(Outcome {
                        exit: Some(code),
                        shown: "started, stopped on SIGTERM".into(),
                    })
                }
            }
        }
        Expect::Error { file, pos } => {
            if code != 2 {
                return Err(format!("expected exit 2\n{}", context()));
            }
            if !changed.is_empty() {
                return Err(format!(
                    "bytes were written on error: {changed:?}\n{}",
                    context()
                ));
            }
            let err = json
                .as_ref()
                .map(|j| j["error"].clone())
                .unwrap_or(Value::Null);
            let (got_file, got_pos) = if let Some(loc) = err.get("location") {
                (
                    loc["file"].as_str().unwrap_or("").to_string(),
                    Some((
                        loc["line"].as_u64().unwrap_or(0) as usize,
                        loc["column"].as_u64().unwrap_or(0) as usize,
                    )),
                )
            } else {
                (err["file"].as_str().unwrap_or("").to_string(), None)
            };
            // Without `--json` (emulate prints its error to stderr as text too), read the text.
            let text = clean(&run.stderr);
            let named = got_file == *file
                || text.contains(&format!("`{file}`"))
                || text.contains(&format!("{file}:"));
            if !named {
                return Err(format!("the error doesn't name `{file}`\n{}", context()));
            }
            if let Some((l, c)) = pos {
                let at = format!("{file}:{l}:{c}");
                if got_pos != Some((*l, *c)) && !text.contains(&at) {
                    return Err(format!(
                        "the error isn't at `{at}` (got {got_pos:?})\n{}",
                        context()
                    ));
                }
            }
            let message = err["message"]
                .as_str()
                .map(clean)
                .unwrap_or_else(|| first_line(text.trim_start_matches("error: ")));
            Ok(Outcome {
                exit: Some(code),
                shown: message,
            })
        }
        Expect::Rejected(want) => {
            let got = json
                .as_ref()
                .and_then(|j| j["error"]["code"].as_str())
                .unwrap_or("");
            if case.cmd != Cmd::Verify || code != 1 || got != want {
                return Err(format!(
                    "expected the token refused with {want}\n{}",
                    context()
                ));
            }
            if !changed.is_empty() {
                return Err(format!("bytes were written: {changed:?}"));
            }
            let message = json
                .as_ref()
                .and_then(|j| j["error"]["message"].as_str())
                .unwrap_or("");
            Ok(Outcome {
                exit: Some(code),
                shown: format!("{want}: {message}"),
            })
        }
        Expect::Finding {
            code: want,
            file,
            pos,
        } => {
            if code != 1 {
                return Err(format!("expected doctor's exit 1\n{}", context()));
            }
            if !changed.is_empty() {
                return Err(format!("bytes were written: {changed:?}\n{}", context()));
            }
            let findings = json
                .as_ref()
                .map(|j| j["findings"].as_array().cloned().unwrap_or_default())
                .unwrap_or_default();
            let hit = findings.iter().find(|f| {
                f["code"].as_str() == Some(want)
                    && f["file"].as_str() == Some(file)
                    && pos.is_none_or(|(l, c)| {
                        f["line"].as_u64() == Some(l as u64)
                            && f["column"].as_u64() == Some(c as u64)
                    })
            });
            match hit {
                Some(f) => Ok(Outcome {
                    exit: Some(code),
                    shown: format!("{want}: {}", f["message"].as_str().unwrap_or("")),
                }),
                None => Err(format!(
                    "no {want} finding for `{file}` {pos:?}\n{}",
                    context()
                )),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The run, and the table

fn md_escape(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let s = s.replace('|', "\\|");
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

fn describe_edits(edits: &[(String, String)]) -> String {
    if edits.is_empty() {
        return "(as is)".into();
    }
    edits
        .iter()
        .map(|(f, e)| {
            let e = if e.chars().count() > 48 {
                format!("{}…", e.chars().take(48).collect::<String>())
            } else {
                e.clone()
            };
            format!("`{f}`: `{}`", e.replace('`', "'"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn bad_input_corpus() {
    let cases = corpus();
    let root_user = is_root();
    let only = std::env::var("CORPUS_ONLY").ok();
    let mut failures = Vec::new();
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut skipped = 0;
    let mut by_cmd: BTreeMap<Cmd, usize> = BTreeMap::new();
    // Cases run in parallel, a few at a time (each is a separate process).
    let results: Vec<(usize, Result<Outcome, String>, bool)> = {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let out = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some(case) = cases.get(i) else { break };
                        if only
                            .as_deref()
                            .is_some_and(|o| !case.id.contains(o) && case.group != o)
                        {
                            continue;
                        }
                        let skip = case.non_root && root_user;
                        let r = if skip {
                            Ok(Outcome {
                                exit: None,
                                shown: String::new(),
                            })
                        } else {
                            let started = Instant::now();
                            let r =
                                std::panic::catch_unwind(|| check_case(case)).unwrap_or_else(|p| {
                                    Err(p
                                        .downcast_ref::<String>()
                                        .cloned()
                                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                                        .unwrap_or_default())
                                });
                            if started.elapsed() > Duration::from_secs(3) {
                                eprintln!(
                                    "slow: [{}] {} took {:.1?}",
                                    case.id,
                                    case.cmd.name(),
                                    started.elapsed()
                                );
                            }
                            r
                        };
                        out.lock().unwrap().push((i, r, skip));
                    }
                });
            }
        });
        let mut v = out.into_inner().unwrap();
        v.sort_by_key(|(i, _, _)| *i);
        v
    };
    for (i, result, skip) in results {
        let case = &cases[i];
        *by_cmd.entry(case.cmd).or_default() += 1;
        if skip {
            skipped += 1;
            eprintln!(
                "skipped [{}] {}: permission bits don't bind root",
                case.id,
                case.cmd.name()
            );
        }
        let shown = match &result {
            // The same text as root or not, so the table doesn't depend on who runs it.
            _ if case.non_root => "(permission case: checked when not run as root)".to_string(),
            Ok(o) => format!(
                "exit {}: {}",
                o.exit.map_or("-".into(), |c| c.to_string()),
                o.shown
            ),
            Err(e) => format!("FAILED: {}", first_line(e)),
        };
        if let Err(e) = &result {
            failures.push(format!(
                "[{}] {} ({}): {e}",
                case.id,
                case.cmd.name(),
                case.group
            ));
        }
        let mut note = case.note.clone();
        if case.heavy {
            note = format!("{note} (full size with `CORPUS_FULL=1`, 1/25 in the default run)")
                .trim()
                .to_string();
        }
        if case.non_root {
            note = format!("{note} (needs non-root)").trim().to_string();
        }
        rows.entry(case.group.clone()).or_default().push(format!(
            "| `{}` | {} | {} | {} | {} | {} |",
            case.id,
            case.cmd.name(),
            md_escape(&describe_edits(&case.edits)),
            md_escape(&case.expect.show()),
            md_escape(&shown),
            md_escape(&note),
        ));
    }
    eprintln!(
        "{} cases ({}), {skipped} skipped as root, {} failed",
        cases.len(),
        by_cmd
            .iter()
            .map(|(c, n)| format!("{}: {n}", c.name()))
            .collect::<Vec<_>>()
            .join(", "),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    if only.is_some() {
        return;
    }
    assert!(
        cases.len() >= 200,
        "the corpus has {} cases, fewer than 200",
        cases.len()
    );

    // The table in docs/robustness.md.
    let mut table = String::new();
    table.push_str(&format!(
        "{} cases: {}. Cases that need permission bits to bind ({}) are skipped, and counted, when the suite runs as root.\n",
        cases.len(),
        by_cmd.iter().map(|(c, n)| format!("`{}` {n}", c.name())).collect::<Vec<_>>().join(", "),
        cases.iter().filter(|c| c.non_root).count(),
    ));
    for (group, rows) in &rows {
        table.push_str(&format!(
            "\n### {group} ({} cases)\n\n| case | command | edits | expected | result | note |\n| --- | --- | --- | --- | --- | --- |\n",
            rows.len()
        ));
        for r in rows {
            table.push_str(r);
            table.push('\n');
        }
    }
    let doc_path = repo().join("docs/robustness.md");
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_default();
    let (start, end) = ("<!-- corpus:start -->\n", "<!-- corpus:end -->");
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        panic!("docs/robustness.md needs the `corpus:start` and `corpus:end` markers");
    };
    let fresh = format!("{}{start}{table}{}", &doc[..a], &doc[b..]);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&doc_path, &fresh).unwrap();
    } else {
        assert!(
            fresh == doc,
            "docs/robustness.md is stale; run `UPDATE_DOCS=1 cargo test --test robustness`"
        );
    }
}
