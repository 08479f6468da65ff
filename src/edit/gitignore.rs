//! Answers "would git ignore this file?" without running git.
//!
//! `init` writes secrets into `.env.local` and must make sure that file is
//! git-ignored, looking at the app's `.gitignore` and every ancestor one up to
//! the repository root. Git may not be installed (or the folder may not be a
//! repository yet), so this reimplements the parts of git's rules that
//! matter: pattern syntax as in `gitignore(5)`, glob matching ported from
//! git's `wildmatch.c`, and git's precedence (deeper files win, the last
//! matching line wins, nothing inside an excluded folder can be re-included).
//! `.git/info/exclude`, `core.excludesFile` and `core.ignoreCase` are not read.

use std::path::{Path, PathBuf};

/// Patterns of one .gitignore file, relative to `base` (the folder holding it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitIgnore {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// Glob with `!`, a leading `/` and a trailing `/` removed; escapes kept.
    glob: Vec<char>,
    negated: bool,
    /// Trailing `/`: matches folders only.
    dir_only: bool,
    /// Had a `/` before the end: matched against the whole relative path
    /// instead of the basename.
    anchored: bool,
}

impl GitIgnore {
    pub fn parse(text: &str) -> GitIgnore {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let patterns = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .filter_map(Pattern::parse)
            .collect();
        GitIgnore { patterns }
    }

    /// `rel_path` is relative to the folder holding this .gitignore, with `/`
    /// separators, e.g. "apps/web/.env.local". Returns Some(true) if ignored,
    /// Some(false) if re-included by a `!` negation, None if no pattern
    /// matches. A path inside an ignored folder is ignored whatever later
    /// patterns say, as in git.
    pub fn matches(&self, rel_path: &str, is_dir: bool) -> Option<bool> {
        let parts: Vec<&str> = components(rel_path).collect();
        for depth in 1..parts.len() {
            if self.decide(&parts[..depth].join("/"), true) == Some(true) {
                return Some(true);
            }
        }
        if parts.is_empty() {
            return None;
        }
        self.decide(&parts.join("/"), is_dir)
    }

    /// The verdict of the last pattern matching `path` itself.
    fn decide(&self, path: &str, is_dir: bool) -> Option<bool> {
        let path: Vec<char> = path.chars().collect();
        let base = match path.iter().rposition(|&c| c == '/') {
            Some(slash) => &path[slash + 1..],
            None => &path[..],
        };
        self.patterns
            .iter()
            .rev()
            .find(|p| {
                (is_dir || !p.dir_only) && wildmatch(&p.glob, if p.anchored { &path } else { base })
            })
            .map(|p| !p.negated)
    }
}

impl Pattern {
    fn parse(line: &str) -> Option<Pattern> {
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let line = trim_trailing_spaces(line);
        let (negated, body) = match line.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let (dir_only, body) = match body.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let anchored = body.contains('/');
        let body = body.strip_prefix('/').unwrap_or(body);
        if body.is_empty() {
            return None;
        }
        Some(Pattern {
            glob: body.chars().collect(),
            negated,
            dir_only,
            anchored,
        })
    }
}

/// Drops trailing spaces unless escaped with `\`, like git.
fn trim_trailing_spaces(line: &str) -> &str {
    let mut cut = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' => {
                cut.get_or_insert(i);
            }
            '\\' => {
                chars.next();
                cut = None;
            }
            _ => cut = None,
        }
    }
    cut.map_or(line, |i| &line[..i])
}

fn components(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty() && *s != ".")
}

