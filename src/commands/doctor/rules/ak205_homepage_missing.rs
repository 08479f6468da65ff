//! **What:** `authKit.<section>.configure` sets redirect URIs but no `appHomepageUrl`.
//!
//! **Why:** WorkOS sends users to the app homepage after sign-out; without one, sign-out ends on
//! `error.workos.com/…/app-homepage-url-not-found` (P07).
//!
//! **Example:** `"configure": { "redirectUris": ["http://localhost:5173/callback"] }`.
//!
//! **Fix:** safe: `--fix` sets it to the first redirect URI's origin. (WorkOS may refuse a
//! localhost homepage in a production environment; the Convex CLI ignores that 422 silently.)

use crate::commands::doctor::fix::FixOp;
use crate::commands::doctor::locate::{Url, json_nearest};
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, configure, configure_strings, json_text, sections};

pub const RULE: Rule = Rule {
    code: "AK205",
    name: "homepage-missing",
    severity: Severity::Warning,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak205_homepage_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let text = json_text(cx);
    let mut out = Vec::new();
    for section in sections(cx) {
        let Some(c) = configure(cx, section) else { continue };
        if c.contains_key("appHomepageUrl") {
            continue;
        }
        let uris = configure_strings(cx, section, "redirectUris");
        let Some(origin) = uris.first().and_then(|(_, u)| Url::parse(u)).map(|u| u.origin) else {
            continue;
        };
        let range = json_nearest(text, &["authKit", section, "configure", "appHomepageUrl"]);
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`authKit.{section}.configure` has no `appHomepageUrl`, so sign-out has nowhere to go"),
                "WorkOS redirects to the app homepage after sign-out; without it sign-out ends on a WorkOS error page",
                Fix::safe(
                    format!("set `authKit.{section}.configure.appHomepageUrl` to `{origin}`"),
                    vec![FixOp::ConvexJsonSetIfAbsent { section: section.into(), key: "appHomepageUrl", value: origin.into() }],
                ),
            )
            .at(&cx.convex_json_rel, text, range)
            .label("no `appHomepageUrl`"),
        );
    }
    out
}
