//! The short, seeded pass of every fuzz target that CI runs (the long campaign is
//! `cargo +nightly fuzz run <target>`; see docs/fuzzing.md). Same properties, same harness
//! (`fuzz/harness/`): it replays the corpus the campaign kept (`fuzz/corpus/<target>/`), the
//! fixture apps' real files, and a fixed number of inputs from a fixed seed (random bytes, and
//! byte-level mutations of the corpus), so a run is the same every time.
//!
//! A failing input is written to `target/fuzz-smoke-failures/<target>-<n>`, ready for
//! `cargo +nightly fuzz run <target> <file>`.

#[path = "../fuzz/harness/mod.rs"]
mod harness;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use harness::{Rng, TARGETS, raw_seed};

/// Random inputs per target (each also mutated once from a corpus entry).
const RANDOM: usize = 300;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The campaign's kept corpus, and the inputs that once broke a property (`fuzz/regressions/`).
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let mut out = files_in(&root().join("fuzz/corpus").join(target));
    out.extend(files_in(&root().join("fuzz/regressions").join(target)));
    out
}

fn files_in(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// The fixture apps' files of the kind a target edits, as raw-mode inputs.
fn fixture_seeds(target: &str) -> Vec<Vec<u8>> {
    let fixtures = root().join("tests/fixtures");
    let mut out = Vec::new();
    let mut apps: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    apps.sort();
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    for app in apps {
        let (params, files): (&[u8], Vec<PathBuf>) = match target {
            "convex_json" => (&[0; 12], vec![app.join("convex.json")]),
            "envfile" => (&[0, 0, 0], vec![app.join(".env.local"), app.join(".env")]),
            "package_json" => (&[0; 8], vec![app.join("package.json")]),
            "gitignore" => (&[], vec![app.join(".gitignore")]),
            // React entry, TypeScript, no Prettier.
            "codemod" => (&[0, 0, 0], vec![app.join("src/main.tsx")]),
            "auth_config" => (&[0, 0], vec![app.join("convex/auth.config.ts")]),
            _ => (&[], vec![]),
        };
        for f in files {
            if let Some(text) = read(&f) {
                out.push(raw_seed(params, &text));
            }
        }
    }
    out
}

fn run_one(target: &str, run: fn(&[u8]), input: &[u8], n: usize, failures: &mut Vec<String>) {
    if catch_unwind(AssertUnwindSafe(|| run(input))).is_err() {
        let dir = root().join("target/fuzz-smoke-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{target}-{n}"));
        std::fs::write(&path, input).unwrap();
        failures.push(format!("{target}: input {n}, saved as {}", path.display()));
    }
}

#[test]
fn every_target_holds_its_properties_on_a_seeded_pass() {
    // The panics are the findings; keep their messages, drop the backtraces' noise.
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    for (i, (target, run)) in TARGETS.iter().enumerate() {
        let kept = corpus(target);
        let mut inputs: Vec<Vec<u8>> = kept.clone();
        inputs.extend(fixture_seeds(target));
        let mut rng = Rng::new(0x5EED + i as u64);
        for _ in 0..RANDOM {
            let len = 1 + rng.below(96);
            inputs.push(rng.bytes(len));
        }
        let pool: Vec<Vec<u8>> = if kept.is_empty() {
            inputs.clone()
        } else {
            kept
        };
        for _ in 0..RANDOM {
            let base = &pool[rng.below(pool.len())];
            inputs.push(rng.mutate(base));
        }
        for (n, input) in inputs.iter().enumerate() {
            run_one(target, *run, input, n, &mut failures);
        }
        counts.push(format!("{target}: {}", inputs.len()));
    }
    eprintln!("inputs per target: {}", counts.join(", "));
    assert!(
        failures.is_empty(),
        "{} input(s) broke a property:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The property checker itself fails when it must: a byte changed outside the allowed range, or
/// moved; insertions at an allowed range's edge pass.
#[test]
#[allow(clippy::single_range_in_vec_init)]
fn the_byte_check_sees_changes_outside_the_edited_ranges() {
    use harness::assert_only_changed as only;
    let bad = |i: &str, o: &str, r: &[std::ops::Range<usize>]| {
        catch_unwind(|| only(i, o, r, "test")).is_err()
    };
    only("abcdef", "abXYef", &[2..4], "test");
    only("abcdef", "abcdefZ", &[6..6], "test");
    only("abcdef", "aZbcdeYf", &[1..1, 5..5], "test");
    assert!(bad("abcdef", "abcdeF", &[2..4]));
    assert!(bad("abcdef", "Zabcdef", &[2..4]));
    assert!(bad("abcdef", "abcdef!", &[0..0]));
    assert!(bad("ab-cd-ef", "ab-ef-cd", &[0..0, 8..8]));
}

/// `FUZZ_REPRO=<target>:<file> cargo test --test fuzz_smoke repro -- --nocapture` runs one
/// input, for a failure found here or by the campaign.
#[test]
fn repro() {
    let Ok(spec) = std::env::var("FUZZ_REPRO") else {
        return;
    };
    let (target, file) = spec.split_once(':').expect("FUZZ_REPRO=<target>:<file>");
    let run = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .expect("a target name")
        .1;
    run(&std::fs::read(file).unwrap());
}
