//! The `.gitignore` editor: one entry appended, nothing else touched.
//!
//! Whether git already ignores a file is a question about the whole repository (every ancestor
//! `.gitignore`), so it is answered by the app model ([`crate::app::App::is_git_ignored`]); this
//! editor only adds the line.

/// `text` (`None`: the file doesn't exist) with `entry` on a line of its own at the end, in the
/// file's line endings; unchanged if a line already says exactly `entry`.
pub fn add_entry(text: Option<&str>, entry: &str) -> String {
    let mut out = text.unwrap_or("").to_string();
    if out.lines().any(|l| l.trim() == entry) {
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
            add_entry(Some("  .env.local  \n"), ".env.local"),
            "  .env.local  \n"
        );
    }
}
