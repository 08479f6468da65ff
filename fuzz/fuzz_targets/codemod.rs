//! `cargo +nightly fuzz run codemod`: the properties are in `fuzz/harness/codemod.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| convex_authkit_fuzz::codemod::run(data));
