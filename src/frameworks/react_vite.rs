//! React on Vite: the SPA flow, where `@workos-inc/authkit-react` handles `/callback` in the
//! browser and `@convex-dev/workos` hands its access token to the Convex client.
//!
//! Why the details matter: Vite moves off its port when it is busy (so the port must be read from
//! the config *and* the `dev` script, where `--port` wins), and the redirect URI must match the
//! registered one byte for byte, so the port and path are taken from the app, not assumed.

use super::recipe::{
    AppFacts, ClientOptions, ClientSdk, EnvAccess, EnvMode, EnvNames, Flow, OtherAuth, PortPin,
    Recipe, SourceFile, Wiring,
};
use super::users_hook;
use super::vite;
use crate::edit::js::{self, JsFacts};
use crate::edit::package_json::PackageJson;
use crate::edit::plan::{FileChange, Note};
use crate::edit::prettier::js as pj;
use crate::edit::style::Style;
use crate::edit::{self, Edit};
use crate::error::{ErrorKind, Location, UserError};
use crate::files::Files;

pub struct ReactVite;

pub const ENV: EnvNames = EnvNames {
    client_id: "VITE_WORKOS_CLIENT_ID",
    redirect_uri: "VITE_WORKOS_REDIRECT_URI",
    public_prefix: vite::PUBLIC_PREFIX,
    api_hostname: Some(API_HOSTNAME_ENV),
};

/// Optional env vars the generated wiring reads, for a custom auth domain or a local emulator.
pub const API_HOSTNAME_ENV: &str = "VITE_WORKOS_API_HOSTNAME";
pub const API_PORT_ENV: &str = "VITE_WORKOS_API_PORT";
pub const API_HTTPS_ENV: &str = "VITE_WORKOS_API_HTTPS";

const AUTHKIT_REACT: &str = "@workos-inc/authkit-react";
const CONVEX_WORKOS: &str = "@convex-dev/workos";

/// JSX components of other auth providers, and the product they belong to.
const OTHER_AUTH_COMPONENTS: &[(&str, &str)] = &[
    ("ClerkProvider", "Clerk"),
    ("ConvexProviderWithClerk", "Clerk"),
    ("ConvexAuthProvider", "Convex Auth"),
    ("Auth0Provider", "Auth0"),
    ("ConvexProviderWithAuth0", "Auth0"),
    ("ConvexBetterAuthProvider", "Better Auth"),
];

