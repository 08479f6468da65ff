//! The `convex-authkit` binary: argument parsing and exit codes. The work lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use convex_authkit::commands::init::{self, Host, InitOptions, Outcome, Scope, Team, Terminal};
use convex_authkit::commands::verify::{self as verify_cli, VerifyOptions};
use convex_authkit::error::UserError;
use convex_authkit::ui::render;

/// `--version`: the version, then the target and the commit it was built from (`build.rs`), so a
/// bug report names the exact binary. `-V` prints the version alone.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("CONVEX_AUTHKIT_TARGET"),
    ", commit ",
    env!("CONVEX_AUTHKIT_COMMIT"),
    ")"
);

/// Set up, check and prove WorkOS AuthKit sign-in for Convex apps.
///
/// Exit codes: 0 ok; 1 problems found (e.g. the package install failed); 2 usage or tool error,
/// nothing written; 3 files written but a step needs an interactive terminal (`action_required`).
#[derive(Parser)]
#[command(
    name = "convex-authkit",
    version,
    long_version = LONG_VERSION,
    about,
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plan, preview and apply the AuthKit setup for a Convex + React (Vite) app.
    Init(InitArgs),
    /// Check a token exactly as the Convex deployment would, and explain a rejection.
    ///
    /// Exit codes: 0 accepted; 1 rejected (locally, or by `--deployment-url`); 2 tool error
    /// (flags, unreadable or too dynamic auth config, missing env var, deployment unreachable).
    Verify(VerifyArgs),
    /// Run a strict local WorkOS AuthKit on 127.0.0.1 (see docs/emulate.md).
    Emulate(EmulateArgs),
    /// Find, explain and fix what breaks an AuthKit + Convex setup (exit 0 no errors, 1 errors
    /// found, 2 the tool failed).
    Doctor(DoctorArgs),
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// The app's folder (the one holding `convex/auth.config.ts`).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The access token (JWT) to check, or `-` to read it from stdin.
    #[arg(
        long,
        value_name = "JWT|-",
        required_unless_present = "e2e",
        conflicts_with = "e2e"
    )]
    token: Option<String>,
    /// Run the whole sign-in headlessly against an AuthKit emulator (`--emulator URL` or
    /// `--emulate`) and verify the token against this app's auth config.
    #[arg(long)]
    e2e: bool,
    /// With `--e2e`: a running emulator (`convex-authkit emulate`).
    #[arg(long, value_name = "URL", requires = "e2e", conflicts_with = "emulate")]
    emulator: Option<String>,
    /// With `--e2e`: start an emulator in-process, configured from the app's `convex.json`.
    #[arg(long, requires = "e2e")]
    emulate: bool,
    /// With `--e2e`: the client ID to sign in with (default: the app's `.env.local`).
    #[arg(long, value_name = "CLIENT_ID", requires = "e2e")]
    client_id: Option<String>,
    /// With `--e2e`: the seeded user to sign in (default: `alice@example.com`).
    #[arg(long, value_name = "EMAIL", requires = "e2e")]
    user: Option<String>,
    /// A value for an env var the auth config reads (wins over `.env.local` and `.env`).
    #[arg(long = "env", value_name = "NAME=VALUE")]
    env: Vec<String>,
    /// Fetch JWKS URLs starting with FROM from TO instead (e.g. a local emulator).
    #[arg(long, value_name = "FROM=TO")]
    jwks_override: Vec<String>,
    /// Also ask this deployment (`https://….convex.cloud`) whether it accepts the token.
    #[arg(long, value_name = "URL")]
    deployment_url: Option<String>,
    /// The folder `npx convex dev` runs in (holding `convex.json` and the functions), when it
    /// isn't the app's and can't be told from its scripts or workspace.
    #[arg(long, value_name = "DIR")]
    convex_dir: Option<PathBuf>,
    /// Print the report as JSON on stdout (schema in docs/verify.md).
    #[arg(long)]
    json: bool,
    /// The current time, in Unix seconds (for tests).
    #[arg(long, hide = true, value_name = "UNIX_SECONDS")]
    now: Option<u64>,
}

