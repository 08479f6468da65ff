//! **What:** `VITE_WORKOS_REDIRECT_URI` in the dev env files (`.env.local`, …; the value Vite
//! uses) is not one of `authKit.dev.configure.redirectUris` (or, without `configure`, differs
//! from `localEnvVars`). `npx convex dev` never overwrites an existing value, so a stale one
//! stays (P31).
//!
//! **Why:** the app asks WorkOS for a redirect URI that isn't registered: "Invalid redirect URI"
//! (P01, P02).
//!
//! **Example:** `.env.local` has `http://localhost:5174/callback`, `convex.json` has
//! `http://localhost:5173/callback`.
//!
//! **Fix:** safe when `convex.json` has exactly one local dev redirect URI and it is on the
//! detected dev port: `--fix` writes that URI to the env file. Otherwise manual.

use crate::doctor::fix::FixOp;
use crate::doctor::locate::Url;
use crate::doctor::{Applicability, Context, Diagnostic, Fix, Severity};

use super::ak202_callback_path_mismatch::registered_or_alias;
use super::{Rule, configure_strings};

pub const RULE: Rule = Rule {
    code: "AK203",
    name: "env-redirect-uri-mismatch",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak203_env_redirect_uri_mismatch.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let name = cx.names().redirect_uri;
    let Some((file, entry)) = cx.env_value(name) else { return vec![] };
    let mut registered = configure_strings(cx, "dev", "redirectUris");
    let from_local = registered.is_empty();
    if from_local {
        match cx.local_env_var(name) {
            Some(v) if !v.contains("${") => registered = vec![(0, v)],
            _ => return vec![],
        }
    }
    if registered_or_alias(&entry.value, &registered) {
        return vec![];
    }
    let port = cx
        .facts
        .as_ref()
        .filter(|f| f.port.unresolved.is_none())
        .map(|f| f.port.port);
    let local: Vec<&str> = registered
        .iter()
        .map(|(_, u)| *u)
        .filter(|u| Url::parse(u).is_some_and(|u| u.is_local()))
        .collect();
    let target = match local.as_slice() {
        [one] if Url::parse(one).and_then(|u| u.effective_port()) == port && port.is_some() => Some(*one),
        _ => None,
    };
    let expected = registered.iter().map(|(_, u)| format!("`{u}`")).collect::<Vec<_>>().join(", ");
    let fix = match target {
        Some(uri) => Fix::safe(
            format!("set `{name}={uri}` in `{}`", file.rel),
            vec![FixOp::EnvSet { file: file.rel.into(), name: name.into(), value: uri.into() }],
        ),
        None => Fix::manual(format!("set `{name}` in `{}` to the registered dev redirect URI", file.rel)),
    };
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        format!(
            "`{name}` in `{}` is `{}`, which is not {} ({expected})",
            file.rel,
            entry.value,
            if from_local { "the `localEnvVars` value in `convex.json`" } else { "a dev redirect URI in `convex.json`" }
        ),
        "the app sends this redirect URI to WorkOS, which only accepts registered ones: sign-in ends on \"Invalid redirect URI\"; `npx convex dev` never overwrites an existing value",
        fix,
    )
    .at(file.rel, &file.text, file.value_range(entry))
    .label("not registered")]
}
