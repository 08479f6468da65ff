//! The rule registry. One rule per file; the file's `//!` doc comment is the rule's documentation
//! (what it checks, why, with the P-number of `peers-and-problems.md`, an example, and whether the
//! fix is safe). `docs/doctor-rules.md` is generated from them (`tests/doctor_docs.rs` fails when
//! it is stale) and `doctor --explain CODE` prints one.
//!
//! Codes are stable and never reused: `AK0xx` project, `AK1xx` `convex.json`, `AK2xx` ports and
//! URIs, `AK3xx` `auth.config`, `AK4xx` client ID and secrets, `AK5xx` wiring, `AK6xx` packages,
//! `AK7xx` identity claims, `AK8xx` production (`--prod`).

pub mod common;

pub use common::*;

use super::diagnostic::{Applicability, Diagnostic, Severity};
use super::report::{HostEnv, Missing, Production};
use crate::app::App as Context;

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
    ak208_redirect_uri_env_name,
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
    ak407_cookie_password,
    ak408_api_key_missing,
    ak409_env_file_tracked,
    ak500_authkit_provider_missing,
    ak501_plain_convex_provider,
    ak502_provider_order,
    ak503_env_name_undefined,
    ak504_gated_on_authkit_user,
    ak505_no_convex_provider,
    ak506_authkit_use_auth_to_convex,
    ak507_proxy_missing,
    ak508_proxy_matcher,
    ak509_callback_route_missing,
    ak510_use_client_missing,
    ak511_start_middleware_missing,
    ak512_authkit_provider_in_wrap,
    ak513_start_callback_route,
    ak514_ssr_token_hand_off,
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
        Applicability::Unsafe => "unsafe (`--fix --unsafe-fixes`)",
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
        if server_flow(cx) {
            // The app's server holds the key and seals the session cookie with the password.
            for (name, value) in [
                (crate::workos::API_KEY_ENV, "<the production sk_live_ key>"),
                (
                    crate::workos::COOKIE_PASSWORD_ENV,
                    "<a new random password of 32+ characters, not the dev one>",
                ),
            ] {
                if !defined_for_build(name) {
                    host_env.push(HostEnv {
                        target: "host",
                        name: name.into(),
                        value: value.into(),
                    });
                }
            }
        }
        let reads_hostname = provider(cx)
            .and_then(|(_, f)| authkit_element(cx, &f).and_then(|el| attr_env(el, "apiHostname")))
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
