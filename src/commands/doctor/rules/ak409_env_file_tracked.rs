//! **What:** git tracks `.env.local`, or another env file that holds a secret (an `sk_` key, or
//! a variable named like one: `WORKOS_API_KEY`, `WORKOS_COOKIE_PASSWORD`, …), whatever
//! `.gitignore` says. Asked of `git ls-files`, only when the app is in a repository and `git` is
//! on `PATH`; otherwise skipped quietly.
//!
//! **Why:** ignoring a file doesn't untrack it: every commit still carries the secret to
//! everyone with the repository, and it stays in the history (P19). `.env.local` is an error
//! even before it holds a secret: `npx convex dev` and `init` write deployment names and keys
//! there, and the next commit takes them along.
//!
//! **Example:** `.env.local` with `WORKOS_API_KEY=sk_test_…` was committed before `.gitignore`
//! listed it.
//!
//! **Fix:** manual: `git rm --cached .env.local` (keep it ignored, AK405), then rotate the
//! secret: it is in the history.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK409",
    name: "env-file-tracked",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak409_env_file_tracked.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    // Env files with a secret, and `.env.local` with or without one.
    let files: Vec<_> = cx
        .env
        .iter()
        .chain(&cx.prod_env)
        .filter_map(|f| {
            let e = f.entries.iter().find(|e| crate::workos::is_secret_env(&e.key, &e.value));
            (e.is_some() || f.rel == ".env.local").then_some((f, e))
        })
        .collect();
    if files.is_empty() {
        return vec![];
    }
    let mut rels: Vec<&str> = files.iter().map(|(f, _)| f.rel.as_str()).collect();
    rels.dedup();
    let Some(tracked) = cx.git_tracked(&rels) else { return vec![] };
    let mut seen = Vec::new();
    files
        .into_iter()
        .filter(|(f, _)| tracked.contains(&f.rel))
        .filter(|(f, _)| {
            let first = !seen.contains(&f.rel);
            seen.push(f.rel.clone());
            first
        })
        .map(|(f, e)| match e {
            Some(e) => Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("git tracks `{}`, which holds a secret (`{}`)", f.rel, e.key),
                "ignoring a file doesn't untrack it: each commit carries the secret to everyone with the repository, and it stays in the history",
                Fix::manual("stop tracking it (and keep it ignored), then rotate the secret (a new API key in the WorkOS dashboard, a new cookie password): it is in the history").command(format!("git rm --cached {}", f.rel)),
            )
            .at(&f.rel, &f.text, f.key_range(e))
            .label("tracked by git"),
            None => Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("git tracks `{}`", f.rel),
                "`npx convex dev` and `init` write deployment names and keys into it, and the next commit would carry them to everyone with the repository",
                Fix::manual("stop tracking it and keep it ignored").command(format!("git rm --cached {}", f.rel)),
            )
            .in_file(&f.rel),
        })
        .collect()
}
