//! **What:** there is no `convex/auth.config.ts` (or `.js`).
//!
//! **Why:** without it the Convex deployment has no auth providers, so it rejects every WorkOS
//! token and `useConvexAuth().isAuthenticated` stays `false` with no error in the app (P08).
//!
//! **Example:** a Convex app with AuthKit wired in the client only.
//!
//! **Fix:** safe: `--fix` creates the file with the two WorkOS `customJwt` providers (the shape
//! `init` writes and Convex's docs show), reading `WORKOS_CLIENT_ID`.

use crate::commands::doctor::fix::FixOp;
use crate::app::AuthConfigFile;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK300",
    name: "auth-config-missing",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak300_auth_config_missing.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    if !matches!(cx.auth_config, AuthConfigFile::Missing) {
        return vec![];
    }
    let dir = &cx.functions_dir;
    let ts = cx.facts.as_ref().map_or_else(
        // Something unreadable there still says TypeScript.
        || !matches!(cx.files.exists(&format!("{dir}/tsconfig.json")), Ok(false)),
        |f| f.typescript,
    );
    let file = format!("{dir}/auth.config.{}", if ts { "ts" } else { "js" });
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!("there is no `{dir}/auth.config.ts`, so Convex accepts no WorkOS tokens"),
        "without auth providers the deployment rejects every token: AuthKit signs in, but `useConvexAuth().isAuthenticated` stays false",
        Fix::safe(
            format!("create `{file}` with the two WorkOS providers"),
            vec![FixOp::CreateAuthConfig { file }],
        ),
    )]
}
