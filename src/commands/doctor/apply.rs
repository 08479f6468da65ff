//! `--fix`: which fixes run (the safe ones; the unsafe ones with `--unsafe-fixes` or after a yes
//! in a terminal; a port picked by `--port`), their edits made in memory, re-parsed, and written
//! in one transaction. Also [`prepare`], run during the check: a fix counts as applicable only
//! when its edits can be built for this app, and its diff is kept for the report.

use std::collections::BTreeMap;

use super::diagnostic::{Applicability, Diagnostic};
use super::fix::{FixOp, validate};
use super::prompt::Ask;
use super::report::{AppliedFix, FixedFile};
use crate::app::App as Context;
use crate::edit::plan::unified_diff;
use crate::error::{ErrorKind, UserError};

/// What the user allowed beyond the safe fixes.
pub struct Choices<'a> {
    /// `--unsafe-fixes`: apply the unsafe fixes without asking.
    pub unsafe_fixes: bool,
    /// `--port N`: the port the app uses, for the port fixes (AK200, AK203).
    pub port: Option<u16>,
    /// The terminal, to ask about each unsafe fix (never when it isn't one).
    pub ask: &'a dyn Ask,
}

/// What `--fix` did.
#[derive(Debug, Default)]
pub struct Applied {
    pub files: Vec<FixedFile>,
    pub bytes: usize,
    pub fixes: Vec<AppliedFix>,
    /// Unsafe fixes left out (no `--unsafe-fixes`, no terminal, or declined).
    pub unsafe_skipped: usize,
}

/// A file during `--fix`: its text on disk and its current text (`None`: absent).
#[derive(Debug, Clone)]
struct Staged {
    disk: Option<String>,
    now: Option<String>,
    codes: Vec<&'static str>,
}

/// The file `op` edits, relative to the app: `convex.json` is the Convex project's (in a monorepo,
/// another workspace package's).
fn file_of(cx: &Context, op: &FixOp) -> String {
    match op.file() {
        f if f == crate::edit::convex_json::FILE => cx.convex_json_rel.clone(),
        f => f.to_string(),
    }
}

/// Runs `ops` on top of `staged` (reading the files it doesn't hold yet). All or nothing: when
/// one op fails, `staged` is left as it was. Returns the files whose text the ops changed.
fn run_ops(
    cx: &Context,
    ops: &[FixOp],
    staged: &mut BTreeMap<String, Staged>,
) -> Result<Vec<String>, String> {
    let mut work = staged.clone();
    let mut touched = Vec::new();
    for op in ops {
        let rel = file_of(cx, op);
        if !work.contains_key(&rel) {
            let disk = cx
                .files
                .read(&rel)
                .map_err(|e| e.message)?
                .map(|t| t.to_string());
            work.insert(
                rel.clone(),
                Staged {
                    disk: disk.clone(),
                    now: disk,
                    codes: Vec::new(),
                },
            );
        }
        let entry = work.get_mut(&rel).expect("staged above");
        let new = op.apply(entry.now.as_deref(), cx.recipe(), prettier_of(cx))?;
        if new != entry.now {
            entry.now = new;
            if !touched.contains(&rel) {
                touched.push(rel);
            }
        }
    }
    *staged = work;
    Ok(touched)
}

/// A fix with edits counts as one only when they can be built for this input and change
/// something: they run in memory on the files as they are; if one fails (a config shape the
/// editor can't handle, a file that is gone) or none changes anything, the fix becomes manual,
/// so doctor never claims `--fix` applies a fix it would skip. Otherwise the fix keeps its diff
/// (secrets masked) for the report.
pub fn prepare(cx: &Context, d: &mut Diagnostic) {
    if d.fix.applicability == Applicability::Manual || d.fix.ops.is_empty() {
        d.fix.make_manual();
        return;
    }
    let mut staged = BTreeMap::new();
    match run_ops(cx, &d.fix.ops, &mut staged) {
        Ok(touched) if !touched.is_empty() => {
            let secrets = cx.secret_values();
            let diff: String = touched
                .iter()
                .map(|rel| {
                    let s = &staged[rel];
                    unified_diff(rel, s.disk.as_deref(), s.now.as_deref())
                })
                .collect();
            d.fix.diff = Some(crate::ui::mask::mask_secrets(&diff, &secrets));
        }
        _ => d.fix.make_manual(),
    }
}

/// The decision on one unsafe fix, remembered so the same edits are asked about once.
#[derive(Clone, PartialEq)]
enum Decision {
    Apply,
    Skip,
}

