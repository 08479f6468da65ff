//! What every rule shares: the [`Rule`] record and the helpers rules use to look at the app.

use serde_json::Value;

use crate::app::{App as Context, AuthConfigFile};
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, PortChoice, Severity};
use crate::commands::doctor::fix::FixOp;
use crate::commands::doctor::locate::Url;
use crate::edit::js::JsFacts;
use crate::frameworks::SourceFile;

/// A rule's identity and its check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    /// The usual severity (a few rules report a lower one when less is at stake).
    pub severity: Severity,
    /// The best fix this rule can offer.
    pub fix: Applicability,
    /// Runs only with `--prod`.
    pub prod_only: bool,
    /// Runs only when the app shows some sign of AuthKit (packages, `authKit`, wiring, env).
    pub needs_authkit: bool,
    /// The rule's source file; its `//!` lines are the documentation.
    pub source: &'static str,
    pub check: fn(&Context) -> Vec<Diagnostic>,
}

impl Rule {
    /// The `//!` doc comment, as Markdown.
    pub fn doc(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                if out.is_empty() {
                    continue;
                }
                break;
            };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out.trim_end().to_string()
    }
}

pub const AUTHKIT_REACT: &str = "@workos-inc/authkit-react";
pub const CONVEX_WORKOS: &str = "@convex-dev/workos";

/// The provider file and its facts, when detection (or doctor's own resolution, see
/// [`super::tree`]) found and parsed it.
pub fn provider(cx: &Context) -> Option<(&SourceFile, JsFacts)> {
    let file = cx.provider_tree().file.as_ref()?;
    let facts = JsFacts::parse(&file.rel, &file.text).ok()?;
    Some((file, facts))
}

/// The `<AuthKitProvider>` element (imported from the framework's AuthKit client module, see
/// [`crate::frameworks::ClientSdk`]), if rendered.
pub fn authkit_element<'f>(
    cx: &Context,
    facts: &'f JsFacts,
) -> Option<&'f crate::edit::js::JsxElem> {
    let local = facts.local_name(cx.recipe().client_sdk().authkit_module, "AuthKitProvider")?;
    facts.jsx.iter().find(|e| e.name == local)
}

/// "`<verb>` `<Convex provider>` from `<module>`" for the framework, with the adapter hook it
/// needs, for remedies.
pub fn convex_provider_remedy(cx: &Context, verb: &str) -> String {
    let sdk = cx.recipe().client_sdk();
    let mut out = format!(
        "{verb} `{}` from `{}`",
        sdk.convex_provider, sdk.convex_provider_module
    );
    if let Some(adapter) = sdk.use_auth_adapter {
        out.push_str(&format!(
            ", with the `{adapter}` adapter hook (`convex-authkit init` writes it)"
        ));
    }
    out
}

/// Whether an env read through `process.env` (or else `import.meta.env`) is the way the
/// framework's client reads env vars.
pub fn reads_env_natively(cx: &Context, process: bool) -> bool {
    process == (cx.recipe().client_sdk().env_access == crate::frameworks::EnvAccess::ProcessEnv)
}

/// Whether the code exchange happens on the app's own server (Next.js), so the app holds
/// `WORKOS_API_KEY` and `WORKOS_COOKIE_PASSWORD`.
pub fn server_flow(cx: &Context) -> bool {
    cx.recipe().flow() == crate::frameworks::Flow::Server
}

/// `npx convex dev` still has `.env.local` to write: `authKit.dev.localEnvVars` names a variable
/// no dev env file holds yet (a fresh clone, or a managed team before its first run). Once it
/// has run, every name is there (it never overwrites, and it adds the cookie password for server
/// frameworks in the same pass).
pub fn convex_dev_pending(cx: &Context) -> bool {
    cx.auth_kit_section("dev")
        .and_then(|d| d.get("localEnvVars"))
        .and_then(Value::as_object)
        .is_some_and(|vars| vars.keys().any(|k| cx.env_value(k).is_none()))
}

/// The env var an attribute of an element reads (`import.meta.env.X`), and whether it was read
/// through `process.env` instead.
pub fn attr_env(
    el: &crate::edit::js::JsxElem,
    attr: &str,
) -> Option<(String, bool, std::ops::Range<usize>)> {
    let a = el.attrs.iter().find(|a| a.name.as_deref() == Some(attr))?;
    let value = a.value.as_deref()?;
    if let Some(name) = crate::edit::js::import_meta_env_name(value) {
        return Some((name, false, a.span.clone()));
    }
    // `import.meta.env.X || undefined`, `Number(import.meta.env.X)`, …: the first one read.
    if let Some(i) = value.find("import.meta.env.") {
        let rest = &value[i + "import.meta.env.".len()..];
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !n.is_empty() {
            return Some((n, false, a.span.clone()));
        }
    }
    let v = value.trim().trim_end_matches('!');
    let v = v.split(" as ").next().unwrap_or(v).trim();
    let name = v.strip_prefix("process.env.")?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| (name.to_string(), true, a.span.clone()))
}

