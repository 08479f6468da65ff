//! **What (Next.js):** AuthKit's proxy doesn't run: no `proxy.*` (Next.js 16) or `middleware.*`
//! next to `app/` (at the root, or in `src/` when the app is in `src/app/`); or one in a place
//! Next.js never looks (inside `app/`, at the root when the app is in `src/`), or a `proxy.*` on
//! Next.js 15 or older, which runs only `middleware.*`; or both `proxy.*` and `middleware.*`; or
//! the one Next.js runs doesn't call AuthKit (`authkitProxy`, `authkitMiddleware` or `authkit`
//! from `@workos-inc/authkit-nextjs`). A proxy that imports your own modules (which may call
//! AuthKit) is given the benefit of the doubt.
//!
//! **Why:** AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()`
//! and AuthKit's client components; without it they throw "You are calling 'withAuth' on a route
//! that isn't covered by the AuthKit middleware". A misplaced file is silently ignored; both files
//! at once stop the dev server (P21, P22).
//!
//! **Example:** the app is in `src/app/` and `proxy.ts` is at the root.
//!
//! **Fix:** safe when there is no proxy at all and the Next.js version is known: `--fix` creates
//! `proxy.ts` (Next.js 16) or `middleware.ts` (15 and older) with AuthKit's proxy and Convex's
//! template matcher, as `init` does. Otherwise manual: move, rename or merge by hand.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;
use crate::edit::js::JsFacts;
use crate::frameworks::{AppRouter, SourceFile};

use super::common::{Rule, uses_import};

pub const RULE: Rule = Rule {
    code: "AK507",
    name: "proxy-missing",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak507_proxy_missing.rs"),
    check,
};

pub const WHY: &str = "AuthKit's proxy refreshes the session cookie and hands the session to `withAuth()` and AuthKit's client components; where it doesn't run they throw \"You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware\"";

/// Whether the app uses AuthKit's server SDK (a dependency, or an import anywhere).
pub fn uses_sdk(cx: &Context, router: &AppRouter) -> bool {
    cx.declares_dependency(router.sdk_module)
        || cx.sources().iter().any(|f| f.text.contains(router.sdk_module))
}

/// An interceptor file found in or around the app: where it is, its name, whether Next.js runs it.
pub struct Interceptor {
    pub file: SourceFile,
    pub name: &'static str,
    pub runs: bool,
}

/// Every `proxy.*`/`middleware.*` next to `app/`, at the root, in `src/` and in `app/`.
pub fn interceptors(cx: &Context, router: &AppRouter) -> Vec<Interceptor> {
    let dirs = [router.base.to_string(), String::new(), "src/".into(), format!("{}/", router.app_dir)];
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for dir in dirs {
        if seen.contains(&dir) {
            continue;
        }
        seen.push(dir.clone());
        for &name in router.interceptor_names {
            for ext in router.exts {
                let rel = format!("{dir}{name}.{ext}");
                if let Ok(Some(file)) = cx.files.source(&rel) {
                    let runs = dir == router.base && router.interceptors.contains(&name);
                    out.push(Interceptor { file, name, runs });
                }
            }
        }
    }
    out
}

/// Whether the interceptor runs AuthKit: `Some(false)` only when it certainly doesn't.
pub fn runs_authkit(router: &AppRouter, file: &SourceFile) -> Option<bool> {
    let facts = JsFacts::parse(&file.rel, &file.text).ok()?;
    if router.interceptor_functions.iter().any(|f| uses_import(&facts, router.sdk_module, f)) {
        return Some(true);
    }
    // Your own module may wrap AuthKit.
    let local = |spec: &str| {
        spec.starts_with('.') || spec.starts_with("@/") || spec.starts_with("~/") || spec.starts_with('#')
    };
    let imports_local = facts.imports.iter().any(|i| !i.type_only && local(&i.source));
    // A module named outside the imports: a re-export (`export { default } from './auth'`) or a
    // `require`, which may well be AuthKit.
    let imported: Vec<&str> = facts.imports.iter().map(|i| i.source.as_str()).collect();
    let elsewhere = ["from '", "from \"", "require('", "require(\""].iter().any(|p| {
        file.text.match_indices(p).any(|(at, _)| {
            let spec: String = file.text[at + p.len()..].chars().take_while(|c| *c != '\'' && *c != '"').collect();
            !imported.contains(&spec.as_str())
        })
    });
    if imports_local || elsewhere { None } else { Some(false) }
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(router) = cx.app_router() else { return vec![] };
    if !uses_sdk(cx, router) {
        return vec![];
    }
    let found = interceptors(cx, router);
    let (running, ignored): (Vec<&Interceptor>, Vec<&Interceptor>) = found.iter().partition(|i| i.runs);
    let default_fn = router
        .interceptor_functions
        .iter()
        .find(|f| router.new_interceptor.1.contains(*f))
        .copied()
        .unwrap_or("authkitProxy");
    if let Some(first) = running.first() {
        if let Some(other) = running.iter().find(|i| i.name != first.name) {
            return vec![
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("both `{}` and `{}` exist; Next.js refuses to run with both", first.file.rel, other.file.rel),
                    "Next.js 16 renamed `middleware` to `proxy` and stops with an error when it finds both, so the app doesn't start",
                    Fix::manual(format!("keep only `{}` (merge `{}` into it)", first.file.rel, other.file.rel)),
                )
                .at(&other.file.rel, &other.file.text, 0..0)
                .label("a second proxy"),
            ];
        }
        if runs_authkit(router, &first.file) == Some(false) {
            return vec![
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` doesn't run AuthKit", first.file.rel),
                    WHY,
                    Fix::manual(format!("export AuthKit's `{default_fn}()` as its default, or call `authkit()` in it and answer through `handleAuthkitHeaders()` to keep your own logic")),
                )
                .at(&first.file.rel, &first.file.text, 0..0)
                .label("no AuthKit here"),
            ];
        }
        return vec![];
    }
    let (expected, text) = &router.new_interceptor;
    if !ignored.is_empty() {
        return ignored
            .iter()
            .map(|i| {
                let in_base = i.file.rel.rsplit_once('/').map_or("", |(d, _)| d) == router.base.trim_end_matches('/');
                let reason = if in_base {
                    format!(
                        "Next.js {} runs only `middleware.*`",
                        router.major.map_or("15".to_string(), |m| m.to_string())
                    )
                } else {
                    format!("Next.js looks for it only next to `{}/`", router.app_dir)
                };
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` never runs: {reason}", i.file.rel),
                    WHY,
                    Fix::manual(if in_base {
                        format!("rename it to `{expected}` and use AuthKit's `{default_fn}()` in it")
                    } else {
                        format!("move it to `{expected}`")
                    }),
                )
                .at(&i.file.rel, &i.file.text, 0..0)
                .label("ignored by Next.js")
            })
            .collect();
    }
    let fix = if router.major.is_some() {
        Fix::safe(
            format!("create `{expected}` running AuthKit's `{default_fn}()` on every page and API route"),
            vec![FixOp::CreateFile { file: expected.clone(), text: text.clone() }],
        )
    } else {
        Fix::manual(format!(
            "create `{expected}` running AuthKit's `{default_fn}()` (Next.js 16; on 15 or older, `middleware` and `authkitMiddleware`): the version can't be read from {}",
            router.version_source
        ))
    };
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("no `{expected}` next to `{}/`: AuthKit's proxy never runs", router.app_dir),
        WHY,
        fix,
    )]
}
