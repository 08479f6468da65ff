//! `convex-authkit doctor`: static checks that find, explain and fix what breaks AuthKit + Convex
//! setups.
//!
//! Findings are data ([`Diagnostic`]): rules never print. The project is read once, leniently
//! ([`crate::app::App`]): a malformed file becomes a finding with its position instead of
//! stopping the run, and only a missing folder or an unsupported framework ends the run with exit
//! code 2. Each rule lives in its own file under `rules/` with a stable code; `docs/doctor-rules.md`
//! is generated from those files' doc comments (a test fails when it is stale).
//!
//! Fixes carry ruff's applicability ([`Applicability`]): `--fix` applies the safe ones, the unsafe
//! ones too with `--unsafe-fixes` (or after a yes in a terminal, `prompt`), never the manual ones.
//! Fixes are operations on file text ([`fix::FixOp`]) that call the editors and the recipe's
//! planners, applied in memory one after the other, re-parsed, then written in one atomic
//! transaction through [`crate::files::apply_all`] (deletions included); the app is then read
//! again and the rules run on what was written, so the report and the exit code are what is left.

pub mod apply;
pub mod diagnostic;
pub mod fix;
pub mod json;
pub mod locate;
pub mod prompt;
pub mod render;
pub mod report;
pub mod rules;

pub use crate::app::App as Context;
pub use diagnostic::*;
pub use report::*;

/// Runs every rule that applies to the project.
pub fn check(cx: &Context, prod: bool) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = cx
        .problems
        .iter()
        .map(|p| rules::ak002_unreadable_file::finding(cx, p))
        .collect();
    for rule in rules::RULES {
        if rule.prod_only && !prod {
            continue;
        }
        if rule.needs_authkit && !cx.uses_authkit() {
            continue;
        }
        out.extend((rule.check)(cx));
    }
    for d in &mut out {
        apply::prepare(cx, d);
    }
    // Stable order: files first (by name and position), then file-less findings, by code.
    out.sort_by(|a, b| {
        (
            a.file.is_none(),
            &a.file,
            a.span.as_ref().map(|s| s.start),
            a.code,
        )
            .cmp(&(
                b.file.is_none(),
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.code,
            ))
    });
    out
}

/// Reads the project, runs the rules and, with `--fix`, applies the fixes allowed (`ask`: the
/// terminal, for the unsafe ones).
pub fn run(
    opts: &DoctorOptions,
    ask: &dyn prompt::Ask,
) -> Result<Outcome, crate::error::UserError> {
    // `--fix` writes: one writer per app, from its reading to its last write.
    let _lock = if opts.fix {
        Some(crate::files::lock_app(&opts.path, "doctor --fix")?)
    } else {
        None
    };
    let load = || Context::load_in(&opts.path, "doctor", opts.convex_dir.as_deref());
    let mut cx = load()?;
    let mut applied = apply::Applied::default();
    let mut bytes_written = None;
    // Secrets a fix removed are masked in its diff too.
    let mut secrets = cx.secret_values();
    if opts.fix {
        let findings = check(&cx, opts.prod);
        let choices = apply::Choices {
            unsafe_fixes: opts.unsafe_fixes,
            port: opts.port,
            ask,
        };
        applied = apply::apply(&cx, &findings, &choices, &opts.cancel)?;
        bytes_written = Some(applied.bytes);
        if !applied.files.is_empty() {
            cx = load()?;
        }
    }
    let mut findings = check(&cx, opts.prod);
    let mut production = opts.prod.then(|| rules::production_verdict(&cx, &findings));
    for s in cx.secret_values() {
        if !secrets.contains(&s) {
            secrets.push(s);
        }
    }
    secrets.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let mut fixed = applied.files;
    let mut fixes = applied.fixes;
    let mask = |t: &mut String| *t = crate::ui::mask::mask_secrets(t, &secrets);
    for d in &mut findings {
        mask(&mut d.message);
        mask(&mut d.why);
        mask(&mut d.fix.summary);
        d.fix.commands.iter_mut().for_each(mask);
        if let Some(diff) = &mut d.fix.diff {
            mask(diff);
        }
        if let Some(l) = &mut d.label {
            mask(l);
        }
    }
    for f in &mut fixed {
        mask(&mut f.diff);
    }
    for f in &mut fixes {
        mask(&mut f.summary);
        f.commands.iter_mut().for_each(mask);
    }
    if let Some(p) = &mut production {
        p.missing.iter_mut().for_each(|m| mask(&mut m.message));
        for h in &mut p.host_env {
            mask(&mut h.name);
            mask(&mut h.value);
        }
    }
    let sources = findings
        .iter()
        .filter_map(|d| d.file.as_ref())
        .filter_map(|f| {
            // Files the app model doesn't keep (a root `proxy.ts`) come from the read cache.
            let text = match cx.text_of(f) {
                Some(t) => t.to_string(),
                None => cx.files.read(f).ok().flatten()?.to_string(),
            };
            Some((f.clone(), crate::ui::mask::mask_for_display(f, &text)))
        })
        .collect();
    Ok(Outcome {
        root: cx.root.clone(),
        findings,
        sources,
        production,
        fixed,
        applied: fixes,
        unsafe_skipped: applied.unsafe_skipped,
        bytes_written,
    })
}
