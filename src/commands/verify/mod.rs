//! The `verify --token` command: flags in, verdict out.
//!
//! Data goes to stdout: the identity (JSON) for an accepted token, `CODE: message` for a rejected
//! one; the summary, diagnosis and hints go to stderr. `--json` prints one report on stdout.
//! Exit codes: 0 accepted; 1 rejected (locally or by the deployment); 2 tool error (flags, config,
//! too-dynamic code, missing env var, deployment unreachable).

use std::io::Read;
use std::path::PathBuf;

use anstream::{eprintln, println};
use owo_colors::OwoColorize;
use serde_json::{Value, json};

pub mod probe;

use crate::app::auth_config::{self as config, ConfigError, EnvRead};
use crate::error::{ErrorKind, UserError};
use crate::token::diagnose::short;
use crate::token::{Accepted, JwksOverride, JwksUse, Provider, Rejection, Verifier, unix_now};
use probe::{ProbeResult, Verdict};

#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    pub path: PathBuf,
    /// The token, or `-` to read it from stdin.
    pub token: String,
    /// `NAME=VALUE` pairs.
    pub env: Vec<String>,
    /// `FROM=TO` pairs.
    pub jwks_override: Vec<String>,
    pub deployment_url: Option<String>,
    /// The Convex project's folder (`--convex-dir`), when the app model can't tell.
    pub convex_dir: Option<PathBuf>,
    pub json: bool,
    pub now: Option<u64>,
}

/// What one run found (the JSON report, and what the human output is drawn from).
struct Outcome {
    verifier: Verifier,
    env_reads: Vec<EnvRead>,
    verdict: Result<Accepted, Rejection>,
    deployment: Option<ProbeResult>,
}

/// What a run did: the full local check (and the deployment's answer), or, for a config too
/// dynamic to evaluate here, only the deployment's answer (`--deployment-url`).
enum Run {
    Checked(Box<Outcome>),
    DeploymentOnly {
        file: String,
        why: Box<UserError>,
        deployment: Box<ProbeResult>,
    },
}

/// Runs the command, prints the result and returns the exit code.
pub fn run(opts: &VerifyOptions) -> u8 {
    match execute(opts) {
        Ok(Run::DeploymentOnly {
            file,
            why,
            deployment,
        }) => {
            let code = match deployment.verdict {
                Verdict::Accepted { .. } => 0,
                Verdict::Rejected { .. } => 1,
                _ => 2,
            };
            if opts.json {
                print_json(&json!({
                    "schema_version": 1,
                    "command": "verify",
                    "status": match code { 0 => "accepted", 1 => "rejected", _ => "error" },
                    "config": { "file": file, "evaluated": false, "why": why.message },
                    "deployment": deployment,
                    "exit_code": code,
                }));
            } else {
                eprintln!(
                    "{}{} no local check: {}; the deployment's answer decides",
                    "note".bold(),
                    ":".bold(),
                    why.message
                );
                render_deployment(&deployment, code == 0);
            }
            code
        }
        Ok(Run::Checked(outcome)) => {
            let code = exit_code(&outcome);
            if opts.json {
                print_json(&report_json(&outcome, code));
            } else {
                render(&outcome);
            }
            code
        }
        Err(e) => {
            if opts.json {
                print_json(&json!({
                    "schema_version": 1,
                    "command": "verify",
                    "status": "error",
                    "error": e,
                    "exit_code": 2,
                }));
            }
            match e.code {
                // Convex's own push-time error: show its code the way the deployment would.
                Some(code) => {
                    let mut shown = (*e.error).clone();
                    shown.message = format!("{code}: {}", shown.message);
                    crate::ui::render::error(&shown);
                }
                None => crate::ui::render::error(&e.error),
            }
            2
        }
    }
}

