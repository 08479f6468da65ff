//! **What:** `AuthKitProvider`'s `clientId` or `redirectUri` reads an env var the browser can't
//! see: through `process.env`, or a name without the `VITE_` prefix (or one of the prefixes of a
//! literal `envPrefix` in `vite.config.*`; the prefix check is skipped when `envPrefix` can't be
//! read statically); or a `redirectUri` variable that no dev env file (nor `localEnvVars`)
//! defines. (An undefined client ID is AK400.)
//!
//! Not checked for server flows (Next.js), where AuthKit's SDK reads its env vars itself (AK208).
//!
//! **Why:** Vite exposes only `import.meta.env.VITE_*` to the browser; anything else is
//! `undefined` at runtime. Without `redirectUri` AuthKit redirects to the page's origin, which is
//! usually not registered (P18, P01).
//!
//! **Example:** `clientId={import.meta.env.WORKOS_CLIENT_ID}`.
//!
//! **Fix:** manual: read `import.meta.env.VITE_WORKOS_CLIENT_ID` / `VITE_WORKOS_REDIRECT_URI` and
//! define them in `.env.local`.

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{
    Rule, attr_env, authkit_element, defined_in_dev, provider, reads_env_natively, server_flow,
};

pub const RULE: Rule = Rule {
    code: "AK503",
    name: "env-name-undefined",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak503_env_name_undefined.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    // In server flows the SDK reads its env itself (AK208 checks the names), not through props.
    if server_flow(cx) {
        return vec![];
    }
    let Some((file, facts)) = provider(cx) else { return vec![] };
    let Some(el) = authkit_element(cx, &facts) else { return vec![] };
    let sdk = cx.recipe().client_sdk();
    let server = sdk.dev_server;
    let public = format!("{}*", cx.names().public_prefix);
    let prefixes = cx.env_prefixes();
    let shown = prefixes.as_ref().map_or(String::new(), |p| p.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" or "));
    let mut out = Vec::new();
    for (attr, canonical) in [("clientId", cx.names().client_id), ("redirectUri", cx.names().redirect_uri)] {
        let Some((name, process, span)) = attr_env(el, attr) else { continue };
        let (message, why) = if !reads_env_natively(cx, process) {
            let wrong = if process { "process.env" } else { "import.meta.env" };
            (
                format!("`{attr}` reads `{wrong}.{name}`, which {server} doesn't provide in the browser"),
                format!("{server} exposes env vars to the browser only as `{}`; `{wrong}` is undefined there", sdk.env_access.read(&public)),
            )
        } else if cx.is_client_exposed(&name) == Some(false) {
            (
                format!("`{attr}` reads `{name}`, which {server} hides from the browser (no {shown} prefix)"),
                format!("{server} exposes only `{public}` variables to the browser, so this is `undefined` at runtime"),
            )
        } else if attr == "redirectUri" && cx.env_complete() && !defined_in_dev(cx, &name) {
            (
                format!("`{attr}` reads `{name}`, which no dev env file (nor `localEnvVars`) defines"),
                "without a redirect URI AuthKit sends users back to the page's origin, which is usually not a registered redirect URI".to_string(),
            )
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                message,
                why,
                Fix::manual(format!("read `{}` and define it in `.env.local`", sdk.env_access.read(canonical))),
            )
            .at(&file.rel, &file.text, span)
            .label("undefined in the browser"),
        );
    }
    out
}
