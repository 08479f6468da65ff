//! **What (Next.js):** the `matcher` of AuthKit's proxy (`config.matcher` in `proxy.*` or
//! `middleware.*`) skips a page or route handler that reads the session: one that calls
//! `withAuth()`, or a page under a layout that does (Convex's template calls it in the root
//! layout, so there every page needs the proxy). The matcher is evaluated as Next.js compiles it
//! (path-to-regexp, lookaheads included); dynamic segments are tried with a sample value, and a
//! matcher doctor can't read (a variable, `has`/`missing` conditions) is not judged. The callback
//! route doesn't need the proxy (`handleAuth()` reads no session), so a matcher that skips it is
//! fine.
//!
//! **Why:** `withAuth()` throws "You are calling 'withAuth' on a route that isn't covered by the
//! AuthKit middleware" on every path the proxy doesn't run on (P21).
//!
//! **Example:** `export const config = { matcher: ['/dashboard/:path*'] }` with the root layout
//! calling `withAuth()`.
//!
//! **Fix:** manual: add the paths to the matcher, or use the matcher `init` writes (every page and
//! API route, no static files).

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::edit::js::JsFacts;
use crate::frameworks::route_matcher::read_matcher;

use super::ak507_proxy_missing::{WHY, interceptors, runs_authkit, uses_sdk};
use super::common::{Rule, is_convention_file, route_segments, sample_path, uses_import};

pub const RULE: Rule = Rule {
    code: "AK508",
    name: "proxy-matcher",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak508_proxy_matcher.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(router) = cx.app_router() else { return vec![] };
    if !uses_sdk(cx, router) {
        return vec![];
    }
    let found = interceptors(cx, router);
    let running: Vec<_> = found.iter().filter(|i| i.runs).collect();
    // Exactly one proxy that runs AuthKit (the rest is AK507's).
    let [proxy] = running.as_slice() else { return vec![] };
    if runs_authkit(router, &proxy.file) != Some(true) {
        return vec![];
    }
    let matcher = read_matcher(&proxy.file.rel, &proxy.file.text);
    let app = format!("{}/", router.app_dir);
    let reads_session = |text: &str, rel: &str| {
        text.contains(router.session_reader)
            && JsFacts::parse(rel, text).is_ok_and(|f| uses_import(&f, router.sdk_module, router.session_reader))
    };
    let sources: Vec<_> = cx.sources().iter().filter(|f| f.rel.starts_with(&app)).collect();
    // Folders whose layout reads the session.
    let layouts: Vec<&str> = sources
        .iter()
        .filter(|f| is_convention_file(&f.rel, "layout", router.exts) && reads_session(&f.text, &f.rel))
        .map(|f| f.rel.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    let mut uncovered: Vec<(String, String)> = Vec::new();
    for f in &sources {
        let page = is_convention_file(&f.rel, "page", router.exts);
        let route = is_convention_file(&f.rel, "route", router.exts);
        if !page && !route {
            continue;
        }
        let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let under_layout = page && layouts.iter().any(|l| dir == *l || dir.starts_with(&format!("{l}/")));
        if !under_layout && !reads_session(&f.text, &f.rel) {
            continue;
        }
        let Some(segments) = route_segments(router.app_dir, &f.rel) else { continue };
        let path = sample_path(&segments);
        if matcher.runs_on(&path) == Some(false) && !uncovered.iter().any(|(p, _)| *p == path) {
            uncovered.push((path, f.rel.clone()));
        }
    }
    if uncovered.is_empty() {
        return vec![];
    }
    let mut shown: Vec<String> = uncovered.iter().take(3).map(|(p, f)| format!("`{p}` (`{f}`)")).collect();
    if uncovered.len() > 3 {
        shown.push(format!("{} more", uncovered.len() - 3));
    }
    let text = &proxy.file.text;
    let at = text.find("matcher").map_or(0..0, |i| i..i + "matcher".len());
    vec![
        Diagnostic::new(
            RULE.code,
            RULE.severity,
            format!(
                "the `matcher` in `{}` skips {} the session (`{}()` in {} or a layout above): {}",
                proxy.file.rel,
                if uncovered.len() == 1 { "a route that reads" } else { "routes that read" },
                router.session_reader,
                if uncovered.len() == 1 { "it" } else { "them" },
                shown.join(", ")
            ),
            WHY,
            Fix::manual("add those paths to `config.matcher`, or use the matcher `convex-authkit init` writes (every page and API route, no static files)"),
        )
        .at(&proxy.file.rel, text, at)
        .label(format!("doesn't match `{}`", uncovered[0].0)),
    ]
}