fn execute(opts: &VerifyOptions) -> Result<Run, ConfigError> {
    let env = opts
        .env
        .iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(UserError::usage(format!("`--env {s}` is not `NAME=VALUE`"))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let overrides = opts
        .jwks_override
        .iter()
        .map(|s| JwksOverride::parse(s).map_err(UserError::usage))
        .collect::<Result<Vec<_>, _>>()?;
    let deployment = opts
        .deployment_url
        .as_deref()
        .map(|u| probe::parse_deployment_url(u).map_err(UserError::usage))
        .transpose()?;
    let token = read_token(&opts.token)?;
    let app = crate::app::App::load_backend_in(&opts.path, opts.convex_dir.as_deref())?;
    let loaded = match (config::load(&app, &env), &deployment) {
        // Code the evaluator doesn't run: the deployment evaluates it, so its answer stands.
        (Err(e), Some(url)) if e.error.kind == ErrorKind::UnsupportedCode && e.code.is_none() => {
            let file = e.error.about_file().unwrap_or_default().to_string();
            return Ok(Run::DeploymentOnly {
                file,
                why: e.error,
                deployment: Box::new(probe::probe(
                    url,
                    &token,
                    crate::token::DEFAULT_JWKS_TIMEOUT * 2,
                )),
            });
        }
        (loaded, _) => loaded?,
    };
    let env_reads = loaded.env_reads.clone();
    let verifier = loaded.verifier(overrides);
    // An override that matches nothing is almost always a typo in FROM; say so rather than fetch
    // the real URL silently.
    for o in verifier.overrides() {
        let used = verifier.providers().iter().any(|p| match p {
            Provider::CustomJwt { jwks, .. } => o.apply(jwks).is_some(),
            Provider::Oidc { .. } => false,
        });
        if !used {
            anstream::eprintln!(
                "warning: `--jwks-override {}={}` matches no provider's `jwks` URL, so it is not applied",
                o.from,
                o.to
            );
        }
    }
    let now = opts.now.unwrap_or_else(unix_now);
    let verdict = verifier.check(&token, now);
    let deployment =
        deployment.map(|url| probe::probe(&url, &token, crate::token::DEFAULT_JWKS_TIMEOUT * 2));
    Ok(Run::Checked(Box::new(Outcome {
        verifier,
        env_reads,
        verdict,
        deployment,
    })))
}

/// The token from the flag or stdin, trimmed, with a pasted `Bearer ` prefix removed (Convex
/// strips it from the header the same way).
fn read_token(arg: &str) -> Result<String, UserError> {
    let raw = if arg == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| {
            UserError::new(
                ErrorKind::Io,
                format!("can't read the token from stdin: {e}"),
            )
        })?;
        s
    } else {
        arg.to_string()
    };
    let mut t = raw.trim();
    if t.len() > 7 && t[..7].eq_ignore_ascii_case("bearer ") {
        t = t[7..].trim();
    }
    if t.is_empty() {
        return Err(UserError::usage("the token is empty")
            .hint("pass it with `--token <JWT>`, or `--token -` to read it from stdin"));
    }
    Ok(t.to_string())
}

fn exit_code(o: &Outcome) -> u8 {
    let deployment_rejected = matches!(
        o.deployment.as_ref().map(|d| &d.verdict),
        Some(Verdict::Rejected { .. })
    );
    let deployment_failed = matches!(
        o.deployment.as_ref().map(|d| &d.verdict),
        Some(Verdict::Unreachable { .. } | Verdict::Unexpected { .. })
    );
    if o.verdict.is_err() || deployment_rejected {
        1
    } else if deployment_failed {
        2
    } else {
        0
    }
}

fn provider_json(p: &Provider, index: usize) -> Value {
    match p {
        Provider::CustomJwt {
            issuer,
            jwks,
            algorithm,
            application_id,
        } => json!({
            "index": index, "type": "customJwt", "issuer": issuer,
            "application_id": application_id, "algorithm": algorithm, "jwks": jwks,
        }),
        Provider::Oidc {
            domain,
            application_id,
        } => json!({
            "index": index, "type": "oidc", "domain": domain, "application_id": application_id,
        }),
    }
}

fn jwks_json(j: &JwksUse) -> Value {
    json!({ "url": j.url, "override": j.applied_override, "source": j.source })
}

fn report_json(o: &Outcome, exit_code: u8) -> Value {
    let v = &o.verifier;
    let mut r = json!({
        "schema_version": 1,
        "command": "verify",
        "status": if o.verdict.is_ok() { "accepted" } else { "rejected" },
        "config": {
            "file": v.source(),
            "env": o.env_reads,
            "providers": v.providers().len(),
        },
    });
    let m = r.as_object_mut().expect("object");
    match &o.verdict {
        Ok(a) => {
            m.insert(
                "provider".into(),
                provider_json(&v.providers()[a.provider_index], a.provider_index),
            );
            m.insert("jwks".into(), jwks_json(&a.jwks));
            m.insert("identity".into(), a.identity.to_json());
        }
        Err(rej) => {
            m.insert(
                "provider".into(),
                rej.provider_index
                    .map_or(Value::Null, |i| provider_json(&v.providers()[i], i)),
            );
            m.insert(
                "jwks".into(),
                rej.jwks.as_deref().map_or(Value::Null, jwks_json),
            );
            m.insert(
                "error".into(),
                json!({ "code": rej.code, "message": rej.message }),
            );
            m.insert("diagnosis".into(), json!(rej.diagnosis));
            m.insert("hints".into(), json!(rej.hints));
        }
    }
    if let Some(d) = &o.deployment {
        m.insert("deployment".into(), json!(d));
    }
    m.insert("exit_code".into(), json!(exit_code));
    r
}

