//! Reading how a `package.json` script starts the dev server, for every framework.
//!
//! The dev server is rarely started directly: `convex dev --start 'vite'`, `npm-run-all
//! --parallel dev:frontend dev:backend`, `run-p dev:*`, `npm run dev:frontend`. [`invocations`]
//! follows all of those and returns each run of the framework's own command with its arguments and
//! the `NAME=value` assignments in front of it; each recipe reads its own flags from them.

use crate::edit::package_json::PackageJson;

/// One run of a command found in a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The script that holds it (`dev`, `dev:frontend`).
    pub script: String,
    /// `NAME=value` assignments right before the command (`PORT=4000 next dev`, also after
    /// `cross-env` or `env`), in order.
    pub env: Vec<(String, String)>,
    /// The arguments after the command, up to the next `&&`, `||`, `;`, `|` or `&`.
    pub args: Vec<String>,
    /// The folder a `cd <dir> &&` earlier in the same command line moved to, as written.
    pub cwd: Option<String>,
}

/// Every run of the command `is_tool` recognises in `scripts.<name>`, in the order they appear,
/// following `convex dev --start '…'` (any quoted argument holding a command), `npm-run-all` /
/// `run-p` (with `*` globs) and any token naming another script (`npm run x`, `pnpm x`). Each
/// script is read at most once, so cycles end.
pub fn invocations(
    pkg: &PackageJson,
    name: &str,
    is_tool: &dyn Fn(&str) -> bool,
) -> Vec<Invocation> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    scan_script(pkg, name, is_tool, &mut seen, &mut out);
    out
}

fn scan_script(
    pkg: &PackageJson,
    name: &str,
    is_tool: &dyn Fn(&str) -> bool,
    seen: &mut Vec<String>,
    out: &mut Vec<Invocation>,
) {
    if seen.iter().any(|s| s == name) || seen.len() > 8 {
        return;
    }
    seen.push(name.to_string());
    let Some(script) = pkg.script(name).map(str::to_string) else {
        return;
    };
    scan_command(pkg, name, &script, is_tool, seen, out, 0);
}

const SEPARATORS: &[&str] = &["&&", "||", ";", "|", "&"];

fn scan_command(
    pkg: &PackageJson,
    script: &str,
    command: &str,
    is_tool: &dyn Fn(&str) -> bool,
    seen: &mut Vec<String>,
    out: &mut Vec<Invocation>,
    depth: usize,
) {
    if depth > 4 {
        return;
    }
    let spaced = command
        .replace("&&", " && ")
        .replace("||", " || ")
        .replace(';', " ; ");
    let Some(tokens) = shlex::split(&spaced) else {
        return;
    };
    let names = pkg.script_names();
    let mut cwd: Option<String> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        // `cd ../backend && convex dev`: what follows runs there.
        if t == "cd"
            && let Some(dir) = tokens.get(i + 1)
            && tokens.get(i + 2).is_some_and(|n| n == "&&")
        {
            cwd = Some(dir.clone());
            i += 3;
            continue;
        }
        if t.contains(' ') {
            // A quoted command: `--start 'next dev'`, or `--start='next dev'`.
            let inner = match t.split_once('=') {
                Some((flag, rest)) if flag.starts_with('-') && !flag.contains(' ') => rest,
                _ => t,
            };
            scan_command(pkg, script, inner, is_tool, seen, out, depth + 1);
        } else if is_tool(t) {
            let mut j = i + 1;
            while j < tokens.len() && !SEPARATORS.contains(&tokens[j].as_str()) {
                j += 1;
            }
            out.push(Invocation {
                script: script.to_string(),
                env: env_before(&tokens[..i]),
                args: tokens[i + 1..j].to_vec(),
                cwd: cwd.clone(),
            });
            i = j;
            continue;
        } else if !t.is_empty() && names.iter().any(|n| n == t) {
            scan_script(pkg, t, is_tool, seen, out);
        } else if let Some(prefix) = t.strip_suffix('*') {
            for n in names.iter().filter(|n| n.starts_with(prefix)) {
                scan_script(pkg, n, is_tool, seen, out);
            }
        }
        i += 1;
    }
}

/// The `NAME=value` tokens directly before a command (skipping `cross-env`, `cross-env-shell` and
/// `env` between them).
fn env_before(tokens: &[String]) -> Vec<(String, String)> {
    let mut env = Vec::new();
    for t in tokens.iter().rev() {
        if matches!(t.as_str(), "cross-env" | "cross-env-shell" | "env") {
            continue;
        }
        match t.split_once('=') {
            Some((name, value))
                if !name.is_empty()
                    && !name.starts_with(|c: char| c.is_ascii_digit())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                env.push((name.to_string(), value.to_string()));
            }
            _ => break,
        }
    }
    env.reverse();
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(scripts: &[(&str, &str)]) -> PackageJson {
        let map: serde_json::Map<String, serde_json::Value> = scripts
            .iter()
            .map(|(k, v)| ((*k).to_string(), serde_json::Value::from(*v)))
            .collect();
        let text = serde_json::json!({ "scripts": map }).to_string();
        PackageJson::parse("package.json", text).unwrap()
    }

    fn next(t: &str) -> bool {
        t == "next"
    }

    #[test]
    fn follows_start_run_all_and_npm_run() {
        let p = pkg(&[
            ("dev", "npm-run-all --parallel dev:frontend dev:backend"),
            ("dev:frontend", "PORT=4000 next dev --turbopack"),
            ("dev:backend", "convex dev"),
        ]);
        let found = invocations(&p, "dev", &next);
        assert_eq!(
            found,
            vec![Invocation {
                script: "dev:frontend".into(),
                env: vec![("PORT".into(), "4000".into())],
                args: vec!["dev".into(), "--turbopack".into()],
                cwd: None,
            }]
        );
        let p = pkg(&[(
            "dev",
            "convex dev --start='cross-env A=1 next dev -p 3001' && echo",
        )]);
        let found = invocations(&p, "dev", &next);
        assert_eq!(found[0].env, vec![("A".to_string(), "1".to_string())]);
        assert_eq!(found[0].args, vec!["dev", "-p", "3001"]);
        let p = pkg(&[
            ("dev", "run-p dev:*"),
            ("dev:web", "npm run web"),
            ("web", "next"),
        ]);
        let found = invocations(&p, "dev", &next);
        assert_eq!((found[0].script.as_str(), found[0].args.len()), ("web", 0));
    }

    #[test]
    fn a_cd_before_the_command_is_its_folder() {
        let p = pkg(&[("dev", "cd ../../packages/backend && convex dev --once")]);
        let found = invocations(&p, "dev", &|t| t == "convex");
        assert_eq!(found[0].cwd.as_deref(), Some("../../packages/backend"));
        assert_eq!(found[0].args, vec!["dev", "--once"]);
    }

    #[test]
    fn cycles_and_missing_scripts_end() {
        let p = pkg(&[("dev", "npm run a"), ("a", "npm run dev")]);
        assert!(invocations(&p, "dev", &next).is_empty());
        assert!(invocations(&p, "missing", &next).is_empty());
        // An unbalanced quote is not a command line we can read.
        let p = pkg(&[("dev", "convex dev --start 'next dev")]);
        assert!(invocations(&p, "dev", &next).is_empty());
    }
}
