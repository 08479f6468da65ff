//! **What:** the provider tree renders a plain `ConvexProvider` (from `convex/react`).
//!
//! **Why:** a plain `ConvexProvider` never asks AuthKit for a token, so Convex sees every request
//! as anonymous: `ctx.auth.getUserIdentity()` is `null` even when signed in (P08, P18).
//!
//! **Example:** `<ConvexProvider client={convex}>` inside `<AuthKitProvider>`.
//!
//! **Fix:** needs confirmation: use `ConvexProviderWithAuthKit` (from `@convex-dev/workos`) with
//! `useAuth={useAuth}`; `convex-authkit init` rewrites it.

use crate::doctor::{Applicability, Context, Diagnostic, Fix, Severity};

use super::{Rule, provider};

pub const RULE: Rule = Rule {
    code: "AK501",
    name: "plain-convex-provider",
    severity: Severity::Error,
    fix: Applicability::NeedsConfirmation,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak501_plain_convex_provider.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some((file, facts)) = provider(cx) else { return vec![] };
    let Some(local) = facts.local_name("convex/react", "ConvexProvider") else {
        return vec![];
    };
    facts
        .elements_named(&local)
        .map(|el| {
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                format!("`<{local}>` in `{}` never passes AuthKit's token to Convex", file.rel),
                "a plain `ConvexProvider` sends no token, so Convex treats every request as anonymous: `getUserIdentity()` is null even when signed in",
                Fix::confirm("use `<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>` from `@convex-dev/workos`")
                    .command("npx convex-authkit init"),
            )
            .at(&file.rel, &file.text, el.opening_name.clone())
            .label("plain `ConvexProvider`")
        })
        .collect()
}