impl Recipe for ReactVite {
    fn id(&self) -> &'static str {
        "react-vite"
    }
    fn name(&self) -> &'static str {
        "React (Vite)"
    }
    fn matches(&self, pkg: &PackageJson) -> bool {
        // A Next.js app may have `vite` too (Vitest), and TanStack Start runs on Vite: theirs.
        pkg.has_dep("vite")
            && pkg.has_dep("react")
            && !pkg.has_dep("next")
            && !super::tanstack_start::is_start(pkg)
    }
    fn default_port(&self) -> u16 {
        5173
    }
    fn flow(&self) -> Flow {
        Flow::Browser
    }
    fn env_names(&self) -> EnvNames {
        ENV
    }
    fn env_files(&self, mode: EnvMode) -> &'static [&'static str] {
        vite::env_files(mode)
    }
    fn source_dirs(&self) -> &'static [&'static str] {
        &["src"]
    }
    fn config_files(&self) -> &'static [&'static str] {
        vite::CONFIGS
    }
    fn public_env_prefixes(&self, config: Option<&str>) -> Option<Vec<String>> {
        vite::env_prefixes(config)
    }
    fn packages(&self) -> &'static [(&'static str, &'static str)] {
        &[(AUTHKIT_REACT, "^0.16.2"), (CONVEX_WORKOS, "^0.0.3")]
    }
    fn wiring_snippet(&self, style: &Style, client: &str) -> String {
        wiring_snippet(style, client)
    }
    fn pin_port_action(&self, port: u16) -> String {
        vite::pin_port_action(port)
    }
    /// `package.json` is pinned in the dev script that passes `--port` (it wins over the config);
    /// anything else is the Vite config.
    fn pin_port(
        &self,
        config: &SourceFile,
        port: u16,
        prettier: Option<&crate::edit::prettier::Options>,
    ) -> Result<String, UserError> {
        vite::pin_port(config, port, prettier)
    }
    fn port_pin(
        &self,
        pkg: Option<&PackageJson>,
        config: Option<(&str, &str)>,
        port: u16,
    ) -> PortPin {
        vite::port_pin(pkg, config, port)
    }
    fn client_sdk(&self) -> ClientSdk {
        ClientSdk {
            dev_server: "Vite",
            preview_server: "vite preview",
            authkit_module: AUTHKIT_REACT,
            env_access: EnvAccess::ImportMeta,
            authkit_provider: "<AuthKitProvider clientId={…} redirectUri={…}>",
            convex_provider: "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>",
            convex_provider_module: CONVEX_WORKOS,
            use_auth_adapter: None,
        }
    }

    /// `AuthButton` beside the provider file.
    fn auth_button_file(&self, _files: &Files, facts: &AppFacts) -> Option<String> {
        let provider = facts.provider_file.as_ref()?;
        let dir = provider.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let ext = if facts.typescript { "tsx" } else { "jsx" };
        Some(crate::files::normalize_rel(&format!(
            "{dir}/AuthButton.{ext}"
        )))
    }

    /// `envDir` (relative to `root`), else `root`: where Vite loads `.env*` from.
    fn env_dir(&self, files: &Files) -> Result<String, UserError> {
        vite::env_dir(files)
    }
    /// Where to render the button and how that file imports it: `App` (the component the
    /// provider file imports and renders inside the providers), else the provider file itself.
    fn auth_button_step(&self, files: &Files, facts: &AppFacts, button: &str) -> String {
        let provider = facts.provider_file.as_ref();
        let app = provider.and_then(|f| {
            let parsed = JsFacts::parse(&f.rel, &f.text).ok()?;
            let import = parsed.imports.iter().find(|i| {
                i.source.starts_with('.')
                    && i.specifiers
                        .as_ref()
                        .is_some_and(|s| s.iter().any(|s| s.local == "App"))
            })?;
            let base = js::join_relative(&f.rel, &import.source)?;
            files.module(&base).ok().flatten().map(|m| m.rel)
        });
        let module = button.rsplit_once('.').map_or(button, |(stem, _)| stem);
        let (host, place) = match app {
            Some(app) => (app.clone(), format!("at the top of `App` in `{app}`")),
            None => {
                let host = provider.map_or(facts.entry.clone(), |f| f.rel.clone());
                (host.clone(), format!("in `{host}`"))
            }
        };
        format!(
            "Render `<AuthButton />` (`import {{ AuthButton }} from \"{}\"`) somewhere inside the providers, e.g. {place}",
            js::relative_import(&host, module)
        )
    }

    fn detect(&self, files: &Files, pkg: &PackageJson) -> Result<AppFacts, UserError> {
        let entry = find_entry(files, &vite::vite_root(files)?)?;
        let entry_file = files.require(&entry)?;
        let provider_file = find_provider_file(files, entry_file)?;
        let facts = JsFacts::parse(&provider_file.rel, &provider_file.text)?;
        let wiring = wiring_of(&facts);
        let mut other_auth = Vec::new();
        for (component, product) in OTHER_AUTH_COMPONENTS {
            if let Some(el) = facts.elements_named(component).next() {
                let (line, _) = crate::error::line_col(&provider_file.text, el.span.start);
                other_auth.push(OtherAuth {
                    provider: (*product).into(),
                    evidence: format!("`<{component}>` in `{}:{line}`", provider_file.rel),
                    wired: true,
                });
            }
        }
        let convex_url_env = facts
            .new_calls
            .iter()
            .find(|c| c.callee == "ConvexReactClient")
            .and_then(|c| c.first_arg.as_deref())
            .and_then(js::import_meta_env_name);
        let vite_config = files.first_of(vite::CONFIGS)?;
        let port = vite::detect_port(pkg, vite_config.as_ref(), self.default_port())?;
        let typescript = entry.ends_with(".tsx") || entry.ends_with(".ts");
        Ok(AppFacts {
            entry,
            provider_file: Some(provider_file),
            convex_url_env,
            port,
            wiring,
            other_auth,
            typescript,
        })
    }

    fn plan_client(
        &self,
        files: &Files,
        facts: &AppFacts,
        options: &ClientOptions,
    ) -> Result<(Vec<FileChange>, Vec<Note>), UserError> {
        let mut changes = Vec::new();
        let mut notes = Vec::new();
        let provider = facts.provider_file.as_ref().ok_or_else(|| {
            UserError::new(ErrorKind::Project, "no provider file found")
                .hint("this is a bug in convex-authkit")
        })?;
        let style = Style::detect(&provider.text).with_prettier(options.prettier.as_ref());
        if facts.wiring != Wiring::AuthKit {
            let after = wire_providers(&provider.rel, &provider.text, &style)?;
            if let Some(o) = &options.prettier
                && let Some(line) = pushed_past_width(&provider.text, &after, o)
            {
                notes.push(
                    Note::warning(format!(
                        "line {line} of `{}` is longer than Prettier's `printWidth` ({}) now that init indented it one level, so `prettier --check` may flag it",
                        provider.rel, o.print_width
                    ))
                    .with_hint(format!("run `npx prettier --write {}`", provider.rel)),
                );
            }
            changes.push(FileChange {
                rel: provider.rel.clone(),
                before: Some(provider.text.clone()),
                after,
                summary: "wrap the app in `AuthKitProvider` and `ConvexProviderWithAuthKit`".into(),
            });
        }
        let src_dir = provider
            .rel
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        if options.auth_button {
            let rel = self.auth_button_file(files, facts).unwrap_or_default();
            let existing = files.read(&rel)?;
            match existing {
                None => changes.push(FileChange {
                    rel: rel.clone(),
                    before: None,
                    after: auth_button(&style, facts.typescript),
                    summary: "a sign-in/sign-out button that follows Convex's auth state".into(),
                }),
                Some(text) if text.contains("export function AuthButton") => notes.push(
                    Note::info(format!("kept `{rel}`: it already exports `AuthButton`")),
                ),
                Some(_) => notes.push(
                    Note::warning(format!("`{rel}` exists and is not ours; left it alone"))
                        .with_hint("pass `--no-auth-button` to skip the sign-in component"),
                ),
            }
        }
        if options.users_table {
            let rel = crate::files::normalize_rel(&format!(
                "{src_dir}/useStoreUser.{}",
                if facts.typescript { "ts" } else { "js" }
            ));
            if files.read(&rel)?.is_none() {
                let data_model = js::relative_import(
                    &rel,
                    &format!("{}/_generated/dataModel", options.functions_dir),
                );
                changes.push(FileChange {
                    rel,
                    before: None,
                    after: users_hook::use_store_user(
                        &style,
                        facts.typescript,
                        AUTHKIT_REACT,
                        &data_model,
                    ),
                    summary: "a hook that stores the signed-in user in Convex".into(),
                });
            }
        }
        let pin = options.pin_port && (!facts.port.pinned || options.port != facts.port.port);
        // The dev script's `--port` wins over the config in Vite: a pin there goes in the script.
        let script_pin = match files.source(crate::edit::package_json::FILE)? {
            Some(f) if pin => {
                let pkg = PackageJson::parse(&f.rel, f.text.clone())?;
                vite::pin_dev_script(&pkg, options.port)?.map(|(script, after)| (f, script, after))
            }
            _ => None,
        };
        if let Some((f, script, after)) = script_pin {
            changes.push(FileChange {
                rel: f.rel.clone(),
                before: Some(f.text),
                after,
                summary: format!(
                    "pin the dev server to port {} (`--port` and `--strictPort` in `scripts.{script}`)",
                    options.port
                ),
            });
        } else if pin {
            match files.first_of(vite::CONFIGS)? {
                Some(file) => {
                    let after = vite::pin_port(&file, options.port, options.prettier.as_ref())?;
                    changes.push(FileChange {
                        rel: file.rel.clone(),
                        before: Some(file.text),
                        after,
                        summary: format!(
                            "pin the dev server to port {} (`strictPort`)",
                            options.port
                        ),
                    });
                }
                None => notes.push(Note::warning(
                    "no `vite.config.*` found, so the port was not pinned",
                )),
            }
        }
        Ok((changes, notes))
    }
}

