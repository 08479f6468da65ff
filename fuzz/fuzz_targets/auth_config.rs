//! `cargo +nightly fuzz run auth_config`: the properties are in `fuzz/harness/auth_config.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| convex_authkit_fuzz::auth_config::run(data));
