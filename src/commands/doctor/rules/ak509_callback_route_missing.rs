//! **What (Next.js):** no route handler serves the redirect URI's path (the path of
//! `NEXT_PUBLIC_WORKOS_REDIRECT_URI` in the dev env, else `localEnvVars`, else the first dev
//! redirect URI): no `app/<path>/route.ts` (route groups, dynamic and catch-all folders
//! understood). Reported with what is there instead: a `page.tsx` at that path, or AuthKit's
//! `handleAuth()` route at another path. Skipped when `next.config.*` sets a `basePath`.
//!
//! **Why:** after sign-in WorkOS sends the browser to the redirect URI with the code; only a
//! route handler exporting `GET = handleAuth()` there turns it into a session. Anything else is
//! a 404 (or a page that ignores the code), and the user is never signed in (P03).
//!
//! **Example:** the redirect URI is `http://localhost:3000/callback`, the route is
//! `app/auth/callback/route.ts`.
//!
//! **Fix:** safe when nothing is at that path and it is a plain path: `--fix` creates
//! `app/<path>/route.ts` with `export const GET = handleAuth()`, as `init` does. Otherwise manual:
//! move the route, or change the redirect URI everywhere.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;
use crate::commands::doctor::locate::json_value;
use crate::edit::js::JsFacts;

use super::ak507_proxy_missing::uses_sdk;
use super::common::{
    Rule, is_convention_file, json_text, route_segments, route_serves, sample_path, uses_import,
};

pub const RULE: Rule = Rule {
    code: "AK509",
    name: "callback-route-missing",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak509_callback_route_missing.rs"),
    check,
};

/// A path that can be a folder under `app/`: `/callback`, `/auth/callback`.
fn plain(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    path.starts_with('/')
        && segments.iter().all(|s| {
            !s.is_empty()
                && *s != "."
                && *s != ".."
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
        })
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(router) = cx.app_router() else { return vec![] };
    if !uses_sdk(cx, router) || cx.framework_config().is_some_and(|(_, t)| t.contains("basePath")) {
        return vec![];
    }
    let Some(path) = cx.callback_path() else { return vec![] };
    if path == "/" {
        return vec![];
    }
    let app = format!("{}/", router.app_dir);
    let mut routes = Vec::new();
    let mut pages = Vec::new();
    for f in cx.sources().iter().filter(|f| f.rel.starts_with(&app)) {
        let Some(segments) = route_segments(router.app_dir, &f.rel) else { continue };
        if is_convention_file(&f.rel, "route", router.exts) {
            routes.push((f, segments));
        } else if is_convention_file(&f.rel, "page", router.exts) {
            pages.push((f, segments));
        }
    }
    if routes.iter().any(|(_, s)| route_serves(s, &path)) {
        return vec![];
    }
    let redirect = cx.names().redirect_uri;
    let why = "after sign-in WorkOS sends the browser to the redirect URI with the code; only a route handler exporting `GET = handleAuth()` there turns it into a session, anything else leaves the user signed out";
    let ext = if router.typescript { "ts" } else { "js" };
    let target = format!("{}{path}/route.{ext}", router.app_dir);
    let (message, fix) = if let Some((page, _)) = pages.iter().find(|(_, s)| route_serves(s, &path)) {
        (
            format!("`{}` is a page, but the callback path `{path}` needs a route handler", page.rel),
            Fix::manual(format!("replace it with `{}/route.{ext}` exporting `GET = handleAuth()`", page.rel.rsplit_once('/').map_or("", |(d, _)| d))),
        )
    } else if let Some((route, segments)) = routes.iter().find(|(f, _)| {
        f.text.contains(router.callback_handler)
            && JsFacts::parse(&f.rel, &f.text).is_ok_and(|facts| uses_import(&facts, router.sdk_module, router.callback_handler))
    }) {
        let theirs = sample_path(segments);
        (
            format!("the callback route `{}` serves `{theirs}`, but the redirect URI's path is `{path}`", route.rel),
            Fix::manual(format!("move it to `{target}`, or use `{theirs}` in the redirect URI everywhere (`convex.json` and `{redirect}`)")),
        )
    } else {
        let fix = if plain(&path) {
            Fix::safe(
                format!("create `{target}` exporting `GET = {}()`", router.callback_handler),
                vec![FixOp::CreateFile { file: target.clone(), text: router.callback_route.clone() }],
            )
        } else {
            Fix::manual(format!("add a route handler for `{path}` exporting `GET = {}()`", router.callback_handler))
        };
        (format!("no route handler serves the callback path `{path}`"), fix)
    };
    let d = Diagnostic::new(RULE.code, RULE.severity, message, why, fix);
    // Point at where the redirect URI comes from (the order `callback_path` reads it in).
    let label = format!("the callback path is `{path}`");
    if let Some((file, entry)) = cx.env_value(redirect) {
        return vec![d.at(&file.rel, &file.text, file.value_range(entry)).label(label)];
    }
    let text = json_text(cx);
    let range = json_value(text, &["authKit", "dev", "localEnvVars", redirect])
        .or_else(|| json_value(text, &["authKit", "dev", "configure", "redirectUris", "0"]));
    vec![match range {
        Some(r) => d.at(&cx.convex_json_rel, text, r).label(label),
        None => d,
    }]
}