/// The first line of `after` (1-based) that is one of `before`'s lines, indented further and now
/// longer than `printWidth`: wrapping the tree in `AuthKitProvider` indents the user's lines.
fn pushed_past_width(
    before: &str,
    after: &str,
    o: &crate::edit::prettier::Options,
) -> Option<usize> {
    let width = |l: &str| -> usize {
        l.trim_end()
            .chars()
            .map(|c| if c == '\t' { o.tab_width } else { 1 })
            .sum()
    };
    let fitting: std::collections::HashSet<&str> = before
        .lines()
        .filter(|l| width(l) <= o.print_width)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    after
        .lines()
        .position(|l| width(l) > o.print_width && fitting.contains(l.trim()))
        .map(|i| i + 1)
}

/// The entry module: `index.html`'s `<script type="module" src=…>` in Vite's `root` (a query or
/// hash dropped; `/src/main.tsx` is from the root, `src/main.tsx` from the HTML's folder), else
/// `src/main.*` there. A candidate that is there but can't be read (a broken link, a folder)
/// stops the search with its cause; finding none names what was found.
fn find_entry(files: &Files, root: &str) -> Result<String, UserError> {
    let at = |rel: &str| crate::files::normalize_rel(&format!("{root}/{rel}"));
    let html_rel = at("index.html");
    let html = files.read(&html_rel)?;
    let mut missing = Vec::new();
    if let Some(html) = &html {
        for tag in html.split("<script").skip(1) {
            let head = tag.split('>').next().unwrap_or("");
            if !head.contains("module") {
                continue;
            }
            if let Some(src) = attr_value(head, "src") {
                let path = src.split(['?', '#']).next().unwrap_or(src);
                if path.contains("://") {
                    continue;
                }
                let rel = at(path.trim_start_matches('/'));
                if !rel.is_empty() && files.exists(&rel)? {
                    return Ok(rel);
                }
                missing.push(format!("`{src}` (no `{rel}`)"));
            }
        }
    }
    let candidates = [
        "src/main.tsx",
        "src/main.jsx",
        "src/main.ts",
        "src/main.js",
        "src/index.tsx",
        "src/index.jsx",
    ];
    for candidate in candidates {
        let rel = at(candidate);
        if files.exists(&rel)? {
            return Ok(rel);
        }
    }
    let found = match (&html, missing.is_empty()) {
        (None, _) => format!("there is no `{html_rel}`"),
        (Some(_), true) => format!("`{html_rel}` has no `<script type=\"module\" src=…>`"),
        (Some(_), false) => format!("`{html_rel}` loads {}", missing.join(", ")),
    };
    let root_note = if root.is_empty() {
        String::new()
    } else {
        format!(" (Vite's `root` is `{root}`)")
    };
    Err(UserError::new(
        ErrorKind::Project,
        format!(
            "can't find the app's entry module: {found}, and there is no `{}`{root_note}",
            at("src/main.tsx")
        ),
    )
    .hint(format!(
        "`{html_rel}` should load it with `<script type=\"module\" src=\"/src/main.tsx\">`"
    )))
}

fn attr_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pos = tag.find(&format!("{name}="))?;
    let rest = &tag[pos + name.len() + 1..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        rest[1..].split(quote).next()
    } else {
        rest.split(|c: char| c.is_whitespace() || c == '>').next()
    }
}

