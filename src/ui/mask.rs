//! Secrets never reach the screen or a log: every diff, snippet and message is masked here.
//! WorkOS API keys keep their `sk_test_`/`sk_live_` prefix (so the reader knows which key it
//! was) and lose the rest.

/// Replaces the secret part of every WorkOS API key (`sk_test_…`, `sk_live_…`) by `****`.
pub fn mask_api_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = ["sk_test_", "sk_live_"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        let prefix_end = pos + "sk_test_".len();
        out.push_str(&rest[..prefix_end]);
        let tail = &rest[prefix_end..];
        // `*` counts too, so an already masked key stays `sk_test_****`.
        let secret_len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '*'))
            .unwrap_or(tail.len());
        if secret_len > 0 {
            out.push_str("****");
        }
        rest = &tail[secret_len..];
    }
    out.push_str(rest);
    out
}

/// A copy of `text` safe to print: secret values in `.env` files and `sk_test_`/`sk_live_` keys
/// anywhere are replaced by `*`, keeping every byte offset (so spans still point right).
pub fn mask_for_display(rel: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let is_env = rel
        .rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with(".env"));
    for line in text.split_inclusive('\n') {
        if is_env
            && let Some((name, value)) = line
                .trim_start()
                .trim_start_matches("export ")
                .split_once('=')
            && crate::workos::is_secret_env(name.trim(), value)
        {
            let eq = line.find('=').map_or(line.len(), |i| i + 1);
            out.push_str(&line[..eq]);
            let rest = &line[eq..];
            let body = rest.trim_end_matches(['\n', '\r']);
            let lead = body.len() - body.trim_start().len();
            let value = &body[lead..];
            let end = match value.chars().next() {
                Some(q @ ('"' | '\'' | '`')) => value[1..].find(q).map_or(value.len(), |i| i + 1),
                _ => value.find(" #").unwrap_or(value.trim_end().len()),
            };
            let keep = secret_prefix_len(value).min(end);
            out.push_str(&body[..lead + keep]);
            for c in value[keep..end].chars() {
                out.push_str(&"*".repeat(c.len_utf8()));
            }
            out.push_str(&value[end..]);
            out.push_str(&rest[body.len()..]);
            continue;
        }
        out.push_str(&mask_keys(line));
    }
    out
}

/// How much of a secret may be shown: the `sk_test_`/`sk_live_` prefix (after any quote).
fn secret_prefix_len(value: &str) -> usize {
    let quote = usize::from(value.starts_with(['"', '\'', '`']));
    for p in ["sk_test_", "sk_live_"] {
        if value[quote..].starts_with(p) {
            return quote + p.len();
        }
    }
    quote
}

/// Replaces the body of every `sk_test_…`/`sk_live_…` key with `*` of the same length.
pub fn mask_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = find_key(rest) {
        out.push_str(&rest[..i + 8]);
        let body = &rest[i + 8..];
        let n = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        out.push_str(&"*".repeat(n));
        rest = &body[n..];
    }
    out.push_str(rest);
    out
}

fn find_key(text: &str) -> Option<usize> {
    let a = text.find("sk_test_");
    let b = text.find("sk_live_");
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The masking every finding's text goes through before it is rendered (human and JSON): each
/// `sk_test_…`/`sk_live_…` key becomes `sk_test_****`, and each value in `secrets` (the values of
/// secret-named variables in the env files) becomes `****` (or `sk_…_****`).
pub fn mask_secrets(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), &masked(s));
        }
    }
    mask_api_keys(&out)
}

/// `sk_test_****` for messages: the prefix only.
pub fn masked(value: &str) -> String {
    let v = value.trim_matches(['"', '\'', '`']);
    for p in ["sk_test_", "sk_live_"] {
        if v.starts_with(p) {
            return format!("{p}****");
        }
    }
    "****".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_offsets() {
        let env = "A=1\nVITE_WORKOS_API_KEY=\"sk_test_abc123\" # x\nWORKOS_COOKIE_PASSWORD=hunter2hunter2\n";
        let m = mask_for_display(".env.local", env);
        assert_eq!(m.len(), env.len());
        assert!(!m.contains("abc123") && !m.contains("hunter2"), "{m}");
        assert!(m.contains("\"sk_test_******\" # x"), "{m}");
        let src = "const k = 'sk_live_SECRET99';\n";
        let m = mask_for_display("src/a.ts", src);
        assert_eq!(m, "const k = 'sk_live_********';\n");
        assert_eq!(masked("sk_test_abc"), "sk_test_****");
    }
}
