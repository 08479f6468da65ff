//! WorkOS facts every layer shares: what a client ID and an API key look like, and which env
//! values are secrets. One home, so init, doctor, verify and the emulator agree.

/// The server-side env var holding the API key (server flows: Next.js, TanStack Start).
pub const API_KEY_ENV: &str = "WORKOS_API_KEY";
/// The server-side env var holding the session cookie's sealing password (at least 32 chars).
pub const COOKIE_PASSWORD_ENV: &str = "WORKOS_COOKIE_PASSWORD";
/// The shortest cookie password the AuthKit server SDKs accept.
pub const COOKIE_PASSWORD_MIN_LEN: usize = 32;

/// A fresh cookie password: 32 bytes from the OS CSPRNG, base64url (43 characters), as the
/// Convex CLI makes it.
pub fn cookie_password() -> std::io::Result<String> {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether `key` looks like a WorkOS API key; the error says what was expected and never
/// repeats the value (it may be a real key).
pub fn validate_api_key(key: &str) -> Result<(), String> {
    let body = API_KEY_PREFIXES
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .ok_or_else(|| {
            if key.starts_with("client_") {
                "that is a client ID; the API key starts with `sk_test_` (or `sk_live_` in production)".to_string()
            } else {
                "a WorkOS API key starts with `sk_test_` (or `sk_live_` in production); copy it from the WorkOS dashboard → API keys".to_string()
            }
        })?;
    if body.len() < 16 || !body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("that doesn't look like a whole WorkOS API key (`sk_test_` and a long run of letters and digits); copy it again".into());
    }
    Ok(())
}

/// The prefixes of WorkOS API keys (test and live environments).
pub const API_KEY_PREFIXES: [&str; 2] = ["sk_test_", "sk_live_"];

/// Whether `id` looks like a WorkOS client ID; the error says what was expected.
pub fn validate_client_id(id: &str) -> Result<(), String> {
    let ok = id.starts_with("client_")
        && id.len() > "client_".len()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a WorkOS client ID (they look like `client_01…`)"
        ))
    }
}

/// Whether an env var's name or value marks it as a secret that must never be printed.
pub fn is_secret_env(name: &str, value: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PRIVATE"]
        .iter()
        .any(|w| upper.contains(w))
        || value.contains("sk_test_")
        || value.contains("sk_live_")
        || value.contains('|')
}
