//! `convex-authkit emulate`: a strict local WorkOS AuthKit.
//!
//! It serves the four endpoints the AuthKit SDKs call during sign-in (authorize, authenticate,
//! JWKS, logout) plus the three management endpoints `npx convex dev` uses to configure an
//! environment, and it refuses what WorkOS refuses: unknown clients, redirect URIs that are not
//! registered byte for byte, public-client sign-ins without PKCE S256, code exchanges and
//! refreshes with a wrong API key as `client_secret`, reused or stale codes, rotated refresh
//! tokens, cross-origin calls from unregistered origins. Both the browser flow (authkit-js, a
//! public client) and the server flow (`@workos-inc/node`, a confidential client) are served.
//! Sign-in can therefore be tested offline and in CI, and a misconfiguration fails locally the
//! way it would fail against WorkOS.
//!
//! Tokens are shaped like real AuthKit access tokens (`iss`
//! `https://api.workos.com/user_management/<client_id>`, no `aud`), so the app's real
//! `auth.config.ts` is what gets tested; only the JWKS location differs.
//!
//! The library API ([`start`]) runs the server on its own thread, for `verify --e2e` and tests.
//! See `docs/emulate.md` for the config schema and the differences from WorkOS.

pub mod config;
pub mod ids;
mod keys;
mod pages;
mod server;

use std::sync::Arc;
use std::time::Duration;

pub use config::{
    ClientConfig, DEFAULT_API_KEY, DEFAULT_CLIENT_ID, EmulatorConfig, MembershipConfig,
    SigningKeyConfig, UserConfig,
};
pub use server::{CODE_TTL_SECS, SIGN_IN_PATH};

use crate::error::{ErrorKind, UserError};

