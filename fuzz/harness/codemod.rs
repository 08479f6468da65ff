//! The TS/TSX codemods, through the recipes as init and doctor's `AK501` fix run them:
//! `Recipe::detect`, then `Recipe::plan_wiring`, on a small app in a temporary folder whose one
//! fuzzed file is the React (Vite) entry, a Next.js `'use client'` provider, or a Next.js root
//! layout with no provider yet.
//!
//! The second application is the recipe's: with the plan written, `detect` must see the app
//! wired (`Wiring::AuthKit`) and `plan_wiring` must plan nothing more.

use std::ops::Range;
use std::path::Path;

use convex_authkit::edit::js::{self, JsFacts};
use convex_authkit::edit::package_json::PackageJson;
use convex_authkit::error::UserError;
use convex_authkit::files::Files;
use convex_authkit::frameworks::nextjs::NextJs;
use convex_authkit::frameworks::react_vite::ReactVite;
use convex_authkit::frameworks::tanstack_start::TanStackStart;
use convex_authkit::frameworks::{ClientOptions, Recipe, Wiring};

use super::{Gen, assert_located, is_raw, prettier_options};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `src/main.tsx` (or `.jsx`) of a React (Vite) app.
    ReactEntry,
    /// `components/ConvexClientProvider.tsx` of a Next.js app.
    NextProvider,
    /// `app/layout.tsx` of a Next.js app without a provider component.
    NextLayout,
    /// `src/router.tsx` of a TanStack Start app (Convex's template around it).
    TanStackRouter,
}

/// Convex's TanStack Start template, around the fuzzed router.
const TANSTACK: &[(&str, &str)] = &[
    (
        "package.json",
        include_str!("../../tests/fixtures/tanstack-start/package.json"),
    ),
    (
        "tsconfig.json",
        include_str!("../../tests/fixtures/tanstack-start/tsconfig.json"),
    ),
    (
        "vite.config.ts",
        include_str!("../../tests/fixtures/tanstack-start/vite.config.ts"),
    ),
    (
        "src/routeTree.gen.ts",
        include_str!("../../tests/fixtures/tanstack-start/src/routeTree.gen.ts"),
    ),
    (
        "src/routes/__root.tsx",
        include_str!("../../tests/fixtures/tanstack-start/src/routes/__root.tsx"),
    ),
    (
        "src/routes/index.tsx",
        include_str!("../../tests/fixtures/tanstack-start/src/routes/index.tsx"),
    ),
    (
        "src/routes/anotherPage.tsx",
        include_str!("../../tests/fixtures/tanstack-start/src/routes/anotherPage.tsx"),
    ),
];
const TANSTACK_ROUTER: &str = include_str!("../../tests/fixtures/tanstack-start/src/router.tsx");