fn describe_provider(p: &Provider, i: usize) -> String {
    match p {
        Provider::CustomJwt {
            issuer,
            algorithm,
            application_id,
            ..
        } => format!(
            "provider {i} (customJwt, issuer `{issuer}`, {algorithm}{})",
            application_id
                .as_ref()
                .map_or(String::new(), |a| format!(", applicationID `{a}`"))
        ),
        Provider::Oidc { domain, .. } => format!("provider {i} (oidc, domain `{domain}`)"),
    }
}

fn render(o: &Outcome) {
    let v = &o.verifier;
    let file = v.source().unwrap_or("(no auth config)");
    let env_note = if o.env_reads.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = o
            .env_reads
            .iter()
            .map(|e| format!("{} from {}", e.name, e.source))
            .collect();
        format!(" with {}", list.join(", "))
    };
    match &o.verdict {
        Ok(a) => {
            let identity = serde_json::to_string_pretty(&a.identity.to_json()).unwrap_or_default();
            println!("{identity}");
            eprintln!(
                "{}{} {} in `{file}`{env_note} accepts this token; the identity is above",
                "accepted".green().bold(),
                ":".bold(),
                describe_provider(&v.providers()[a.provider_index], a.provider_index),
            );
            jwks_note(&a.jwks);
        }
        Err(r) => {
            println!("{}: {}", r.code, r.message);
            match r.provider_index {
                Some(i) => eprintln!(
                    "{}{} Convex would reject this token ({}) at {} in `{file}`{env_note}",
                    "rejected".red().bold(),
                    ":".bold(),
                    r.code,
                    describe_provider(&v.providers()[i], i),
                ),
                None => eprintln!(
                    "{}{} Convex would reject this token ({}); {} provider(s) in `{file}`{env_note}",
                    "rejected".red().bold(),
                    ":".bold(),
                    r.code,
                    v.providers().len(),
                ),
            }
            // The diagnosis already says when a JWKS override applied.
            for d in &r.diagnosis {
                eprintln!("  - {d}");
            }
            for h in &r.hints {
                eprintln!("{}{} {h}", "hint".cyan().bold(), ":".bold());
            }
        }
    }
    if let Some(d) = &o.deployment {
        render_deployment(d, o.verdict.is_ok());
    }
}

fn jwks_note(j: &JwksUse) {
    if let Some(o) = &j.applied_override {
        eprintln!(
            "{}{} JWKS override applied: `{}` fetched as `{}` (`{}` → `{}`)",
            "note".bold(),
            ":".bold(),
            short(&j.configured),
            short(&j.url),
            o.from,
            o.to
        );
    }
}

fn render_deployment(d: &ProbeResult, local_ok: bool) {
    let label = format!("deployment {}", d.url);
    match &d.verdict {
        Verdict::Accepted { .. } => {
            eprintln!("{}{} accepted the token", label.bold(), ":".bold());
            if !local_ok {
                eprintln!(
                    "{}{} the deployment accepts a token the local check rejects: its auth config or env vars differ from what was checked here (pass the deployment's values with `--env`)",
                    "warning".yellow().bold(),
                    ":".bold()
                );
            }
        }
        Verdict::Rejected { code, message } => {
            eprintln!(
                "{}{} rejected the token: {code}: {message}",
                label.bold(),
                ":".bold()
            );
            if local_ok {
                eprintln!(
                    "{}{} the local check accepts it, so the deployment's config differs: push it (`npx convex dev`) and compare its env vars (`npx convex env list`) with the ones used here",
                    "warning".yellow().bold(),
                    ":".bold()
                );
            }
        }
        Verdict::Unreachable { error } => eprintln!(
            "{}{} {label} is unreachable: {error}",
            "error".red().bold(),
            ":".bold()
        ),
        Verdict::Unexpected { detail } => eprintln!(
            "{}{} {label} gave an answer that is not Convex's: {detail}",
            "error".red().bold(),
            ":".bold()
        ),
    }
}

fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: can't serialise the report: {e}"),
    }
}