/// Walks from `dir` up to (and including) `stop_at` (the repo root, or the
/// filesystem root if None), reading each `.gitignore` (missing/unreadable =
/// none) and applying git precedence (deeper files win; within a file the
/// last matching pattern wins). Returns true if `file_name` inside `dir` is
/// ignored. `file_name` may contain `/` (e.g. `sub/.env.local`); `.gitignore`
/// files in those subfolders are read too.
pub fn is_ignored(dir: &Path, file_name: &str, stop_at: Option<&Path>) -> bool {
    let dir = canonical(dir);
    let stop = stop_at.map(canonical);

    // Folders from the top down to `dir`.
    let mut bases: Vec<PathBuf> = Vec::new();
    for ancestor in dir.ancestors() {
        bases.push(ancestor.to_path_buf());
        if stop.as_deref() == Some(ancestor) {
            break;
        }
    }
    bases.reverse();

    // Path of the target relative to the top, one name per level.
    let mut parts: Vec<String> = bases[1..]
        .iter()
        .map(|b| {
            b.file_name()
                .map_or_else(|| "..".to_string(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let own: Vec<&str> = components(file_name).collect();
    let Some((_, subdirs)) = own.split_last() else {
        return false;
    };
    let mut folder = dir.clone();
    for sub in subdirs {
        folder.push(sub);
        bases.push(folder.clone());
    }
    parts.extend(own.iter().map(|s| s.to_string()));
    let target_is_dir = dir.join(file_name).is_dir();

    let ignores: Vec<GitIgnore> = bases.iter().map(|b| read_gitignore(b)).collect();

    // bases[i] holds the folder parts[..i]; each prefix of the target is
    // judged by the deepest .gitignore above it that has an opinion.
    for end in 1..=parts.len() {
        let is_dir = end < parts.len() || target_is_dir;
        let verdict = (0..end.min(ignores.len()))
            .rev()
            .find_map(|i| ignores[i].decide(&parts[i..end].join("/"), is_dir));
        if verdict == Some(true) {
            return true;
        }
    }
    false
}

/// `path` with symlinks resolved as far as it exists, so it compares equal
/// to the resolved `stop_at`.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(resolved) = path.canonicalize() {
        return resolved;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            canonical(parent).join(name)
        }
        _ => path.to_path_buf(),
    }
}

fn read_gitignore(folder: &Path) -> GitIgnore {
    match std::fs::read(folder.join(".gitignore")) {
        Ok(bytes) => GitIgnore::parse(&String::from_utf8_lossy(&bytes)),
        Err(_) => GitIgnore::default(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wild {
    Match,
    NoMatch,
    /// No match, and no later start for an enclosing `*` can match either.
    AbortAll,
    /// No match for an enclosing `*`; an enclosing `**` may still match.
    AbortToStarStar,
}

/// Git's `wildmatch(pattern, text, WM_PATHNAME)`: `*` and `?` do not match `/`.
fn wildmatch(pattern: &[char], text: &[char]) -> bool {
    dowild(pattern, text) == Wild::Match
}

fn dowild(p: &[char], t: &[char]) -> Wild {
    let mut pi = 0;
    let mut ti = 0;
    while let Some(&pc) = p.get(pi) {
        let tc = t.get(ti).copied();
        if tc.is_none() && pc != '*' {
            return Wild::AbortAll;
        }
        match pc {
            '\\' => {
                pi += 1;
                if p.get(pi).copied() != tc {
                    return Wild::NoMatch;
                }
            }
            '?' => {
                if tc == Some('/') {
                    return Wild::NoMatch;
                }
            }
            '*' => {
                pi += 1;
                let match_slash = if p.get(pi) == Some(&'*') {
                    let at_boundary = pi < 2 || p[pi - 2] == '/';
                    while p.get(pi) == Some(&'*') {
                        pi += 1;
                    }
                    let next = p.get(pi).copied();
                    let slash_next =
                        next == Some('/') || (next == Some('\\') && p.get(pi + 1) == Some(&'/'));
                    if at_boundary && (next.is_none() || slash_next) {
                        // `**/` may match no folder at all.
                        if next == Some('/') && dowild(&p[pi + 1..], &t[ti..]) == Wild::Match {
                            return Wild::Match;
                        }
                        true
                    } else {
                        false
                    }
                } else {
                    false
                };
                match p.get(pi) {
                    None => {
                        // Trailing `**` matches everything, trailing `*` the rest of a name.
                        if !match_slash && t[ti..].contains(&'/') {
                            return Wild::NoMatch;
                        }
                        return Wild::Match;
                    }
                    Some('/') if !match_slash => {
                        // `*/` eats exactly up to the next `/`.
                        let Some(slash) = t[ti..].iter().position(|&c| c == '/') else {
                            return Wild::NoMatch;
                        };
                        ti += slash + 1;
                        pi += 1;
                        continue;
                    }
                    _ => {}
                }
                while let Some(&c) = t.get(ti) {
                    match dowild(&p[pi..], &t[ti..]) {
                        Wild::NoMatch => {
                            if !match_slash && c == '/' {
                                return Wild::AbortToStarStar;
                            }
                        }
                        Wild::AbortToStarStar if match_slash => {}
                        other => return other,
                    }
                    ti += 1;
                }
                return Wild::AbortAll;
            }
            '[' => {
                let Some(tc) = tc else {
                    return Wild::AbortAll;
                };
                match match_class(p, &mut pi, tc) {
                    Some(true) if tc != '/' => {}
                    Some(_) => return Wild::NoMatch,
                    None => return Wild::AbortAll,
                }
            }
            c => {
                if Some(c) != tc {
                    return Wild::NoMatch;
                }
            }
        }
        pi += 1;
        ti += 1;
    }
    if ti < t.len() {
        Wild::NoMatch
    } else {
        Wild::Match
    }
}

/// Matches `tc` against the bracket expression opening at `p[*pi]`, leaving
/// `*pi` on its closing `]`. None if the expression is malformed.
fn match_class(p: &[char], pi: &mut usize, tc: char) -> Option<bool> {
    let mut i = *pi + 1;
    let mut pc = *p.get(i)?;
    let negated = pc == '!' || pc == '^';
    if negated {
        i += 1;
        pc = *p.get(i)?;
    }
    let mut prev: Option<char> = None;
    let mut matched = false;
    // The first member may be `]`, so test the end after each member.
    loop {
        let mut member = Some(pc);
        if pc == '\\' {
            i += 1;
            pc = *p.get(i)?;
            member = Some(pc);
            matched |= tc == pc;
        } else if pc == '-' && prev.is_some() && p.get(i + 1).is_some_and(|&c| c != ']') {
            i += 1;
            let mut hi = p[i];
            if hi == '\\' {
                i += 1;
                hi = *p.get(i)?;
            }
            if let Some(lo) = prev {
                matched |= lo <= tc && tc <= hi;
            }
            member = None;
        } else if pc == '[' && p.get(i + 1) == Some(&':') {
            let start = i + 2;
            let close = start + p[start..].iter().position(|&c| c == ']')?;
            if close > start && p[close - 1] == ':' {
                let name: String = p[start..close - 1].iter().collect();
                matched |= posix_class(&name, tc)?;
                i = close;
                member = None;
            } else {
                // Not `[:name:]`: a literal `[`.
                matched |= tc == '[';
            }
        } else {
            matched |= tc == pc;
        }
        prev = member;
        i += 1;
        pc = *p.get(i)?;
        if pc == ']' {
            break;
        }
    }
    *pi = i;
    Some(matched != negated)
}

fn posix_class(name: &str, c: char) -> Option<bool> {
    Some(match name {
        "alnum" => c.is_ascii_alphanumeric(),
        "alpha" => c.is_ascii_alphabetic(),
        "blank" => c == ' ' || c == '\t',
        "cntrl" => c.is_ascii_control(),
        "digit" => c.is_ascii_digit(),
        "graph" => c.is_ascii_graphic(),
        "lower" => c.is_ascii_lowercase(),
        "print" => c.is_ascii_graphic() || c == ' ',
        "punct" => c.is_ascii_punctuation(),
        "space" => c.is_ascii_whitespace() || c == '\u{b}',
        "upper" => c.is_ascii_uppercase(),
        "xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn ignored(gitignore: &str, path: &str) -> Option<bool> {
        GitIgnore::parse(gitignore).matches(path, false)
    }

    fn wm(pattern: &str, text: &str) -> bool {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = text.chars().collect();
        wildmatch(&p, &t)
    }

    #[test]
    fn exact_name_matches_at_any_depth() {
        assert_eq!(ignored(".env.local", ".env.local"), Some(true));
        assert_eq!(ignored(".env.local", "apps/web/.env.local"), Some(true));
        assert_eq!(ignored(".env.local", ".env"), None);
        assert_eq!(ignored(".env.local", ".env.local.bak"), None);
        assert_eq!(ignored(".env.local", "x.env.local"), None);
    }

    #[test]
    fn star_patterns() {
        for pattern in ["*.local", ".env*", ".env*.local", "*"] {
            assert_eq!(ignored(pattern, ".env.local"), Some(true), "{pattern}");
            assert_eq!(
                ignored(pattern, "apps/web/.env.local"),
                Some(true),
                "{pattern}"
            );
        }
        assert_eq!(ignored("*.local", ".env"), None);
        assert_eq!(ignored(".env*.local", ".env.development.local"), Some(true));
        assert_eq!(ignored(".env*.local", ".env.local.example"), None);
        assert_eq!(ignored(".env*", "env.local"), None);
    }

    #[test]
    fn leading_slash_anchors_to_this_folder() {
        assert_eq!(ignored("/.env.local", ".env.local"), Some(true));
        assert_eq!(ignored("/.env.local", "apps/web/.env.local"), None);
        assert_eq!(ignored("/*.local", "apps/.env.local"), None);
    }

    #[test]
    fn negation_re_includes() {
        let text = ".env*\n!.env.example\n";
        assert_eq!(ignored(text, ".env.local"), Some(true));
        assert_eq!(ignored(text, ".env.example"), Some(false));
        // The last matching line wins.
        assert_eq!(ignored(".env*\n!.env.local\n", ".env.local"), Some(false));
        assert_eq!(ignored("!.env.local\n.env*\n", ".env.local"), Some(true));
        assert_eq!(ignored("!.env.local\n", ".env.local"), Some(false));
        // `\!` is a literal `!`.
        assert_eq!(ignored("\\!important", "!important"), Some(true));
    }

    #[test]
    fn middle_slash_anchors_to_this_folder() {
        let text = "apps/web/.env.local\n";
        assert_eq!(ignored(text, "apps/web/.env.local"), Some(true));
        assert_eq!(ignored(text, "other/apps/web/.env.local"), None);
        assert_eq!(ignored(text, ".env.local"), None);
        assert_eq!(
            ignored("apps/*/.env.local", "apps/web/.env.local"),
            Some(true)
        );
        assert_eq!(ignored("apps/*/.env.local", "apps/a/b/.env.local"), None);
        assert_eq!(ignored("apps/*.local", "apps/web/.env.local"), None);
    }

    #[test]
    fn double_star() {
        for path in [".env.local", "apps/.env.local", "apps/web/.env.local"] {
            assert_eq!(ignored("**/.env.local", path), Some(true), "{path}");
        }
        assert_eq!(
            ignored("**/web/.env.local", "apps/web/.env.local"),
            Some(true)
        );
        assert_eq!(ignored("**/web/.env.local", "web/.env.local"), Some(true));
        assert_eq!(ignored("apps/**", "apps/web/.env.local"), Some(true));
        assert_eq!(ignored("apps/**", "apps"), None);
        assert_eq!(ignored("apps/**/.env.local", "apps/.env.local"), Some(true));
        assert_eq!(
            ignored("apps/**/.env.local", "apps/a/b/c/.env.local"),
            Some(true)
        );
        assert_eq!(ignored("apps/**/.env.local", "other/apps/.env.local"), None);
        // `**` not between slashes is a plain `*`.
        assert_eq!(ignored("apps/a**", "apps/ab/c"), Some(true)); // via folder `apps/ab`
        assert_eq!(
            GitIgnore::parse("apps/a**").decide("apps/ab/c", false),
            None
        );
    }

    #[test]
    fn directory_only_patterns() {
        let gi = GitIgnore::parse(".env.local/\n");
        assert_eq!(gi.matches(".env.local", false), None);
        assert_eq!(gi.matches(".env.local", true), Some(true));
        assert_eq!(gi.matches(".env.local/inner", false), Some(true));

        let gi = GitIgnore::parse("apps/\n");
        assert_eq!(gi.matches("apps/web/.env.local", false), Some(true));
        assert_eq!(gi.matches("apps", false), None);
        assert_eq!(gi.matches("apps", true), Some(true));
        assert_eq!(gi.matches("x/apps/y", false), Some(true));
        assert_eq!(GitIgnore::parse("/apps/").matches("x/apps/y", false), None);
    }

    #[test]
    fn excluded_folder_cannot_be_re_included_from() {
        let gi = GitIgnore::parse("apps/\n!apps/web/.env.local\n");
        assert_eq!(gi.matches("apps/web/.env.local", false), Some(true));
        // Negating the folder itself does work.
        let gi = GitIgnore::parse("apps/\n!apps/\n");
        assert_eq!(gi.matches("apps/web/.env.local", false), None);
        // `apps/*` excludes the children, so `!apps/web` can win for `web`.
        let gi = GitIgnore::parse("apps/*\n!apps/web/\n");
        assert_eq!(gi.matches("apps/web/.env.local", false), None);
        assert_eq!(gi.matches("apps/api/.env.local", false), Some(true));
    }

    #[test]
    fn character_classes() {
        assert_eq!(ignored(".env.[lp]ocal", ".env.local"), Some(true));
        assert_eq!(ignored(".env.[lp]ocal", ".env.pocal"), Some(true));
        assert_eq!(ignored(".env.[!l]ocal", ".env.local"), None);
        assert_eq!(ignored(".env.[^l]ocal", ".env.local"), None);
        assert_eq!(ignored(".env.[!x]ocal", ".env.local"), Some(true));
        assert_eq!(ignored(".env.[a-m]ocal", ".env.local"), Some(true));
        assert_eq!(ignored(".env.[m-z]ocal", ".env.local"), None);
        assert_eq!(ignored("file[0-9]", "file7"), Some(true));
        assert_eq!(ignored("file[[:digit:]]", "file7"), Some(true));
        assert_eq!(ignored("file[[:alpha:]]", "file7"), None);
        assert_eq!(ignored("?env.local", ".env.local"), Some(true));
        assert_eq!(ignored("?env.local", "env.local"), None);
    }

    #[test]
    fn comments_blanks_spaces_and_escapes() {
        let text = "# .env.local\n\n   \n.env.local   \n";
        assert_eq!(ignored(text, ".env.local"), Some(true));
        assert_eq!(GitIgnore::parse(text).patterns.len(), 1);
        assert_eq!(ignored("\\#hash", "#hash"), Some(true));
        assert_eq!(ignored("# comment", "# comment"), None);
        assert_eq!(ignored("trailing\\ ", "trailing "), Some(true));
        assert_eq!(ignored("trailing\\ ", "trailing"), None);
        assert_eq!(ignored("\\*literal", "*literal"), Some(true));
        assert_eq!(ignored("\\*literal", "xliteral"), None);
        assert_eq!(ignored(".env.local\r\n", ".env.local"), Some(true));
        assert_eq!(ignored("\u{feff}.env.local", ".env.local"), Some(true));
        assert_eq!(ignored("/\n!\n", "x"), None);
    }

    #[test]
    fn wildmatch_agrees_with_git() {
        // Cases from git's t3070-wildmatch (pathname mode).
        let cases: &[(&str, &str, bool)] = &[
            ("foo", "foo", true),
            ("bar", "foo", false),
            ("", "", true),
            ("???", "foo", true),
            ("??", "foo", false),
            ("*", "foo", true),
            ("f*", "foo", true),
            ("*f", "foo", false),
            ("*foo*", "foo", true),
            ("*ob*a*r*", "foobar", true),
            ("*ab", "aaaaaaabababab", true),
            ("foo\\*", "foo*", true),
            ("foo\\*bar", "foobar", false),
            ("f\\\\oo", "f\\oo", true),
            ("*[al]?", "ball", true),
            ("[ten]", "ten", false),
            ("**[!te]", "ten", true),
            ("**[!ten]", "ten", false),
            ("t[a-g]n", "ten", true),
            ("t[!a-g]n", "ten", false),
            ("t[!a-g]n", "ton", true),
            ("t[^a-g]n", "ton", true),
            ("a[]]b", "a]b", true),
            ("a[]-]b", "a-b", true),
            ("a[]-]b", "a]b", true),
            ("a[]-]b", "aab", false),
            ("a[]a-]b", "aab", true),
            ("]", "]", true),
            ("foo*bar", "foo/baz/bar", false),
            ("foo**bar", "foo/baz/bar", false),
            ("foo**bar", "foobazbar", true),
            ("foo/**/bar", "foo/baz/bar", true),
            ("foo/**/**/bar", "foo/baz/bar", true),
            ("foo/**/bar", "foo/b/a/z/bar", true),
            ("foo/**/**/bar", "foo/b/a/z/bar", true),
            ("foo/**/bar", "foo/bar", true),
            ("foo/**/**/bar", "foo/bar", true),
            ("foo?bar", "foo/bar", false),
            ("foo[/]bar", "foo/bar", false),
            ("foo[^a-z]bar", "foo/bar", false),
            ("f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo/bar", false),
            ("f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo-bar", true),
            ("**/foo", "foo", true),
            ("**/foo", "XXX/foo", true),
            ("**/foo", "bar/baz/foo", true),
            ("*/foo", "bar/baz/foo", false),
            ("**/bar*", "foo/bar/baz", false),
            ("**/bar/*", "deep/foo/bar/baz", true),
            ("**/bar/*", "deep/foo/bar/baz/", false),
            ("**/bar/**", "deep/foo/bar/baz/", true),
            ("**/bar/*", "deep/foo/bar", false),
            ("**/bar/**", "deep/foo/bar/", true),
            ("**/bar**", "foo/bar/baz", false),
            ("*/bar/**", "foo/bar/baz/x", true),
            ("*/bar/**", "deep/foo/bar/baz/x", false),
            ("**/bar/*/*", "deep/foo/bar/baz/x", true),
            ("a[c-c]st", "acrt", false),
            ("a[c-c]rt", "acrt", true),
            ("[!]-]", "]", false),
            ("[!]-]", "a", true),
            ("\\", "", false),
            ("\\", "\\", false),
            ("*/\\", "/\\", false),
            ("*/\\\\", "/\\", true),
            ("foo", "foo", true),
            ("@foo", "@foo", true),
            ("@foo", "foo", false),
            ("\\[ab]", "[ab]", true),
            ("[[]ab]", "[ab]", true),
            ("[[:]ab]", "[ab]", true),
            ("[[::]ab]", "[ab]", false),
            ("[[:digit]ab]", "[ab]", true),
            ("[\\[:]ab]", "[ab]", true),
            ("\\??\\?b", "?a?b", true),
            ("\\a\\b\\c", "abc", true),
            ("", "foo", false),
            ("**/t[o]", "foo/bar/baz/to", true),
            ("[[:alpha:]][[:digit:]][[:upper:]]", "a1B", true),
            ("[[:digit:][:upper:][:space:]]", "a", false),
            ("[[:digit:][:upper:][:space:]]", "A", true),
            ("[[:digit:][:upper:][:space:]]", "1", true),
            ("[[:digit:][:upper:][:spaci:]]", "1", false),
            ("[[:digit:][:upper:][:space:]]", " ", true),
            ("[[:digit:][:upper:][:space:]]", ".", false),
            ("[[:digit:][:punct:][:space:]]", ".", true),
            ("[[:xdigit:]]", "5", true),
            ("[[:xdigit:]]", "f", true),
            ("[[:xdigit:]]", "D", true),
            ("[a-c[:digit:]x-z]", "5", true),
            ("[a-c[:digit:]x-z]", "b", true),
            ("[a-c[:digit:]x-z]", "y", true),
            ("[a-c[:digit:]x-z]", "q", false),
            ("[\\\\-^]", "]", true),
            ("[\\\\-^]", "[", false),
            ("[\\-_]", "-", true),
            ("[\\]]", "]", true),
            ("[\\]]", "\\]", false),
            ("[\\]]", "\\", false),
            ("a[]b", "ab", false),
            ("a[]b", "a[]b", false),
            ("ab[", "ab[", false),
            ("[!", "ab", false),
            ("[-", "ab", false),
            ("[-]", "-", true),
            ("[a-", "-", false),
            ("[!a-", "-", false),
            ("[--A]", "-", true),
            ("[--A]", "5", true),
            ("[ --]", " ", true),
            ("[ --]", "$", true),
            ("[ --]", "-", true),
            ("[ --]", "0", false),
            ("[---]", "-", true),
            ("[------]", "-", true),
            ("[a-e-n]", "j", false),
            ("[a-e-n]", "-", true),
            ("[!------]", "a", true),
            ("[]-a]", "[", false),
            ("[]-a]", "^", true),
            ("[!]-a]", "^", false),
            ("[!]-a]", "[", true),
            ("[a^bc]", "^", true),
            ("[a-]b]", "-b]", true),
            ("[\\]", "\\", false),
            ("[\\\\]", "\\", true),
            ("[!\\\\]", "\\", false),
            ("[A-\\\\]", "G", true),
            ("b*a", "aaabbb", false),
            ("*ba*", "aabcaa", false),
            ("[,]", ",", true),
            ("[\\\\,]", ",", true),
            ("[\\\\,]", "\\", true),
            ("[,-.]", "-", true),
            ("[,-.]", "+", false),
            ("[,-.]", "-.]", false),
            ("[\\1-\\3]", "2", true),
            ("[\\1-\\3]", "3", true),
            ("[\\1-\\3]", "4", false),
            ("[[-\\]]", "\\", true),
            ("[[-\\]]", "[", true),
            ("[[-\\]]", "]", true),
            ("[[-\\]]", "-", false),
            (
                "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
                "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1",
                true,
            ),
            (
                "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
                "-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1",
                false,
            ),
            (
                "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
                "-adobe-courier-bold-o-normal--12-120-75-75-/-70-iso8859-1",
                false,
            ),
            (
                "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*",
                "XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1",
                true,
            ),
            (
                "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*",
                "XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1",
                false,
            ),
            (
                "**/*a*b*g*n*t",
                "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt",
                true,
            ),
            (
                "**/*a*b*g*n*t",
                "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz",
                false,
            ),
            ("*/*/*", "foo", false),
            ("*/*/*", "foo/bar", false),
            ("*/*/*", "foo/bba/arr", true),
            ("*/*/*", "foo/bb/aa/rr", false),
            ("**/**/**", "foo/bb/aa/rr", true),
            ("*X*i", "abcXdefXghi", true),
            ("*X*i", "ab/cXd/efXg/hi", false),
            ("*/*X*/*/*i", "ab/cXd/efXg/hi", true),
            ("**/*X*/**/*i", "ab/cXd/efXg/hi", true),
        ];
        for &(pattern, text, expected) in cases {
            assert_eq!(wm(pattern, text), expected, "{pattern:?} vs {text:?}");
        }
    }

    #[test]
    fn pathological_pattern_finishes() {
        let text = "a".repeat(60);
        assert!(!wm("*a*a*a*a*a*a*a*a*a*a*a*b", &text));
        assert!(!wm("**/**/**/**/**/**/x", &"a/".repeat(30)));
    }

    fn write(path: &Path, text: &str) {
        if let Err(e) = fs::write(path, text) {
            panic!("writing {}: {e}", path.display());
        }
    }

    struct Repo {
        _tmp: tempfile::TempDir,
        root: PathBuf,
        web: PathBuf,
    }

    /// `root/.gitignore` and `root/apps/web/` (no .gitignore yet).
    fn repo(root_ignore: &str) -> Repo {
        let tmp = match tempfile::TempDir::new() {
            Ok(tmp) => tmp,
            Err(e) => panic!("tempdir: {e}"),
        };
        let root = tmp.path().join("repo");
        let web = root.join("apps").join("web");
        if let Err(e) = fs::create_dir_all(&web) {
            panic!("mkdir: {e}");
        }
        write(&root.join(".gitignore"), root_ignore);
        Repo {
            _tmp: tmp,
            root,
            web,
        }
    }

    #[test]
    fn is_ignored_reads_ancestor_files() {
        let r = repo("node_modules\n.env*.local\n");
        assert!(is_ignored(&r.web, ".env.local", Some(&r.root)));
        assert!(!is_ignored(&r.web, ".env", Some(&r.root)));
        // Anchored to the root: does not reach apps/web.
        let r = repo("/.env.local\n");
        assert!(!is_ignored(&r.web, ".env.local", Some(&r.root)));
        assert!(is_ignored(&r.root, ".env.local", Some(&r.root)));
        let r = repo("apps/web/.env.local\n");
        assert!(is_ignored(&r.web, ".env.local", Some(&r.root)));
        let r = repo("");
        assert!(!is_ignored(&r.web, ".env.local", Some(&r.root)));
    }

    #[test]
    fn is_ignored_deeper_file_wins() {
        let r = repo(".env*\n");
        write(&r.web.join(".gitignore"), "!.env.local\n");
        assert!(!is_ignored(&r.web, ".env.local", Some(&r.root)));
        assert!(is_ignored(&r.web, ".env", Some(&r.root)));

        let r = repo("!.env.local\n");
        write(&r.web.join(".gitignore"), ".env.local\n");
        assert!(is_ignored(&r.web, ".env.local", Some(&r.root)));

        // A middle file with nothing to say defers to the root.
        let r = repo(".env.local\n");
        write(&r.root.join("apps").join(".gitignore"), "dist\n");
        write(&r.web.join(".gitignore"), "# nothing\n");
        assert!(is_ignored(&r.web, ".env.local", Some(&r.root)));
    }

    #[test]
    fn is_ignored_by_excluded_parent_folder() {
        let r = repo("apps/\n");
        write(&r.web.join(".gitignore"), "!.env.local\n");
        assert!(is_ignored(&r.web, ".env.local", Some(&r.root)));

        let r = repo("web/\n");
        assert!(is_ignored(&r.web, ".env.local", Some(&r.root)));
        assert!(!is_ignored(&r.root, ".env.local", Some(&r.root)));
    }

    #[test]
    fn is_ignored_stops_at_the_repo_root() {
        let r = repo("");
        // A .gitignore above the repository root must not count.
        let above = match r.root.parent() {
            Some(p) => p.to_path_buf(),
            None => panic!("no parent"),
        };
        write(&above.join(".gitignore"), ".env.local\n");
        assert!(!is_ignored(&r.web, ".env.local", Some(&r.root)));
        assert!(is_ignored(&r.web, ".env.local", Some(&above)));
        assert!(is_ignored(&r.web, ".env.local", None));
    }

    #[test]
    fn is_ignored_directory_only_pattern_and_subpaths() {
        let r = repo(".env.local/\n");
        assert!(!is_ignored(&r.web, ".env.local", Some(&r.root)));
        if let Err(e) = fs::create_dir(r.web.join(".env.local")) {
            panic!("mkdir: {e}");
        }
        assert!(is_ignored(&r.web, ".env.local", Some(&r.root)));

        let r = repo("");
        write(&r.root.join("apps").join(".gitignore"), "*.local\n");
        assert!(is_ignored(&r.root, "apps/web/.env.local", Some(&r.root)));
        assert!(!is_ignored(&r.root, "apps/web/.env", Some(&r.root)));
        assert!(!is_ignored(&r.root, "", Some(&r.root)));
    }

    #[test]
    fn is_ignored_missing_folder_is_not_an_error() {
        let r = repo(".env.local\n");
        let missing = r.web.join("does-not-exist");
        assert!(!is_ignored(&missing, ".env", Some(&r.root)));
        assert!(is_ignored(&missing, ".env.local", Some(&r.root)));
    }

    #[test]
    fn random_patterns_never_panic() {
        let pieces = [
            "a",
            "/",
            "*",
            "**",
            "?",
            "[",
            "]",
            "!",
            "^",
            "-",
            "\\",
            ":",
            "[:alpha:]",
            " ",
            ".",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let pattern: String = (0..next() % 8)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let path: String = (0..next() % 8)
                .map(|_| ["a", "/", ".", "-", "[", "]"][(next() % 6) as usize])
                .collect();
            let gi = GitIgnore::parse(&pattern);
            let _ = gi.matches(&path, next() % 2 == 0);
            let _ = wm(&pattern, &path);
        }
    }
}