/// The entry, or the local component it renders that holds the Convex provider (two levels deep).
fn find_provider_file(files: &Files, entry: SourceFile) -> Result<SourceFile, UserError> {
    // A name in a comment or a string isn't a provider: the file must render it.
    let mentions = |f: &SourceFile| -> Result<bool, UserError> {
        const NAMES: [&str; 3] = ["ConvexProvider", "AuthKitProvider", "ClerkProvider"];
        Ok(NAMES.iter().any(|n| f.text.contains(n))
            && JsFacts::parse(&f.rel, &f.text)?.renders(&NAMES))
    };
    if mentions(&entry)? {
        return Ok(entry);
    }
    let mut frontier = vec![entry.clone()];
    for _depth in 0..2 {
        let mut next = Vec::new();
        for file in &frontier {
            let facts = JsFacts::parse(&file.rel, &file.text)?;
            for import in facts.imports.iter().filter(|i| i.source.starts_with('.')) {
                let module = match js::join_relative(&file.rel, &import.source) {
                    Some(base) => files.module(&base)?,
                    None => None,
                };
                if let Some(found) = module {
                    if mentions(&found)? {
                        return Ok(found);
                    }
                    next.push(found);
                }
            }
        }
        frontier = next;
    }
    Ok(entry)
}

fn wiring_of(facts: &JsFacts) -> Wiring {
    let authkit = facts
        .local_name(AUTHKIT_REACT, "AuthKitProvider")
        .is_some_and(|n| facts.elements_named(&n).next().is_some());
    // `ConvexProviderWithAuthKit` from the package, or Convex's template's local copy; or
    // `ConvexProviderWithAuth` fed by AuthKit's `useAuth`.
    let convex_with_auth = facts
        .jsx
        .iter()
        .any(|e| e.name == "ConvexProviderWithAuthKit" || e.name == "ConvexProviderWithAuth");
    if authkit && convex_with_auth {
        return Wiring::AuthKit;
    }
    let convex = facts
        .local_name("convex/react", "ConvexProvider")
        .is_some_and(|n| facts.elements_named(&n).next().is_some());
    if convex || convex_with_auth {
        Wiring::Convex
    } else {
        Wiring::None
    }
}

// ---------------------------------------------------------------------------------------------
// Provider wiring

/// The props `AuthKitProvider` gets; the API host settings stay unset unless the env sets them.
fn authkit_props(style: &Style) -> Vec<String> {
    let env = |n: &str| format!("import.meta.env.{n}");
    vec![
        format!("clientId={{{}}}", env(ENV.client_id)),
        format!("redirectUri={{{}}}", env(ENV.redirect_uri)),
        format!("apiHostname={{{} || undefined}}", env(API_HOSTNAME_ENV)),
        format!(
            "port={{{} ? Number({}) : undefined}}",
            env(API_PORT_ENV),
            env(API_PORT_ENV)
        ),
        format!(
            "https={{{} ? {} !== {} : undefined}}",
            env(API_HTTPS_ENV),
            env(API_HTTPS_ENV),
            style.string("false")
        ),
    ]
}

/// [`authkit_props`] as JSX attributes, for apps that use Prettier.
fn authkit_props_ast() -> Vec<(String, Option<pj::Expr>)> {
    use pj::{binary, call, cond, id, member, str};
    let env = |n: &str| member(&format!("import.meta.env.{n}"));
    vec![
        ("clientId".into(), Some(env(ENV.client_id))),
        ("redirectUri".into(), Some(env(ENV.redirect_uri))),
        (
            "apiHostname".into(),
            Some(binary(env(API_HOSTNAME_ENV), "||", id("undefined"))),
        ),
        (
            "port".into(),
            Some(cond(
                env(API_PORT_ENV),
                call(id("Number"), vec![env(API_PORT_ENV)]),
                id("undefined"),
            )),
        ),
        (
            "https".into(),
            Some(cond(
                env(API_HTTPS_ENV),
                binary(env(API_HTTPS_ENV), "!==", str("false")),
                id("undefined"),
            )),
        ),
    ]
}

/// The edit that replaces a one-line `<ConvexProvider …>child</ConvexProvider>` by the AuthKit
/// wiring printed as Prettier would (in parentheses after `return ` or `=> `), for apps that use
/// Prettier; `None` when the element spans lines or its child or context is not simple.
fn reprint_inline_element(
    src: &str,
    el: &js::JsxElem,
    closing: &std::ops::Range<usize>,
    has_authkit: bool,
    style: &Style,
) -> Option<Edit> {
    style.prettier.as_ref()?;
    let text = src.get(el.span.clone())?;
    if text.contains('\n') {
        return None;
    }
    let mut attrs = reprintable_attrs(src, el)?;
    attrs.push(("useAuth".into(), Some(pj::id("useAuth"))));
    // The child: one `{…}` or one self-closing element, as written.
    let child = src
        .get(el.opening.end..closing.start.checked_sub(2)?)?
        .trim();
    let simple_child = (child.starts_with('{') && child.ends_with('}'))
        || (child.starts_with('<') && child.ends_with("/>") && child.matches('<').count() == 1);
    if !simple_child || child.contains("//") || child.contains("/*") {
        return None;
    }
    let line_start = js::line_start(src, el.span.start);
    let before = &src[line_start..el.span.start];
    let ind = js::line_indent(src, el.span.start).to_string();
    let u = style.indent.as_str();
    let eol = style.eol;
    let parens = if before.trim().is_empty() {
        false
    } else if before.ends_with("return ") || before.ends_with("=> ") {
        true
    } else {
        return None;
    };
    let at = if parens {
        format!("{ind}{u}")
    } else {
        ind.clone()
    };
    let printed = style.print(&at, |p| {
        let child = crate::edit::prettier::doc::text(child);
        let convex = p.jsx_element("ConvexProviderWithAuthKit", &attrs, child);
        if has_authkit {
            convex
        } else {
            p.jsx_element("AuthKitProvider", &authkit_props_ast(), convex)
        }
    })?;
    let replacement = if parens {
        format!("({eol}{at}{printed}{eol}{ind})")
    } else {
        printed
    };
    Some(Edit::replace(el.span.clone(), replacement))
}