/// `authKit.<section>.configure` when it is an object.
pub fn configure<'a>(cx: &'a Context, section: &str) -> Option<&'a serde_json::Map<String, Value>> {
    cx.auth_kit_section(section)?.get("configure")?.as_object()
}

/// The string elements of `configure.<key>` with their indices.
pub fn configure_strings<'a>(cx: &'a Context, section: &str, key: &str) -> Vec<(usize, &'a str)> {
    configure(cx, section)
        .and_then(|c| c.get(key))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, v)| v.as_str().map(|s| (i, s)))
                .collect()
        })
        .unwrap_or_default()
}

/// The `convex.json` text (empty when absent).
pub fn json_text(cx: &Context) -> &str {
    cx.convex_json.as_ref().map_or("", |c| c.text.as_str())
}

/// The sections of `authKit` that exist, in order.
pub fn sections(cx: &Context) -> Vec<&'static str> {
    ["dev", "preview", "prod"]
        .into_iter()
        .filter(|s| cx.auth_kit_section(s).is_some())
        .collect()
}

/// The env var the app reads its client ID from (the `clientId` prop's, when it is
/// client-exposed or the prefixes are unknown; else the recipe's).
pub fn client_id_env(cx: &Context) -> String {
    provider(cx)
        .and_then(|(_, f)| authkit_element(cx, &f).and_then(|el| attr_env(el, "clientId")))
        .filter(|(n, process, _)| {
            reads_env_natively(cx, *process) && cx.is_client_exposed(n) != Some(false)
        })
        .map(|(n, _, _)| n)
        .unwrap_or_else(|| cx.names().client_id.to_string())
}

/// Whether `name` gets a value in dev: a dev env file or `localEnvVars`.
pub fn defined_in_dev(cx: &Context, name: &str) -> bool {
    cx.env_value(name).is_some() || cx.local_env_var(name).is_some()
}

/// The auth config file, if exactly one exists and parses.
pub fn auth_config(cx: &Context) -> Option<(&SourceFile, &crate::edit::auth_config::AuthConfig)> {
    let AuthConfigFile::One(f) = &cx.auth_config else {
        return None;
    };
    Some((f, cx.auth_config_reading()?))
}

/// Whether `word` occurs in `text` as a whole identifier.
pub fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let ident =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        !ident(before) && !ident(after)
    })
}

/// Whether the module calls (or otherwise uses) `name` imported from `module`.
pub fn uses_import(facts: &JsFacts, module: &str, name: &str) -> bool {
    facts
        .local_name(module, name)
        .is_some_and(|local| facts.references.iter().any(|(n, _)| *n == local))
}

/// `uri` on port `to` instead (scheme, host and path kept).
pub fn with_port(uri: &str, to: u16) -> Option<String> {
    let u = Url::parse(uri)?;
    Some(format!(
        "{}://{}:{to}{}",
        u.scheme,
        u.host,
        &uri[u.origin.len()..]
    ))
}

/// Whether `uri` is a local URL on another port than `port`.
fn local_off(uri: &str, port: u16) -> bool {
    Url::parse(uri)
        .is_some_and(|u| u.is_local() && !u.is_template() && u.effective_port() != Some(port))
}

