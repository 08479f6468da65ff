//! convex-authkit: sets up, diagnoses and verifies WorkOS AuthKit in Convex apps.
pub mod convex_json;
pub mod edit;
pub mod error;
pub mod fsx;
pub mod js;
pub mod package_json;
pub mod plan;
pub mod recipe;
pub mod style;