/// The template's router with some of its parts changed: imports, the provider's shape, the
/// route context, filler around them, the style.
fn tanstack_router(g: &mut Gen<'_>) -> String {
    let mut t = TANSTACK_ROUTER.to_string();
    let variants: &[(&str, &[&str])] = &[
        (
            "import { ConvexProvider } from 'convex/react'",
            &[
                "import { ConvexProvider as CP } from 'convex/react'",
                "import { ConvexProvider, useQuery } from 'convex/react'",
                "import {\n  ConvexProvider,\n} from 'convex/react'",
            ],
        ),
        (
            "      context: { queryClient },",
            &[
                "      context: { queryClient, extra: 1 },",
                "",
                "      context: {},",
            ],
        ),
        (
            "      Wrap: ({ children }) => (\n        <ConvexProvider client={convexQueryClient.convexClient}>\n          {children}\n        </ConvexProvider>\n      ),",
            &[
                "      Wrap: ({ children }) => <ConvexProvider client={convexQueryClient.convexClient}>{children}</ConvexProvider>,",
                "      Wrap: function Wrap({ children }) {\n        return (\n          <ConvexProvider client={convexQueryClient.convexClient}>{children}</ConvexProvider>\n        )\n      },",
                "      Wrap: ({ children }) => (\n        <ConvexProvider client={convexQueryClient.convexClient}>\n          {/* the app */}\n          {children}\n        </ConvexProvider>\n      ),",
                "      InnerWrap: ({ children }) => <div>{children}</div>,\n      Wrap: ({ children }) => (\n        <ConvexProvider client={convexQueryClient.convexClient}>\n          {children}\n        </ConvexProvider>\n      ),",
            ],
        ),
        (
            "export function getRouter() {",
            &[
                "// The router.\nexport function getRouter() {",
                "const greeting = `a ${1}\nb`\n\nexport function getRouter() {",
            ],
        ),
        (
            "  return router\n}",
            &[
                "  return router\n}\n\nexport const extra = '<ConvexProvider>'",
                "  return router\n}\n\ndeclare module '@tanstack/react-router' {\n  interface Register {\n    router: ReturnType<typeof getRouter>\n  }\n}",
            ],
        ),
    ];
    for (from, tos) in variants {
        if g.chance(1, 3) {
            let to = g.pick(tos).replace("\\n", "\n");
            t = t.replace(from, &to);
        }
    }
    if t.contains(" as CP ") {
        t = t
            .replace("<ConvexProvider ", "<CP ")
            .replace("</ConvexProvider>", "</CP>");
    }
    if g.chance(1, 4) {
        t = t.replace('\'', "\"");
    }
    if g.chance(1, 8) {
        t = t.replace('\n', "\r\n");
    }
    t
}

/// The source being built, with placeholders for the style: `'` stands for the quote, `;` for
/// the statement end (`;` or nothing) and `\t` for one indentation unit.
struct Src {
    text: String,
}

impl Src {
    fn new() -> Src {
        Src {
            text: String::new(),
        }
    }
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }
    /// The text in a style: quotes, semicolons, indentation, line endings.
    fn finish(self, g: &mut Gen<'_>) -> String {
        let quote = *g.pick(&["\"", "'"]);
        let semi = *g.pick(&[";", ";", ""]);
        let indent = *g.pick(&["  ", "    ", "\t"]);
        let crlf = g.chance(1, 8);
        let mut out = self
            .text
            .replace('\'', quote)
            .replace(';', semi)
            .replace('\t', indent);
        if crlf {
            out = out.replace('\n', "\r\n");
        }
        out
    }
}

/// Statements that have nothing to do with the wiring; the codemod must leave them alone.
fn filler(g: &mut Gen<'_>, src: &mut Src, typescript: bool) {
    for _ in 0..g.below(3) {
        let s = match g.below(12) {
            0 => "// a comment with <ConvexProvider> in it",
            1 => "/* a block\n   comment */",
            2 => "const greeting = `hello ${1 + 1}\nsecond line`;",
            3 => "function Helper() {\n\treturn <div className='x'>hi</div>;\n}",
            4 => "const label = '<ConvexProvider client={x}>';",
            5 => "export const answer = 42;",
            6 => "const pattern = /<\\/a>/g;",
            7 if typescript => "type Props = { a: string };",
            8 if typescript => "declare global {\n\tinterface Window { x: number }\n}",
            9 => "const nested = { a: { b: [1, 2, 3] } };",
            10 => "",
            _ => "if (import.meta.hot) {\n\timport.meta.hot.accept();\n}",
        };
        src.line(s);
    }
}

