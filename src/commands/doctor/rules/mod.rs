//! The rule registry. One rule per file; the file's `//!` doc comment is the rule's documentation
//! (what it checks, why, with the P-number of `peers-and-problems.md`, an example, and whether the
//! fix is safe). `docs/doctor-rules.md` is generated from them (`tests/doctor_docs.rs` fails when
//! it is stale) and `doctor --explain CODE` prints one.
//!
//! Codes are stable and never reused: `AK0xx` project, `AK1xx` `convex.json`, `AK2xx` ports and
//! URIs, `AK3xx` `auth.config`, `AK4xx` client ID and secrets, `AK5xx` wiring, `AK6xx` packages,
//! `AK7xx` identity claims, `AK8xx` production (`--prod`).

use serde_json::Value;

use super::{Applicability, Diagnostic, HostEnv, Missing, Production, Severity};
use crate::app::{App as Context, AuthConfigFile};
use crate::edit::js::JsFacts;
use crate::frameworks::SourceFile;

/// A rule's identity and its check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    /// The usual severity (a few rules report a lower one when less is at stake).
    pub severity: Severity,
    /// The best fix this rule can offer.
    pub fix: Applicability,
    /// Runs only with `--prod`.
    pub prod_only: bool,
    /// Runs only when the app shows some sign of AuthKit (packages, `authKit`, wiring, env).
    pub needs_authkit: bool,
    /// The rule's source file; its `//!` lines are the documentation.
    pub source: &'static str,
    pub check: fn(&Context) -> Vec<Diagnostic>,
}

impl Rule {
    /// The `//!` doc comment, as Markdown.
    pub fn doc(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                if out.is_empty() {
                    continue;
                }
                break;
            };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out.trim_end().to_string()
    }
}

macro_rules! rules {
    ($($m:ident),* $(,)?) => {
        $(pub mod $m;)*
        /// Every rule, in code order.
        pub static RULES: &[Rule] = &[$($m::RULE),*];
    };
}

rules![
    ak001_not_set_up,
    ak002_unreadable_file,
    ak100_convex_json_not_json,
    ak101_authkit_section_missing,
    ak102_convex_json_schema,
    ak103_convex_json_unknown_key,
    ak104_template_expression,
    ak105_convex_too_old,
    ak200_dev_port_mismatch,
    ak201_dev_port_not_pinned,
    ak202_callback_path_mismatch,
    ak203_env_redirect_uri_mismatch,
    ak204_cors_origin_missing,
    ak205_homepage_missing,
    ak206_localhost_loopback,
    ak207_redirect_uri_host,
    ak300_auth_config_missing,
    ak301_auth_config_duplicate,
    ak302_no_workos_provider,
    ak303_application_id_on_user_management,
    ak304_insecure_root_issuer,
    ak305_application_id_spelling,
    ak306_provider_type,
    ak307_provider_algorithm,
    ak308_jwks_client_mismatch,
    ak309_hardcoded_client_id,
    ak310_auth_config_env,
    ak311_workos_issuer_form,
    ak400_client_id_missing,
    ak401_client_id_shape,
    ak402_client_id_disagree,
    ak403_secret_in_public_env,
    ak404_secret_in_source,
    ak405_env_local_not_ignored,
    ak406_mixed_credentials,
    ak500_authkit_provider_missing,
    ak501_plain_convex_provider,
    ak502_provider_order,
    ak503_env_name_undefined,
    ak504_gated_on_authkit_user,
    ak505_no_convex_provider,
    ak506_authkit_use_auth_to_convex,
    ak600_package_missing,
    ak601_known_bad_version,
    ak700_identity_claims,
    ak800_prod_section,
    ak801_prod_client_id,
    ak802_custom_auth_domain,
];

