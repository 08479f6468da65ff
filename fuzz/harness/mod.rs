//! The fuzz targets' properties, shared by the long `cargo +nightly fuzz` campaign (`fuzz/`) and
//! the short seeded pass CI runs (`tests/fuzz_smoke.rs`).
//!
//! Each target is one `run(data)`: the bytes drive a small generator (structure-aware: plain
//! bytes rarely make a JSONC file or a TSX entry the editors would touch) or, for a quarter of
//! the inputs, are the file's text themselves (so libFuzzer's mutations of real files reach the
//! parsers). Every editor is then held to the same four properties, and a broken one panics:
//! - the output re-parses (with the reader the rest of the tool uses);
//! - every byte outside the ranges the edit may touch is unchanged (the ranges are computed from
//!   the input by a reader, never taken from the editor);
//! - a second application is a no-op;
//! - it never panics (bad input is an error that names the file and a position in it).
#![allow(dead_code)]
// Ranges are what the properties are about: a list of one is still a list.
#![allow(
    clippy::single_range_in_vec_init,
    clippy::large_enum_variant,
    clippy::explicit_auto_deref
)]

pub mod auth_config;
pub mod codemod;
pub mod convex_json;
pub mod envfile;
pub mod gitignore;
pub mod package_json;

use std::ops::Range;

/// A target's entry point: one input in, a panic when a property breaks.
pub type Target = fn(&[u8]);

/// Every target, by name (the names of `fuzz/fuzz_targets/*.rs` and `fuzz/corpus/*`).
pub const TARGETS: &[(&str, Target)] = &[
    ("convex_json", convex_json::run),
    ("envfile", envfile::run),
    ("package_json", package_json::run),
    ("gitignore", gitignore::run),
    ("codemod", codemod::run),
    ("auth_config", auth_config::run),
];

/// Choices read from the fuzzer's bytes; past the end every choice is the first option, so any
/// input, however short, is a valid program.
pub struct Gen<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Gen<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Gen { data, pos: 0 }
    }
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    /// A number in `0..n` (`n` ≤ 256).
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            self.byte();
            0
        } else {
            self.byte() as usize % n
        }
    }
    /// True with probability `num/den` (over the byte's 256 values).
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        (self.byte() as usize) * den < num * 256
    }
    pub fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.below(items.len())]
    }
    /// What is left, as text (lossy), consuming it.
    pub fn rest_text(&mut self) -> String {
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        self.pos = self.data.len();
        String::from_utf8_lossy(rest).into_owned()
    }
    pub fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }
}

/// Header bytes that select the raw-text mode: the input after them is the file itself. Seeds
/// made from real files start with them (see [`raw_seed`]).
pub const RAW: u8 = 0;

/// Whether this input is raw text (a quarter of all inputs): the first byte is below 64.
pub fn is_raw(g: &mut Gen<'_>) -> bool {
    g.byte() < 64
}

/// A raw-mode input for a target: `params` (the target's own choices), then `text`.
pub fn raw_seed(params: &[u8], text: &str) -> Vec<u8> {
    let mut out = vec![RAW];
    out.extend_from_slice(params);
    out.extend_from_slice(text.as_bytes());
    out
}

