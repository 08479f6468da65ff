//! The commands. Each one reads the app through [`crate::app`], plans or checks, and returns a
//! typed report that its own `render` module prints; only `main.rs` imports them, and none
//! imports another.
pub mod doctor;
pub mod e2e;
pub mod emulate;
pub mod init;
pub mod verify;
