//! `cargo +nightly fuzz run package_json`: the properties are in `fuzz/harness/package_json.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| convex_authkit_fuzz::package_json::run(data));
