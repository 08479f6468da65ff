//! **What:** the origin of a redirect URI in `authKit.<section>.configure` is missing from that
//! section's `corsOrigins`.
//!
//! **Why:** the SPA SDK exchanges the code with `api.workos.com` from the browser, so its origin
//! must be an allowed CORS origin; otherwise sign-in fails with a CORS error on
//! `/user_management/authenticate` (P06).
//!
//! Not checked for server flows (Next.js): there the app's server exchanges the code, so the
//! browser never calls WorkOS's API.
//!
//! **Example:** `"redirectUris": ["http://localhost:5173/callback"]` and no `corsOrigins`.
//!
//! **Fix:** safe: `--fix` appends the origin to `corsOrigins` (adding never removes access).

use crate::commands::doctor::fix::FixOp;
use crate::commands::doctor::locate::{Url, json_nearest, loopback_alias};
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, configure, configure_strings, json_text, sections, server_flow};

pub const RULE: Rule = Rule {
    code: "AK204",
    name: "cors-origin-missing",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak204_cors_origin_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    if server_flow(cx) {
        return vec![];
    }
    let text = json_text(cx);
    let mut out = Vec::new();
    for section in sections(cx) {
        if configure(cx, section).is_none() {
            continue;
        }
        let cors = configure_strings(cx, section, "corsOrigins");
        let mut seen: Vec<&str> = Vec::new();
        for (_, uri) in configure_strings(cx, section, "redirectUris") {
            let Some(u) = Url::parse(uri) else { continue };
            let origin = u.origin;
            if seen.contains(&origin) {
                continue;
            }
            seen.push(origin);
            let present = cors.iter().any(|(_, c)| {
                *c == origin
                    || Url::parse(c).is_some_and(|c| {
                        loopback_alias(c.host, u.host) && c.port == u.port && c.scheme == u.scheme
                    })
            });
            if present {
                continue;
            }
            let range = json_nearest(text, &["authKit", section, "configure", "corsOrigins"]);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("the SPA origin `{origin}` is not in `authKit.{section}.configure.corsOrigins`"),
                    "the SPA exchanges the sign-in code with WorkOS from the browser; without its origin in the CORS origins the browser blocks the call and sign-in fails",
                    Fix::safe(
                        format!("add `{origin}` to `authKit.{section}.configure.corsOrigins`"),
                        vec![FixOp::ConvexJsonAppend { section: section.into(), key: "corsOrigins", value: origin.into() }],
                    ),
                )
                .at(&cx.convex_json_rel, text, range)
                .label(format!("`{origin}` missing")),
            );
        }
    }
    out
}