/// The fix for a dev port mismatch (AK200, AK203), as the problem catalogue prescribes (P02):
/// make the app use port `to` everywhere. In `authKit.dev.configure`, each kind of URI
/// (`redirectUris`, `corsOrigins`, `appHomepageUrl`) with none on `to` gets its first local URI
/// moved to `to` (others stay, as harmless extra ports); the redirect URI in `localEnvVars` and
/// the redirect variable in the dev env file move too; when `to` isn't the dev server's port,
/// the dev server is pinned to it. Then `npx convex dev` registers the URIs with WorkOS.
///
/// Safe when `to` is the dev server's port and the app sets that port itself; unsafe when
/// nothing sets it (the framework's default might not be what was meant) or when the dev server
/// moves. `None` when doctor can't read the port, or nothing would change.
pub fn port_fix(cx: &Context, to: u16) -> Option<Fix> {
    let facts = cx.facts.as_ref()?;
    if facts.port.unresolved.is_some() {
        return None;
    }
    let detected = facts.port.port;
    let explicit = facts.port.source != "default";
    let mut ops = Vec::new();
    for key in ["redirectUris", "corsOrigins"] {
        let uris = configure_strings(cx, "dev", key);
        if uris.iter().any(|(_, u)| {
            Url::parse(u).is_some_and(|u| u.is_local() && u.effective_port() == Some(to))
        }) {
            continue;
        }
        if let Some((i, uri)) = uris.iter().find(|(_, u)| local_off(u, to)) {
            ops.push(FixOp::JsonSetString {
                path: ["authKit", "dev", "configure", key, &i.to_string()]
                    .map(String::from)
                    .to_vec(),
                value: with_port(uri, to)?,
            });
        }
    }
    if let Some(home) = configure(cx, "dev")
        .and_then(|c| c.get("appHomepageUrl"))
        .and_then(Value::as_str)
        && local_off(home, to)
    {
        ops.push(FixOp::JsonSetString {
            path: ["authKit", "dev", "configure", "appHomepageUrl"]
                .map(String::from)
                .to_vec(),
            value: with_port(home, to)?,
        });
    }
    let name = cx.names().redirect_uri;
    if let Some(v) = cx.local_env_var(name)
        && local_off(v, to)
    {
        ops.push(FixOp::JsonSetString {
            path: ["authKit", "dev", "localEnvVars", name]
                .map(String::from)
                .to_vec(),
            value: with_port(v, to)?,
        });
    }
    let mut env_file = None;
    if let Some((file, entry)) = cx.env_value(name)
        && local_off(&entry.value, to)
    {
        // A value built from references is the user's shape: that one is theirs to change.
        if Context::has_reference(&entry.value) {
            return None;
        }
        env_file = Some(file.rel.clone());
        ops.push(FixOp::EnvSet {
            file: file.rel.clone(),
            name: name.into(),
            value: with_port(&entry.value, to)?,
        });
    }
    let moves_server = to != detected;
    if moves_server {
        let config = cx.framework_config();
        let pin = cx.recipe().port_pin(cx.pkg.as_ref(), config, to);
        ops.push(FixOp::PinPort {
            file: pin.file?,
            port: to,
        });
    }
    if ops.is_empty() {
        return None;
    }
    let json = ops
        .iter()
        .any(|op| matches!(op, FixOp::JsonSetString { .. }));
    let mut parts = Vec::new();
    if json {
        parts.push(format!("use port {to} in `convex.json`'s dev URIs"));
    }
    if let Some(f) = env_file {
        parts.push(format!("set `{name}` (`{f}`) to port {to}"));
    }
    if moves_server {
        parts.push(format!("pin the dev server to port {to}"));
    }
    let mut summary = parts.join(", ");
    if json {
        summary.push_str("; then run `npx convex dev` so WorkOS registers the URIs");
    }
    let configured = configured_port(cx, detected).unwrap_or(to);
    if !explicit && !moves_server && configured != to {
        summary.push_str(&format!(
            " (nothing in the app sets its port: `--port {configured}` keeps {configured} and pins the dev server to it instead)"
        ));
    }
    let mut fix = if explicit && !moves_server {
        Fix::safe(summary, ops)
    } else {
        Fix::unsafe_edits(summary, ops)
    };
    if json {
        fix = fix.command("npx convex dev");
    }
    Some(fix.with_port(PortChoice {
        detected,
        configured,
    }))
}

/// The port of the first local dev URI (redirect URIs first) that isn't on `detected`.
fn configured_port(cx: &Context, detected: u16) -> Option<u16> {
    let home = configure(cx, "dev")
        .and_then(|c| c.get("appHomepageUrl"))
        .and_then(Value::as_str);
    configure_strings(cx, "dev", "redirectUris")
        .into_iter()
        .chain(configure_strings(cx, "dev", "corsOrigins"))
        .map(|(_, u)| u)
        .chain(home)
        .filter(|u| local_off(u, detected))
        .find_map(|u| Url::parse(u)?.effective_port())
}

/// One folder of an App Router route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteSegment {
    Static(String),
    /// `[id]`: any one segment.
    Dynamic,
    /// `[...slug]`: one segment or more.
    CatchAll,
    /// `[[...slug]]`: any number of segments, none included.
    OptionalCatchAll,
}

