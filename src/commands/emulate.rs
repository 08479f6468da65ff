//! `convex-authkit emulate`: runs [`crate::emulator`] in the foreground until Ctrl-C or SIGTERM.

use std::path::PathBuf;

use crate::emulator::{self, EmulatorConfig, EmulatorHandle};
use crate::error::{ErrorKind, UserError};

#[derive(Debug, Clone, Default)]
pub struct EmulateOptions {
    /// `--config FILE`; the built-in default config without it.
    pub config: Option<PathBuf>,
    /// 0 picks a free port.
    pub port: u16,
    /// No banner and no request log.
    pub quiet: bool,
}

/// Starts the emulator, hands it to `started` (which prints what the caller's format wants), then
/// serves until Ctrl-C or SIGTERM.
pub fn run(opts: &EmulateOptions, started: impl FnOnce(&EmulatorHandle)) -> Result<(), UserError> {
    let config = match &opts.config {
        Some(path) => EmulatorConfig::from_file(path)?,
        None => EmulatorConfig::default(),
    };
    let handle = emulator::start_with_logging(config, opts.port, !opts.quiet)?;
    started(&handle);
    if !opts.quiet {
        handle.print_banner();
    }
    let waited = wait_for_termination();
    handle.shutdown();
    waited.map_err(|e| UserError::new(ErrorKind::Io, format!("can't wait for Ctrl-C: {e}")))
}

/// Blocks until Ctrl-C (SIGINT) or SIGTERM.
fn wait_for_termination() -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        #[cfg(unix)]
        {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
            tokio::select! {
                r = tokio::signal::ctrl_c() => r,
                _ = term.recv() => Ok(()),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await
        }
    })
}
