//! The app's files: read once through [`Files`], written only through [`apply_all`].
//!
//! Every command reads the app through one [`Files`] cache, so a file is read at most once per
//! run however many readers (the framework recipe, the app model, doctor's rules) look at it.
//!
//! Writes are atomic and all-or-nothing.
//! Each file is written to a temporary file in the same folder and renamed over the original, so a
//! reader never sees half a file; the original's permissions are copied first (`.env.local` is
//! often `0600`). A [`Transaction`] snapshots every file before touching it and, if any write fails
//! or Ctrl-C arrives, writes the snapshots back, deletes the files it created and removes the
//! folders it made, so the project ends byte-for-byte as it started.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::error::{ErrorKind, UserError};

/// A text file of the app, read once.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the app root, with `/` separators.
    pub rel: String,
    pub text: String,
}

/// What reading one file gave: its text, `None` for "missing", or why it can't be read.
type Reading = Result<Option<Arc<str>>, UserError>;

/// The app's files under one root, each read at most once (including the answers "missing" and
/// "can't be read"), and readings derived from them made at most once ([`Files::memo`]).
pub struct Files {
    root: PathBuf,
    cache: Mutex<HashMap<String, Reading>>,
    memo: Mutex<HashMap<&'static str, Arc<dyn std::any::Any + Send + Sync>>>,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Files").field("root", &self.root).finish()
    }
}

