//! **What:** an unknown key inside `authKit` (a typo such as `redirectURIs`, or a section other
//! than `dev`/`preview`/`prod`). Wording as the Convex CLI's warning.
//!
//! **Why:** the CLI only warns and ignores the key, so the setting you meant never reaches
//! WorkOS: a misspelled `redirectUris` leaves the redirect URI unregistered (P01).
//!
//! **Example:** `"configure": { "redirectURIs": ["http://localhost:5173/callback"] }`.
//!
//! **Fix:** manual: rename or remove the key.

use crate::commands::doctor::locate::json_prop;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK103",
    name: "convex-json-unknown-key",
    severity: Severity::Warning,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak103_convex_json_unknown_key.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let (Some(cj), Some(v)) = (&cx.convex_json, cx.convex_value()) else {
        return vec![];
    };
    crate::edit::convex_json::validate(v)
        .into_iter()
        .filter(|i| !i.is_error)
        .map(|i| {
            let key = i.message.rsplit('`').nth(1).unwrap_or_default().to_string();
            let mut parts: Vec<&str> = i.path.split('.').collect();
            parts.push(&key);
            let range = json_prop(&cj.text, &parts).unwrap_or(0..1);
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                i.message.clone(),
                "the Convex CLI ignores unknown keys (with a warning), so this setting never reaches WorkOS",
                Fix::manual(format!("rename or remove `{key}`")),
            )
            .at(&cx.convex_json_rel, &cj.text, range)
            .label("not a key the Convex CLI knows")
        })
        .collect()
}