/// `docs/doctor-rules.md`, generated from the rules' doc comments (kept in sync by
/// `tests/doctor_docs.rs`).
pub fn markdown() -> String {
    let fix = |a: Applicability| match a {
        Applicability::Safe => "safe (`--fix`)",
        Applicability::NeedsConfirmation => "needs confirmation",
        Applicability::Manual => "manual",
    };
    let mut out = String::from(
        "# `convex-authkit doctor` rules\n\n<!-- Generated from the `//!` doc comments in `src/commands/doctor/rules/*.rs`; run `UPDATE_DOCS=1 cargo test --test doctor_docs` after editing them. -->\n\nCodes are stable and never reused: `AK0xx` project, `AK1xx` `convex.json`, `AK2xx` ports and URIs, `AK3xx` `auth.config`, `AK4xx` client ID and secrets, `AK5xx` wiring, `AK6xx` packages, `AK7xx` identity claims, `AK8xx` production (`--prod`). P-numbers refer to the problem catalogue (`peers-and-problems.md`). `convex-authkit doctor --explain CODE` prints one entry.\n\n| code | name | severity | fix | runs |\n| --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        let runs = if r.prod_only {
            "with `--prod`"
        } else if r.needs_authkit {
            "when AuthKit is used"
        } else {
            "always"
        };
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} | {runs} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.as_str(),
            fix(r.fix)
        ));
    }
    for r in RULES {
        out.push_str(&format!(
            "\n## {}\n\n`{}` · {} · fix: {}\n\n{}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            fix(r.fix),
            r.doc()
        ));
    }
    out
}

pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the rules.

pub const AUTHKIT_REACT: &str = "@workos-inc/authkit-react";
pub const CONVEX_WORKOS: &str = "@convex-dev/workos";

/// The provider file and its facts, when detection (or doctor's own resolution, see
/// [`super::tree`]) found and parsed it.
pub fn provider(cx: &Context) -> Option<(&SourceFile, JsFacts)> {
    let file = cx.provider_tree().file.as_ref()?;
    let facts = JsFacts::parse(&file.rel, &file.text).ok()?;
    Some((file, facts))
}

/// The `<AuthKitProvider>` element (imported from AuthKit's React SDK), if rendered.
pub fn authkit_element(facts: &JsFacts) -> Option<&crate::edit::js::JsxElem> {
    let local = facts.local_name(AUTHKIT_REACT, "AuthKitProvider")?;
    facts.jsx.iter().find(|e| e.name == local)
}

/// The env var an attribute of an element reads (`import.meta.env.X`), and whether it was read
/// through `process.env` instead.
pub fn attr_env(
    el: &crate::edit::js::JsxElem,
    attr: &str,
) -> Option<(String, bool, std::ops::Range<usize>)> {
    let a = el.attrs.iter().find(|a| a.name.as_deref() == Some(attr))?;
    let value = a.value.as_deref()?;
    if let Some(name) = crate::edit::js::import_meta_env_name(value) {
        return Some((name, false, a.span.clone()));
    }
    // `import.meta.env.X || undefined`, `Number(import.meta.env.X)`, …: the first one read.
    if let Some(i) = value.find("import.meta.env.") {
        let rest = &value[i + "import.meta.env.".len()..];
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !n.is_empty() {
            return Some((n, false, a.span.clone()));
        }
    }
    let v = value.trim().trim_end_matches('!');
    let v = v.split(" as ").next().unwrap_or(v).trim();
    let name = v.strip_prefix("process.env.")?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| (name.to_string(), true, a.span.clone()))
}

/// `authKit.<section>.configure` when it is an object.
pub fn configure<'a>(cx: &'a Context, section: &str) -> Option<&'a serde_json::Map<String, Value>> {
    cx.auth_kit_section(section)?.get("configure")?.as_object()
}

/// The string elements of `configure.<key>` with their indices.
pub fn configure_strings<'a>(cx: &'a Context, section: &str, key: &str) -> Vec<(usize, &'a str)> {
    configure(cx, section)
        .and_then(|c| c.get(key))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, v)| v.as_str().map(|s| (i, s)))
                .collect()
        })
        .unwrap_or_default()
}

/// The `convex.json` text (empty when absent).
pub fn json_text(cx: &Context) -> &str {
    cx.convex_json.as_ref().map_or("", |c| c.text.as_str())
}

/// The sections of `authKit` that exist, in order.
pub fn sections(cx: &Context) -> Vec<&'static str> {
    ["dev", "preview", "prod"]
        .into_iter()
        .filter(|s| cx.auth_kit_section(s).is_some())
        .collect()
}