impl Files {
    pub fn new(root: PathBuf) -> Files {
        Files {
            root,
            cache: Mutex::new(HashMap::new()),
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// What `make` derives from the files (a recipe's reading of several of them), made once
    /// per `key` for this `Files` and so per run: the files it reads can't change under it.
    pub fn memo<T: Clone + Send + Sync + 'static>(
        &self,
        key: &'static str,
        make: impl FnOnce() -> T,
    ) -> T {
        let lock = || self.memo.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(hit) = lock().get(key).and_then(|v| v.downcast_ref::<T>()) {
            return hit.clone();
        }
        let value = make();
        lock().insert(key, Arc::new(value.clone()));
        value
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The text of `rel`; `None` if nothing is there. Something there that can't be read as a
    /// UTF-8 text file (a broken symbolic link, a folder, …) is an error naming the cause.
    pub fn read(&self, rel: &str) -> Reading {
        let rel = rel.trim_start_matches("./");
        if let Some(hit) = self.lock().get(rel) {
            return hit.clone();
        }
        let reading = read_optional(&self.root, rel).map(|t| t.map(Arc::from));
        self.lock().insert(rel.to_string(), reading.clone());
        reading
    }

    /// [`Files::read`] as an owned [`SourceFile`].
    pub fn source(&self, rel: &str) -> Result<Option<SourceFile>, UserError> {
        Ok(self.read(rel)?.map(|text| SourceFile {
            rel: rel.trim_start_matches("./").to_string(),
            text: text.to_string(),
        }))
    }

    /// Like [`Files::source`], but a missing file is an error naming it.
    pub fn require(&self, rel: &str) -> Result<SourceFile, UserError> {
        self.source(rel)?
            .ok_or_else(|| read_error(rel, &std::io::Error::from(std::io::ErrorKind::NotFound)))
    }

    /// The first of `names` that exists, with its text. A missing name is skipped; one that is
    /// there but can't be read is an error (it is probably the one meant).
    pub fn first_of(&self, names: &[&str]) -> Result<Option<SourceFile>, UserError> {
        for name in names {
            if let Some(file) = self.source(name)? {
                return Ok(Some(file));
            }
        }
        Ok(None)
    }

    /// The module an import of `base` (a path from the root, the specifier already joined)
    /// resolves to, as bundlers resolve it: `base` itself, with `.tsx`/`.ts`/`.jsx`/`.js`, as a
    /// folder's `index`, and TS ESM's `.js` written for a `.ts`/`.tsx` file. `None` when no such
    /// file exists; an error when it exists but can't be read.
    pub fn module(&self, base: &str) -> Result<Option<SourceFile>, UserError> {
        const MODULE_EXTS: [&str; 8] =
            [".tsx", ".ts", ".jsx", ".js", ".mts", ".cts", ".mjs", ".cjs"];
        let mut candidates: Vec<String> = Vec::new();
        for (js_ext, ts) in [
            (".js", &[".ts", ".tsx"][..]),
            (".jsx", &[".tsx"][..]),
            (".mjs", &[".mts"][..]),
            (".cjs", &[".cts"][..]),
        ] {
            if let Some(stem) = base.strip_suffix(js_ext) {
                candidates.extend(ts.iter().map(|e| format!("{stem}{e}")));
            }
        }
        if MODULE_EXTS.iter().any(|e| base.ends_with(e)) && !base.ends_with(".d.ts") {
            candidates.push(base.to_string());
        }
        for e in [".tsx", ".ts", ".jsx", ".js"] {
            candidates.push(format!("{base}{e}"));
        }
        for e in [".tsx", ".ts", ".jsx", ".js"] {
            candidates.push(format!("{base}/index{e}"));
        }
        for c in &candidates {
            if self.exists(c)? {
                return self.source(c);
            }
        }
        Ok(None)
    }

    /// Whether `rel` is a file (its content may still fail to read): `false` when nothing is
    /// there, an error naming the cause when something is there that can't be a file (a symbolic
    /// link that points nowhere or in a loop, a folder, a pipe or device), so a caller trying
    /// candidates stops at a broken one instead of skipping it.
    pub fn exists(&self, rel: &str) -> Result<bool, UserError> {
        let rel = rel.trim_start_matches("./");
        if let Some(Ok(hit)) = self.lock().get(rel) {
            return Ok(hit.is_some());
        }
        probe(&self.root, rel)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Reading>> {
        // A poisoned cache only means another reader panicked; its entries are still sound.
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A cancel flag the caller owns (its Ctrl-C/SIGTERM handler sets it); [`apply_all`] checks it
/// between writes and rolls back when it is set. Library code installs no process-wide handler.
///
/// The flag is *armed* while [`apply_all`] runs: a handler should only set it then
/// ([`Cancel::cancel_if_armed`]) and otherwise let the signal end the process, so a signal before
/// or after the transaction (during a package install) still stops the tool.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>, Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
    /// Sets the flag if a transaction is running; false when none is (the caller should exit).
    pub fn cancel_if_armed(&self) -> bool {
        if self.1.load(Ordering::SeqCst) {
            self.cancel();
            true
        } else {
            false
        }
    }
    fn arm(&self, on: bool) {
        self.1.store(on, Ordering::SeqCst);
    }
}

/// The signal handler for a command that writes: Ctrl-C or SIGTERM during [`apply_all`] rolls
/// back; outside it, the process ends as the signal would have ended it (130).
pub fn install_signal_handler(cancel: &Cancel) {
    let cancel = cancel.clone();
    // Fails only if a handler is already installed in this process; that one stays.
    let _ = ctrlc::set_handler(move || {
        if !cancel.cancel_if_armed() {
            std::process::exit(130);
        }
    });
}

/// An advisory lock on an app's folder, held while a command that writes (init, doctor --fix)
/// reads, plans and applies: a second run on the same app refuses instead of interleaving its
/// writes with the first's. Released when dropped (or when the process dies).
#[derive(Debug)]
pub struct AppLock {
    _dir: Option<std::fs::File>,
}

/// Takes the app's lock, or says that another run holds it.
pub fn lock_app(root: &Path, command: &str) -> Result<AppLock, UserError> {
    #[cfg(unix)]
    {
        // `flock` on the folder itself: nothing to create or clean up in the app.
        let Ok(dir) = std::fs::File::open(root) else {
            // A folder we can't open is reported by the reading that follows.
            return Ok(AppLock { _dir: None });
        };
        match dir.try_lock() {
            Ok(()) => Ok(AppLock { _dir: Some(dir) }),
            Err(std::fs::TryLockError::WouldBlock) => Err(UserError::new(
                ErrorKind::Io,
                format!(
                    "another convex-authkit (`init` or `doctor --fix`) is changing this app; `{command}` stopped before reading it"
                ),
            )
            .hint("wait for the other run to finish, then run again; nothing was written")),
            // A file system without locks: run unlocked, as before.
            Err(std::fs::TryLockError::Error(_)) => Ok(AppLock { _dir: None }),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (root, command);
        Ok(AppLock { _dir: None })
    }
}

/// Test hook: fail the apply after this many successful writes, to prove the rollback.
const FAIL_AFTER_ENV: &str = "CONVEX_AUTHKIT_TEST_FAIL_AFTER_WRITES";
/// Test hook: pause this many milliseconds at each step of an apply (before a file, halfway
/// through its temp file, before its rename) and say so on stderr, so the kill test
/// (`tests/crash_safe.rs`) can stop the process at every point.
const PAUSE_ENV: &str = "CONVEX_AUTHKIT_TEST_APPLY_PAUSE_MS";

/// The pause hook, read once per apply.
struct Pauses {
    each: Option<std::time::Duration>,
    step: usize,
}

impl Pauses {
    fn from_env() -> Pauses {
        let each = std::env::var(PAUSE_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .map(std::time::Duration::from_millis);
        Pauses { each, step: 0 }
    }
    fn pause(&mut self) {
        if let Some(d) = self.each {
            self.step += 1;
            eprintln!("convex-authkit test hook: apply step {}", self.step);
            std::thread::sleep(d);
        }
    }
}

/// Writes `contents` to `path` atomically, keeping the permissions of the file it replaces.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_paused(
        path,
        contents,
        &mut Pauses {
            each: None,
            step: 0,
        },
    )
}

fn write_atomic_paused(path: &Path, contents: &[u8], pauses: &mut Pauses) -> std::io::Result<()> {
    // Write through a symlink (a shared `.env.local`) instead of replacing the link.
    let resolved;
    let path = if fs_err::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = fs_err::canonicalize(path)?;
        resolved.as_path()
    } else {
        path
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".convex-authkit-")
        .suffix(".tmp")
        .tempfile_in(parent)?;
    match fs_err::metadata(path) {
        Ok(meta) => tmp.as_file().set_permissions(meta.permissions())?,
        Err(_) => set_new_file_mode(tmp.as_file())?,
    }
    let (first, rest) = contents.split_at(contents.len() / 2);
    tmp.write_all(first)?;
    pauses.pause();
    tmp.write_all(rest)?;
    tmp.as_file().sync_all()?;
    pauses.pause();
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes what an earlier run killed mid-apply left in `dir`: its temp files
/// (`.convex-authkit-*.tmp`, never renamed into place) and the copies of files it was deleting
/// (`.convex-authkit-*.deleted`). The caller holds the app's lock ([`lock_app`]), so no other
/// run is writing them now.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(".convex-authkit-")
            && (name.ends_with(".tmp") || name.ends_with(".deleted"));
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn set_new_file_mode(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // tempfile creates 0600; a new source file should look like one the user made.
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_new_file_mode(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Reads a text file of the app; `None` if nothing is there (see [`Files::read`]).
pub fn read_optional(root: &Path, rel: &str) -> Result<Option<String>, UserError> {
    if !probe(root, rel)? {
        return Ok(None);
    }
    let bytes = match fs_err::read(root.join(rel)) {
        Ok(bytes) => bytes,
        Err(e) if is_missing(&e) => return Ok(None),
        Err(e) => return Err(read_error(rel, &e)),
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The valid prefix is text, so its lines and columns are the editor's.
        let before = String::from_utf8_lossy(&bytes[..at]);
        let (line, column) = crate::error::line_col(&before, before.len());
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        let what = if utf16 {
            "it is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8".to_string()
        } else {
            format!(
                "it is not UTF-8 text (byte 0x{:02X} at line {line}, column {column})",
                bytes[at]
            )
        };
        unreadable(
            rel,
            what,
            format!("save `{rel}` as UTF-8 (Vite, npm and the Convex CLI read it as UTF-8 too)"),
        )
        .at(crate::error::Location {
            file: rel.to_string(),
            line,
            column,
        })
    })
}

/// Nothing at the path: it, or a folder on the way to it, doesn't exist.
fn is_missing(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
    )
}

/// What stands at `rel`: `Ok(true)` a file (or a link to one), `Ok(false)` nothing, an error
/// naming the cause for anything that can't be read as a file.
fn probe(root: &Path, rel: &str) -> Result<bool, UserError> {
    let path = root.join(rel);
    let meta = match fs_err::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if is_missing(&e) => return Ok(false),
        Err(e) => return Err(read_error(rel, &e)),
    };
    let meta = if meta.file_type().is_symlink() {
        match fs_err::metadata(&path) {
            Ok(target) => target,
            Err(e) => return Err(broken_link(root, rel, &e)),
        }
    } else {
        meta
    };
    if meta.is_file() {
        Ok(true)
    } else if meta.is_dir() {
        Err(unreadable(
            rel,
            "it is a folder, not a file".into(),
            format!("rename or remove the folder `{rel}`"),
        ))
    } else {
        Err(unreadable(
            rel,
            "it is not a regular file (a pipe, socket or device)".into(),
            format!("replace `{rel}` with a regular file"),
        ))
    }
}

/// The error for a symbolic link that can't be followed: it points to itself, into a loop, or to
/// something that doesn't exist (named, relative to the app when it is inside it).
fn broken_link(root: &Path, rel: &str, e: &std::io::Error) -> UserError {
    let shown = |p: &Path| match p.strip_prefix(normalize(root)) {
        Ok(r) => r.to_string_lossy().replace('\\', "/"),
        Err(_) => p.display().to_string(),
    };
    let start = normalize(&root.join(rel));
    let mut chain = vec![start.clone()];
    let mut current = start;
    // The kernel gives up after 40 links; so do we.
    for _ in 0..40 {
        let Ok(target) = fs_err::read_link(&current) else {
            break;
        };
        let next = normalize(&current.parent().unwrap_or(Path::new("")).join(target));
        if chain.contains(&next) {
            let how = if chain.len() == 1 {
                "it is a symbolic link that points to itself".to_string()
            } else {
                let steps: Vec<String> = chain
                    .iter()
                    .chain([&next])
                    .map(|p| format!("`{}`", shown(p)))
                    .collect();
                format!("it is a symbolic link in a loop ({})", steps.join(" → "))
            };
            return unreadable(
                rel,
                how,
                format!("replace the link `{rel}` with the file, or point it at the real file"),
            );
        }
        match fs_err::symlink_metadata(&next) {
            Ok(m) if m.file_type().is_symlink() => {
                chain.push(next.clone());
                current = next;
            }
            Err(e) if is_missing(&e) => {
                let target = shown(&next);
                return unreadable(
                    rel,
                    format!("it is a symbolic link that points to `{target}`, which doesn't exist"),
                    format!("restore `{target}`, or point `{rel}` at a file that exists"),
                );
            }
            _ => break,
        }
    }
    read_error(rel, e)
}

/// A relative `/`-separated path with `.` and `..` resolved by name (`a/b/../c` → `a/c`; a
/// `..` that climbs above the start is kept): how paths relative to the app are compared.
pub fn normalize_rel(rel: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

/// `path` with `.` and `..` resolved by name (without asking the file system).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// "can't read `rel`: {why}", with what to do and that nothing was written.
fn unreadable(rel: &str, why: String, fix: String) -> UserError {
    UserError::new(ErrorKind::Io, format!("can't read `{rel}`: {why}"))
        .in_file(rel)
        .hint(format!("{fix}, then run again; nothing was written"))
}

fn read_error(rel: &str, e: &std::io::Error) -> UserError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => unreadable(
            rel,
            "permission denied".into(),
            format!("make `{rel}` readable (`chmod u+r {rel}`)"),
        ),
        std::io::ErrorKind::NotFound => {
            unreadable(rel, "not found".into(), format!("check the path `{rel}`"))
        }
        // fs_err prefixes the path; keep only the OS reason.
        _ => {
            let s = e.to_string();
            let reason = s
                .rsplit_once(": ")
                .map_or(s.clone(), |(_, r)| r.to_string());
            unreadable(
                rel,
                reason,
                format!("check that `{rel}` is a readable UTF-8 text file"),
            )
        }
    }
}

/// What a file held before the transaction touched it.
struct Snapshot {
    path: PathBuf,
    original: Option<Vec<u8>>,
    /// For a deleted file: where it was moved (in the same folder) until the transaction ends,
    /// so a rollback renames it back with its permissions and contents intact.
    moved_to: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(
        "failed to write `{path}`: {}; every file was restored",
        os_reason(source)
    )]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("interrupted; every file was restored")]
    Interrupted,
    #[error(
        "failed to write `{path}`: {}; restoring the other files also failed: {restore}",
        os_reason(source)
    )]
    RestoreFailed {
        path: String,
        source: std::io::Error,
        restore: String,
    },
}

