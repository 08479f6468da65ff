//! The `.gitignore` editor: one entry appended, nothing else touched.
//!
//! Whether git already ignores a file is a question about the whole repository (every ancestor
//! `.gitignore`), so it is answered by the app model ([`crate::app::App::is_git_ignored`]); this
//! editor only adds the line.

/// `text` (`None`: the file doesn't exist) with `entry` on a line of its own at the end, in the
/// file's line endings; unchanged if a line already says exactly `entry` (as git reads it) and no
/// `!` line after it can take it back.
pub fn add_entry(text: Option<&str>, entry: &str) -> String {
    let mut out = text.unwrap_or("").to_string();
    if already_there(&out, entry) {
        return out;
    }
    let eol = if out.contains("\r\n") { "\r\n" } else { "\n" };
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(entry);
    out.push_str(eol);
    out
}

/// Whether a line of `text` is the pattern `entry` (or `/entry`) and no negation follows it.
///
/// Lines are compared as git reads them: a `\r` before the `\n` and trailing spaces are dropped,
/// leading spaces are part of the pattern (`  .env.local` doesn't ignore `.env.local`). A later
/// `!…` line may re-include the entry, so then the entry is appended again, last, where it wins.
fn already_there(text: &str, entry: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let pattern = |line: &str| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.trim_end_matches(' ').to_string()
    };
    let lines: Vec<String> = text.split('\n').map(pattern).collect();
    let rooted = format!("/{entry}");
    match lines.iter().rposition(|l| *l == entry || *l == rooted) {
        Some(i) => !lines[i + 1..].iter().any(|l| l.starts_with('!')),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::add_entry;

    #[test]
    fn appends_once_in_the_files_line_endings() {
        assert_eq!(add_entry(None, ".env.local"), ".env.local\n");
        assert_eq!(add_entry(Some("dist"), ".env.local"), "dist\n.env.local\n");
        assert_eq!(
            add_entry(Some("dist\r\nnode_modules\r\n"), ".env.local"),
            "dist\r\nnode_modules\r\n.env.local\r\n"
        );
        let once = add_entry(Some("# env\n"), ".env.local");
        assert_eq!(add_entry(Some(&once), ".env.local"), once);
        assert_eq!(
            add_entry(Some(".env.local  \r\n"), ".env.local"),
            ".env.local  \r\n"
        );
    }

    /// Found by the fuzzer: lines that mention the entry but don't ignore it (leading spaces are
    /// part of a pattern; a later `!` line takes it back) left `.env.local` unignored.
    #[test]
    fn appends_when_the_existing_line_does_not_ignore_it() {
        assert_eq!(
            add_entry(Some("  .env.local\n"), ".env.local"),
            "  .env.local\n.env.local\n"
        );
        assert_eq!(
            add_entry(Some(".env.local\n!.env.local\n"), ".env.local"),
            ".env.local\n!.env.local\n.env.local\n"
        );
        assert_eq!(
            add_entry(Some(".env.local\n!*.local"), ".env.local"),
            ".env.local\n!*.local\n.env.local\n"
        );
        let once = add_entry(Some(".env.local\n!.env*\n"), ".env.local");
        assert_eq!(add_entry(Some(&once), ".env.local"), once);
    }
}
