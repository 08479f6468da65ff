//! **What (TanStack Start):** AuthKit's request middleware doesn't run: there is no start entry
//! (`src/start.ts`, or the `tanstackStart()` plugin's `start.entry`), or its
//! `createStart(() => ({ requestMiddleware: […] }))` lists no `authkitMiddleware()` from
//! `@workos/authkit-tanstack-react-start` (not imported, or imported and never called). A start
//! entry that imports your own modules (which may register AuthKit) or calls
//! `authkitMiddleware()` elsewhere in the file is given the benefit of the doubt.
//!
//! **Why:** the middleware reads and refreshes the session cookie and hands the session to
//! `getAuth()`, the callback route and AuthKit's server functions; without it every one of them
//! throws "AuthKit middleware is not configured", so the root route's `beforeLoad` fails and no
//! page renders (P21).
//!
//! **Example:** `src/start.ts` has `requestMiddleware: [createCsrfMiddleware(…)]` only.
//!
//! **Fix:** safe: `init`'s codemod. Without a start entry it creates `src/start.ts` with AuthKit's
//! middleware (after Start's CSRF check, which a start instance otherwise turns off); with one,
//! it adds `authkitMiddleware()` to the `requestMiddleware` list (after a CSRF middleware, else
//! first) and its import. Manual when the codemod can't edit the file (no `createStart`, a
//! `requestMiddleware` that isn't an array literal): add it by hand.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Severity};
use crate::edit::js::JsFacts;
use crate::frameworks::StartPiece;

use super::common::{Rule, start_piece_fix, start_with_sdk};

pub const RULE: Rule = Rule {
    code: "AK511",
    name: "start-middleware-missing",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak511_start_middleware_missing.rs"),
    check,
};

const WHY: &str = "AuthKit's middleware reads and refreshes the session cookie for `getAuth()`, the callback route and AuthKit's server functions; without it they throw \"AuthKit middleware is not configured\", so the root route's `beforeLoad` fails and no page renders";

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(layout) = start_with_sdk(cx) else { return vec![] };
    let function = layout.middleware_function;
    let fix = |summary: String| {
        start_piece_fix(
            cx,
            StartPiece::Middleware,
            summary,
            format!(
                "add `{function}()` from `{}` to `requestMiddleware` in `createStart(() => ({{ … }}))` in `{}`",
                layout.sdk_module, layout.start_path
            ),
        )
    };
    let Some(start) = &layout.start else {
        return vec![Diagnostic::new(
            RULE.code,
            RULE.severity,
            format!("no `{}`: AuthKit's middleware never runs", layout.start_path),
            WHY,
            fix(format!(
                "create `{}` registering `{function}()` in `requestMiddleware` (with Start's CSRF check)",
                layout.start_path
            )),
        )];
    };
    let Ok(facts) = JsFacts::parse(&start.rel, &start.text) else { return vec![] };
    let local = facts.local_name(layout.sdk_module, function);
    if let (Some(local), Some(list)) = (&local, &layout.request_middleware)
        && list
            .iter()
            .any(|item| item.trim_start().starts_with(&format!("{local}(")))
    {
        return vec![];
    }
    // Called elsewhere in the file (`const auth = authkitMiddleware()`), or a list doctor can't
    // read: it may well be registered.
    let calls = local.as_ref().is_some_and(|l| {
        facts
            .references
            .iter()
            .any(|(n, span)| n == l && start.text[span.end..].trim_start().starts_with('('))
    });
    let own_modules = facts
        .imports
        .iter()
        .any(|i| !i.type_only && (i.source.starts_with('.') || i.source.starts_with("~/") || i.source.starts_with("@/")));
    if calls || own_modules || (local.is_some() && layout.request_middleware.is_none()) {
        return vec![];
    }
    let message = match &layout.request_middleware {
        Some(_) => format!("`requestMiddleware` in `{}` doesn't list `{function}()`", start.rel),
        None => format!("`{}` doesn't register `{function}()` in `requestMiddleware`", start.rel),
    };
    let range = layout
        .request_middleware
        .as_ref()
        .and_then(|_| start.text.find("requestMiddleware"))
        .map_or(0..0, |at| at..at + "requestMiddleware".len());
    vec![
        Diagnostic::new(
            RULE.code,
            RULE.severity,
            message,
            WHY,
            fix(format!("add `{function}()` to `requestMiddleware` in `{}`", start.rel)),
        )
        .at(&start.rel, &start.text, range)
        .label(format!("no `{function}()`")),
    ]
}