impl ApplyError {
    /// The error for the user, naming the file that couldn't be written.
    pub fn into_user_error(self) -> UserError {
        let file = match &self {
            ApplyError::Write { path, .. } | ApplyError::RestoreFailed { path, .. } => {
                Some(path.clone())
            }
            ApplyError::Interrupted => None,
        };
        let e = UserError::new(ErrorKind::Io, self.to_string());
        match file {
            Some(f) => e.in_file(f),
            None => e,
        }
    }
}

/// The OS's reason without the absolute paths fs_err puts in front of it and tempfile after it.
fn os_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    let s = match s.rsplit_once("`: ") {
        Some((_, reason)) => reason,
        None => &s,
    };
    match s.split_once(" at path \"") {
        Some((reason, _)) => reason.to_string(),
        None => s.to_string(),
    }
}

/// Writes every `(path, contents)` pair, or none of them. `None` contents delete the file: it is
/// first moved aside in its own folder (an atomic rename), and only removed for good once every
/// other change has been made, so a failure or Ctrl-C puts it back as it was.
pub fn apply_all(
    changes: &[(PathBuf, Option<Vec<u8>>)],
    display: impl Fn(&Path) -> String,
    cancel: &Cancel,
) -> Result<(), ApplyError> {
    cancel.arm(true);
    let result = apply_armed(changes, &display, cancel);
    cancel.arm(false);
    result
}

