//! Edits as data.
//!
//! Every editor in the tool is a pure function from a file's text to a list of [`Edit`]s. They are
//! applied in exactly one place, [`apply`], so overlap checks and the "re-parse before write" rule
//! can't be skipped by one editor. Keeping the untouched bytes untouched is what makes the edits
//! lossless: comments, quotes and blank lines outside an edit are never re-printed.

pub mod auth_config;
pub mod convex_json;
pub mod envfile;
pub mod gitignore;
pub mod js;
pub mod jsonc;
pub mod package_json;
pub mod plan;
pub mod prettier;
pub mod style;
pub mod tsconfig;
pub mod users_table;

use std::ops::Range;

/// Replace the bytes in `range` by `text`. An empty range inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit {
            range: at..at,
            text: text.into(),
        }
    }
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Self {
        Edit {
            range,
            text: text.into(),
        }
    }
    pub fn delete(range: Range<usize>) -> Self {
        Edit {
            range,
            text: String::new(),
        }
    }
}

/// Applies `edits` to `source`. Insertions at the same offset keep their order in `edits`.
/// Overlapping edits are a bug in the editor that produced them, so they are an error rather than
/// silently dropped.
pub fn apply(source: &str, edits: &[Edit]) -> Result<String, String> {
    let mut order: Vec<&Edit> = edits.iter().collect();
    // Stable sort: same-offset insertions stay in the order the editor gave.
    order.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out =
        String::with_capacity(source.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut pos = 0;
    for edit in order {
        let Range { start, end } = edit.range.clone();
        if start < pos || end > source.len() || start > end {
            return Err(format!(
                "overlapping or out-of-range edit at {start}..{end}"
            ));
        }
        if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            return Err(format!("edit at {start}..{end} splits a character"));
        }
        out.push_str(&source[pos..start]);
        out.push_str(&edit.text);
        pos = end;
    }
    out.push_str(&source[pos..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_offset_order_and_keeps_insert_order() {
        let src = "abcdef";
        let edits = vec![
            Edit::replace(4..5, "E"),
            Edit::insert(1, "1"),
            Edit::insert(1, "2"),
            Edit::delete(2..3),
        ];
        assert_eq!(apply(src, &edits).unwrap(), "a12bdEf");
    }

    #[test]
    fn rejects_overlap() {
        let err = apply(
            "abcdef",
            &[Edit::replace(1..4, "x"), Edit::replace(2..3, "y")],
        );
        assert!(err.is_err());
    }

    #[test]
    fn no_edits_is_identity() {
        assert_eq!(apply("same", &[]).unwrap(), "same");
    }
}
