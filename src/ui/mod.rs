//! Output helpers shared by every command: the error renderer, diff colouring and secret
//! masking. Nothing here knows any command's report.
pub mod mask;
pub mod render;
