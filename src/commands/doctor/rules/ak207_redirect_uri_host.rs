//! **What:** a dev redirect URI on a non-local host, or a `prod` redirect URI, CORS origin or
//! homepage over plain `http://`. Build-variable hosts (`${buildEnv.…}`) are not judged.
//!
//! **Why:** the dev section configures the development WorkOS environment, which serves your
//! machine: a public host there usually means production settings in the wrong environment (or
//! test keys serving real users). WorkOS production environments reject `http://` URIs (P15, P01).
//!
//! **Example:** `"prod": { "configure": { "redirectUris": ["http://app.example.com/callback"] } }`.
//!
//! **Fix:** manual: move the URI to the right section, or use `https://`.

use crate::commands::doctor::locate::{Url, json_value};
use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};

use super::common::{Rule, configure, configure_strings, json_text};

pub const RULE: Rule = Rule {
    code: "AK207",
    name: "redirect-uri-host",
    severity: Severity::Error,
    fix: Applicability::Manual,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak207_redirect_uri_host.rs"),
    check,
};

fn check(cx: &Context) -> Vec<Diagnostic> {
    let text = json_text(cx);
    let mut out = Vec::new();
    for (i, uri) in configure_strings(cx, "dev", "redirectUris") {
        let Some(u) = Url::parse(uri) else { continue };
        if u.is_local() || u.is_template() {
            continue;
        }
        let idx = i.to_string();
        let range = json_value(text, &["authKit", "dev", "configure", "redirectUris", &idx]).unwrap_or(0..1);
        out.push(
            Diagnostic::new(
                RULE.code,
                Severity::Warning,
                format!("the dev redirect URI `{uri}` is not on this machine"),
                "`authKit.dev` configures the development WorkOS environment (test keys); a public host here usually belongs in `prod`",
                Fix::manual("move the URI to `authKit.prod` (or `preview`), or use `http://localhost:<port>`"),
            )
            .at(&cx.convex_json_rel, text, range)
            .label("not localhost"),
        );
    }
    let mut prod: Vec<(Vec<String>, &str)> = Vec::new();
    for key in ["redirectUris", "corsOrigins"] {
        for (i, u) in configure_strings(cx, "prod", key) {
            prod.push((vec![key.into(), i.to_string()], u));
        }
    }
    if let Some(h) = configure(cx, "prod").and_then(|c| c.get("appHomepageUrl")).and_then(|v| v.as_str()) {
        prod.push((vec!["appHomepageUrl".into()], h));
    }
    for (path, uri) in prod {
        if !uri.starts_with("http://") {
            continue;
        }
        let mut full = vec!["authKit", "prod", "configure"];
        full.extend(path.iter().map(String::as_str));
        let range = json_value(text, &full).unwrap_or(0..1);
        out.push(
            Diagnostic::new(
                RULE.code,
                Severity::Error,
                format!("the production URI `{uri}` uses plain `http://`"),
                "WorkOS production environments only accept `https://` URIs, so configuring them fails and sign-in can't return",
                Fix::manual(format!("use `{}`", uri.replacen("http://", "https://", 1))),
            )
            .at(&cx.convex_json_rel, text, range)
            .label("`http://` in production"),
        );
    }
    out
}
