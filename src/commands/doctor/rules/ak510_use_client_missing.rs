//! **What (Next.js):** the file holding the Convex and AuthKit providers, imported by the root
//! layout (a Server Component), uses client-only code without `'use client'` at its top: React's
//! hooks (`useState`, `useCallback`, …), AuthKit's client hooks (`useAuth`, `useAccessToken` from
//! `@workos-inc/authkit-nextjs/components`), Convex's hooks, or `new ConvexReactClient(…)`.
//! Rendering `<AuthKitProvider>` alone is fine (the SDK marks it a client component). Also
//! reported when the root layout itself does this.
//!
//! **Why:** a module a Server Component imports runs on the server unless it starts with
//! `'use client'`: the hooks throw ("… only works in a Client Component") and a
//! `ConvexReactClient` can't be handed to the browser, so the app doesn't render and Convex never
//! gets a token (not in the problem catalogue as such; the nearest is P08; the template's
//! provider is a `'use client'` component, setup facts §4.2).
//!
//! **Example:** `components/ConvexClientProvider.tsx` defines `useAuthFromAuthKit` with
//! `useCallback` and has no `'use client'`.
//!
//! **Fix:** safe for a provider component with nothing server-only in it (no `metadata`, no
//! `next/headers`, no AuthKit server API, no `async` component): `--fix` adds `'use client'` at
//! the top. Otherwise manual (a root layout can't be a client component: move the providers into
//! one).

use std::ops::Range;

use crate::app::App as Context;
use crate::commands::doctor::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::commands::doctor::fix::FixOp;
use crate::edit::js::{self, JsFacts};
use crate::frameworks::SourceFile;

use super::common::Rule;

pub const RULE: Rule = Rule {
    code: "AK510",
    name: "use-client-missing",
    severity: Severity::Error,
    fix: Applicability::Safe,
    prod_only: false,
    needs_authkit: true,
    source: include_str!("ak510_use_client_missing.rs"),
    check,
};

const USE_CLIENT: &str = "use client";

/// Whether the module starts with the `'use client'` directive (`None`: it doesn't parse).
fn is_client(file: &SourceFile) -> Option<bool> {
    js::with_program(&file.rel, &file.text, |p| {
        p.directives.iter().any(|d| d.expression.value == USE_CLIENT)
    })
    .ok()
}

/// Whether `layout` imports `target` itself (relative, or through an alias such as `@/`).
fn imported_by(layout: &JsFacts, layout_rel: &str, target: &str) -> bool {
    let stem = target.rsplit_once('.').map_or(target, |(s, _)| s);
    layout.imports.iter().any(|i| {
        let spec = i.source.as_str();
        if spec.starts_with('.') {
            return js::join_relative(layout_rel, spec).is_some_and(|p| p == stem || p == format!("{stem}/index"));
        }
        let tail = ["@/", "~/", "#/"].iter().find_map(|p| spec.strip_prefix(p));
        tail.is_some_and(|t| stem == t || stem.ends_with(&format!("/{t}")))
    })
}

/// The first client-only use in the file: its name and where.
fn client_only(cx: &Context, facts: &JsFacts) -> Option<(String, Range<usize>)> {
    let sdk = cx.recipe().client_sdk();
    let mut hits: Vec<(String, Range<usize>)> = Vec::new();
    for module in ["react", sdk.authkit_module, "convex/react"] {
        for spec in facts.imports.iter().filter(|i| i.source == module && !i.type_only).flat_map(|i| i.specifiers.iter().flatten()) {
            let hook = spec.imported == "use"
                || spec.imported.strip_prefix("use").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()));
            if !hook {
                continue;
            }
            if let Some((_, span)) = facts.references.iter().find(|(n, _)| *n == spec.local) {
                hits.push((format!("`{}`", spec.imported), span.clone()));
            }
        }
    }
    if let Some(local) = facts.local_name("convex/react", "ConvexReactClient")
        && let Some(call) = facts.new_calls.iter().find(|c| c.callee == local)
    {
        hits.push(("`new ConvexReactClient(…)`".into(), call.span.clone()));
    }
    hits.into_iter().min_by_key(|(_, r)| r.start)
}

/// Whether the module holds something that must stay on the server.
fn server_only(cx: &Context, facts: &JsFacts, text: &str) -> bool {
    let sdk_module = cx.app_router().map(|r| r.sdk_module);
    facts.imports.iter().any(|i| {
        !i.type_only && (Some(i.source.as_str()) == sdk_module || i.source == "next/headers" || i.source == "server-only")
    }) || facts.top_level_names.iter().any(|n| n == "metadata" || n == "generateMetadata")
        || text.contains("export default async")
        || text.contains("export async function")
}

fn check(cx: &Context) -> Vec<Diagnostic> {
    let Some(router) = cx.app_router() else { return vec![] };
    let Some(provider) = cx.facts.as_ref().and_then(|f| f.provider_file.as_ref()) else { return vec![] };
    let layout = &router.layout;
    let Ok(layout_facts) = JsFacts::parse(&layout.rel, &layout.text) else { return vec![] };
    let is_layout = provider.rel == layout.rel;
    // A client root layout makes the whole tree client code.
    if is_client(layout) != Some(false) {
        return vec![];
    }
    if !is_layout && (!imported_by(&layout_facts, &layout.rel, &provider.rel) || is_client(provider) != Some(false)) {
        return vec![];
    }
    let Ok(facts) = JsFacts::parse(&provider.rel, &provider.text) else { return vec![] };
    let Some((what, span)) = client_only(cx, &facts) else { return vec![] };
    let why = "a module a Server Component (the root layout) imports runs on the server unless it starts with `'use client'`: hooks throw there (\"… only works in a Client Component\") and a `ConvexReactClient` can't be handed to the browser, so the app doesn't render";
    let (message, fix) = if is_layout {
        let ext = if router.typescript { "tsx" } else { "jsx" };
        (
            format!("the root layout `{}` uses {what}, which only works in a Client Component", provider.rel),
            Fix::manual(format!("move the providers into a `'use client'` component (`{}components/ConvexClientProvider.{ext}`, as `convex-authkit init` writes it) and render it in the layout", router.base)),
        )
    } else {
        let fix = if server_only(cx, &facts, &provider.text) {
            Fix::manual(format!("move the server-only code out of `{}`, then add `'use client'` at its top", provider.rel))
        } else {
            Fix::safe(
                format!("add `'use client'` at the top of `{}`", provider.rel),
                vec![FixOp::PrependDirective { file: provider.rel.clone(), directive: USE_CLIENT.into() }],
            )
        };
        (format!("`{}` uses {what} but doesn't start with `'use client'`", provider.rel), fix)
    };
    vec![
        Diagnostic::new(RULE.code, RULE.severity, message, why, fix)
            .at(&provider.rel, &provider.text, span)
            .label("client-only, run on the server"),
    ]
}