/// A running emulator. Dropping it (or [`EmulatorHandle::shutdown`]) stops the server.
pub struct EmulatorHandle {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub port: u16,
    shared: Arc<server::Shared>,
    stop: Option<tokio::sync::watch::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts the emulator on 127.0.0.1 (`port` 0 picks a free one), without request logs.
pub fn start(config: EmulatorConfig, port: u16) -> Result<EmulatorHandle, UserError> {
    start_with_logging(config, port, false)
}

/// [`start`], logging one line per request to stderr when `log` is set.
pub fn start_with_logging(
    config: EmulatorConfig,
    port: u16,
    log: bool,
) -> Result<EmulatorHandle, UserError> {
    let signer = match &config.signing_key {
        Some(k) => keys::Signer::from_pem(k.pem.as_deref(), k.kid.clone())?,
        None => keys::Signer::generate()?,
    };
    let io_err = |e: std::io::Error| {
        UserError::new(
            ErrorKind::Io,
            format!("can't start the emulator's server: {e}"),
        )
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("authkit-emulator")
        .build()
        .map_err(io_err)?;
    // A listen backlog of 1024 (std's is 128): a burst of connections waits in the queue
    // instead of having its SYNs dropped and retried a second later.
    let listener = {
        let _guard = runtime.enter();
        let socket = tokio::net::TcpSocket::new_v4().map_err(io_err)?;
        // As std's `TcpListener::bind` does: a restart can take the port back at once.
        #[cfg(unix)]
        socket.set_reuseaddr(true).map_err(io_err)?;
        socket
            .bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
            .and_then(|()| socket.listen(1024))
            .map_err(|e| {
                let err = UserError::new(
                    ErrorKind::Io,
                    format!("can't listen on 127.0.0.1:{port}: {e}"),
                );
                if e.kind() == std::io::ErrorKind::AddrInUse {
                    err.hint("another process uses that port; pick another with `--port`, or `--port 0` for any free port")
                } else {
                    err
                }
            })?
    };
    let port = listener.local_addr().map_err(io_err)?.port();
    let shared = Arc::new(server::Shared::new(config, signer, log));
    let app = server::router(shared.clone());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let thread = std::thread::Builder::new()
        .name("authkit-emulator".into())
        .spawn(move || {
            runtime.block_on(serve(listener, app, stop_rx));
            runtime.shutdown_timeout(Duration::from_millis(200));
        })
        .map_err(io_err)?;
    Ok(EmulatorHandle {
        url: format!("http://127.0.0.1:{port}"),
        port,
        shared,
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

/// A client that hasn't sent a whole request head by then is disconnected: slowloris-style
/// dribbling and idle connections can't hold the server's resources for long.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; past it a new one is closed at once (the listen backlog never
/// fills up behind idle ones, so the next real client still gets in).
const MAX_CONNECTIONS: usize = 16_384;

/// The accept loop: HTTP/1.1 per connection with [`HEADER_READ_TIMEOUT`], at most
/// [`MAX_CONNECTIONS`] at once, until `stop`; then open connections get 2 s to finish.
async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            _ = stopped(&mut stop) => break,
            accepted = listener.accept() => accepted,
        };
        while connections.try_join_next().is_some() {}
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors, most likely: let some connections close first.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        if connections.len() >= MAX_CONNECTIONS {
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut stop = stop.clone();
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                // A client that sends its request and shuts its side still gets the answer.
                .half_close(true);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopped(&mut stop) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    // Graceful shutdown waits for open connections; don't wait on them forever.
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
}

/// Resolves once the stop flag is set (the watch guard isn't held across later awaits).
async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

impl EmulatorHandle {
    /// Stops the server and waits for its thread.
    pub fn shutdown(self) {
        drop(self);
    }

    /// `http://127.0.0.1:PORT/sso/jwks/<client_id>`
    pub fn jwks_url(&self, client_id: &str) -> String {
        format!("{}/sso/jwks/{client_id}", self.url)
    }

    /// The JWKS document (`{"keys":[…]}`), e.g. for a `data:` URI.
    pub fn jwks(&self) -> &str {
        &self.shared.signer.jwks
    }

    /// The `kid` of the signing key.
    pub fn kid(&self) -> &str {
        &self.shared.signer.kid
    }

    /// The `iss` of tokens minted for `client_id`.
    pub fn issuer(&self, client_id: &str) -> String {
        self.shared.config.issuer_for(client_id)
    }

    /// The configuration the emulator started with.
    pub fn config(&self) -> &EmulatorConfig {
        &self.shared.config
    }

    /// The clients as they are now, including URIs and origins added through the management
    /// endpoints.
    pub fn clients(&self) -> Vec<ClientConfig> {
        self.shared.clients()
    }

    /// The seeded users' IDs, in config order (IDs absent from the config are derived).
    pub fn user_ids(&self) -> Vec<String> {
        self.shared.users.iter().map(|u| u.id.clone()).collect()
    }

    /// Test hook: moves the emulator's clock forward (code expiry, token `iat`/`exp`), so expiry
    /// can be tested without sleeping.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// What `emulate` prints, as `NAME=value` lines: the URL, the Vite wiring settings for the
    /// first client, and its JWKS URL.
    pub fn env_lines(&self) -> Vec<String> {
        let client = &self.shared.config.clients[0].client_id;
        let mut lines = vec![format!("AUTHKIT_EMULATOR_URL={}", self.url)];
        for (k, v) in self.settings() {
            lines.push(format!("{k}={v}"));
        }
        lines.push(format!("VITE_WORKOS_CLIENT_ID={client}"));
        lines.push(format!(
            "AUTHKIT_EMULATOR_JWKS_URL={}",
            self.jwks_url(client)
        ));
        lines
    }

    fn settings(&self) -> [(&'static str, String); 3] {
        [
            ("VITE_WORKOS_API_HOSTNAME", "127.0.0.1".to_string()),
            ("VITE_WORKOS_API_PORT", self.port.to_string()),
            ("VITE_WORKOS_API_HTTPS", "false".to_string()),
        ]
    }

    /// The human summary on stderr: where it listens, the clients and the users to sign in as.
    pub fn print_banner(&self) {
        use owo_colors::OwoColorize;
        anstream::eprintln!(
            "{} listening on {} (Ctrl-C to stop)",
            "convex-authkit emulate".bold(),
            self.url.cyan()
        );
        for c in self.clients() {
            anstream::eprintln!("  client   `{}`", c.client_id);
            for uri in &c.redirect_uris {
                anstream::eprintln!("    redirect {uri}");
            }
            for origin in &c.cors_origins {
                anstream::eprintln!("    cors     {origin}");
            }
        }
        for u in &self.shared.users {
            anstream::eprintln!("  user     {} (`{}`)", u.email, u.id);
        }
        anstream::eprintln!(
            "  {}{} tokens have `iss` `{}`; point `jwks` at {} (or a `data:` URI)",
            "hint".cyan().bold(),
            ":".bold(),
            self.issuer(&self.shared.config.clients[0].client_id),
            self.jwks_url(&self.shared.config.clients[0].client_id)
        );
    }

    /// What `emulate --json` prints.
    pub fn describe_json(&self) -> serde_json::Value {
        let clients: Vec<serde_json::Value> = self
            .clients()
            .iter()
            .map(|c| {
                serde_json::json!({
                    "client_id": c.client_id,
                    "jwks_url": self.jwks_url(&c.client_id),
                    "issuer": self.issuer(&c.client_id),
                    "redirect_uris": c.redirect_uris,
                    "cors_origins": c.cors_origins,
                    "homepage_url": c.homepage_url,
                })
            })
            .collect();
        let first = &self.shared.config.clients[0].client_id;
        let mut settings = serde_json::Map::new();
        for (k, v) in self.settings() {
            settings.insert(k.into(), v.into());
        }
        settings.insert("VITE_WORKOS_CLIENT_ID".into(), first.clone().into());
        let users: Vec<serde_json::Value> = self
            .shared
            .users
            .iter()
            .map(|u| serde_json::json!({"id": u.id, "email": u.email}))
            .collect();
        serde_json::json!({
            "url": self.url,
            "clients": clients,
            "settings": settings,
            "issuer": self.issuer(first),
            "users": users,
        })
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
