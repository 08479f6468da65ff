//! **What (TanStack Start):** the router builds a `ConvexQueryClient` (so route loaders and
//! suspense queries run Convex queries during server-side rendering), but nothing hands the
//! session's access token to its server-side client: the root route (`__root.tsx`) has no
//! `beforeLoad`, or one that never calls `serverHttpClient?.setAuth(…)`, and no other route or
//! the router does. A warning: doctor can't see whether a server-rendered query needs the user.
//!
//! **Why:** during server-side rendering `ConvexQueryClient` runs queries over HTTP with
//! `serverHttpClient`, which has no token unless the app gives it one; every query then runs
//! as anonymous on the server (`ctx.auth.getUserIdentity()` is `null`), so authenticated data is
//! missing from the first render, or a query that requires a user throws, while the browser
//! shows the user signed in (P27).
//!
//! **Example:** Convex's template with `beforeLoad` removed from `src/routes/__root.tsx`.
//!
//! **Fix:** safe when the root route has no `beforeLoad`: `init`'s codemod adds one that reads
//! the session with `getAuth()` and calls
//! `ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)` (and passes the
//! `ConvexQueryClient` in the router's context when it isn't). Manual when the root route has
//! its own `beforeLoad` (merge the hand-off into it) or the codemod can't place it.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::edit::js::JsFacts;
use crate::frameworks::StartPiece;

use super::common::{Rule, start_piece_fix, start_with_sdk};

pub const RULE: Rule = Rule {
    code: "AK514",
    name: "ssr-token-hand-off",
    severity: Severity::Warning,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak514_ssr_token_hand_off.rs"),
    check,
};

const WHY: &str = "during server-side rendering `ConvexQueryClient` runs queries over HTTP with `serverHttpClient`, which has no token unless the app hands it the session's: every server-rendered query runs as anonymous (`getUserIdentity()` is null), so the first render lacks the user's data or a query that needs a user throws";

const HAND_OFF: &str = "ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)";

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(layout) = start_with_sdk(cx) else { return vec![] };
    let Some(root) = &layout.root_route else { return vec![] };
    let router = &layout.router;
    let Ok(facts) = JsFacts::parse(&router.rel, &router.text) else { return vec![] };
    let builds_query_client = facts
        .local_name("@convex-dev/react-query", "ConvexQueryClient")
        .is_some_and(|l| facts.new_calls.iter().any(|c| c.callee == l));
    if !builds_query_client {
        return vec![];
    }
    let hands_off = |text: &str| text.contains("serverHttpClient") && text.contains("setAuth");
    let routes = format!("{}/", layout.routes_dir);
    if hands_off(&router.text)
        || hands_off(&root.text)
        || cx.sources().iter().any(|f| f.rel.starts_with(&routes) && hands_off(&f.text))
    {
        return vec![];
    }
    let reader = layout.session_reader;
    let (message, fix, range, label) = match &layout.root_before_load {
        None => (
            format!("the root route `{}` has no `beforeLoad` handing the session's token to Convex's server-side client", root.rel),
            start_piece_fix(
                cx,
                StartPiece::TokenHandOff,
                format!("add a `beforeLoad` to `{}` that reads the session with `{reader}()` and calls `{HAND_OFF}`", root.rel),
                format!("add to the root route's options in `{}`: `beforeLoad: async (ctx) => {{ const auth = await {reader}(); if (auth.user) {HAND_OFF}; return {{ user: auth.user }}; }}` (`{reader}` from `{}`)", root.rel, layout.sdk_module),
            ),
            root_call(&root.text),
            "no `beforeLoad`".to_string(),
        ),
        Some(span) => (
            format!("`beforeLoad` in `{}` doesn't hand the session's token to Convex's server-side client", root.rel),
            Fix::manual(format!(
                "in `beforeLoad` in `{}`, read the session with `{reader}()` (from `{}`) and, when it has a user, call `{HAND_OFF}`",
                root.rel, layout.sdk_module
            )),
            span.start..span.start + "beforeLoad".len(),
            "no `serverHttpClient?.setAuth(…)`".to_string(),
        ),
    };
    vec![
        Diagnostic::new(RULE.code, RULE.severity, message, WHY, fix)
            .at(&root.rel, &root.text, range)
            .label(label),
    ]
}

/// The root route's `createRootRoute…(` call (not its import), for the snippet.
fn root_call(text: &str) -> std::ops::Range<usize> {
    text.match_indices("createRootRoute")
        .find_map(|(at, _)| {
            let name: String = text[at..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            text[at + name.len()..].starts_with(['<', '(']).then(|| at..at + name.len())
        })
        .unwrap_or(0..0)
}
