//! **What:** an env file pairs an `sk_live_` key with a localhost redirect URI, or an `sk_test_`
//! key with a public `https://` redirect URI.
//!
//! **Why:** live keys belong to the production WorkOS environment and test keys to development;
//! mixing them sends dashboard changes and sign-ins to the wrong environment, with odd 401s
//! (P15).
//!
//! **Example:** `.env.local` with `WORKOS_API_KEY=sk_live_…` and
//! `VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback`.
//!
//! **Fix:** manual: use the key of the environment the URIs belong to.

use crate::commands::doctor::locate::Url;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK406",
    name: "mixed-credentials",
    severity: Severity::Warning,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: false,
    source: include_str!("ak406_mixed_credentials.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in cx.env.iter().chain(&cx.prod_env) {
        let key = f.entries.iter().find_map(|e| {
            let v = e.value.trim();
            if v.starts_with("sk_live_") {
                Some((e, true))
            } else if v.starts_with("sk_test_") {
                Some((e, false))
            } else {
                None
            }
        });
        let Some((key, live)) = key else { continue };
        for e in f.entries.iter().filter(|e| e.key.ends_with("REDIRECT_URI")) {
            let Some(u) = Url::parse(&e.value) else { continue };
            let crossed = if live { u.is_local() } else { u.scheme == "https" && !u.is_local() && !u.is_template() };
            if !crossed {
                continue;
            }
            let (kind, other) = if live { ("sk_live_", "a localhost") } else { ("sk_test_", "a public https") };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    format!("`{}` has a `{kind}` key (`{}`) next to {other} redirect URI (`{}`)", f.rel, key.key, e.key),
                    "live keys belong to the production WorkOS environment and test keys to development; mixing them sends sign-ins and dashboard changes to the wrong environment",
                    Fix::manual("use the key of the environment these URIs belong to"),
                )
                .at(&f.rel, &f.text, f.value_range(e))
                .label(format!("{other} URI with a `{kind}` key")),
            );
        }
    }
    out
}
