//! The `convex-authkit` binary: argument parsing and exit codes. The work lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use convex_authkit::error::UserError;
use convex_authkit::init::{self, Host, InitOptions, Outcome, Scope, Team, Terminal};
use convex_authkit::render;

/// Set up, check and prove WorkOS AuthKit sign-in for Convex apps.
///
/// Exit codes: 0 ok; 1 problems found (e.g. the package install failed); 2 usage or tool error,
/// nothing written; 3 files written but a step needs an interactive terminal (`action_required`).
#[derive(Parser)]
#[command(name = "convex-authkit", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plan, preview and apply the AuthKit setup for a Convex + React (Vite) app.
    Init(InitArgs),
    /// Find, explain and fix what breaks an AuthKit + Convex setup (exit 0 no errors, 1 errors
    /// found, 2 the tool failed).
    Doctor(DoctorArgs),
}

#[derive(clap::Args)]
struct DoctorArgs {
    /// The app's folder (the one with `package.json`).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Print the findings as JSON on stdout (schema in docs/doctor.md).
    #[arg(long)]
    json: bool,
    /// Apply the safe fixes (atomically, diffs shown), then check again.
    #[arg(long)]
    fix: bool,
    /// Also check production readiness and print a verdict.
    #[arg(long)]
    prod: bool,
    /// Print the documentation of one rule (e.g. `AK204`) and exit.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
    /// List every rule and exit.
    #[arg(long)]
    list_rules: bool,
}

#[derive(clap::Args)]
struct InitArgs {
    /// The app's folder (the one with `package.json`).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Which WorkOS team: `managed` (Convex provisions it) or `existing` (your own).
    #[arg(long, value_enum)]
    team: Option<Team>,
    /// `local` (localhost only) or `production` (also the prod redirect, homepage, CORS).
    #[arg(long, value_enum)]
    scope: Option<Scope>,
    /// The WorkOS client ID (`client_…`), for `--team existing`.
    #[arg(long, value_name = "CLIENT_ID")]
    client_id: Option<String>,
    /// The production origin, e.g. `https://app.example.com`.
    #[arg(long, value_name = "URL")]
    prod_url: Option<String>,
    /// Take production (and preview) origins from the host's build variables.
    #[arg(long, value_enum, value_name = "HOST")]
    prod_url_from: Option<Host>,
    /// Also configure preview deployments (needs `--prod-url-from`).
    #[arg(long)]
    preview: bool,
    /// The dev server port, if detection gets it wrong (combine with `--pin-port`).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    port: Option<u16>,
    /// The callback path (default: the one already configured, else `/callback`).
    #[arg(long, value_name = "PATH")]
    callback_path: Option<String>,
    /// Pin the dev port (`server.strictPort`) so Vite fails instead of moving ports.
    #[arg(long)]
    pin_port: bool,
    /// Don't create the sign-in/sign-out component.
    #[arg(long)]
    no_auth_button: bool,
    /// Also add a `users` table, a `users.store` mutation and a `useStoreUser` hook.
    #[arg(long)]
    with_users_table: bool,
    /// Show the plan and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the plan and result as JSON on stdout (schema in README.md).
    #[arg(long)]
    json: bool,
    /// Don't prompt: every choice comes from flags; apply without asking.
    #[arg(long, short = 'y')]
    yes: bool,
    /// Don't run the package manager after writing.
    #[arg(long)]
    no_install: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() && std::env::args().any(|a| a == "--json") {
                let err = UserError::usage(e.kind().to_string())
                    .hint(e.render().to_string().trim().to_string());
                print_json(&error_json(&err));
            }
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Init(args) => run_init(args),
        Command::Doctor(args) => run_doctor(args),
    }
}

fn run_init(a: InitArgs) -> ExitCode {
    let opts = InitOptions {
        path: a.path,
        team: a.team,
        scope: a.scope,
        client_id: a.client_id,
        prod_url: a.prod_url,
        prod_url_from: a.prod_url_from,
        preview: a.preview,
        port: a.port,
        callback_path: a.callback_path,
        pin_port: a.pin_port,
        no_auth_button: a.no_auth_button,
        with_users_table: a.with_users_table,
        dry_run: a.dry_run,
        json: a.json,
        yes: a.yes,
        no_install: a.no_install,
    };
    let terminal = Terminal::detect();
    let previewed = terminal.interactive && !opts.yes && !opts.json;
    match init::run(&opts, &terminal) {
        Ok(report) => {
            if opts.json {
                print_json(&report);
            } else {
                render::outcome(
                    &report,
                    previewed
                        && report.status != Outcome::DryRun
                        && report.status != Outcome::AlreadySetUp,
                );
            }
            ExitCode::from(u8::try_from(report.exit_code).unwrap_or(2))
        }
        Err(e) => {
            if opts.json {
                print_json(&error_json(&e));
            }
            render::error(&e);
            ExitCode::from(2)
        }
    }
}

fn run_doctor(a: DoctorArgs) -> ExitCode {
    use convex_authkit::doctor;
    if a.list_rules {
        doctor::render::list_rules();
        return ExitCode::SUCCESS;
    }
    if let Some(code) = &a.explain {
        return match doctor::rules::find(code) {
            Some(r) => {
                anstream::println!(
                    "{} `{}` ({})\n\n{}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.doc()
                );
                ExitCode::SUCCESS
            }
            None => {
                render::error(
                    &UserError::usage(format!("no rule `{code}`"))
                        .hint("`convex-authkit doctor --list-rules` lists them"),
                );
                ExitCode::from(2)
            }
        };
    }
    let opts = doctor::DoctorOptions {
        path: a.path,
        json: a.json,
        fix: a.fix,
        prod: a.prod,
    };
    match doctor::run(&opts) {
        Ok(outcome) => {
            if opts.json {
                print_json(&doctor::json::report(&outcome));
            } else {
                doctor::render::outcome(&outcome);
            }
            ExitCode::from(outcome.exit_code())
        }
        Err(e) => {
            if opts.json {
                let mut v = error_json(&e);
                v["command"] = "doctor".into();
                print_json(&v);
            }
            render::error(&e);
            ExitCode::from(2)
        }
    }
}

fn error_json(e: &UserError) -> serde_json::Value {
    serde_json::json!({
        "schema_version": 1,
        "command": "init",
        "status": "error",
        "error": e,
        "exit_code": 2,
    })
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => anstream::println!("{s}"),
        Err(e) => anstream::eprintln!("error: can't serialise the report: {e}"),
    }
}
