//! **What:** `.env.local` is not ignored by git (every `.gitignore` from the app up to the
//! repository root is read, with git's precedence), or another env file holding a secret isn't.
//! (A file git already tracks stays tracked whatever `.gitignore` says: that is AK409.)
//!
//! **Why:** `.env.local` is where `npx convex dev` and your tools put deployment names and keys
//! (and, in Next.js, `WORKOS_API_KEY` and `WORKOS_COOKIE_PASSWORD`); committed, they leak (P19).
//! An unignored file holding a secret is an error, an unignored `.env.local` without one a
//! warning.
//!
//! **Example:** a `.gitignore` without `.env.local` or `*.local`.
//!
//! **Fix:** safe for `.env.local`: `--fix` appends `.env.local` to `.gitignore` (as `init`
//! does). When git tracks the file already, the remedy also gives `git rm --cached .env.local`:
//! ignoring doesn't untrack, and what was committed stays in the history, which no fix can
//! change (rotate what it held). Other env files: manual.


use crate::commands::doctor::fix::FixOp;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK405",
    name: "env-local-not-ignored",
    severity: Severity::Warning,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak405_env_local_not_ignored.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let ignored = |name: &str| cx.is_git_ignored(name);
    let mut out = Vec::new();
    for f in cx.env.iter().chain(&cx.prod_env) {
        if f.rel == ".env.local" {
            continue;
        }
        let secret = f.entries.iter().find(|e| crate::workos::is_secret_env(&e.key, &e.value));
        if let Some(e) = secret
            && !ignored(&f.rel)
        {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    Severity::Error,
                    format!("`{}` holds a secret (`{}`) and is not ignored by git", f.rel, e.key),
                    "a committed secret leaks to everyone with access to the repository",
                    Fix::manual(format!("move the secret to `.env.local` (ignored), or add `{}` to `.gitignore`", f.rel)),
                )
                .at(&f.rel, &f.text, f.key_range(e))
                .label("secret in a tracked file"),
            );
        }
    }
    if !ignored(".env.local") {
        let tracked = cx.env_file(".env.local").is_some()
            && cx.git_tracked(&[".env.local"]).is_some_and(|t| t.iter().any(|f| f == ".env.local"));
        let fix = || {
            let add = vec![FixOp::GitignoreAdd(".env.local".into())];
            if tracked {
                Fix::safe("add `.env.local` to `.gitignore`; git tracks it already, so untrack it too (ignoring doesn't), and rotate what it held: the history keeps it", add)
                    .command("git rm --cached .env.local")
            } else {
                Fix::safe("add `.env.local` to `.gitignore`", add)
            }
        };
        // Server flows keep the API key and the cookie password there.
        let secret = cx
            .env_file(".env.local")
            .and_then(|f| f.entries.iter().find(|e| crate::workos::is_secret_env(&e.key, &e.value)).map(|e| (f, e)));
        out.push(match secret {
            Some((f, e)) => Diagnostic::new(
                RULE.code,
                Severity::Error,
                format!("`.env.local` holds a secret (`{}`) and is not ignored by git", e.key),
                "a committed secret leaks to everyone with access to the repository",
                fix(),
            )
            .at(&f.rel, &f.text, f.key_range(e))
            .label("secret in a file git would commit"),
            None => Diagnostic::new(
                RULE.code,
                RULE.severity,
                "`.env.local` is not ignored by git",
                "`npx convex dev` and your tools write deployment names and keys to `.env.local`; committed, they leak",
                fix(),
            )
            .in_file(".gitignore"),
        });
    }
    out
}