/// The JSX tree `<ConvexProvider client={convex}>…</ConvexProvider>` in one of its shapes.
fn provider_tree(g: &mut Gen<'_>, local: &str, child: &str, base: &str) -> String {
    let attrs = match g.below(10) {
        0 => String::new(),
        1 => " client={convex} key='k'".into(),
        2 => " {...props} client={convex}".into(),
        3 => " client={new ConvexReactClient('x')}".into(),
        _ => " client={convex}".into(),
    };
    let child = match g.below(8) {
        0 => format!("{{/* a JSX comment */}}\n{base}\t\t{child}"),
        1 => format!("<div>\n{base}\t\t\t{child}\n{base}\t\t</div>"),
        2 => format!("{child}{child}"),
        _ => child.to_string(),
    };
    match g.below(6) {
        0 => format!("<{local}{attrs}>{child}</{local}>"),
        1 => format!("<{local}{attrs} />"),
        2 => format!(
            "<{local}\n{base}\t\t{}\n{base}\t>\n{base}\t\t{child}\n{base}\t</{local}>",
            attrs.trim()
        ),
        _ => format!("<{local}{attrs}>\n{base}\t\t{child}\n{base}\t</{local}>"),
    }
}

fn convex_import(g: &mut Gen<'_>, src: &mut Src) -> String {
    match g.below(10) {
        0 => {
            src.line("import { ConvexProvider as CP, ConvexReactClient } from 'convex/react';");
            "CP".into()
        }
        1 => {
            src.line("import { ConvexProvider } from 'convex/react';");
            src.line("import { ConvexReactClient } from 'convex/react';");
            "ConvexProvider".into()
        }
        2 => {
            src.line("import {\n\tConvexReactClient,\n\tConvexProvider,\n} from 'convex/react';");
            "ConvexProvider".into()
        }
        3 => {
            src.line("import { ConvexReactClient } from 'convex/react';");
            "ConvexProvider".into()
        }
        4 => {
            src.line("import { ConvexProvider, ConvexReactClient, useQuery } from 'convex/react';");
            "ConvexProvider".into()
        }
        _ => {
            src.line("import { ConvexProvider, ConvexReactClient } from 'convex/react';");
            "ConvexProvider".into()
        }
    }
}

fn react_entry(g: &mut Gen<'_>, typescript: bool) -> String {
    let mut src = Src::new();
    let mut lines: Vec<&str> = vec![
        "import { StrictMode } from 'react';",
        "import { createRoot } from 'react-dom/client';",
    ];
    if g.chance(1, 4) {
        lines.push("import './index.css';");
    }
    lines.push("import App from './App';");
    if g.chance(1, 8) {
        lines.push("import { AuthKitProvider } from '@workos-inc/authkit-react';");
    }
    if g.chance(1, 10) {
        lines.push("import { useAuth } from '@workos-inc/authkit-react';");
    }
    if g.chance(1, 2) {
        let i = g.below(lines.len());
        lines.swap(0, i);
    }
    for l in &lines {
        src.line(l);
    }
    let local = convex_import(g, &mut src);
    if g.chance(1, 3) {
        src.line("import './index.css';");
    }
    src.line("");
    filler(g, &mut src, typescript);
    let cast = if typescript { " as string" } else { "" };
    src.line(&format!(
        "const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL{cast});"
    ));
    filler(g, &mut src, typescript);
    let tree = provider_tree(g, &local, "<App />", "\t");
    let bang = if typescript { "!" } else { "" };
    match g.below(5) {
        0 => src.line(&format!(
            "createRoot(document.getElementById('root'){bang}).render({tree});"
        )),
        1 => src.line(&format!(
            "createRoot(document.getElementById('root'){bang}).render(\n\t<StrictMode>\n\t\t<AuthKitProvider clientId='x' redirectUri='y'>\n\t\t{tree}\n\t\t</AuthKitProvider>\n\t</StrictMode>,\n);"
        )),
        _ => src.line(&format!(
            "createRoot(document.getElementById('root'){bang}).render(\n\t<StrictMode>\n\t\t{tree}\n\t</StrictMode>,\n);"
        )),
    }
    filler(g, &mut src, typescript);
    src.finish(g)
}

/// How the provider component is exported, which decides how the layout imports it.
#[derive(Clone, Copy)]
enum Export {
    Default,
    Named,
}

