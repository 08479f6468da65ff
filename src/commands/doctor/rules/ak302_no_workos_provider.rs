//! **What:** `convex/auth.config.*` has no WorkOS provider for the issuer AuthKit's access
//! tokens carry (`https://api.workos.com/user_management/<client ID>`). Files using
//! `@convex-dev/workos-authkit`'s `getAuthConfigProviders()`, and files doctor can't read
//! statically, are not reported.
//!
//! **Why:** Convex picks a provider by the token's issuer; with none matching, every request
//! fails with `NoAuthProvider` and the app stays signed out of Convex (P08, P10).
//!
//! **Example:** a config with only a Clerk provider, or only the `https://api.workos.com/` one.
//!
//! **Fix:** safe: `--fix` adds the missing WorkOS providers beside the existing ones, in the
//! file's own style (the same edit as `init`).

use crate::commands::doctor::fix::FixOp;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, auth_config};

pub const RULE: Rule = Rule {
    code: "AK302",
    name: "no-workos-provider",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak302_no_workos_provider.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, cfg)) = auth_config(cx) else { return vec![] };
    if cfg.providers.helper() {
        return vec![];
    }
    let Some(providers) = cfg.providers.all() else { return vec![] };
    if providers.iter().any(|p| p.is_user_management()) {
        return vec![];
    }
    let any = providers.iter().any(|p| p.is_workos());
    let at = file.text.find("providers").unwrap_or(0);
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        if any {
            format!("`{}` has no provider for the `https://api.workos.com/user_management/<client ID>` issuer", file.rel)
        } else {
            format!("`{}` has no WorkOS provider", file.rel)
        },
        "AuthKit's access tokens carry the `user_management` issuer; with no provider matching it Convex answers `NoAuthProvider` and the app stays signed out of Convex",
        Fix::safe(
            format!("add the WorkOS providers to `{}`", file.rel),
            vec![FixOp::AddWorkosProviders { file: file.rel.clone() }],
        ),
    )
    .at(&file.rel, &file.text, at..at + "providers".len().min(file.text.len() - at))
    .label("no WorkOS `user_management` provider in this list")]
}