/// Applies the chosen fixes among `findings`.
pub fn apply(
    cx: &Context,
    findings: &[Diagnostic],
    choices: &Choices,
    cancel: &crate::files::Cancel,
) -> Result<Applied, UserError> {
    let mut applied = Applied::default();
    // The port the app uses, when the user gave one: `--port`, or the answer in a terminal to an
    // ambiguous port (asked once, before anything else). `Some(None)`: asked, and left alone.
    // Without a port mismatch there is nothing to choose, and `--port` changes nothing.
    let mismatch = findings
        .iter()
        .any(|d| d.fix.has_edits() && d.fix.port.is_some());
    let mut port: Option<Option<u16>> = choices.port.filter(|_| mismatch).map(Some);
    if port.is_none()
        && let Some(d) = findings
            .iter()
            .find(|d| d.fix.has_edits() && needs_port_question(&d.fix, choices))
        && let Some(choice) = d.fix.port
    {
        port = Some(choices.ask.choose_port(d, choice)?);
    }
    let mut decided: Vec<(Vec<FixOp>, Decision)> = Vec::new();
    let mut staged: BTreeMap<String, Staged> = BTreeMap::new();
    for d in findings.iter().filter(|d| d.fix.has_edits()) {
        let mut fix = d.fix.clone();
        if let Some(Some(to)) = port {
            // Every pin goes to the chosen port (AK201's too).
            for op in &mut fix.ops {
                if let FixOp::PinPort { port, .. } = op
                    && *port != to
                {
                    *port = to;
                    fix.summary = cx.recipe().pin_port_action(to);
                }
            }
        }
        let take = match (fix.applicability, fix.port, port) {
            // A port the user picked (`--port`, or in the terminal) is their choice.
            (_, Some(_), Some(to)) => match to.and_then(|to| super::rules::port_fix(cx, to)) {
                Some(f) if f.has_edits() => {
                    fix = f;
                    true
                }
                _ => false,
            },
            // A pin goes to the chosen port (AK201's, moved there above), or nowhere when the
            // answer was to leave the port alone.
            (_, _, Some(to)) if fix.ops.iter().any(|op| matches!(op, FixOp::PinPort { .. })) => {
                to.is_some()
            }
            (Applicability::Safe, _, _) => true,
            (Applicability::Unsafe, _, _) if choices.unsafe_fixes => true,
            (Applicability::Unsafe, None, _) if choices.ask.interactive() => {
                match decided.iter().find(|(ops, _)| *ops == fix.ops) {
                    Some((_, decision)) => *decision == Decision::Apply,
                    None => {
                        let yes = choices.ask.confirm(d)?;
                        let decision = if yes { Decision::Apply } else { Decision::Skip };
                        decided.push((fix.ops.clone(), decision));
                        yes
                    }
                }
            }
            _ => false,
        };
        if !take {
            if fix.applicability == Applicability::Unsafe {
                applied.unsafe_skipped += 1;
            }
            continue;
        }
        // All ops of one fix succeed together, or the fix is skipped.
        if run_ops(cx, &fix.ops, &mut staged).is_err() {
            continue;
        }
        // The code goes with every file its fix edits, even when an earlier fix made the same
        // edit (a port fix is one fix for several findings).
        for op in &fix.ops {
            let codes = &mut staged.get_mut(&file_of(cx, op)).expect("staged").codes;
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
        applied.fixes.push(AppliedFix {
            code: d.code,
            applicability: fix.applicability,
            summary: fix.summary.clone(),
            commands: fix.commands.clone(),
        });
    }
    let changes: Vec<(String, Staged)> = staged
        .into_iter()
        .filter(|(_, s)| s.disk != s.now)
        .collect();
    for (rel, s) in &changes {
        if let Some(after) = &s.now {
            validate(rel, after).map_err(|m| {
                UserError::new(
                    ErrorKind::UnsupportedCode,
                    format!("the fixed `{rel}` would not parse ({m}); nothing was written"),
                )
                .hint("this is a bug in convex-authkit; please report it with the file")
            })?;
        }
    }
    if changes.is_empty() {
        applied.fixes.clear();
        return Ok(applied);
    }
    let writes: Vec<(std::path::PathBuf, Option<Vec<u8>>)> = changes
        .iter()
        .map(|(rel, s)| (cx.root.join(rel), s.now.clone().map(String::into_bytes)))
        .collect();
    applied.bytes = writes
        .iter()
        .map(|(_, b)| b.as_ref().map_or(0, Vec::len))
        .sum();
    let root = cx.root.clone();
    crate::files::apply_all(
        &writes,
        |p| p.strip_prefix(&root).unwrap_or(p).display().to_string(),
        cancel,
    )
    .map_err(crate::files::ApplyError::into_user_error)?;
    applied.files = changes
        .into_iter()
        .map(|(rel, s)| FixedFile {
            action: match (&s.disk, &s.now) {
                (None, _) => "create",
                (Some(_), None) => "delete",
                (Some(_), Some(_)) => "modify",
            },
            diff: unified_diff(&rel, s.disk.as_deref(), s.now.as_deref()),
            path: rel,
            codes: s.codes,
        })
        .collect();
    Ok(applied)
}

/// Whether an unsafe port fix should ask which port (in a terminal, without `--unsafe-fixes`).
fn needs_port_question(fix: &super::diagnostic::Fix, choices: &Choices) -> bool {
    fix.applicability == Applicability::Unsafe && !choices.unsafe_fixes && choices.ask.interactive()
}

/// The app's Prettier options, which fixed code follows.
fn prettier_of(cx: &Context) -> Option<&crate::edit::prettier::Options> {
    cx.prettier().map(|r| &r.options)
}
