//! `--fix`: the safe fixes applied in memory, re-parsed, then written in one transaction; and the
//! check that a fix offered as safe can actually be built for this app.

use std::collections::BTreeMap;

use super::diagnostic::{Applicability, Diagnostic};
use super::fix::validate;
use super::report::FixedFile;
use crate::app::App as Context;
use crate::edit::plan::FileChange;
use crate::error::{ErrorKind, UserError};

/// A safe fix counts as fixable only when its edits can be built for this input and change
/// something: each op is applied in memory to the file's current text; if one fails (a config
/// shape the editor can't handle, a file that is gone) or none changes anything, the fix becomes
/// manual, so doctor never claims "`--fix` applies this" for a fix `--fix` would skip.
pub fn downgrade_unbuildable_fix(cx: &Context, d: &mut Diagnostic) {
    if d.fix.applicability != Applicability::Safe || d.fix.ops.is_empty() {
        return;
    }
    let mut texts: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut ok = true;
    for op in &d.fix.ops {
        let rel = op.file().to_string();
        if !texts.iter().any(|(r, _, _)| *r == rel) {
            match cx.files.read(&rel).map(|t| t.map(|t| t.to_string())) {
                Ok(t) => texts.push((rel.clone(), t.clone(), t)),
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        let entry = texts
            .iter_mut()
            .find(|(r, _, _)| *r == rel)
            .expect("staged");
        match op.apply(entry.2.as_deref(), cx.recipe(), prettier_of(cx)) {
            Ok(new) => entry.2 = Some(new),
            Err(_) => {
                ok = false;
                break;
            }
        }
    }
    let changes = texts.iter().any(|(_, before, after)| before != after);
    if !ok || !changes {
        d.fix.applicability = Applicability::Manual;
        d.fix.ops.clear();
    }
}

/// A file during `--fix`: its text on disk, its current text, and the codes that changed it.
type Staged = (Option<String>, Option<String>, Vec<&'static str>);

/// Applies every safe fix among `findings`; returns the files written and the bytes written.
pub fn apply_safe(
    cx: &Context,
    findings: &[Diagnostic],
    cancel: &crate::files::Cancel,
) -> Result<(Vec<FixedFile>, usize), UserError> {
    // rel → (text on disk, current text, codes)
    let mut files: BTreeMap<String, Staged> = BTreeMap::new();
    for d in findings.iter().filter(|d| d.fixable()) {
        // All ops of one fix succeed together, or the fix is skipped.
        let mut staged: Vec<(String, String)> = Vec::new();
        let mut ok = true;
        for op in &d.fix.ops {
            let rel = op.file().to_string();
            let current = match staged.iter().rev().find(|(r, _)| *r == rel) {
                Some((_, t)) => Some(t.clone()),
                None => match files.get(&rel) {
                    Some((_, cur, _)) => cur.clone(),
                    None => cx.files.read(&rel)?.map(|t| t.to_string()),
                },
            };
            match op.apply(current.as_deref(), cx.recipe(), prettier_of(cx)) {
                Ok(new) => staged.push((rel, new)),
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        for (rel, new) in staged {
            let entry = match files.get_mut(&rel) {
                Some(e) => e,
                None => {
                    let disk = cx.files.read(&rel)?.map(|t| t.to_string());
                    files
                        .entry(rel.clone())
                        .or_insert((disk.clone(), disk, Vec::new()))
                }
            };
            if entry.1.as_deref() != Some(new.as_str()) {
                entry.1 = Some(new);
                if !entry.2.contains(&d.code) {
                    entry.2.push(d.code);
                }
            }
        }
    }
    let mut changes = Vec::new();
    let mut codes = Vec::new();
    for (rel, (before, after, c)) in files {
        let Some(after) = after else { continue };
        let change = FileChange {
            rel: rel.clone(),
            before,
            after,
            summary: String::new(),
        };
        if change.is_noop() {
            continue;
        }
        validate(&rel, &change.after).map_err(|m| {
            UserError::new(
                ErrorKind::UnsupportedCode,
                format!("the fixed `{rel}` would not parse ({m}); nothing was written"),
            )
            .hint("this is a bug in convex-authkit; please report it with the file")
        })?;
        changes.push(change);
        codes.push(c);
    }
    if changes.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let writes: Vec<(std::path::PathBuf, Option<Vec<u8>>)> = changes
        .iter()
        .map(|c| (cx.root.join(&c.rel), Some(c.after.clone().into_bytes())))
        .collect();
    let bytes = writes
        .iter()
        .map(|(_, b)| b.as_ref().map_or(0, Vec::len))
        .sum();
    let root = cx.root.clone();
    crate::files::apply_all(
        &writes,
        |p| p.strip_prefix(&root).unwrap_or(p).display().to_string(),
        cancel,
    )
    .map_err(|e| UserError::new(ErrorKind::Io, e.to_string()))?;
    let fixed = changes
        .iter()
        .zip(codes)
        .map(|(c, codes)| FixedFile {
            path: c.rel.clone(),
            action: if c.before.is_some() {
                "modify"
            } else {
                "create"
            },
            codes,
            diff: c.diff(),
        })
        .collect();
    Ok((fixed, bytes))
}

/// The app's Prettier options, which fixed code follows.
fn prettier_of(cx: &Context) -> Option<&crate::edit::prettier::Options> {
    cx.prettier().map(|r| &r.options)
}
