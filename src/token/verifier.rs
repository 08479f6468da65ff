//! [`Verifier`]: a deployment's providers, checking tokens and explaining refusals.

use std::time::Duration;

use super::check;
use super::diagnose;
use super::provider::{
    Accepted, DEFAULT_JWKS_TIMEOUT, Identity, JwksOverride, Provider, Rejection, effective_jwks,
};

/// Checks tokens against a fixed list of providers, as one Convex deployment would.
#[derive(Debug, Clone)]
pub struct Verifier {
    providers: Vec<Provider>,
    overrides: Vec<JwksOverride>,
    timeout: Duration,
    /// The config file the providers came from (for messages), if any.
    source: Option<String>,
}

impl Verifier {
    /// A verifier for an explicit provider list (tests, the e2e flow, a sync stand-in).
    pub fn from_providers(providers: Vec<Provider>, overrides: Vec<JwksOverride>) -> Verifier {
        Verifier {
            providers,
            overrides,
            timeout: DEFAULT_JWKS_TIMEOUT,
            source: None,
        }
    }

    /// Names the config file the providers came from, for messages.
    pub fn with_source(mut self, rel: impl Into<String>) -> Verifier {
        self.source = Some(rel.into());
        self
    }

    /// Changes the JWKS fetch timeout (default 5 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Verifier {
        self.timeout = timeout;
        self
    }

    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    pub fn overrides(&self) -> &[JwksOverride] {
        &self.overrides
    }

    /// The config file the providers came from, relative to the app.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Verifies `token` at `now` (Unix seconds): the identity, or Convex's rejection.
    pub fn verify(&self, token: &str, now: u64) -> Result<Identity, Rejection> {
        self.check(token, now).map(|a| a.identity)
    }

    /// Like [`Verifier::verify`], with the provider and JWKS that accepted the token.
    pub fn check(&self, token: &str, now: u64) -> Result<Accepted, Rejection> {
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        let setup = check::Setup {
            providers: &self.providers,
            overrides: &self.overrides,
            timeout: self.timeout,
        };
        check::check(&setup, token, now).map_err(|r| {
            let (code, message) = r.failure.convex(&self.providers);
            let (diagnosis, hints) = diagnose::explain(&diagnose::Context {
                failure: &r.failure,
                providers: &self.providers,
                provider_index: r.provider_index,
                claims: r.claims.as_ref(),
                jwks: r.jwks.as_ref(),
                now,
                source: self.source(),
            });
            Rejection {
                code,
                message,
                diagnosis,
                hints,
                provider_index: r.provider_index,
                jwks: r.jwks.map(Box::new),
            }
        })
    }

    /// The JWKS URL to fetch for a configured `jwks` value, and the override used, if any.
    pub fn effective_jwks(&self, configured: &str) -> (String, Option<JwksOverride>) {
        effective_jwks(&self.overrides, configured)
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