/// The route a file under the App Router folder `app_dir` belongs to (`app/(auth)/callback/route.ts`
/// → `callback`): its folders, without route groups `(x)` and parallel slots `@x`; `None` for a
/// file outside `app_dir`, in a private folder (`_x`) or an intercepting route (`(.)x`).
pub fn route_segments(app_dir: &str, rel: &str) -> Option<Vec<RouteSegment>> {
    let rest = rel.strip_prefix(app_dir)?.strip_prefix('/')?;
    let (dirs, _file) = rest.rsplit_once('/').unwrap_or(("", rest));
    let mut out = Vec::new();
    for seg in dirs.split('/').filter(|s| !s.is_empty()) {
        if seg.starts_with('(') {
            if seg.ends_with(')') && !seg.starts_with("(.") {
                continue;
            }
            return None;
        }
        if seg.starts_with('@') {
            continue;
        }
        if seg.starts_with('_') {
            return None;
        }
        out.push(if seg.starts_with("[[...") && seg.ends_with("]]") {
            RouteSegment::OptionalCatchAll
        } else if seg.starts_with("[...") && seg.ends_with(']') {
            RouteSegment::CatchAll
        } else if seg.starts_with('[') && seg.ends_with(']') {
            RouteSegment::Dynamic
        } else {
            RouteSegment::Static(seg.to_string())
        });
    }
    Some(out)
}

/// A path the route serves: `/blog/x` for `blog/[slug]`.
pub fn sample_path(segments: &[RouteSegment]) -> String {
    let parts: Vec<&str> = segments
        .iter()
        .filter_map(|s| match s {
            RouteSegment::Static(s) => Some(s.as_str()),
            RouteSegment::Dynamic | RouteSegment::CatchAll => Some("x"),
            RouteSegment::OptionalCatchAll => None,
        })
        .collect();
    format!("/{}", parts.join("/"))
}

/// Whether the route serves `path` (`/auth/callback`).
pub fn route_serves(segments: &[RouteSegment], path: &str) -> bool {
    fn go(segs: &[RouteSegment], parts: &[&str]) -> bool {
        match segs.split_first() {
            None => parts.is_empty(),
            Some((RouteSegment::Static(s), rest)) => {
                parts.first().is_some_and(|p| p == s) && go(rest, &parts[1..])
            }
            Some((RouteSegment::Dynamic, rest)) => !parts.is_empty() && go(rest, &parts[1..]),
            Some((RouteSegment::CatchAll, rest)) => {
                (1..=parts.len()).any(|n| go(rest, &parts[n..]))
            }
            Some((RouteSegment::OptionalCatchAll, rest)) => {
                (0..=parts.len()).any(|n| go(rest, &parts[n..]))
            }
        }
    }
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    go(segments, &parts)
}

/// Whether the file is an App Router convention file `name` (`page`, `route`, `layout`) with one
/// of the extensions.
pub fn is_convention_file(rel: &str, name: &str, exts: &[&str]) -> bool {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    file.strip_prefix(name)
        .and_then(|r| r.strip_prefix('.'))
        .is_some_and(|ext| exts.contains(&ext))
}

/// TanStack Start's layout, when the app is a TanStack Start app that uses AuthKit's server SDK
/// (a dependency, or an import anywhere): the gate of the rules only TanStack Start has.
pub fn start_with_sdk(cx: &Context) -> Option<&crate::frameworks::StartLayout> {
    let layout = cx.start_layout()?;
    (cx.declares_dependency(layout.sdk_module)
        || cx
            .sources()
            .iter()
            .any(|f| f.text.contains(layout.sdk_module)))
    .then_some(layout)
}

/// `init`'s codemod for one piece of TanStack Start's wiring (through the recipe), as a safe
/// fix with `summary`; when the codemod changes nothing or can't place the code, the manual
/// `steps`, followed by what the codemod said.
pub fn start_piece_fix(
    cx: &Context,
    piece: crate::frameworks::StartPiece,
    summary: String,
    steps: String,
) -> Fix {
    let options = crate::frameworks::ClientOptions {
        auth_button: false,
        users_table: false,
        pin_port: false,
        port: cx.facts.as_ref().map_or(0, |f| f.port.port),
        callback_path: cx.callback_path().unwrap_or_else(|| "/callback".into()),
        functions_dir: cx.functions_dir.clone(),
        prettier: cx.prettier().map(|r| r.options.clone()),
    };
    match cx.recipe().plan_start_piece(&cx.files, &options, piece) {
        Ok((changes, _)) if !changes.is_empty() => Fix::safe(
            summary,
            changes
                .into_iter()
                .map(|c| FixOp::Planned {
                    file: c.rel,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
        ),
        Ok((_, notes)) => match notes.first() {
            Some(n) => Fix::manual(format!("{steps} ({})", n.message)),
            None => Fix::manual(steps),
        },
        Err(e) => Fix::manual(format!("{steps} ({})", e.message)),
    }
}