/// `output` is `input` with only the bytes in `allowed` replaced (insertions at their edges
/// included): every stretch of `input` outside them appears in `output`, in order, the first at
/// the start and the last at the end.
pub fn assert_only_changed(input: &str, output: &str, allowed: &[Range<usize>], what: &str) {
    let mut ranges: Vec<Range<usize>> = allowed
        .iter()
        .map(|r| r.start.min(input.len())..r.end.min(input.len()))
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut pos = 0;
    for r in &merged {
        kept.push(&input.as_bytes()[pos..r.start]);
        pos = r.end;
    }
    kept.push(&input.as_bytes()[pos..]);
    let out = output.as_bytes();
    let fail = |why: &str| -> ! {
        panic!(
            "{what}: a byte outside the edited ranges changed ({why})\nallowed: {merged:?}\n--- input\n{input:?}\n--- output\n{output:?}"
        )
    };
    if kept.len() == 1 {
        if out != kept[0] {
            fail("nothing may change");
        }
        return;
    }
    let first = kept[0];
    let last = kept[kept.len() - 1];
    if !out.starts_with(first) {
        fail("the start differs");
    }
    if !out.ends_with(last) || first.len() + last.len() > out.len() {
        fail("the end differs");
    }
    let mut at = first.len();
    let end = out.len() - last.len();
    for seg in &kept[1..kept.len() - 1] {
        match find(&out[at..end], seg) {
            Some(i) => at += i + seg.len(),
            None => fail(&format!(
                "{:?} is gone or moved",
                String::from_utf8_lossy(seg)
            )),
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// An error on bad input must name a position inside the file it is about.
pub fn assert_located(e: &convex_authkit::error::UserError, file: &str, text: &str) {
    let Some(loc) = &e.location else {
        panic!("error without a position: {e:?}\n--- input\n{text:?}");
    };
    assert_eq!(loc.file, file, "{e:?}");
    let lines = convex_authkit::error::line_col(text, text.len()).0;
    assert!(
        loc.line >= 1 && loc.line <= lines && loc.column >= 1,
        "position {}:{} outside the file ({lines} lines): {e:?}\n--- input\n{text:?}",
        loc.line,
        loc.column
    );
}

/// Prettier options from the fuzzer's bytes (or none: the file's own style).
pub fn prettier_options(g: &mut Gen<'_>) -> Option<convex_authkit::edit::prettier::Options> {
    use convex_authkit::edit::prettier::{Options, TrailingComma};
    if g.chance(1, 2) {
        return None;
    }
    Some(Options {
        print_width: *g.pick(&[80, 40, 120, 20, 1, 200]),
        tab_width: *g.pick(&[2, 4, 8, 1, 0]),
        use_tabs: g.chance(1, 4),
        semi: !g.chance(1, 3),
        single_quote: g.chance(1, 3),
        jsx_single_quote: g.chance(1, 4),
        trailing_comma: *g.pick(&[TrailingComma::All, TrailingComma::Es5, TrailingComma::None]),
        bracket_spacing: !g.chance(1, 4),
        bracket_same_line: g.chance(1, 4),
        single_attribute_per_line: g.chance(1, 4),
        arrow_parens_always: !g.chance(1, 4),
    })
}

/// A line ending, mostly `\n`.
pub fn eol(g: &mut Gen<'_>) -> &'static str {
    *g.pick(&["\n", "\n", "\n", "\r\n"])
}

/// Seeded pseudo-random bytes (xorshift), for the smoke pass: the same every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
    /// `data` with a few byte-level mutations (flip, insert, delete, duplicate a slice), as
    /// libFuzzer would make.
    pub fn mutate(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = data.to_vec();
        for _ in 0..1 + self.below(4) {
            let len = out.len();
            match self.below(5) {
                0 if len > 0 => {
                    let i = self.below(len);
                    out[i] ^= 1 << self.below(8);
                }
                1 => {
                    let i = self.below(len + 1);
                    let b = *[b'{', b'}', b'"', b'\n', b'<', b'>', b'/', b'=', b',', 0xE9]
                        .get(self.below(10))
                        .unwrap_or(&b' ');
                    out.insert(i, b);
                }
                2 if len > 0 => {
                    let i = self.below(len);
                    let n = 1 + self.below(8.min(len - i));
                    out.drain(i..i + n);
                }
                3 if len > 0 => {
                    let i = self.below(len);
                    let n = 1 + self.below(16.min(len - i));
                    let slice = out[i..i + n].to_vec();
                    let at = self.below(out.len() + 1);
                    out.splice(at..at, slice);
                }
                _ => {
                    let i = self.below(len + 1);
                    out.insert(i, self.next() as u8);
                }
            }
        }
        out
    }
}