#[derive(clap::Args)]
struct EmulateArgs {
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A JSON config file (clients, users, token settings); default: the built-in config.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Don't log requests to stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Print the settings as one JSON object line instead of `NAME=value` lines.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct DoctorArgs {
    /// The app's folder (the one with `package.json`).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The folder `npx convex dev` runs in (holding `convex.json` and the functions), when it
    /// isn't the app's and can't be told from its scripts or workspace.
    #[arg(long, value_name = "DIR")]
    convex_dir: Option<PathBuf>,
    /// Print the findings as JSON on stdout (schema in docs/doctor.md).
    #[arg(long)]
    json: bool,
    /// Apply the safe fixes (atomically, diffs shown), then check again; in a terminal, also
    /// ask about each unsafe fix.
    #[arg(long)]
    fix: bool,
    /// With `--fix`: apply the unsafe fixes too, without asking.
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
    /// With `--fix`: the port the app's dev server uses, for the port fixes when the dev port and
    /// `convex.json` disagree (the URIs move to it, and the dev server is pinned to it if it
    /// runs elsewhere); without a mismatch it changes nothing.
    #[arg(long, value_name = "PORT", requires = "fix", value_parser = clap::value_parser!(u16).range(1..))]
    port: Option<u16>,
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
    /// The folder `npx convex dev` runs in (holding `convex.json` and the functions), when it
    /// isn't the app's and can't be told from its scripts or workspace (a monorepo's backend).
    #[arg(long, value_name = "DIR")]
    convex_dir: Option<PathBuf>,
    /// Read the WorkOS API key (server-side frameworks: Next.js, TanStack Start) from stdin. Without it, the
    /// key comes from the `WORKOS_API_KEY` environment variable or a hidden prompt; never
    /// from a flag value, so it stays out of shell history.
    #[arg(long)]
    api_key_stdin: bool,
}

fn main() -> ExitCode {
    install_panic_hook();
    // A panic is a bug, never the answer to bad input; the hook has said so, and unwinding
    // has run every destructor on the way (temp files removed). Exit 2: nothing usable happened.
    std::panic::catch_unwind(run).unwrap_or(ExitCode::from(2))
}

/// Marks a panic as the tool's bug, with what to report, instead of Rust's default message.
/// The bad-input corpus (`tests/robustness.rs`) fails on this line: it is a backstop, not an
/// answer.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let thread = std::thread::current();
        let thread = thread.name().unwrap_or("unnamed");
        anstream::eprintln!(
            "error: convex-authkit hit a bug (thread `{thread}` panicked{at}): {what}\nhint: this is not your project's fault; please report it with the command you ran and this message (convex-authkit {})",
            env!("CARGO_PKG_VERSION")
        );
    }));
}

fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() && std::env::args().any(|a| a == "--json") {
                let err = UserError::usage(e.kind().to_string())
                    .hint(e.render().to_string().trim().to_string());
                print_json(&error_json(&err, command_name()));
            }
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Init(args) => run_init(args),
        Command::Verify(a) if a.e2e => run_e2e(a),
        Command::Verify(a) => ExitCode::from(verify_cli::run(&VerifyOptions {
            path: a.path,
            token: a.token.unwrap_or_default(),
            env: a.env,
            jwks_override: a.jwks_override,
            deployment_url: a.deployment_url,
            convex_dir: a.convex_dir,
            json: a.json,
            now: a.now,
        })),
        Command::Emulate(args) => run_emulate(args),
        Command::Doctor(args) => run_doctor(args),
    }
}

/// The subcommand named on the command line, for usage errors in `--json` mode.
fn command_name() -> &'static str {
    match std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .as_deref()
    {
        Some("verify") => "verify",
        Some("emulate") => "emulate",
        Some("doctor") => "doctor",
        _ => "init",
    }
}

