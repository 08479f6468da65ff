//! The plan: every change init will make, computed before anything is written.
//!
//! A plan is plain data. It is rendered as unified diffs for humans and as JSON for agents, then
//! applied in one transaction. Building the whole plan first is what makes `--dry-run` exact and
//! the apply all-or-nothing.

use serde::Serialize;
use similar::TextDiff;

/// One file's new content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path relative to the app root, with `/` separators.
    pub rel: String,
    /// `None` when the file is created.
    pub before: Option<String>,
    pub after: String,
    /// Why, in a few words: "wrap the app in AuthKit".
    pub summary: String,
}

impl FileChange {
    pub fn is_noop(&self) -> bool {
        self.before.as_deref() == Some(self.after.as_str())
    }

    /// A unified diff, `a/` and `b/` prefixed like git.
    pub fn diff(&self) -> String {
        unified_diff(&self.rel, self.before.as_deref(), Some(&self.after))
    }
}

/// The unified diff of `rel` from `before` to `after` (`None`: the file doesn't exist, so
/// creating or deleting it diffs against `/dev/null`), with `.env` secrets and API keys masked.
pub fn unified_diff(rel: &str, before: Option<&str>, after: Option<&str>) -> String {
    let header = |text: Option<&str>, side: &str| match text {
        Some(_) => format!("{side}/{rel}"),
        None => "/dev/null".to_string(),
    };
    let diff = TextDiff::from_lines(before.unwrap_or(""), after.unwrap_or(""))
        .unified_diff()
        .context_radius(3)
        .header(&header(before, "a"), &header(after, "b"))
        .to_string();
    let is_env = rel
        .rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with(".env"));
    let diff = if is_env { mask_env_diff(&diff) } else { diff };
    // A key pasted into any file (vite.config, convex.json) must not be echoed either.
    crate::ui::mask::mask_api_keys(&diff)
}

/// Replaces secret values in the `+`, `-` and context lines of an `.env` diff by `****`.
fn mask_env_diff(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len());
    for line in diff.split_inclusive('\n') {
        let (marker, body) = line.split_at(line.len().min(1));
        let is_body = matches!(marker, " " | "+" | "-")
            && !line.starts_with("+++")
            && !line.starts_with("---");
        let assignment = body
            .trim_start()
            .trim_start_matches("export ")
            .split_once('=');
        match assignment {
            Some((name, value)) if is_body && crate::workos::is_secret_env(name.trim(), value) => {
                let eol = if line.ends_with("\r\n") {
                    "\r\n"
                } else if line.ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                let prefix_len = line.find('=').map_or(line.len(), |i| i + 1);
                out.push_str(&line[..prefix_len]);
                out.push_str("****");
                out.push_str(eol);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Severity of a note shown with the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteLevel {
    Info,
    Warning,
}

/// A warning or remark about the plan (kept user values, unpinned port, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub level: NoteLevel,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Note {
    pub fn warning(message: impl Into<String>) -> Self {
        Note {
            level: NoteLevel::Warning,
            message: message.into(),
            hint: None,
        }
    }
    pub fn info(message: impl Into<String>) -> Self {
        Note {
            level: NoteLevel::Info,
            message: message.into(),
            hint: None,
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// An env var init sets, or asks the user to set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    /// Where it lives: `.env.local`, `convex (dev)`, `convex (prod)`, `host (prod)`.
    pub target: String,
    pub name: String,
    /// `None` for secrets: their value is never shown.
    pub value: Option<String>,
    pub secret: bool,
    /// `set` (written by init), `kept` (already there), `user` (the user must set it).
    pub action: &'static str,
}

/// A copyable next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

impl NextStep {
    pub fn text(text: impl Into<String>) -> Self {
        NextStep {
            text: text.into(),
            command: None,
        }
    }
    pub fn run(text: impl Into<String>, command: impl Into<String>) -> Self {
        NextStep {
            text: text.into(),
            command: Some(command.into()),
        }
    }
}

/// Something only the user can do, reported with its own exit code when there is no terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRequired {
    /// Stable id, e.g. `convex_dev_interactive`.
    pub kind: &'static str,
    pub message: String,
    pub command: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_diffs_mask_secrets() {
        let c = FileChange {
            rel: ".env.local".into(),
            before: Some("WORKOS_API_KEY=sk_test_SECRET\nCONVEX_DEPLOY_KEY=dev:x|SECRET2\nCONVEX_DEPLOYMENT=dev:x\n".into()),
            after: "WORKOS_API_KEY=sk_test_SECRET\nCONVEX_DEPLOY_KEY=dev:x|SECRET2\nCONVEX_DEPLOYMENT=dev:x\nVITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n".into(),
            summary: String::new(),
        };
        let diff = c.diff();
        assert!(!diff.contains("SECRET"), "{diff}");
        assert!(diff.contains(" WORKOS_API_KEY=****\n"), "{diff}");
        assert!(diff.contains(" CONVEX_DEPLOYMENT=dev:x\n"), "{diff}");
        assert!(
            diff.contains("+VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000\n"),
            "{diff}"
        );
    }

    #[test]
    fn api_keys_are_masked_in_any_diff() {
        let c = FileChange {
            rel: "vite.config.ts".into(),
            before: Some("const k = 'sk_test_abc123DEF';\nexport default {}\n".into()),
            after: "const k = 'sk_test_abc123DEF';\nexport default { server: {} }\n".into(),
            summary: String::new(),
        };
        let diff = c.diff();
        assert!(!diff.contains("abc123DEF"), "{diff}");
        assert!(diff.contains("'sk_test_****'"), "{diff}");
        assert_eq!(
            crate::ui::mask::mask_api_keys("a sk_live_X1 b sk_test_ c"),
            "a sk_live_**** b sk_test_ c"
        );
    }

    #[test]
    fn diff_of_new_file() {
        let c = FileChange {
            rel: "a.txt".into(),
            before: None,
            after: "x\n".into(),
            summary: String::new(),
        };
        insta::assert_snapshot!(c.diff(), @r"
        --- /dev/null
        +++ b/a.txt
        @@ -0,0 +1 @@
        +x
        ");
        assert!(!c.is_noop());
    }
}