fn apply_armed(
    changes: &[(PathBuf, Option<Vec<u8>>)],
    display: &impl Fn(&Path) -> String,
    cancel: &Cancel,
) -> Result<(), ApplyError> {
    let fail_after: Option<usize> = std::env::var(FAIL_AFTER_ENV)
        .ok()
        .and_then(|v| v.parse().ok());
    let mut pauses = Pauses::from_env();
    // What a run killed mid-apply left in the folders this one writes.
    let mut dirs: Vec<&Path> = changes
        .iter()
        .filter_map(|(p, _)| p.parent())
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        remove_leftovers(dir);
    }
    let mut done: Vec<Snapshot> = Vec::with_capacity(changes.len());
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    for (index, (path, contents)) in changes.iter().enumerate() {
        pauses.pause();
        let result = (|| {
            if cancel.is_cancelled() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::Interrupted,
                    "interrupted",
                ));
            }
            if fail_after == Some(index) {
                return Err(std::io::Error::other("simulated failure (test hook)"));
            }
            let Some(contents) = contents else {
                // A file that is already gone needs nothing.
                if fs_err::symlink_metadata(path).is_err() {
                    return Ok(());
                }
                let aside = move_aside(path)?;
                done.push(Snapshot {
                    path: path.clone(),
                    original: None,
                    moved_to: Some(aside),
                });
                return Ok(());
            };
            let original = match fs_err::read(path) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            };
            if let Some(parent) = path.parent() {
                create_missing_dirs(parent, &mut created_dirs, display)?;
            }
            // A failed atomic write leaves the original in place, so only successful writes
            // need restoring.
            write_atomic_paused(path, contents, &mut pauses)?;
            done.push(Snapshot {
                path: path.clone(),
                original,
                moved_to: None,
            });
            Ok(())
        })();
        if let Err(source) = result {
            let restore = rollback(&done, &created_dirs);
            if source.kind() == std::io::ErrorKind::Interrupted && restore.is_ok() {
                return Err(ApplyError::Interrupted);
            }
            let path = display(path);
            return Err(match restore {
                Ok(()) => ApplyError::Write { path, source },
                Err(restore) => ApplyError::RestoreFailed {
                    path,
                    source,
                    restore,
                },
            });
        }
    }
    if cancel.is_cancelled() {
        return match rollback(&done, &created_dirs) {
            Ok(()) => Err(ApplyError::Interrupted),
            Err(restore) => Err(ApplyError::RestoreFailed {
                path: String::from("(interrupted)"),
                source: std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted"),
                restore,
            }),
        };
    }
    // Committed: the deleted files' copies go too. A copy that can't be removed is only litter
    // (a hidden `.convex-authkit-*.deleted` file), not a failed transaction.
    for snap in &done {
        if let Some(aside) = &snap.moved_to {
            let _ = fs_err::remove_file(aside);
        }
    }
    Ok(())
}

