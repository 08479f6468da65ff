//! **What (TanStack Start):** no file route serves the redirect URI's path (the path of
//! `WORKOS_REDIRECT_URI` in the dev env, else `localEnvVars`, else the first dev redirect URI)
//! with AuthKit's `handleCallbackRoute()`: no route there at all, a route there that doesn't
//! call it, or AuthKit's callback route at another path (`src/routes/api/auth/callback.tsx`, the
//! SDK README's path, while Convex's template registers `/callback`). Routes are read from the
//! routes folder (`routesDirectory` of the `tanstackStart()` plugin respected) by the ID their
//! `createFileRoute('…')` names, pathless `_layout` and `(group)` segments dropped. A route at
//! the path that imports your own modules is given the benefit of the doubt.
//!
//! **Why:** after sign-in WorkOS sends the browser to the redirect URI with the code; only a
//! server `GET` handler `handleCallbackRoute()` there exchanges it for the session cookie.
//! Anything else is a 404 (or a page that ignores the code), and the user is never signed in
//! (P03).
//!
//! **Example:** the redirect URI is `http://localhost:3000/callback`, the route is
//! `src/routes/api/auth/callback.tsx` (`createFileRoute('/api/auth/callback')`).
//!
//! **Fix:** safe when nothing is at that path and it is a plain path: `--fix` creates the route
//! (`src/routes/callback.tsx`, one folder per segment) with `GET: handleCallbackRoute()`, as
//! `init` does; the next `vite dev` or build adds it to `routeTree.gen.ts`. Otherwise manual:
//! move the route (and its `createFileRoute` ID), or change the redirect URI everywhere.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::locate::json_value;
use crate::frameworks::StartPiece;

use super::common::{Rule, json_text, start_piece_fix, start_with_sdk};

pub const RULE: Rule = Rule {
    code: "AK513",
    name: "start-callback-route",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak513_start_callback_route.rs"),
    check,
};

const WHY: &str = "after sign-in WorkOS sends the browser to the redirect URI with the code; only a server `GET` handler `handleCallbackRoute()` there turns it into a session cookie, anything else leaves the user signed out";

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(layout) = start_with_sdk(cx) else { return vec![] };
    let Some(path) = cx.callback_path() else { return vec![] };
    if path == "/" {
        return vec![];
    }
    let handler = layout.callback_handler;
    let redirect = cx.names().redirect_uri;
    let (message, fix) = match layout.route_at(&path) {
        Some(route) => {
            let text = cx.files.read(&route.rel).ok().flatten().unwrap_or_default();
            let own_modules = ["from '.", "from \".", "from '~/", "from \"~/", "from '@/", "from \"@/"]
                .iter()
                .any(|p| text.contains(p));
            if text.contains(handler) || own_modules {
                return vec![];
            }
            (
                format!("`{}` serves the callback path `{path}` but doesn't call AuthKit's `{handler}()`", route.rel),
                Fix::manual(format!(
                    "make `{}` a server route: `server: {{ handlers: {{ GET: {handler}() }} }}` with `{handler}` from `{}`",
                    route.rel, layout.sdk_module
                )),
            )
        }
        None => match layout.routes_calling(handler).next() {
            Some(other) => {
                let target = layout
                    .route_file_for(&path)
                    .map_or_else(|| format!("a route at `{path}`"), |f| format!("`{f}` (ID `{path}`)"));
                (
                    format!("the callback route `{}` serves `{}`, but the redirect URI's path is `{path}`", other.rel, other.path),
                    Fix::manual(format!(
                        "move it to {target}, or use `{}` in the redirect URI everywhere (`convex.json` and `{redirect}`)",
                        other.path
                    )),
                )
            }
            None => {
                let fix = match layout.route_file_for(&path) {
                    Some(file) => start_piece_fix(
                        cx,
                        StartPiece::CallbackRoute,
                        format!("create `{file}` with `GET: {handler}()` (the next `vite dev` adds it to `{}`)", layout.route_tree),
                        format!("add a file route for `{path}` with `server: {{ handlers: {{ GET: {handler}() }} }}`"),
                    ),
                    None => Fix::manual(format!(
                        "add a file route for `{path}` with `server: {{ handlers: {{ GET: {handler}() }} }}`, or use a plain path such as `/callback` in the redirect URI everywhere"
                    )),
                };
                (format!("no file route serves the callback path `{path}`"), fix)
            }
        },
    };
    let d = Diagnostic::new(RULE.code, RULE.severity, message, WHY, fix);
    // Point at where the redirect URI comes from (the order `callback_path` reads it in).
    let label = format!("the callback path is `{path}`");
    if let Some((file, entry)) = cx.env_value(redirect) {
        return vec![d.at(&file.rel, &file.text, file.value_range(entry)).label(label)];
    }
    let text = json_text(cx);
    let range = json_value(text, &["authKit", "dev", "localEnvVars", redirect])
        .or_else(|| json_value(text, &["authKit", "dev", "configure", "redirectUris", "0"]));
    vec![match range {
        Some(r) => d.at(crate::edit::convex_json::FILE, text, r).label(label),
        None => d,
    }]
}
