//! Token checks as a Convex deployment makes them, and why a token was refused.
//!
//! When Convex rejects a WorkOS token, its React client gives up quietly (`isAuthenticated` stays
//! `false`) and the reason sits in a WebSocket frame. This module re-implements the backend's
//! `customJwt` path step by step (provider routing, JWKS fetch, `kid`/`alg`, signature, 5 s
//! leeway, required claims) so the same code and message come out, and then adds what Convex
//! does not say: which provider came closest, what differs, and how to fix it.
//!
//! - [`check`] holds the checks themselves, [`jwks`] the key fetching and its cache.
//! - [`config`] holds Convex's push-time checks of an auth config, which give the providers.
//! - [`diagnose`] turns a failure into plain sentences.
//!
//! The providers come from the app's `auth.config` through [`crate::app::auth_config`]; the
//! command is [`crate::commands::verify`]. The library entry point is [`Verifier`]; `verify
//! --e2e` and test stand-ins call it directly.

//! - [`provider`] holds the data: providers as Convex stores them, identities, refusals;
//!   [`verifier`] the entry point that ties the checks and the explanation together.

pub mod check;
pub mod config;
pub mod diagnose;
pub mod jwks;
pub mod provider;
pub mod verifier;

pub use check::Failure;
pub use provider::*;
pub use verifier::*;

/// Test keys and token minting, shared by the unit and CLI tests (not a stable API).
#[doc(hidden)]
pub mod testkit;
