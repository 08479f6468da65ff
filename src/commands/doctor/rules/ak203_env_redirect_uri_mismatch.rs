//! **What:** the redirect URI variable (`VITE_WORKOS_REDIRECT_URI`; Next.js:
//! `NEXT_PUBLIC_WORKOS_REDIRECT_URI`; TanStack Start: `WORKOS_REDIRECT_URI`) in the dev env files (`.env.local`, …; the value the dev
//! server uses, with `${VAR}`/`$VAR` references expanded as Vite and Next.js do) is not one of
//! `authKit.dev.configure.redirectUris` (or, without `configure`, differs from `localEnvVars`),
//! or it is a local URI on another port than the detected dev port (registered or not, as after
//! `init --port 3000 --pin-port` on an app whose `.env.local` still says 5173). `npx convex dev`
//! never overwrites an existing value, so a stale one stays (P31). Values with a reference doctor
//! can't resolve are skipped.
//!
//! **Why:** the app asks WorkOS for a redirect URI that isn't registered: "Invalid redirect URI"
//! (P01, P02).
//!
//! **Example:** `.env.local` has `http://localhost:5174/callback`, `convex.json` has
//! `http://localhost:5173/callback`.
//!
//! **Fix:** safe when `convex.json` has exactly one local dev redirect URI on the detected dev
//! port and the env value holds no `${VAR}` reference: `--fix` writes that URI to the env file.
//! When none is on the dev port, the port fix of AK200 (the URIs and the variable move to the
//! port the app uses; unsafe when nothing in the app sets that port). Otherwise manual.

use crate::commands::doctor::fix::FixOp;
use crate::commands::doctor::locate::Url;
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::ak202_callback_path_mismatch::registered_or_alias;
use super::common::{Rule, configure_strings, port_fix};

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
    // `${APP_URL}/callback`: judge the value the dev server will use; skip when it can't be known.
    let Some(value) = cx.env_expanded(name) else { return vec![] };
    let mut registered = configure_strings(cx, "dev", "redirectUris");
    let from_local = registered.is_empty();
    if from_local {
        match cx.local_env_var(name) {
            Some(v) if !v.contains("${") => registered = vec![(0, v)],
            _ => return vec![],
        }
    }
    let port = cx
        .facts
        .as_ref()
        .filter(|f| f.port.unresolved.is_none())
        .map(|f| f.port.port);
    let sent = Url::parse(&value);
    let off_port = match (&sent, port) {
        (Some(u), Some(p)) => u.is_local() && u.effective_port() != Some(p),
        _ => false,
    };
    let is_registered = registered_or_alias(&value, &registered);
    if is_registered && !off_port {
        return vec![];
    }
    let on_port: Vec<&str> = registered
        .iter()
        .map(|(_, u)| *u)
        .filter(|u| Url::parse(u).is_some_and(|u| u.is_local() && port.is_some() && u.effective_port() == port))
        .collect();
    let target = match on_port.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let expected = registered.iter().map(|(_, u)| format!("`{u}`")).collect::<Vec<_>>().join(", ");
    // Never overwrite a value built from references: the user chose that shape.
    let fix = match target {
        Some(uri) if !Context::has_reference(&entry.value) => Fix::safe(
            format!("set `{name}={uri}` in `{}`", file.rel),
            vec![FixOp::EnvSet { file: file.rel.clone(), name: name.into(), value: uri.into() }],
        ),
        // None registered on the dev port: the URIs and the variable move together (AK200).
        None if on_port.is_empty() && !Context::has_reference(&entry.value) => port
            .and_then(|p| port_fix(cx, p))
            .unwrap_or_else(|| Fix::manual(format!("set `{name}` in `{}` to the registered dev redirect URI on the dev server's port", file.rel))),
        _ => Fix::manual(format!("set `{name}` in `{}` to the registered dev redirect URI on the dev server's port", file.rel)),
    };
    let shown = if value == entry.value { format!("`{value}`") } else { format!("`{}` (`{value}`)", entry.value) };
    let (message, label) = if is_registered {
        let (theirs, ours) = (
            sent.as_ref().and_then(|u| u.effective_port()).map_or("no".into(), |p| p.to_string()),
            port.unwrap_or_default(),
        );
        (
            format!("`{name}` in `{}` is {shown}, on port {theirs}, but the dev server runs on {ours}", file.rel),
            format!("port {theirs}, not {ours}"),
        )
    } else {
        (
            format!(
                "`{name}` in `{}` is {shown}, which is not {} ({expected})",
                file.rel,
                if from_local { "the `localEnvVars` value in `convex.json`" } else { "a dev redirect URI in `convex.json`" }
            ),
            "not registered".to_string(),
        )
    };
    vec![Diagnostic::new(
        RULE.code,
        RULE.severity,
        message,
        "the app sends this redirect URI to WorkOS, which only accepts registered ones, and after sign-in the browser returns to it: unregistered, sign-in ends on \"Invalid redirect URI\"; on another port than the dev server's, nothing answers; `npx convex dev` never overwrites an existing value",
        fix,
    )
    .at(&file.rel, &file.text, file.value_range(entry))
    .label(label)]
}
