//! The app's Prettier settings, and code printed the way Prettier prints it.
//!
//! Apps made from Convex's templates run `prettier --check` (often in CI), so the code init
//! writes or inserts must be exactly what Prettier would print. [`Options`] are read from the
//! app's Prettier config ([`config`]); [`js`] builds the generated code as Prettier's own
//! document IR ([`doc`]) and prints it, so line breaks follow `printWidth` as Prettier's do. No
//! Node or `node_modules` is needed.

pub mod config;
pub mod doc;
pub mod js;
pub mod options;

pub use options::{Options, TrailingComma, Value};
