//! `convex-authkit doctor`: static checks that find, explain and fix what breaks AuthKit + Convex
//! setups.
//!
//! Findings are data ([`Diagnostic`]): rules never print. The project is read once, leniently
//! ([`crate::app::App`]): a malformed file becomes a finding with its position instead of
//! stopping the run, and only a missing folder or an unsupported framework ends the run with exit
//! code 2. Each rule lives in its own file under `rules/` with a stable code; `docs/doctor-rules.md`
//! is generated from those files' doc comments (a test fails when it is stale).
//!
//! `--fix` applies only the fixes marked [`Applicability::Safe`]. Fixes are operations on file text
//! ([`fix::FixOp`]), applied in memory one after the other, re-parsed, then written in one atomic
//! transaction through [`crate::files::apply_all`]; the rules then run again on the written files.

pub mod apply;
pub mod diagnostic;
pub mod fix;
pub mod json;
pub mod locate;
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
        apply::downgrade_unbuildable_fix(cx, d);
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

/// Reads the project, runs the rules and, with `--fix`, applies the safe fixes.
pub fn run(opts: &DoctorOptions) -> Result<Outcome, crate::error::UserError> {
    let load = || Context::load_in(&opts.path, "doctor", opts.convex_dir.as_deref());
    let mut cx = load()?;
    let mut fixed = Vec::new();
    let mut bytes_written = None;
    if opts.fix {
        let findings = check(&cx, opts.prod);
        let (files, bytes) = apply::apply_safe(&cx, &findings, &opts.cancel)?;
        fixed = files;
        bytes_written = Some(bytes);
        if bytes > 0 {
            cx = load()?;
        }
    }
    let mut findings = check(&cx, opts.prod);
    let mut production = opts.prod.then(|| rules::production_verdict(&cx, &findings));
    let secrets = cx.secret_values();
    let mask = |t: &mut String| *t = crate::ui::mask::mask_secrets(t, &secrets);
    for d in &mut findings {
        mask(&mut d.message);
        mask(&mut d.why);
        mask(&mut d.fix.summary);
        d.fix.commands.iter_mut().for_each(mask);
        if let Some(l) = &mut d.label {
            mask(l);
        }
    }
    for f in &mut fixed {
        mask(&mut f.diff);
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
        bytes_written,
    })
}
