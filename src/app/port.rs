//! The dev port, settled with the setup's record when the app's own config leaves it open.
//!
//! A config that reads the port from an env var (`Number(process.env.PORT) || 5180`) or computes
//! it (`getPort()`) says where the dev server *may* run. The local redirect URI the setup holds
//! (written by `init` from the detected port or an explicit `--port`) says where the user runs
//! it. So in those two cases init, doctor and verify all take the recorded port, and with no
//! record the port stays unknown: never the framework's default, which nothing says is used.

use serde_json::Value;

use crate::frameworks::DevPort;

/// What the setup holds about the dev origin (the app model fills it in: `App::setup`).
pub struct Setup<'a> {
    /// `authKit.dev` of `convex.json`.
    pub dev: Option<&'a Value>,
    /// `convex.json`, relative to the app.
    pub convex_json: &'a str,
    /// The redirect URI variable's name.
    pub redirect_env: &'a str,
    /// The env file setting it and its value as the dev server sees it (references expanded).
    pub sent: Option<(&'a str, String)>,
}

/// The local port the setup records for the dev server, and where: the redirect URI the app
/// sends (the dev env files), else `convex.json`'s dev homepage, else its `localEnvVars`
/// redirect URI, else its local dev redirect URIs when they agree on one port.
pub fn recorded(setup: &Setup) -> Option<(u16, String)> {
    let name = setup.redirect_env;
    if let Some((file, value)) = &setup.sent
        && let Some(port) = local_port(value)
    {
        return Some((port, format!("`{name}` in `{file}`")));
    }
    let json = setup.convex_json;
    let configure = setup.dev.and_then(|d| d.get("configure"));
    if let Some(port) = configure
        .and_then(|c| c.get("appHomepageUrl"))
        .and_then(Value::as_str)
        .and_then(local_port)
    {
        return Some((port, format!("`appHomepageUrl` in `{json}`")));
    }
    if let Some(port) = setup
        .dev
        .and_then(|d| d.get("localEnvVars")?.get(name)?.as_str())
        .and_then(local_port)
    {
        return Some((port, format!("`localEnvVars.{name}` in `{json}`")));
    }
    let mut ports: Vec<u16> = configure
        .and_then(|c| c.get("redirectUris"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(local_port)
        .collect();
    ports.dedup();
    match ports.as_slice() {
        [port] => Some((*port, format!("`redirectUris` in `{json}`"))),
        _ => None,
    }
}

/// The explicit port of a `http(s)://localhost|127.0.0.1|[::1]:PORT…` URI.
pub fn local_port(uri: &str) -> Option<u16> {
    let url = url::Url::parse(uri).ok()?;
    let local = match url.host()? {
        url::Host::Domain(d) => d == "localhost",
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    if local { url.port() } else { None }
}

/// The port a local (`localhost`, loopback) URI uses, explicit or its scheme's; `None` for
/// any other host.
pub fn local_effective_port(uri: &str) -> Option<u16> {
    let url = url::Url::parse(uri).ok()?;
    let local = match url.host()? {
        url::Host::Domain(d) => d == "localhost",
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    if local {
        url.port_or_known_default()
    } else {
        None
    }
}

/// A local URI in `authKit.dev.configure` on another port than the dev server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffPort {
    /// `redirectUris`, `appHomepageUrl` or `corsOrigins`.
    pub key: &'static str,
    /// Its index in the array (`None` for `appHomepageUrl`).
    pub index: Option<usize>,
    pub uri: String,
    pub port: u16,
    /// Nothing of its kind is on the dev port, or it is the redirect URI the app sends: the
    /// setup is on the old port (a second port beside one on the dev port is only an extra).
    pub stale: bool,
}

/// The local dev URIs of `convex.json` that aren't on `port`. doctor reports the stale ones, and
/// `init` replaces exactly those, so an init run clears what doctor found.
pub fn off_port(setup: &Setup, port: u16) -> Vec<OffPort> {
    let Some(configure) = setup.dev.and_then(|d| d.get("configure")) else {
        return Vec::new();
    };
    let mut uris: Vec<(&'static str, Option<usize>, &str)> = Vec::new();
    for key in ["redirectUris", "corsOrigins"] {
        let items = configure.get(key).and_then(Value::as_array);
        for (i, u) in items.into_iter().flatten().enumerate() {
            if let Some(u) = u.as_str() {
                uris.push((key, Some(i), u));
            }
        }
    }
    if let Some(h) = configure.get("appHomepageUrl").and_then(Value::as_str) {
        uris.push(("appHomepageUrl", None, h));
    }
    let on_port = |key: &str| {
        uris.iter()
            .any(|(k, _, u)| *k == key && local_effective_port(u) == Some(port))
    };
    let sent = setup.sent.as_ref().map(|(_, v)| v.as_str());
    uris.iter()
        .filter_map(|(key, index, uri)| {
            let theirs = local_effective_port(uri).filter(|p| *p != port)?;
            let used = *key == "redirectUris" && sent == Some(*uri);
            Some(OffPort {
                key,
                index: *index,
                uri: uri.to_string(),
                port: theirs,
                stale: !on_port(key) || used,
            })
        })
        .collect()
}

/// `port` settled with the record: unchanged when the config's port is a plain reading, or when
/// its env fallback agrees with the record.
pub fn settle(port: &DevPort, record: Option<(u16, String)>) -> DevPort {
    let open = !port.known() || port.env.is_some();
    let Some((recorded, place)) = record.filter(|_| open) else {
        return port.clone();
    };
    if port.known() && port.port == recorded {
        return port.clone();
    }
    let config = match (&port.env, port.known()) {
        (Some(_), true) => format!("{}: {}", port.source, port.port),
        (Some(var), false) => format!("{} reads `{var}` with no fallback", port.source),
        (None, _) => port
            .unresolved
            .clone()
            .unwrap_or_else(|| port.source.clone()),
    };
    DevPort {
        port: recorded,
        pinned: port.pinned,
        source: place,
        unresolved: None,
        env: port.env.clone(),
        config: Some(config),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks::dev_port::PortExpr;

    #[test]
    fn local_ports() {
        assert_eq!(local_port("http://localhost:5180/callback"), Some(5180));
        assert_eq!(local_port("http://127.0.0.1:3000"), Some(3000));
        assert_eq!(local_port("http://localhost/callback"), None);
        assert_eq!(local_port("https://app.example.com:8443/callback"), None);
    }

    #[test]
    fn the_record_settles_only_an_open_port() {
        let mut fallback = DevPort::default_port(5173);
        fallback.set_from(
            &PortExpr::Env {
                var: "PORT".into(),
                fallback: Some((5180, 0..0)),
            },
            "`vite.config.ts`",
            "`server.port`",
        );
        let rec = |p: u16| Some((p, "`VITE_WORKOS_REDIRECT_URI` in `.env.local`".to_string()));
        // The fallback agrees with the record: the config stays the source.
        assert_eq!(settle(&fallback, rec(5180)), fallback);
        let settled = settle(&fallback, rec(5190));
        assert_eq!(settled.port, 5190);
        assert_eq!(
            settled.config.as_deref(),
            Some("`vite.config.ts` while `PORT` is unset: 5180")
        );
        // A literal is the app's own answer; the record never overrides it.
        let mut literal = DevPort::default_port(5173);
        literal.set_from(
            &PortExpr::Literal(3000),
            "`vite.config.ts`",
            "`server.port`",
        );
        assert_eq!(settle(&literal, rec(5190)), literal);
        // Unknown without a record stays unknown.
        let mut unknown = DevPort::default_port(5173);
        unknown.set_from(
            &PortExpr::Unknown("getPort()".into()),
            "`vite.config.ts`",
            "`server.port`",
        );
        assert!(!settle(&unknown, None).known());
        assert_eq!(settle(&unknown, rec(4000)).port, 4000);
    }
}
