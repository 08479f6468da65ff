//! `convex/auth.config.ts`: adding the WorkOS providers (init), and doctor's two fixes
//! (`applicationID` off the user-management provider, onto the shared-issuer one).

use std::ops::Range;

use convex_authkit::edit::auth_config::{self, Providers};
use convex_authkit::edit::js;

use super::{Gen, assert_located, assert_only_changed, is_raw, prettier_options};

const REL: &str = "convex/auth.config.ts";
const CLIENT: &str = "client_01JTEST0000000000000000000";

fn provider(g: &mut Gen<'_>, client: &str) -> String {
    let jwks = match g.below(4) {
        0 => format!("'https://api.workos.com/sso/jwks/{CLIENT}'"),
        1 => "'https://api.workos.com/sso/jwks/not-a-client'".to_string(),
        _ => format!("`https://api.workos.com/sso/jwks/${{{client}}}`"),
    };
    let fields: Vec<String> = match g.below(7) {
        0 | 1 => {
            let mut f = vec![
                "type: 'customJwt'".to_string(),
                "issuer: 'https://api.workos.com/'".into(),
                "algorithm: 'RS256'".into(),
                format!("jwks: {jwks}"),
            ];
            match g.below(5) {
                0 => {}
                1 => f.push(format!("applicationId: {client}")),
                2 => f.push("applicationID: undefined".into()),
                3 => f.insert(0, format!("applicationID: {client} // the client")),
                _ => f.push(format!("applicationID: {client}")),
            }
            f
        }
        2 | 3 => {
            let mut f = vec![
                "type: 'customJwt'".to_string(),
                format!("issuer: `https://api.workos.com/user_management/${{{client}}}`"),
                "algorithm: 'RS256'".into(),
                format!("jwks: {jwks}"),
            ];
            if g.chance(1, 2) {
                let at = g.below(f.len() + 1);
                f.insert(at, format!("applicationID: {client}"));
            }
            f
        }
        4 => vec![
            "domain: 'https://clerk.example.com'".into(),
            "applicationID: 'convex'".into(),
        ],
        5 => vec!["...shared".into(), "applicationID: 'x'".into()],
        _ => vec![
            "type: 'customJwt'".into(),
            "issuer: 'https://auth.example.com'".into(),
            "jwks: 'https://auth.example.com/jwks.json'".into(),
            "algorithm: 'ES256'".into(),
        ],
    };
    if g.chance(1, 4) {
        format!("{{ {} }}", fields.join(", "))
    } else {
        let comma = if g.chance(3, 4) { "," } else { "" };
        format!("{{\n\t\t\t{}{comma}\n\t\t}}", fields.join(",\n\t\t\t"))
    }
}

fn document(g: &mut Gen<'_>) -> String {
    let mut out = String::new();
    let ts = g.chance(3, 4);
    if ts {
        out.push_str("import type { AuthConfig } from 'convex/server';\n\n");
    }
    if g.chance(1, 8) {
        out.push_str("import { getAuthConfigProviders } from '@convex-dev/workos-authkit';\n");
    }
    let client = if g.chance(1, 2) {
        out.push_str("const clientId = process.env.WORKOS_CLIENT_ID;\n\n");
        "clientId"
    } else {
        "process.env.WORKOS_CLIENT_ID"
    };
    if g.chance(1, 6) {
        out.push_str("const shared = { algorithm: 'RS256' };\n");
    }
    if g.chance(1, 4) {
        out.push_str("// Providers Convex accepts tokens from.\n");
    }
    let n = g.below(4);
    let elements: Vec<String> = (0..n)
        .map(|_| {
            if g.chance(1, 12) {
                "...getAuthConfigProviders()".to_string()
            } else {
                provider(g, client)
            }
        })
        .collect();
    let array = if elements.is_empty() {
        "[]".to_string()
    } else if g.chance(1, 5) {
        format!("[{}]", elements.join(", "))
    } else {
        let comma = if g.chance(3, 4) { "," } else { "" };
        format!("[\n\t\t{}{comma}\n\t]", elements.join(",\n\t\t"))
    };
    let satisfies = if ts && g.chance(1, 2) {
        " satisfies AuthConfig"
    } else {
        ""
    };
    match g.below(6) {
        0 => out.push_str(&format!("export default {{ providers: {array} }}{satisfies};\n")),
        1 => out.push_str(&format!(
            "const authConfig = {{\n\tproviders: {array},\n}}{satisfies};\n\nexport default authConfig;\n"
        )),
        2 => out.push_str("export default {};\n"),
        3 if g.chance(1, 2) => out.push_str(&format!("export default {{\n\tproviders: process.env.X ? {array} : [],\n}};\n")),
        _ => out.push_str(&format!("export default {{\n\tproviders: {array},\n}}{satisfies};\n")),
    }
    let quote = *g.pick(&["'", "\""]);
    let indent = *g.pick(&["  ", "    ", "\t"]);
    let mut out = out.replace('\'', quote).replace('\t', indent);
    if g.chance(1, 3) {
        out = out.replace(';', "");
    }
    if g.chance(1, 8) {
        out = out.replace('\n', "\r\n");
    }
    out
}