/// The env var the app reads its client ID from (the `clientId` prop's, when it is
/// client-exposed or the prefixes are unknown; else the recipe's).
pub fn client_id_env(cx: &Context) -> String {
    provider(cx)
        .and_then(|(_, f)| authkit_element(&f).and_then(|el| attr_env(el, "clientId")))
        .filter(|(n, process, _)| !process && cx.is_client_exposed(n) != Some(false))
        .map(|(n, _, _)| n)
        .unwrap_or_else(|| cx.names().client_id.to_string())
}

/// Whether `name` gets a value in dev: a dev env file or `localEnvVars`.
pub fn defined_in_dev(cx: &Context, name: &str) -> bool {
    cx.env_value(name).is_some() || cx.local_env_var(name).is_some()
}

/// The auth config file, if exactly one exists and parses.
pub fn auth_config(cx: &Context) -> Option<(&SourceFile, &crate::edit::auth_config::AuthConfig)> {
    let AuthConfigFile::One(f) = &cx.auth_config else {
        return None;
    };
    Some((f, cx.auth_config_reading()?))
}

/// Whether `word` occurs in `text` as a whole identifier.
pub fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let ident =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        !ident(before) && !ident(after)
    })
}

/// The `--prod` verdict: the production rules' errors and warnings, in rule order, and the host
/// checklist.
pub fn production_verdict(cx: &Context, findings: &[Diagnostic]) -> Production {
    let prod_codes: Vec<&str> = RULES
        .iter()
        .filter(|r| r.prod_only)
        .map(|r| r.code)
        .chain(["AK207", "AK300", "AK302", "AK304"])
        .collect();
    let mut missing: Vec<(usize, Missing)> = findings
        .iter()
        .filter(|d| d.severity != Severity::Info && prod_codes.contains(&d.code))
        .filter(|d| d.code != "AK207" || d.message.contains("production"))
        .map(|d| {
            let order = RULES.iter().position(|r| r.code == d.code).unwrap_or(0);
            (
                order,
                Missing {
                    code: d.code,
                    message: d.message.clone(),
                },
            )
        })
        .collect();
    missing.sort_by_key(|(o, _)| *o);
    let names = cx.names();
    let defined_for_build = |n: &str| cx.prod_env.iter().any(|f| f.get(n).is_some());
    let mut host_env = Vec::new();
    if cx.recipe.is_some() {
        let redirect = configure_strings(cx, "prod", "redirectUris")
            .first()
            .map(|(_, u)| {
                if u.contains("${buildEnv.") {
                    u.replace("${buildEnv.", "<").replace('}', ">")
                } else {
                    u.to_string()
                }
            })
            .unwrap_or_else(|| "https://<your production domain>/callback".into());
        for (name, value) in [
            (client_id_env(cx), "<the production client ID>".to_string()),
            (names.redirect_uri.to_string(), redirect),
        ] {
            if !defined_for_build(&name) {
                host_env.push(HostEnv {
                    target: "host",
                    name,
                    value,
                });
            }
        }
        let reads_hostname = provider(cx)
            .and_then(|(_, f)| authkit_element(&f).and_then(|el| attr_env(el, "apiHostname")))
            .map(|(n, _, _)| n);
        if let Some(n) = reads_hostname
            && !defined_for_build(&n)
        {
            host_env.push(HostEnv {
                target: "host",
                name: n,
                value: "<your custom auth domain, e.g. auth.example.com>".into(),
            });
        }
    }
    let mut convex_vars: Vec<String> = auth_config(cx)
        .map(|(_, a)| a.env_refs.iter().map(|r| r.name.clone()).collect())
        .unwrap_or_default();
    if configure(cx, "prod").is_some() {
        convex_vars.push("WORKOS_API_KEY".into());
    }
    let mut seen = Vec::new();
    for n in convex_vars {
        if seen.contains(&n) {
            continue;
        }
        seen.push(n.clone());
        let value = match n.as_str() {
            "WORKOS_CLIENT_ID" => "<the production client ID>",
            "WORKOS_API_KEY" => "<the production sk_live_ key, via the hidden prompt>",
            _ => "<value>",
        };
        host_env.push(HostEnv {
            target: "convex prod",
            name: n,
            value: value.into(),
        });
    }
    Production {
        ready: missing.is_empty(),
        missing: missing.into_iter().map(|(_, m)| m).collect(),
        host_env,
    }
}
