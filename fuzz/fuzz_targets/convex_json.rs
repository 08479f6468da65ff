//! `cargo +nightly fuzz run convex_json`: the properties are in `fuzz/harness/convex_json.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| convex_authkit_fuzz::convex_json::run(data));
