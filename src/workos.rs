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
    if body.len() < 8 || !body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("that doesn't look like a whole WorkOS API key (`sk_test_` and a long run of letters and digits); copy it again".into());
    }
    Ok(())
}

/// The prefixes of WorkOS API keys (test and live environments).
pub const API_KEY_PREFIXES: [&str; 2] = ["sk_test_", "sk_live_"];

/// Every WorkOS client ID starts with this.
pub const CLIENT_ID_PREFIX: &str = "client_";

/// The prefix of WorkOS environment IDs, the value most often pasted in place of a client ID.
pub const ENVIRONMENT_ID_PREFIX: &str = "environment_";

/// Crockford's base 32, the alphabet of the ULIDs in WorkOS IDs: digits and capital letters
/// without I, L, O and U.
pub const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a ULID (128 bits, 5 per character; the first carries 3, so it is `0`-`7`).
pub const ULID_LEN: usize = 26;

/// A real client ID: the one WorkOS's own `@workos-inc/authkit-js` shows in its missing-client-ID
/// error.
pub const EXAMPLE_CLIENT_ID: &str = "client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7";

/// What a client ID looks like, for messages.
pub const CLIENT_ID_SHAPE: &str = "a client ID is `client_` and 26 digits and capital letters other than I, L, O and U, like `client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`";

/// Why a value is not a WorkOS client ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientIdProblem {
    /// A WorkOS API key (`sk_test_…`, `sk_live_…`): a secret, never shown past its prefix.
    ApiKey { prefix: &'static str },
    /// A WorkOS environment ID (`environment_…`).
    EnvironmentId,
    /// Anything else that is not `client_` and a ULID; the text says what is off.
    Shape(String),
}

impl ClientIdProblem {
    /// `value` as it may be printed: an API key keeps only its prefix.
    pub fn shown(&self, value: &str) -> String {
        match self {
            ClientIdProblem::ApiKey { prefix } => format!("{prefix}****"),
            _ => value.to_string(),
        }
    }

    /// What the value is instead, to follow "`VALUE` is ".
    pub fn what(&self) -> String {
        match self {
            ClientIdProblem::ApiKey { .. } => "a WorkOS API key, not the client ID".into(),
            ClientIdProblem::EnvironmentId => "a WorkOS environment ID, not the client ID".into(),
            ClientIdProblem::Shape(why) => format!("not a WorkOS client ID: {why}"),
        }
    }

    /// The full message for `value`, with the expected shape (what init and its prompt show).
    pub fn message(&self, value: &str) -> String {
        format!(
            "`{}` is {} ({CLIENT_ID_SHAPE})",
            self.shown(value),
            self.what()
        )
    }
}

/// Checks that `id` is `client_` followed by a ULID, as WorkOS issues client IDs; a pasted API
/// key or environment ID gets its own answer.
pub fn check_client_id(id: &str) -> Result<(), ClientIdProblem> {
    if let Some(prefix) = API_KEY_PREFIXES.iter().find(|p| id.contains(*p)) {
        return Err(ClientIdProblem::ApiKey { prefix });
    }
    if id.starts_with(ENVIRONMENT_ID_PREFIX) {
        return Err(ClientIdProblem::EnvironmentId);
    }
    let Some(ulid) = id.strip_prefix(CLIENT_ID_PREFIX) else {
        return Err(ClientIdProblem::Shape(
            "it doesn't start with `client_`".into(),
        ));
    };
    if ulid.chars().any(|c| c.is_ascii_lowercase())
        && ulid
            .chars()
            .all(|c| CROCKFORD.contains(c.to_ascii_uppercase()))
    {
        return Err(ClientIdProblem::Shape(
            "it has lowercase letters, and WorkOS IDs are upper case".into(),
        ));
    }
    if let Some(c) = ulid.chars().find(|c| !CROCKFORD.contains(*c)) {
        let c = match c {
            ' ' => "a space".to_string(),
            c => format!("`{}`", c.escape_debug()),
        };
        return Err(ClientIdProblem::Shape(format!("it contains {c}")));
    }
    let n = ulid.chars().count();
    if n != ULID_LEN {
        return Err(ClientIdProblem::Shape(format!(
            "it has {n} character{} after `client_`, not {ULID_LEN}",
            if n == 1 { "" } else { "s" }
        )));
    }
    if !ulid.starts_with(['0', '1', '2', '3', '4', '5', '6', '7']) {
        return Err(ClientIdProblem::Shape(
            "a ULID starts with a digit from 0 to 7".into(),
        ));
    }
    Ok(())
}

/// [`check_client_id`] as the message init and its prompt show.
pub fn validate_client_id(id: &str) -> Result<(), String> {
    check_client_id(id).map_err(|p| p.message(id))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn why(id: &str) -> String {
        match check_client_id(id) {
            Ok(()) => "ok".into(),
            Err(ClientIdProblem::Shape(why)) => why,
            Err(p) => format!("{p:?}"),
        }
    }

    #[test]
    fn client_ids_are_client_and_a_ulid() {
        assert_eq!(why(EXAMPLE_CLIENT_ID), "ok");
        assert_eq!(why("client_7ZZZZZZZZZZZZZZZZZZZZZZZZZ"), "ok");
        assert_eq!(
            why("client_01ABC"),
            "it has 5 characters after `client_`, not 26"
        );
        assert_eq!(
            why("client_"),
            "it has 0 characters after `client_`, not 26"
        );
        assert_eq!(
            why("client_01hxrmbq9bj3e7qstq9x2phvb7"),
            "it has lowercase letters, and WorkOS IDs are upper case"
        );
        assert_eq!(why("client_01JTESTCLIENT000000000000"), "it contains `L`");
        assert_eq!(
            why("client_01HXRMBQ9BJ3E7QSTQ9X2PHVB "),
            "it contains a space"
        );
        assert_eq!(
            why("client_01HXRMBQ9BJ3E7QSTQ9X2PHVB\n"),
            "it contains `\\n`"
        );
        assert_eq!(
            why("client_81HXRMBQ9BJ3E7QSTQ9X2PHVB7"),
            "a ULID starts with a digit from 0 to 7"
        );
        assert_eq!(why("client_01HXRMBQ9BJ3E7QSTQ9X2PHVBé"), "it contains `é`");
        assert_eq!(
            why("YOUR-WORKOS-CLIENT-ID"),
            "it doesn't start with `client_`"
        );
        assert_eq!(why(""), "it doesn't start with `client_`");
    }

    #[test]
    fn pasted_keys_and_environment_ids_are_named_and_keys_never_shown() {
        let key = "sk_test_a1b2c3d4e5";
        assert_eq!(
            check_client_id(key),
            Err(ClientIdProblem::ApiKey { prefix: "sk_test_" })
        );
        let msg = validate_client_id(key).unwrap_err();
        assert!(
            msg.starts_with("`sk_test_****` is a WorkOS API key, not the client ID ("),
            "{msg}"
        );
        assert!(!msg.contains("a1b2"), "{msg}");
        let live = validate_client_id("client_sk_live_zzz").unwrap_err();
        assert!(
            live.starts_with("`sk_live_****`") && !live.contains("zzz"),
            "{live}"
        );
        assert_eq!(
            check_client_id("environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7"),
            Err(ClientIdProblem::EnvironmentId)
        );
        assert_eq!(
            validate_client_id("client_01ABC").unwrap_err(),
            format!(
                "`client_01ABC` is not a WorkOS client ID: it has 5 characters after `client_`, not 26 ({CLIENT_ID_SHAPE})"
            )
        );
    }
}
