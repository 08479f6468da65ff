//! convex-authkit: sets up, diagnoses and verifies WorkOS AuthKit in Convex apps.
//!
//! The layers, lowest first (each imports only the ones above it in this list; see
//! `docs/architecture.md`):
//! - [`error`], [`ui`]: the user-facing error type and the shared output helpers;
//! - [`files`]: reading app files once, and the one atomic, all-or-nothing writer;
//! - [`edit`]: lossless editors, pure functions from text to edits;
//! - [`token`]: Convex's token rules, JWKS fetching and diagnoses;
//! - [`frameworks`]: one recipe per framework;
//! - [`app`]: the app read once into one model, used by every command;
//! - [`emulator`]: the local WorkOS AuthKit server;
//! - [`commands`]: `init`, `doctor`, `verify`, `verify --e2e` and `emulate`, used only by the CLI.
pub mod app;
pub mod commands;
pub mod edit;
pub mod emulator;
pub mod error;
pub mod files;
pub mod frameworks;
pub mod token;
pub mod ui;
pub mod workos;
