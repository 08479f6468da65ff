//! `cargo +nightly fuzz run envfile`: the properties are in `fuzz/harness/envfile.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| convex_authkit_fuzz::envfile::run(data));
