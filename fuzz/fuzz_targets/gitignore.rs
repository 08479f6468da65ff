//! `cargo +nightly fuzz run gitignore`: the properties are in `fuzz/harness/gitignore.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| convex_authkit_fuzz::gitignore::run(data));
