//! **What (TanStack Start):** the router renders `AuthKitProvider` (from
//! `@workos/authkit-tanstack-react-start/client`) in `createRouter`'s `Wrap`, which renders
//! outside the router, instead of `InnerWrap`, with an SDK older than 0.8.6 (the installed
//! version, else the lowest `package.json` allows). Unknown version: a warning. From 0.8.6 on
//! the provider uses no router hook, and `Wrap` works: not reported.
//!
//! **Why:** AuthKit's provider before 0.8.6 calls TanStack Router's `useNavigate()`, which needs
//! the router's context: in `Wrap` it has none, so rendering fails and no page shows. Convex's
//! `template-tanstack-start-authkit` puts it in `InnerWrap`; an older Convex docs demo used
//! `Wrap` (P33).
//!
//! **Example:** `Wrap: ({ children }) => <AuthKitProvider>…{children}…</AuthKitProvider>` with
//! `"@workos/authkit-tanstack-react-start": "0.8.3"`.
//!
//! **Fix:** unsafe when the router has no `InnerWrap` and `Wrap` is written out
//! (`Wrap: (…) => …` or a method): `--fix --unsafe-fixes` renames `Wrap` to `InnerWrap`, which
//! moves everything it renders inside the router (other providers there too). Otherwise manual:
//! move `AuthKitProvider` and what it wraps into `InnerWrap`, or upgrade the SDK.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::edit::js::JsFacts;
use crate::commands::doctor::fix::FixOp;

use super::common::{Rule, start_with_sdk};

pub const RULE: Rule = Rule {
    code: "AK512",
    name: "authkit-provider-in-wrap",
    severity: Severity::Error,
    fix: Applicability::Unsafe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak512_authkit_provider_in_wrap.rs"),
    check,
};

/// The first SDK version whose provider uses no router hook.
const NO_ROUTER_HOOKS: (u64, u64, u64) = (0, 8, 6);

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(layout) = start_with_sdk(cx) else { return vec![] };
    let Some((_, wrap)) = layout.router_wraps.iter().find(|(n, _)| *n == "Wrap") else { return vec![] };
    let router = &layout.router;
    let Ok(facts) = JsFacts::parse(&router.rel, &router.text) else { return vec![] };
    let module = cx.recipe().client_sdk().authkit_module;
    let Some(local) = facts.local_name(module, "AuthKitProvider") else { return vec![] };
    let Some(el) = facts
        .elements_named(&local)
        .find(|e| wrap.start <= e.span.start && e.span.end <= wrap.end)
    else {
        return vec![];
    };
    let version = cx.installed_version(layout.sdk_module).or_else(|| {
        let pkg = cx.pkg.as_ref()?;
        crate::edit::package_json::min_version(pkg.dep(layout.sdk_module)?)
    });
    let (severity, shown) = match version {
        Some(v) if v >= NO_ROUTER_HOOKS => return vec![],
        Some((a, b, c)) => (RULE.severity, format!("{a}.{b}.{c}")),
        None => (Severity::Warning, "of an unknown version".to_string()),
    };
    // `Wrap: …` or `Wrap(…) {…}` (not the shorthand `Wrap`, which names a variable).
    let key_end = wrap.start + "Wrap".len();
    let written_out = router.text[wrap.clone()].starts_with("Wrap")
        && router.text[key_end..wrap.end].trim_start().starts_with([':', '(']);
    let has_inner = layout.router_wraps.iter().any(|(n, _)| *n == "InnerWrap");
    let fix = if written_out && !has_inner {
        let after = format!("{}InnerWrap{}", &router.text[..wrap.start], &router.text[key_end..]);
        Fix::unsafe_edits(
            format!("rename `Wrap` to `InnerWrap` in `{}` (everything it renders moves inside the router)", router.rel),
            vec![FixOp::Planned { file: router.rel.clone(), before: Some(router.text.clone()), after }],
        )
    } else {
        Fix::manual(format!(
            "move `<{local}>` and the providers inside it from `Wrap` into `InnerWrap` in `{}` (or upgrade `{}` to 0.8.6 or newer)",
            router.rel, layout.sdk_module
        ))
    };
    vec![
        Diagnostic::new(
            RULE.code,
            severity,
            format!("`<{local}>` is in the router's `Wrap` in `{}`, outside the router, and AuthKit's TanStack Start SDK {shown} uses router hooks in it", router.rel),
            "AuthKit's provider before 0.8.6 calls TanStack Router's `useNavigate()`, which needs the router's context; `Wrap` renders outside the router, so rendering fails and no page shows",
            fix,
        )
        .at(&router.rel, &router.text, el.opening_name.clone())
        .label("in `Wrap`, outside the router"),
    ]
}
