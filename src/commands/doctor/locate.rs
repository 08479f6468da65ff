//! Positions in `convex.json`, and small URL helpers shared by the rules.

use jsonc_parser::ParseOptions;
use jsonc_parser::ast::Value as Ast;
use jsonc_parser::common::Ranged;

/// Byte range of the value at `path` (keys, or array indices as decimal strings).
pub fn json_value(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    json_node(text, path, false)
}

/// Byte range of the property at `path` (from its key to the end of its value), or the element.
pub fn json_prop(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    json_node(text, path, true)
}

/// The key at `path`, or the key of the nearest ancestor that exists (for "missing key"
/// findings).
pub fn json_nearest(text: &str, path: &[&str]) -> std::ops::Range<usize> {
    for n in (1..=path.len()).rev() {
        if let Some(r) = json_prop(text, &path[..n]) {
            let key = format!("\"{}\"", path[n - 1]);
            return if text[r.clone()].starts_with(&key) {
                r.start..r.start + key.len()
            } else {
                r
            };
        }
    }
    0..text.len().min(1)
}

fn json_node(text: &str, path: &[&str], prop: bool) -> Option<std::ops::Range<usize>> {
    let ast =
        jsonc_parser::parse_to_ast(text, &Default::default(), &ParseOptions::default()).ok()?;
    let mut value = ast.value?;
    let mut range = value.range();
    let mut whole = range;
    for part in path {
        value = match value {
            Ast::Object(o) => {
                let p = o
                    .properties
                    .into_iter()
                    .find(|p| p.name.as_str() == *part)?;
                whole = p.range;
                p.value
            }
            Ast::Array(a) => {
                let i: usize = part.parse().ok()?;
                let v = a.elements.into_iter().nth(i)?;
                whole = v.range();
                v
            }
            _ => return None,
        };
        range = value.range();
    }
    let r = if prop { whole } else { range };
    Some(r.start..r.end)
}

/// A URL cut into its parts, without normalising anything (WorkOS matches exactly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    pub scheme: &'a str,
    pub host: &'a str,
    /// The explicit port, if any.
    pub port: Option<u16>,
    /// `scheme://host[:port]`.
    pub origin: &'a str,
    /// From the first `/` after the authority; `""` when there is none.
    pub path: &'a str,
}

impl<'a> Url<'a> {
    pub fn parse(s: &'a str) -> Option<Url<'a>> {
        let (scheme, rest) = s.split_once("://")?;
        let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..auth_end];
        let (host, port) = match authority.rfind(':') {
            Some(i) if !authority[i..].contains(']') => {
                (&authority[..i], Some(authority[i + 1..].parse().ok()?))
            }
            _ => (authority, None),
        };
        let origin_len = scheme.len() + 3 + auth_end;
        let tail = &rest[auth_end..];
        let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
        Some(Url {
            scheme,
            host,
            port,
            origin: &s[..origin_len],
            path: &tail[..path_end],
        })
    }

    /// The port the browser uses: explicit, else the scheme's default.
    pub fn effective_port(&self) -> Option<u16> {
        self.port.or(match self.scheme {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        })
    }

    pub fn is_local(&self) -> bool {
        is_local_host(self.host)
    }

    /// Whether the host is a build-time template (`${buildEnv.X}`), so it can't be judged.
    pub fn is_template(&self) -> bool {
        self.host.contains("${")
    }
}

pub fn is_local_host(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0") || host.ends_with(".localhost")
}

/// `localhost` and `127.0.0.1` are different strings to WorkOS, but the same server.
pub fn loopback_alias(a: &str, b: &str) -> bool {
    a != b && is_local_host(a) && is_local_host(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = Url::parse("http://localhost:5173/callback?x=1").unwrap();
        assert_eq!(
            (u.scheme, u.host, u.port, u.origin, u.path),
            (
                "http",
                "localhost",
                Some(5173),
                "http://localhost:5173",
                "/callback"
            )
        );
        let u = Url::parse("https://${buildEnv.VERCEL_BRANCH_URL}/callback").unwrap();
        assert!(u.is_template());
        assert_eq!(u.path, "/callback");
        let u = Url::parse("http://localhost:5173").unwrap();
        assert_eq!(u.path, "");
        assert_eq!(
            Url::parse("https://a.com").unwrap().effective_port(),
            Some(443)
        );
    }

    #[test]
    fn json_positions() {
        let t =
            "{\n  \"authKit\": {\"dev\": {\"configure\": {\"redirectUris\": [\"a\", \"b\"]}}}\n}";
        let r = json_value(t, &["authKit", "dev", "configure", "redirectUris", "1"]).unwrap();
        assert_eq!(&t[r], "\"b\"");
        let r = json_prop(t, &["authKit"]).unwrap();
        assert!(t[r].starts_with("\"authKit\""));
        let r = json_nearest(t, &["authKit", "dev", "configure", "corsOrigins"]);
        assert_eq!(&t[r], "\"configure\"");
    }
}
