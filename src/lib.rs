//! convex-authkit: sets up, diagnoses and verifies WorkOS AuthKit in Convex apps.
pub mod auth_config;
pub mod convex_json;
pub mod doctor;
pub mod edit;
pub mod envfile;
pub mod error;
pub mod fsx;
pub mod gitignore;
pub mod init;
pub mod js;
pub mod package_json;
pub mod plan;
pub mod recipe;
pub mod render;
pub mod style;
pub mod users_table;
