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
    // The handlers go in before the URL is printed: a caller that reads it and sends SIGTERM at
    // once must get the clean exit 0, not the default action of the signal.
    let wait_err =
        |e: std::io::Error| UserError::new(ErrorKind::Io, format!("can't wait for Ctrl-C: {e}"));
    let termination = Termination::install().map_err(wait_err)?;
    started(&handle);
    if !opts.quiet {
        handle.print_banner();
    }
    let waited = termination.wait();
    handle.shutdown();
    waited.map_err(wait_err)
}

/// Ctrl-C (SIGINT) and SIGTERM handlers, installed eagerly.
struct Termination {
    rt: tokio::runtime::Runtime,
    #[cfg(unix)]
    signals: (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
}

impl Termination {
    fn install() -> std::io::Result<Termination> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        #[cfg(unix)]
        let signals = {
            use tokio::signal::unix::{SignalKind, signal};
            let _guard = rt.enter();
            (
                signal(SignalKind::interrupt())?,
                signal(SignalKind::terminate())?,
            )
        };
        Ok(Termination {
            rt,
            #[cfg(unix)]
            signals,
        })
    }

    /// Blocks until one of the signals arrives.
    fn wait(self) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            let Termination {
                rt,
                signals: (mut int, mut term),
            } = self;
            rt.block_on(async {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            });
            Ok(())
        }
        #[cfg(not(unix))]
        {
            self.rt.block_on(tokio::signal::ctrl_c())
        }
    }
}