/// The element's attributes as `(name, value)` for printing its tag anew, when each is a
/// one-line `name={…}` or a bare name; `None` otherwise (spreads, strings, multi-line values).
fn reprintable_attrs(src: &str, el: &js::JsxElem) -> Option<Vec<(String, Option<pj::Expr>)>> {
    el.attrs
        .iter()
        .map(|a| {
            let text = &src[a.span.clone()];
            let name = a.name.clone()?;
            if text.contains('\n') || text.contains("/*") || text.contains("//") {
                return None;
            }
            match &a.value {
                None => Some((name, None)),
                Some(v) if text.ends_with('}') => Some((name, Some(pj::id(v)))),
                Some(_) => None,
            }
        })
        .collect()
}

/// The exact code to paste when the codemod can't edit the file itself.
pub fn wiring_snippet(style: &Style, client: &str) -> String {
    let q = |s: &str| style.string(s);
    let semi = style.semi();
    let u = &style.indent;
    let props: String = authkit_props(style)
        .iter()
        .map(|p| format!("\n{u}{p}"))
        .collect();
    format!(
        "import {{ AuthKitProvider, useAuth }} from {}{semi}\nimport {{ ConvexProviderWithAuthKit }} from {}{semi}\n\n<AuthKitProvider{props}\n>\n{u}<ConvexProviderWithAuthKit client={{{client}}} useAuth={{useAuth}}>\n{u}{u}<App />\n{u}</ConvexProviderWithAuthKit>\n</AuthKitProvider>\n",
        q(AUTHKIT_REACT),
        q(CONVEX_WORKOS)
    )
}