fn next_provider(g: &mut Gen<'_>) -> (String, Export) {
    let mut src = Src::new();
    match g.below(8) {
        0 => {}
        1 => src.line("// The Convex client, in the browser.\n'use client';"),
        _ => src.line("'use client';"),
    }
    src.line("");
    if g.chance(3, 4) {
        src.line("import { ReactNode } from 'react';");
    }
    if g.chance(1, 6) {
        src.line("import { useCallback } from 'react';");
    }
    let local = convex_import(g, &mut src);
    if g.chance(1, 8) {
        src.line("import { AuthKitProvider } from '@workos-inc/authkit-nextjs/components';");
    }
    src.line("");
    src.line("const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);");
    filler(g, &mut src, true);
    let tree = provider_tree(g, &local, "{children}", "\t");
    let export = if g.chance(1, 3) {
        Export::Named
    } else {
        Export::Default
    };
    let head = match export {
        Export::Default => "export default function ConvexClientProvider",
        Export::Named => "export function ConvexClientProvider",
    };
    if g.chance(1, 2) {
        src.line(&format!(
            "{head}({{ children }}: {{ children: ReactNode }}) {{\n\treturn {tree};\n}}"
        ));
    } else {
        src.line(&format!("{head}({{\n\tchildren,\n}}: {{\n\tchildren: ReactNode;\n}}) {{\n\treturn (\n\t\t{tree}\n\t);\n}}"));
    }
    filler(g, &mut src, true);
    (src.finish(g), export)
}

fn next_layout(g: &mut Gen<'_>) -> String {
    let mut src = Src::new();
    if g.chance(7, 8) {
        src.line("import type { Metadata } from 'next';");
        src.line("import './globals.css';");
    }
    filler(g, &mut src, true);
    src.line("export const metadata: Metadata = {\n\ttitle: 'App',\n};");
    let body = match g.below(8) {
        0 => "<body>\n\t\t\t\t{children}\n\t\t\t</body>",
        1 => "<body>\n\t\t\t\t<main>{children}</main>\n\t\t\t</body>",
        2 => "<body>{children}{children}</body>",
        3 => {
            "<body className='antialiased'>\n\t\t\t\t<header>hi</header>\n\t\t\t\t{children}\n\t\t\t</body>"
        }
        4 => "<body />",
        _ => "<body className='antialiased'>{children}</body>",
    };
    src.line(&format!(
        "export default function RootLayout({{\n\tchildren,\n}}: Readonly<{{\n\tchildren: React.ReactNode;\n}}>) {{\n\treturn (\n\t\t<html lang='en'>\n\t\t\t{body}\n\t\t</html>\n\t);\n}}"
    ));
    src.finish(g)
}

/// A fresh folder for one app (RAM-backed when there is one).
fn app_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    tempfile::Builder::new()
        .prefix("fuzz-codemod-")
        .tempdir_in(base)
        .expect("temp dir")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The app around the fuzzed file; returns the fuzzed file's path.
fn lay_out(root: &Path, mode: Mode, typescript: bool, export: Export, text: &str) -> String {
    match mode {
        Mode::ReactEntry => {
            write(
                root,
                "package.json",
                r#"{"dependencies":{"convex":"^1.31.6","react":"^19.0.0","react-dom":"^19.0.0"},"devDependencies":{"vite":"^6.0.0"}}"#,
            );
            let rel = if typescript {
                "src/main.tsx"
            } else {
                "src/main.jsx"
            };
            write(root, rel, text);
            rel.into()
        }
        Mode::TanStackRouter => {
            for (rel, text) in TANSTACK {
                write(root, rel, text);
            }
            write(root, "src/router.tsx", text);
            "src/router.tsx".into()
        }
        Mode::NextProvider | Mode::NextLayout => {
            write(
                root,
                "package.json",
                r#"{"dependencies":{"convex":"^1.31.6","next":"16.0.0","react":"^19.0.0","react-dom":"^19.0.0"}}"#,
            );
            if mode == Mode::NextLayout {
                write(root, "app/layout.tsx", text);
                return "app/layout.tsx".into();
            }
            let import = match export {
                Export::Default => {
                    "import ConvexClientProvider from '../components/ConvexClientProvider';"
                }
                Export::Named => {
                    "import { ConvexClientProvider } from '../components/ConvexClientProvider';"
                }
            };
            write(
                root,
                "app/layout.tsx",
                &format!(
                    "{import}\n\nexport default function RootLayout({{ children }}: {{ children: React.ReactNode }}) {{\n  return (\n    <html lang=\"en\">\n      <body>\n        <ConvexClientProvider>{{children}}</ConvexClientProvider>\n      </body>\n    </html>\n  );\n}}\n"
                ),
            );
            write(root, "components/ConvexClientProvider.tsx", text);
            "components/ConvexClientProvider.tsx".into()
        }
    }
}

