//! WorkOS facts every layer shares: what a client ID and an API key look like, and which env
//! values are secrets. One home, so init, doctor, verify and the emulator agree.

/// The server-side env var holding the API key (server flows: Next.js, TanStack Start).
pub const API_KEY_ENV: &str = "WORKOS_API_KEY";
/// The server-side env var holding the session cookie's sealing password (at least 32 chars).
pub const COOKIE_PASSWORD_ENV: &str = "WORKOS_COOKIE_PASSWORD";
/// The shortest cookie password the AuthKit server SDKs accept.
pub const COOKIE_PASSWORD_MIN_LEN: usize = 32;

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