/// Rewrites `<ConvexProvider client={c}>…</ConvexProvider>` into AuthKit + Convex providers.
pub fn wire_providers(rel: &str, src: &str, style: &Style) -> Result<String, UserError> {
    let facts = JsFacts::parse(rel, src)?;
    let unsupported = |msg: String, offset: usize, client: &str| {
        UserError::new(ErrorKind::UnsupportedCode, msg)
            .at(Location::at(rel, src, offset))
            .snippet(wiring_snippet(style, client))
            .hint(format!("wire the providers in `{rel}` by hand with the snippet below, then run again; nothing was written"))
    };
    let Some(local) = facts.local_name("convex/react", "ConvexProvider") else {
        return Err(unsupported(
            format!(
                "`{rel}` doesn't import `ConvexProvider` from `convex/react`, so there is nothing to wrap"
            ),
            0,
            "convex",
        ));
    };
    let elements: Vec<_> = facts.elements_named(&local).collect();
    let el = match elements.as_slice() {
        [one] => *one,
        [] => {
            return Err(unsupported(
                format!("`{rel}` imports `ConvexProvider` but never renders `<{local}>`"),
                0,
                "convex",
            ));
        }
        [_, second, ..] => {
            return Err(unsupported(
                format!("`{rel}` renders `<{local}>` more than once; init wraps exactly one"),
                second.span.start,
                "convex",
            ));
        }
    };
    let Some(client) = el
        .attrs
        .iter()
        .find(|a| a.name.as_deref() == Some("client"))
        .and_then(|a| a.value.clone())
    else {
        return Err(unsupported(
            format!("`<{local}>` in `{rel}` has no `client={{…}}` prop"),
            el.span.start,
            "convex",
        ));
    };
    let Some(closing) = el.closing_name.clone() else {
        return Err(unsupported(
            format!("`<{local} />` in `{rel}` has no children to wrap"),
            el.span.start,
            &client,
        ));
    };
    // Any use other than the element itself (passed as a value, re-exported) is beyond us.
    if let Some((_, span)) = facts
        .references
        .iter()
        .find(|(n, s)| n == &local && *s != el.opening_name && *s != closing)
    {
        return Err(unsupported(
            format!("`{local}` is used in `{rel}` other than as `<{local}>`"),
            span.start,
            &client,
        ));
    }
    // Convex's template imports its own `ConvexProviderWithAuthKit` (same props as the
    // package's) from a local file: that one is used as it is.
    let local_adapter = facts.imports.iter().any(|i| {
        i.source.starts_with('.')
            && !i.type_only
            && i.specifiers.iter().flatten().any(|s| {
                s.imported == "ConvexProviderWithAuthKit" && s.local == "ConvexProviderWithAuthKit"
            })
    });
    for name in ["AuthKitProvider", "useAuth", "ConvexProviderWithAuthKit"] {
        let source = if name == "ConvexProviderWithAuthKit" {
            CONVEX_WORKOS
        } else {
            AUTHKIT_REACT
        };
        if name == "ConvexProviderWithAuthKit" && local_adapter {
            continue;
        }
        if facts.top_level_names.iter().any(|n| n == name)
            && facts.local_name(source, name).as_deref() != Some(name)
        {
            return Err(unsupported(
                format!("`{rel}` already defines `{name}`, which the AuthKit wiring needs"),
                0,
                &client,
            ));
        }
    }

    let eol = style.eol;
    let u = style.indent.as_str();
    let mut edits = Vec::new();

    // Imports.
    let mut new_imports = Vec::new();
    let mut add_names = |source: &str, names: &[&str], edits: &mut Vec<Edit>| {
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| facts.local_name(source, n).as_deref() != Some(*n))
            .collect();
        if missing.is_empty() {
            return;
        }
        match facts
            .import_of(source)
            .filter(|i| !i.type_only && i.braces.is_some())
        {
            Some(import) if style.prettier.is_some() && import.is_plain_named(src) => {
                // Prettier may need to break (or join) the import: print it whole.
                let mut names: Vec<String> = import.named_texts(src, None);
                names.extend(missing.iter().map(|n| n.to_string()));
                edits.push(Edit::replace(
                    import.span.clone(),
                    style
                        .print_import(&names, &import.source, import.type_only)
                        .unwrap_or_default(),
                ));
            }
            Some(import) => {
                let specs = import.specifiers.as_deref().unwrap_or(&[]);
                let named_end = specs
                    .iter()
                    .filter(|s| s.imported != "default" && s.imported != "*")
                    .map(|s| s.span.end)
                    .max();
                let at = named_end.unwrap_or_else(|| {
                    import
                        .braces
                        .as_ref()
                        .map_or(import.span.end, |b| b.start + 1)
                });
                let sep = if named_end.is_some() { ", " } else { " " };
                edits.push(Edit::insert(at, format!("{sep}{}", missing.join(", "))));
            }
            None if style.prettier.is_some() => {
                let names: Vec<String> = missing.iter().map(|n| n.to_string()).collect();
                new_imports.push(
                    style
                        .print_import(&names, source, false)
                        .unwrap_or_default(),
                );
            }
            None => new_imports.push(format!(
                "import {{ {} }} from {}{}",
                missing.join(", "),
                style.string(source),
                style.semi()
            )),
        }
    };
    // An `AuthKitProvider` already around the tree is kept, with its props; only Convex changes.
    let has_authkit = facts
        .local_name(AUTHKIT_REACT, "AuthKitProvider")
        .is_some_and(|n| facts.elements_named(&n).next().is_some());
    if has_authkit {
        add_names(AUTHKIT_REACT, &["useAuth"], &mut edits);
    } else {
        add_names(AUTHKIT_REACT, &["AuthKitProvider", "useAuth"], &mut edits);
    }
    if !local_adapter {
        add_names(CONVEX_WORKOS, &["ConvexProviderWithAuthKit"], &mut edits);
    }

    let convex_import = facts
        .imports
        .iter()
        .find(|i| {
            i.source == "convex/react" && i.specifiers.iter().flatten().any(|s| s.local == local)
        })
        .ok_or_else(|| unsupported("`ConvexProvider` import not found".into(), 0, &client))?;
    let specs = convex_import.specifiers.as_deref().unwrap_or(&[]);
    let index = specs.iter().position(|s| s.local == local).unwrap_or(0);
    let new_imports_text = new_imports.join(eol);
    if specs.len() == 1 {
        // The import only brought in ConvexProvider: replace it with the new imports.
        edits.push(Edit::replace(convex_import.span.clone(), new_imports_text));
    } else {
        if style.prettier.is_some()
            && src[convex_import.span.clone()].contains('\n')
            && convex_import.is_plain_named(src)
        {
            // A broken import may fit on one line without `ConvexProvider`: print it whole.
            let names = convex_import.named_texts(src, Some(&local));
            edits.push(Edit::replace(
                convex_import.span.clone(),
                style
                    .print_import(&names, &convex_import.source, convex_import.type_only)
                    .unwrap_or_default(),
            ));
        } else {
            let range = if index + 1 < specs.len() {
                specs[index].span.start..specs[index + 1].span.start
            } else {
                specs[index - 1].span.end..specs[index].span.end
            };
            edits.push(Edit::delete(range));
        }
        if !new_imports_text.is_empty() {
            // With the other package imports, before relative and side-effect (CSS) imports.
            let after_packages = facts
                .imports
                .iter()
                .filter(|i| i.specifiers.is_some() && !i.source.starts_with(['.', '/']))
                .map(|i| i.span.end)
                .max()
                .unwrap_or(facts.last_import_end);
            edits.push(Edit::insert(
                after_packages,
                format!("{eol}{new_imports_text}"),
            ));
        }
    }

    // In an app that uses Prettier, a one-line `<ConvexProvider …>{children}</ConvexProvider>`
    // is printed anew as a whole: with `useAuth` it has two attributes, so Prettier breaks it.
    if let Some(whole) = reprint_inline_element(src, el, &closing, has_authkit, style) {
        edits.push(whole);
    } else {
        // Rename the element and pass AuthKit's `useAuth`.
        let ind = js::line_indent(src, el.span.start).to_string();
        let opening_attrs = reprintable_attrs(src, el);
        let mut reprinted_opening = None;
        match (&style.prettier, opening_attrs) {
            (Some(_), Some(mut attrs)) => {
                // Prettier breaks the attributes when the tag doesn't fit: print the tag whole.
                attrs.push(("useAuth".into(), Some(pj::id("useAuth"))));
                let at = if has_authkit {
                    ind.clone()
                } else {
                    format!("{ind}{u}")
                };
                let tag = style
                    .print(&at, |p| {
                        p.jsx_opening("ConvexProviderWithAuthKit", &attrs, false)
                    })
                    .unwrap_or_default();
                edits.push(Edit::replace(el.opening.clone(), tag));
                reprinted_opening = Some(el.opening.clone());
            }
            _ => {
                edits.push(Edit::replace(
                    el.opening_name.clone(),
                    "ConvexProviderWithAuthKit",
                ));
                let last_attr_end = el
                    .attrs
                    .iter()
                    .map(|a| a.span.end)
                    .max()
                    .unwrap_or(el.opening_name.end);
                edits.push(Edit::insert(last_attr_end, " useAuth={useAuth}"));
            }
        }
        edits.push(Edit::replace(closing.clone(), "ConvexProviderWithAuthKit"));

        if !has_authkit {
            // Wrap in AuthKitProvider, indenting the wrapped lines one level.
            let opening = match style.print(&ind, |p| {
                p.jsx_opening("AuthKitProvider", &authkit_props_ast(), false)
            }) {
                Some(tag) => tag,
                None => {
                    let props: String = authkit_props(style)
                        .iter()
                        .map(|p| format!("{eol}{ind}{u}{p}"))
                        .collect();
                    format!("<AuthKitProvider{props}{eol}{ind}>")
                }
            };
            edits.push(Edit::insert(
                el.span.start,
                format!("{opening}{eol}{ind}{u}"),
            ));
            let mut pos = el.span.start;
            while let Some(nl) = src[pos..el.span.end].find('\n') {
                let line = pos + nl + 1;
                pos = line;
                if line >= el.span.end {
                    break;
                }
                let in_template = facts
                    .templates
                    .iter()
                    .any(|t| t.start < line && line < t.end);
                let blank = src[line..].starts_with(['\n', '\r']);
                let reprinted = reprinted_opening
                    .as_ref()
                    .is_some_and(|r: &std::ops::Range<usize>| r.start < line && line < r.end);
                if !in_template && !blank && !reprinted {
                    edits.push(Edit::insert(line, u));
                }
            }
            edits.push(Edit::insert(
                el.span.end,
                format!("{eol}{ind}</AuthKitProvider>"),
            ));
        }
    }
    let out = edit::apply(src, &edits)
        .map_err(|e| unsupported(format!("can't edit `{rel}`: {e}"), 0, &client))?;
    js::check_parses(rel, &out).map_err(|e| {
        unsupported(
            format!(
                "the edited `{rel}` would not parse ({}), so it was not written",
                e.message
            ),
            el.span.start,
            &client,
        )
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Generated files

fn auth_button(style: &Style, typescript: bool) -> String {
    if let Some(out) = style.print_module(&auth_button_ast()) {
        return out;
    }
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    let _ = typescript; // the component needs no type annotations
    let lines = [
        format!("import {{ useConvexAuth }} from {}{s}", q("convex/react")),
        format!("import {{ useAuth }} from {}{s}", q(AUTHKIT_REACT)),
        String::new(),
        "/**".into(),
        " * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only".into(),
        " * AuthKit's, so \"signed in\" means Convex accepted the WorkOS token. Render it anywhere inside".into(),
        " * the providers, e.g. in `App`.".into(),
        " */".into(),
        "export function AuthButton() {".into(),
        format!("{u}const {{ isLoading, isAuthenticated }} = useConvexAuth(){s}"),
        format!("{u}const {{ user, signIn, signOut }} = useAuth(){s}"),
        format!("{u}if (isLoading) {{"),
        format!("{u}{u}return <button disabled>Signing in…</button>{s}"),
        format!("{u}}}"),
        format!("{u}if (isAuthenticated) {{"),
        format!("{u}{u}return <button onClick={{() => signOut()}}>Sign out {{user?.email}}</button>{s}"),
        format!("{u}}}"),
        format!("{u}if (user) {{"),
        format!("{u}{u}// AuthKit has a user but Convex rejected the token: see `convex-authkit doctor`."),
        format!("{u}{u}return <button onClick={{() => signOut()}}>Convex rejected the sign-in; sign out</button>{s}"),
        format!("{u}}}"),
        format!("{u}return <button onClick={{() => void signIn()}}>Sign in</button>{s}"),
        "}".into(),
    ];
    let mut out = lines.join(style.eol);
    out.push_str(style.eol);
    out
}

/// [`auth_button`] as a syntax tree, for apps that use Prettier.
fn auth_button_ast() -> Vec<pj::Stmt> {
    use pj::{JsxChild, Pattern, Stmt, arrow, call, decl, expr_body, id, if_block, import, member};
    let button = |on_click: Option<pj::Expr>, children: Vec<JsxChild>| {
        let attrs = match on_click {
            Some(e) => vec![("onClick".to_string(), Some(arrow(&[], expr_body(e))))],
            None => vec![("disabled".to_string(), None)],
        };
        Some(pj::Expr::Jsx(pj::Jsx {
            name: "button".into(),
            attrs,
            children,
        }))
    };
    let text = |t: &str| JsxChild::Text(t.into());
    let names = |n: &[&str]| Pattern::Object(n.iter().map(|s| s.to_string()).collect());
    vec![
        import(&["useConvexAuth"], "convex/react"),
        import(&["useAuth"], AUTHKIT_REACT),
        Stmt::Blank,
        Stmt::DocComment(vec![
            "Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only".into(),
            "AuthKit's, so \"signed in\" means Convex accepted the WorkOS token. Render it anywhere inside".into(),
            "the providers, e.g. in `App`.".into(),
        ]),
        Stmt::Function {
            export: true,
            name: "AuthButton".into(),
            body: vec![
                decl("const", names(&["isLoading", "isAuthenticated"]), call(id("useConvexAuth"), vec![])),
                decl("const", names(&["user", "signIn", "signOut"]), call(id("useAuth"), vec![])),
                if_block(id("isLoading"), vec![Stmt::Return(button(None, vec![text("Signing in…")]))]),
                if_block(
                    id("isAuthenticated"),
                    vec![Stmt::Return(button(
                        Some(call(id("signOut"), vec![])),
                        vec![text("Sign out "), JsxChild::Expr(member("user?.email"))],
                    ))],
                ),
                if_block(
                    id("user"),
                    vec![
                        Stmt::Comment("AuthKit has a user but Convex rejected the token: see `convex-authkit doctor`.".into()),
                        Stmt::Return(button(
                            Some(call(id("signOut"), vec![])),
                            vec![text("Convex rejected the sign-in; sign out")],
                        )),
                    ],
                ),
                Stmt::Return(button(
                    Some(pj::unary("void ", call(id("signIn"), vec![]))),
                    vec![text("Sign in")],
                )),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = r#"import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConvexProvider, ConvexReactClient } from "convex/react";
import "./index.css";
import App from "./App";

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConvexProvider client={convex}>
      <App />
    </ConvexProvider>
  </StrictMode>,
);
"#;

    #[test]
    fn wires_the_template_entry() {
        let out = wire_providers("src/main.tsx", MAIN, &Style::detect(MAIN)).unwrap();
        insta::assert_snapshot!(out, @r#"
        import { StrictMode } from "react";
        import { createRoot } from "react-dom/client";
        import { ConvexReactClient } from "convex/react";
        import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
        import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
        import "./index.css";
        import App from "./App";

        const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);

        createRoot(document.getElementById("root")!).render(
          <StrictMode>
            <AuthKitProvider
              clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
              redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
              apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
              port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
              https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== "false" : undefined}
            >
              <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
                <App />
              </ConvexProviderWithAuthKit>
            </AuthKitProvider>
          </StrictMode>,
        );
        "#);
        // A second pass sees AuthKit wiring and leaves the file alone.
        let facts = JsFacts::parse("src/main.tsx", &out).unwrap();
        assert_eq!(wiring_of(&facts), Wiring::AuthKit);
    }

    /// Convex's template with its local `ConvexProviderWithAuthKit` still imported, but a plain
    /// `ConvexProvider` rendered: the local adapter is used again, no package import is added.
    #[test]
    fn reuses_the_templates_local_adapter() {
        let src = "import { AuthKitProvider, useAuth } from '@workos-inc/authkit-react';\nimport { ConvexProvider, ConvexReactClient } from 'convex/react';\nimport { ConvexProviderWithAuthKit } from './ConvexProviderWithAuthKit';\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);\n\nexport const root = (\n  <AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}>\n    <ConvexProvider client={convex}>\n      <App />\n    </ConvexProvider>\n  </AuthKitProvider>\n);\n";
        let out = wire_providers("src/main.tsx", src, &Style::detect(src)).unwrap();
        assert_eq!(
            out,
            src.replace("ConvexProvider, ConvexReactClient", "ConvexReactClient")
                .replace(
                    "<ConvexProvider client={convex}>",
                    "<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>"
                )
                .replace("</ConvexProvider>", "</ConvexProviderWithAuthKit>")
        );
    }

    #[test]
    fn keeps_single_quotes_and_no_semicolons() {
        let src = "import { ConvexProvider } from 'convex/react'\nimport { convex } from './convex'\n\nexport function Providers({ children }: { children: React.ReactNode }) {\n    return (\n        <ConvexProvider client={convex}>\n            {children}\n        </ConvexProvider>\n    )\n}\n";
        let out = wire_providers("src/Providers.tsx", src, &Style::detect(src)).unwrap();
        insta::assert_snapshot!(out, @"
        import { AuthKitProvider, useAuth } from '@workos-inc/authkit-react'
        import { ConvexProviderWithAuthKit } from '@convex-dev/workos'
        import { convex } from './convex'

        export function Providers({ children }: { children: React.ReactNode }) {
            return (
                <AuthKitProvider
                    clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
                    redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
                    apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
                    port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
                    https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== 'false' : undefined}
                >
                    <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
                        {children}
                    </ConvexProviderWithAuthKit>
                </AuthKitProvider>
            )
        }
        ");
    }

    #[test]
    fn refuses_two_providers_with_snippet() {
        let src = "import { ConvexProvider } from \"convex/react\";\nconst a = <ConvexProvider client={c}><A /></ConvexProvider>;\nconst b = <ConvexProvider client={c}><B /></ConvexProvider>;\n";
        let err = wire_providers("src/main.tsx", src, &Style::detect(src)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedCode);
        assert_eq!(err.location.as_ref().unwrap().line, 3);
        assert!(err.snippet.as_deref().unwrap().contains("<AuthKitProvider"));
    }
}