pub fn run(data: &[u8]) {
    let mut g = Gen::new(data);
    let raw = is_raw(&mut g);
    let mode = *g.pick(&[
        Mode::ReactEntry,
        Mode::ReactEntry,
        Mode::NextProvider,
        Mode::NextLayout,
        Mode::TanStackRouter,
    ]);
    let typescript = mode != Mode::ReactEntry || g.chance(3, 4);
    let prettier = prettier_options(&mut g);
    let (text, export) = if raw {
        (g.rest_text(), Export::Default)
    } else {
        match mode {
            Mode::ReactEntry => (react_entry(&mut g, typescript), Export::Default),
            Mode::NextProvider => next_provider(&mut g),
            Mode::NextLayout => (next_layout(&mut g), Export::Default),
            Mode::TanStackRouter => (tanstack_router(&mut g), Export::Default),
        }
    };
    let dir = app_dir();
    let rel = lay_out(dir.path(), mode, typescript, export, &text);
    check(dir.path(), mode, &rel, &text, prettier);
}

fn recipe(mode: Mode) -> &'static dyn Recipe {
    match mode {
        Mode::ReactEntry => &ReactVite,
        Mode::TanStackRouter => &TanStackStart,
        _ => &NextJs,
    }
}

/// `detect` and `plan_wiring` on the app at `root`: the wiring found and the plan's changes.
fn plan(
    root: &Path,
    mode: Mode,
    prettier: &Option<convex_authkit::edit::prettier::Options>,
) -> Result<(Wiring, Vec<convex_authkit::edit::plan::FileChange>), UserError> {
    let files = Files::new(root.to_path_buf());
    let pkg_text = files.read("package.json").unwrap().unwrap().to_string();
    let pkg = PackageJson::parse("package.json", pkg_text).unwrap();
    let recipe = recipe(mode);
    let facts = recipe.detect(&files, &pkg)?;
    let options = ClientOptions {
        auth_button: false,
        users_table: false,
        pin_port: false,
        port: facts.port.port,
        callback_path: "/callback".into(),
        functions_dir: "convex".into(),
        prettier: prettier.clone(),
    };
    let (changes, _notes) = recipe.plan_wiring(&files, &facts, &options)?;
    Ok((facts.wiring, changes))
}

/// An error must name a position in the file it is about (or, without one, at least the file or
/// what to do).
fn located(root: &Path, e: &UserError) {
    if let Some(loc) = &e.location {
        let text = std::fs::read_to_string(root.join(&loc.file)).unwrap_or_default();
        assert_located(e, &loc.file, &text);
    } else {
        assert!(
            e.about_file().is_some() || !e.hints.is_empty(),
            "an error that names no file and gives no hint: {e:?}"
        );
    }
}

