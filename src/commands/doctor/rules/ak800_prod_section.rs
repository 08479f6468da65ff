//! **What (`--prod`):** `convex.json` has no `authKit.prod` section with `configure` redirect
//! URIs, CORS origins and a homepage on an `https://` origin.
//!
//! **Why:** without it `npx convex deploy` configures nothing in the production WorkOS
//! environment: sign-in from the production origin fails with "Invalid redirect URI" and a CORS
//! error (P01, P06, P32).
//!
//! **Example:** only `authKit.dev` in `convex.json`.
//!
//! **Fix:** manual (the production origin is yours to give): `convex-authkit init --scope production --prod-url https://…`
//! (or `--prod-url-from vercel`).

use crate::commands::doctor::locate::json_nearest;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, configure, configure_strings, json_text};

pub const RULE: Rule = Rule {
    code: "AK800",
    name: "prod-section",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: true,
    needs_authkit: true,
    source: include_str!("ak800_prod_section.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    if cx.convex_json.as_ref().is_some_and(|c| c.value.is_none()) {
        return vec![];
    }
    let text = json_text(cx);
    let fix = || {
        Fix::manual("add the production section with `convex-authkit init --scope production`")
            .command("convex-authkit init --scope production --prod-url https://<your domain>")
    };
    let why = "without `authKit.prod.configure`, `npx convex deploy` registers nothing in the production WorkOS environment, so sign-in from the production origin fails";
    let missing = if cx.auth_kit_section("prod").is_none() {
        Some("`convex.json` has no `authKit.prod` section")
    } else if configure(cx, "prod").is_none() {
        Some("`authKit.prod` has no `configure` object")
    } else if configure_strings(cx, "prod", "redirectUris").is_empty() {
        Some("`authKit.prod.configure` has no redirect URI")
    } else {
        None
    };
    let Some(message) = missing else { return vec![] };
    let d = Diagnostic::new(RULE.code, RULE.severity, message, why, fix());
    vec![if text.is_empty() {
        d
    } else {
        let range = json_nearest(text, &["authKit", "prod", "configure", "redirectUris"]);
        d.at(&cx.convex_json_rel, text, range).label("no production redirect URI")
    }]
}