/// Renames `path` to a fresh hidden name in its own folder and returns that name.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A unique name that nothing else uses: create it, then rename over it (same folder, so the
    // rename is atomic and keeps the file's inode, permissions and contents).
    let placeholder = tempfile::Builder::new()
        .prefix(".convex-authkit-")
        .suffix(".deleted")
        .tempfile_in(parent)?;
    let (_, aside) = placeholder.keep().map_err(|e| e.error)?;
    if let Err(e) = fs_err::rename(path, &aside) {
        let _ = fs_err::remove_file(&aside);
        return Err(e);
    }
    Ok(aside)
}

fn create_missing_dirs(
    dir: &Path,
    created: &mut Vec<PathBuf>,
    display: &dyn Fn(&Path) -> String,
) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    if let Ok(meta) = fs_err::metadata(dir) {
        return if meta.is_dir() {
            Ok(())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("`{}` is a file, not a folder", display(dir)),
            ))
        };
    }
    if let Some(parent) = dir.parent() {
        create_missing_dirs(parent, created, display)?;
    }
    fs_err::create_dir(dir)?;
    created.push(dir.to_path_buf());
    Ok(())
}

fn rollback(done: &[Snapshot], created_dirs: &[PathBuf]) -> Result<(), String> {
    let mut failures = Vec::new();
    for snap in done.iter().rev() {
        let result = match (&snap.moved_to, &snap.original) {
            (Some(aside), _) => fs_err::rename(aside, &snap.path),
            (None, Some(bytes)) => write_atomic(&snap.path, bytes),
            (None, None) => match fs_err::remove_file(&snap.path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            },
        };
        if let Err(e) = result {
            failures.push(format!("`{}`: {e}", snap.path.display()));
        }
    }
    for dir in created_dirs.iter().rev() {
        let _ = fs_err::remove_dir(dir);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env.local");
        fs_err::write(&path, "A=1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs_err::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            write_atomic(&path, b"A=2\n").unwrap();
            let mode = fs_err::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert_eq!(fs_err::read_to_string(&path).unwrap(), "A=2\n");
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_files_name_their_cause() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs_err::create_dir(root.join("src")).unwrap();
        fs_err::write(root.join("src/ok.ts"), "export {};\n").unwrap();
        symlink("ok.ts", root.join("src/link.ts")).unwrap();
        symlink("self.ts", root.join("src/self.ts")).unwrap();
        symlink("b.ts", root.join("src/a.ts")).unwrap();
        symlink("../src/a.ts", root.join("src/b.ts")).unwrap();
        symlink("gone/x.ts", root.join("src/dangling.ts")).unwrap();
        fs_err::create_dir(root.join("src/folder.ts")).unwrap();
        fs_err::write(root.join("src/latin1.ts"), b"// caf\xe9\n").unwrap();
        let files = Files::new(root.to_path_buf());
        let why = |rel: &str| match files.read(rel) {
            Ok(Some(_)) => "text".to_string(),
            Ok(None) => "missing".to_string(),
            Err(e) => {
                assert_eq!(e.about_file(), Some(rel));
                assert!(e.hints[0].ends_with("nothing was written"), "{:?}", e.hints);
                e.message
            }
        };
        assert_eq!(why("src/ok.ts"), "text");
        assert_eq!(why("src/link.ts"), "text");
        assert_eq!(why("src/nothing.ts"), "missing");
        assert_eq!(why("src/ok.ts/inside.ts"), "missing");
        assert_eq!(
            why("src/self.ts"),
            "can't read `src/self.ts`: it is a symbolic link that points to itself"
        );
        assert_eq!(
            why("src/a.ts"),
            "can't read `src/a.ts`: it is a symbolic link in a loop (`src/a.ts` → `src/b.ts` → `src/a.ts`)"
        );
        assert_eq!(
            why("src/dangling.ts"),
            "can't read `src/dangling.ts`: it is a symbolic link that points to `src/gone/x.ts`, which doesn't exist"
        );
        assert_eq!(
            why("src/folder.ts"),
            "can't read `src/folder.ts`: it is a folder, not a file"
        );
        assert_eq!(
            why("src/latin1.ts"),
            "can't read `src/latin1.ts`: it is not UTF-8 text (byte 0xE9 at line 1, column 7)"
        );
        // Probing candidates: a missing one is skipped, a broken one stops the search.
        assert!(!files.exists("src/nothing.ts").unwrap());
        assert!(files.exists("src/link.ts").unwrap());
        assert!(files.exists("src/self.ts").is_err());
        assert_eq!(files.module("src/ok").unwrap().unwrap().rel, "src/ok.ts");
        assert!(files.module("src/self").is_err());
        assert!(
            files
                .first_of(&["src/nothing.ts", "src/dangling.ts", "src/ok.ts"])
                .is_err()
        );
        assert_eq!(
            files
                .first_of(&["src/nothing.ts", "src/ok.ts"])
                .unwrap()
                .unwrap()
                .rel,
            "src/ok.ts"
        );
    }

    #[test]
    fn rollback_restores_everything() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        fs_err::write(&a, "original").unwrap();
        let new_file = dir.path().join("newdir/sub/b.txt");
        let c = dir.path().join("c.txt");
        let done = vec![Snapshot {
            path: a.clone(),
            original: Some(b"original".to_vec()),
            moved_to: None,
        }];
        write_atomic(&a, b"changed").unwrap();
        let mut created = Vec::new();
        create_missing_dirs(new_file.parent().unwrap(), &mut created, &|p| {
            p.display().to_string()
        })
        .unwrap();
        write_atomic(&new_file, b"new").unwrap();
        let mut done = done;
        done.push(Snapshot {
            path: new_file.clone(),
            original: None,
            moved_to: None,
        });
        rollback(&done, &created).unwrap();
        assert_eq!(fs_err::read_to_string(&a).unwrap(), "original");
        assert!(!new_file.exists());
        assert!(!dir.path().join("newdir").exists());
        assert!(!c.exists());
    }

    #[test]
    fn a_cancelled_apply_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        fs_err::write(&a, "original").unwrap();
        let changes = vec![
            (a.clone(), Some(b"changed".to_vec())),
            (dir.path().join("new/b.txt"), Some(b"new".to_vec())),
        ];
        let cancel = Cancel::default();
        cancel.cancel();
        let err = apply_all(&changes, |p| p.display().to_string(), &cancel).unwrap_err();
        assert!(matches!(err, ApplyError::Interrupted), "{err}");
        assert_eq!(fs_err::read_to_string(&a).unwrap(), "original");
        assert!(!dir.path().join("new").exists());
        // A fresh flag lets the same changes through.
        apply_all(&changes, |p| p.display().to_string(), &Cancel::default()).unwrap();
        assert_eq!(fs_err::read_to_string(&a).unwrap(), "changed");
    }

    #[test]
    fn deletes_atomically_and_restores_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("auth.config.js");
        let kept = dir.path().join("a.txt");
        fs_err::write(&gone, "export default {};\n").unwrap();
        fs_err::write(&kept, "original").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs_err::set_permissions(&gone, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let listing = |d: &Path| {
            let mut names: Vec<String> = fs_err::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let before = listing(dir.path());
        // The delete comes first, then a write fails (its folder is a file): the deleted file is
        // back, with its bytes and mode, and no copy is left.
        let changes = vec![
            (gone.clone(), None),
            (kept.clone(), Some(b"changed".to_vec())),
        ];
        let failing = vec![
            (gone.clone(), None),
            (kept.join("x.txt"), Some(b"x".to_vec())),
        ];
        let err = apply_all(&failing, |p| p.display().to_string(), &Cancel::default()).unwrap_err();
        assert!(matches!(err, ApplyError::Write { .. }), "{err}");
        assert_eq!(
            fs_err::read_to_string(&gone).unwrap(),
            "export default {};\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs_err::metadata(&gone).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        assert_eq!(listing(dir.path()), before, "a copy was left behind");
        let cancel = Cancel::default();
        // Cancelled before anything: nothing deleted.
        cancel.cancel();
        assert!(apply_all(&changes, |p| p.display().to_string(), &cancel).is_err());
        assert!(gone.exists());
        // Committed: the file is gone and no copy is left.
        apply_all(&changes, |p| p.display().to_string(), &Cancel::default()).unwrap();
        assert!(!gone.exists());
        assert_eq!(fs_err::read_to_string(&kept).unwrap(), "changed");
        assert_eq!(listing(dir.path()), ["a.txt"]);
        // Deleting what is already gone is nothing.
        apply_all(
            &[(gone.clone(), None)],
            |p| p.display().to_string(),
            &Cancel::default(),
        )
        .unwrap();
    }
}