fn check(
    root: &Path,
    mode: Mode,
    rel: &str,
    text: &str,
    prettier: Option<convex_authkit::edit::prettier::Options>,
) {
    let debug = std::env::var_os("FUZZ_DEBUG").is_some();
    let (wiring, changes) = match plan(root, mode, &prettier) {
        Ok(p) => p,
        Err(e) => {
            if debug {
                eprintln!("codemod {mode:?}: refused: {}", e.message);
            }
            return located(root, &e);
        }
    };
    if debug {
        eprintln!("codemod {mode:?}: {wiring:?}, {} change(s)", changes.len());
    }
    if wiring == Wiring::AuthKit {
        assert!(
            changes.is_empty(),
            "an app already wired got a plan: {changes:?}"
        );
        return;
    }
    for c in &changes {
        js::check_parses(&c.rel, &c.after).unwrap_or_else(|e| {
            panic!("`{}` doesn't parse after the codemod: {e:?}\n--- input\n{text:?}\n--- output\n{:?}", c.rel, c.after)
        });
        if c.rel == rel {
            let allowed = allowed_ranges(mode, rel, text);
            super::assert_only_changed(text, &c.after, &allowed, "codemod");
        } else {
            // TanStack Start's wiring also hands the token over in the root route.
            let wiring_file = mode == Mode::TanStackRouter && c.rel == "src/routes/__root.tsx";
            assert!(
                c.before.is_none() || wiring_file,
                "the codemod changed another existing file, `{}`",
                c.rel
            );
        }
    }
    if changes.is_empty() {
        return;
    }
    // The second application: write the plan, then the recipe must see the app wired and plan
    // nothing more.
    for c in &changes {
        write(root, &c.rel, &c.after);
    }
    let (wiring, more) = plan(root, mode, &prettier).unwrap_or_else(|e| {
        panic!(
            "the app doesn't read after the codemod: {e:?}\n--- input\n{text:?}\n--- output\n{:?}",
            changes
                .iter()
                .map(|c| (&c.rel, &c.after))
                .collect::<Vec<_>>()
        )
    });
    assert_eq!(
        wiring,
        Wiring::AuthKit,
        "the app isn't wired after the codemod\n--- input\n{text:?}"
    );
    assert!(
        more.is_empty(),
        "a second run plans more: {:?}",
        more.iter().map(|c| &c.rel).collect::<Vec<_>>()
    );
}

/// Where the codemod may write, from the input's syntax: its imports, the Convex provider
/// element, the `{children}` the layout wraps, and the end of the file (the adapter hook).
fn allowed_ranges(mode: Mode, rel: &str, text: &str) -> Vec<Range<usize>> {
    let Ok(facts) = JsFacts::parse(rel, text) else {
        return vec![0..text.len()];
    };
    let mut out: Vec<Range<usize>> = facts.imports.iter().map(|i| i.span.clone()).collect();
    // A new import goes after the last one, or at the top (after a directive).
    out.push(facts.last_import_end..facts.last_import_end);
    if facts.imports.is_empty() {
        out.push(0..directive_end(text));
    }
    if let Some(local) = facts.local_name("convex/react", "ConvexProvider") {
        out.extend(facts.elements_named(&local).map(|e| e.span.clone()));
    }
    match mode {
        Mode::NextProvider => out.push(text.len()..text.len()),
        Mode::NextLayout => {
            out.extend(
                text.match_indices("{children}")
                    .map(|(i, m)| i..i + m.len()),
            );
        }
        Mode::TanStackRouter => {
            // The router's options (`Wrap` becomes `InnerWrap`, the client joins the context),
            // and the end of the file (the adapter hook).
            if let Some(args) = call_args(text, "createRouter(") {
                out.push(args);
            }
            out.push(text.len()..text.len());
        }
        Mode::ReactEntry => {}
    }
    out
}

/// The span inside `name`'s parentheses (brackets counted; the generated code has no strings
/// with brackets there).
fn call_args(text: &str, name: &str) -> Option<Range<usize>> {
    let start = text.find(name)? + name.len();
    let mut depth = 1usize;
    for (i, c) in text[start..].char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(start..start + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of a leading `'use client'` directive line, or 0.
fn directive_end(text: &str) -> usize {
    let trimmed = text.trim_start();
    if trimmed.starts_with("'use client'") || trimmed.starts_with("\"use client\"") {
        text.find('\n').map_or(text.len(), |i| i + 1)
    } else {
        0
    }
}