#[derive(Clone, Copy)]
enum Op {
    AddWorkos,
    RemoveUmApplicationId,
    AddRootApplicationId,
}

pub fn run(data: &[u8]) {
    let mut g = Gen::new(data);
    let raw = is_raw(&mut g);
    let op = *g.pick(&[
        Op::AddWorkos,
        Op::AddWorkos,
        Op::RemoveUmApplicationId,
        Op::AddRootApplicationId,
    ]);
    let prettier = prettier_options(&mut g);
    let text = if raw { g.rest_text() } else { document(&mut g) };
    let apply = |src: &str| match op {
        Op::AddWorkos => auth_config::add_workos(REL, src, prettier.as_ref()),
        Op::RemoveUmApplicationId => auth_config::remove_user_management_application_id(REL, src),
        Op::AddRootApplicationId => auth_config::add_root_application_id(REL, src),
    };
    let out = match apply(&text) {
        Ok(out) => out,
        Err(e) => {
            assert_located(&e, REL, &text);
            return;
        }
    };
    js::check_parses(REL, &out).unwrap_or_else(|e| {
        panic!("the output doesn't parse: {e:?}\n--- input\n{text:?}\n--- output\n{out:?}")
    });
    let before = auth_config::read(REL, &text, None).expect("the input read");
    let after = auth_config::read(REL, &out, None)
        .unwrap_or_else(|e| panic!("the output doesn't read: {e:?}\n--- output\n{out:?}"));
    let allowed: Vec<Range<usize>> = match op {
        Op::AddWorkos => match &before.providers {
            Providers::Array(a) => {
                let mut r = vec![a.span.clone()];
                if a.elements.is_empty() {
                    // An empty inline array may print its whole line anew.
                    r.push(js::line_start(&text, a.span.start)..line_end(&text, a.span.end));
                }
                r
            }
            _ => vec![],
        },
        Op::RemoveUmApplicationId => before
            .providers
            .objects()
            .filter(|p| p.is_user_management())
            .map(|p| p.span.clone())
            .collect(),
        Op::AddRootApplicationId => before
            .providers
            .objects()
            .filter(|p| p.is_root_issuer())
            .map(|p| p.span.clone())
            .collect(),
    };
    assert_only_changed(&text, &out, &allowed, "auth config edit");
    match op {
        Op::AddWorkos => {
            let found = auth_config::workos_providers(REL, &out).expect("reads");
            assert!(
                found.is_some_and(|f| f.root_issuer && f.user_management),
                "the WorkOS providers are not both there after the edit\n--- input\n{text:?}\n--- output\n{out:?}"
            );
        }
        Op::RemoveUmApplicationId => {
            let left = after
                .providers
                .objects()
                .filter(|p| p.is_user_management())
                .any(|p| p.get("applicationID").is_some());
            assert!(!left, "an applicationID is left\n--- output\n{out:?}");
        }
        Op::AddRootApplicationId => {}
    }
    let again = apply(&out)
        .unwrap_or_else(|e| panic!("the second application failed: {e:?}\n--- output\n{out:?}"));
    assert_eq!(
        again, out,
        "the second application changed the file\n--- input\n{text:?}"
    );
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}