fn run_e2e(a: VerifyArgs) -> ExitCode {
    use convex_authkit::commands::e2e;
    if a.emulator.is_none() && !a.emulate {
        let e = UserError::usage("`--e2e` needs an emulator: `--emulator URL` or `--emulate`")
            .hint("`--emulate` starts one in-process, configured from the app's `convex.json`");
        if a.json {
            print_json(&error_json(&e, "verify --e2e"));
        }
        render::error(&e);
        return ExitCode::from(2);
    }
    let mut env = Vec::new();
    for pair in &a.env {
        match pair.split_once('=') {
            Some((k, v)) if !k.is_empty() => env.push((k.to_string(), v.to_string())),
            _ => {
                let e = UserError::usage(format!("`--env {pair}` must be `NAME=VALUE`"));
                render::error(&e);
                return ExitCode::from(2);
            }
        }
    }
    let opts = e2e::E2eOptions {
        path: a.path,
        emulator: a.emulator,
        client_id: a.client_id,
        user: a.user,
        env,
        convex_dir: a.convex_dir,
    };
    match e2e::run(&opts) {
        Ok(report) => {
            if a.json {
                print_json(&report);
            } else {
                convex_authkit::commands::e2e::render::report(&report);
            }
            ExitCode::from(if report.status == "passed" { 0 } else { 1 })
        }
        Err(e) => {
            if a.json {
                print_json(&error_json(&e, "verify --e2e"));
            }
            render::error(&e);
            ExitCode::from(2)
        }
    }
}

fn run_emulate(a: EmulateArgs) -> ExitCode {
    use convex_authkit::commands::emulate::{self, EmulateOptions};
    let opts = EmulateOptions {
        config: a.config,
        port: a.port,
        quiet: a.quiet,
    };
    match emulate::run(&opts, |handle| {
        if a.json {
            anstream::println!("{}", handle.describe_json());
        } else {
            for line in handle.env_lines() {
                anstream::println!("{line}");
            }
        }
        let _ = std::io::Write::flush(&mut std::io::stdout());
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if a.json {
                print_json(&error_json(&e, "emulate"));
            }
            render::error(&e);
            ExitCode::from(2)
        }
    }
}

fn run_init(a: InitArgs) -> ExitCode {
    let api_key = if a.api_key_stdin {
        let mut key = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut key) {
            let e = UserError::usage(format!("can't read the API key from stdin: {e}"))
                .hint("nothing was written");
            if a.json {
                print_json(&error_json(&e, "init"));
            }
            render::error(&e);
            return ExitCode::from(2);
        }
        Some(key.trim().to_string())
    } else {
        std::env::var("WORKOS_API_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty())
    };
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
        convex_dir: a.convex_dir,
        api_key,
        cancel: Default::default(),
    };
    let terminal = Terminal::detect();
    let previewed = terminal.interactive && !opts.yes && !opts.json;
    match init::run(&opts, &terminal) {
        Ok(report) => {
            if opts.json {
                print_json(&report);
            } else {
                init::render::outcome(
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
                print_json(&error_json(&e, "init"));
            }
            render::error(&e);
            ExitCode::from(2)
        }
    }
}

fn run_doctor(a: DoctorArgs) -> ExitCode {
    use convex_authkit::commands::doctor;
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
        unsafe_fixes: a.unsafe_fixes,
        port: a.port,
        prod: a.prod,
        convex_dir: a.convex_dir,
        cancel: Default::default(),
    };
    // Never a prompt with `--json` (stdout is for the document), nor without a terminal.
    let ask: Box<dyn doctor::prompt::Ask> = if opts.json || !opts.fix {
        Box::new(doctor::prompt::NoTerminal)
    } else {
        doctor::prompt::Terminal::detect()
    };
    if opts.fix {
        // A Ctrl-C or SIGTERM during `--fix`'s writes rolls them back instead of killing the
        // process.
        convex_authkit::files::install_signal_handler(&opts.cancel);
    }
    match doctor::run(&opts, ask.as_ref()) {
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
                let mut v = error_json(&e, "doctor");
                v["schema_version"] = doctor::json::SCHEMA_VERSION.into();
                print_json(&v);
            }
            render::error(&e);
            ExitCode::from(2)
        }
    }
}

fn error_json(e: &UserError, command: &str) -> serde_json::Value {
    serde_json::json!({
        "schema_version": 1,
        "command": command,
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
