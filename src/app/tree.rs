//! Where the provider tree lives, as far as doctor can follow it statically.
//!
//! Detection (`recipe::detect`) follows relative imports with exact paths. Doctor goes further
//! before judging the tree: TS ESM `.js` suffixes that map to `.ts`/`.tsx`, one level of barrel
//! re-exports (`export * from './AppProviders'`), and the `@` → `src` alias when `vite.config.*`
//! declares one. When a component the tree renders comes from a module it still can't read (a
//! workspace package, a `tsconfig` path, an alias it doesn't understand), the tree is
//! `uncertain`: rules that would report something *missing* from it stay quiet.

use oxc_ast::ast::Statement;

use crate::edit::js::{self, JsFacts};
use crate::edit::package_json::PackageJson;
use crate::files::Files;
use crate::frameworks::SourceFile;

/// The provider tree as doctor resolved it.
#[derive(Debug, Clone, Default)]
pub struct ProviderTree {
    /// The file holding the providers (detection's file, or one doctor followed to).
    pub file: Option<SourceFile>,
    /// A rendered component's module couldn't be read: something may be wrapped there.
    pub uncertain: bool,
}

/// Where a module specifier leads.
enum Resolved {
    File(SourceFile),
    /// A published package (in `package.json` with a registry range): not the app's code.
    Package,
    /// Doctor can't tell (workspace package, unknown alias, missing file).
    Unknown,
}

fn mentions(t: &str) -> bool {
    t.contains("ConvexProvider") || t.contains("AuthKitProvider") || t.contains("ClerkProvider")
}

/// What the resolution reads: the provider file detection found, the framework's config (for
/// aliases), `package.json` (to tell packages from the app's code) and the app's source files.
pub struct Inputs<'a> {
    pub start: Option<&'a SourceFile>,
    pub config: Option<&'a str>,
    pub pkg: Option<&'a PackageJson>,
    /// The app's files, to follow imports.
    pub files: &'a Files,
}

pub fn resolve_tree(cx: &Inputs<'_>) -> ProviderTree {
    let Some(start) = cx.start.cloned() else {
        return ProviderTree::default();
    };
    if mentions(&start.text) {
        return ProviderTree {
            file: Some(start),
            uncertain: false,
        };
    }
    let mut uncertain = false;
    let mut frontier = vec![start.clone()];
    let mut seen = vec![start.rel.clone()];
    for _depth in 0..3 {
        let mut next = Vec::new();
        for file in &frontier {
            let Ok(facts) = JsFacts::parse(&file.rel, &file.text) else {
                continue;
            };
            for import in facts.imports.iter().filter(|i| !i.type_only) {
                let Some(specs) = &import.specifiers else {
                    continue;
                };
                let rendered = specs.iter().any(|s| {
                    facts
                        .jsx
                        .iter()
                        .any(|e| e.name == s.local || e.name.starts_with(&format!("{}.", s.local)))
                });
                match resolve(cx, &file.rel, &import.source) {
                    Resolved::File(found) => {
                        if seen.contains(&found.rel) {
                            continue;
                        }
                        seen.push(found.rel.clone());
                        if mentions(&found.text) {
                            return ProviderTree {
                                file: Some(found),
                                uncertain: false,
                            };
                        }
                        next.push(found);
                    }
                    Resolved::Package => {}
                    Resolved::Unknown => uncertain |= rendered,
                }
            }
        }
        frontier = next;
    }
    ProviderTree {
        file: Some(start),
        uncertain,
    }
}

/// The `export … from '…'` sources of a module (a barrel's targets).
fn reexports(file: &SourceFile) -> Vec<String> {
    js::with_program(&file.rel, &file.text, |p| {
        p.body
            .iter()
            .filter_map(|s| match s {
                Statement::ExportAllDeclaration(d) => Some(d.source.value.to_string()),
                Statement::ExportFromDeclaration(d) => Some(d.source.value.to_string()),
                _ => None,
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Whether `vite.config.*` maps `@` to `src` (`resolve.alias: { '@': … 'src' … }` or
/// `{ find: '@', replacement: … }`).
fn at_alias(cx: &Inputs<'_>) -> bool {
    cx.config.is_some_and(|t| {
        t.contains("alias")
            && t.contains("src")
            && ["'@'", "\"@\"", "`@`"].iter().any(|k| t.contains(k))
    })
}

fn resolve(cx: &Inputs<'_>, from: &str, spec: &str) -> Resolved {
    let base = if spec.starts_with('.') {
        match js::join_relative(from, spec) {
            Some(base) => base,
            None => return Resolved::Unknown,
        }
    } else if let Some(rest) = spec.strip_prefix("@/") {
        if !at_alias(cx) {
            return Resolved::Unknown;
        }
        format!("src/{rest}")
    } else {
        let name = package_name(spec);
        return match cx.pkg.and_then(|p| p.dep(name)) {
            Some(range)
                if !["workspace:", "file:", "link:", "portal:"]
                    .iter()
                    .any(|p| range.starts_with(p)) =>
            {
                Resolved::Package
            }
            // Node built-ins and virtual modules render no components.
            _ if spec.starts_with("node:") || spec.starts_with("virtual:") => Resolved::Package,
            _ => Resolved::Unknown,
        };
    };
    let Some(file) = cx.files.module(&base).ok().flatten() else {
        return Resolved::Unknown;
    };
    if mentions(&file.text) {
        return Resolved::File(file);
    }
    // A barrel: follow its re-exports one level.
    for target in reexports(&file) {
        if !target.starts_with('.') {
            continue;
        }
        if let Resolved::File(f) = resolve_once(cx, &file.rel, &target)
            && mentions(&f.text)
        {
            return Resolved::File(f);
        }
    }
    Resolved::File(file)
}

fn resolve_once(cx: &Inputs<'_>, from: &str, spec: &str) -> Resolved {
    let Some(base) = js::join_relative(from, spec) else {
        return Resolved::Unknown;
    };
    match cx.files.module(&base).ok().flatten() {
        Some(f) => Resolved::File(f),
        None => Resolved::Unknown,
    }
}

/// `@scope/name/sub` → `@scope/name`; `name/sub` → `name`.
fn package_name(spec: &str) -> &str {
    let mut idx = spec.match_indices('/').map(|(i, _)| i);
    let cut = if spec.starts_with('@') {
        idx.nth(1)
    } else {
        idx.next()
    };
    cut.map_or(spec, |i| &spec[..i])
}

#[cfg(test)]
mod tests {
    use super::package_name;

    #[test]
    fn package_names() {
        assert_eq!(package_name("@acme/auth"), "@acme/auth");
        assert_eq!(package_name("@acme/auth/react"), "@acme/auth");
        assert_eq!(package_name("react-dom/client"), "react-dom");
        assert_eq!(package_name("react"), "react");
    }
}
