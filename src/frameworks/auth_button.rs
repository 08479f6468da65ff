//! The sign-in button of the server flows (Next.js, TanStack Start): the same component for
//! both but for the module AuthKit's client hooks come from and where the providers are. Signing
//! in is a link to the app's own sign-in route (the server builds the authorize URL); signing out
//! goes through AuthKit's `useAuth().signOut()`.

use crate::edit::prettier::js as pj;

/// The button's module (no directive) as a syntax tree: `useConvexAuth` decides what it shows,
/// `authkit_module`'s `useAuth` signs out, and `sign_in_path` is the link; `inside` ends the doc
/// comment ("Render it anywhere inside `ConvexClientProvider`.").
pub fn server_flow_button(authkit_module: &str, sign_in_path: &str, inside: &str) -> Vec<pj::Stmt> {
    use pj::{
        JsxChild, Pattern, Stmt, arrow, call, decl, expr_body, id, if_block, import, member, unary,
    };
    let element = |name: &str, attrs: Vec<(String, Option<pj::Expr>)>, children: Vec<JsxChild>| {
        Some(pj::Expr::Jsx(pj::Jsx {
            name: name.into(),
            attrs,
            children,
        }))
    };
    let sign_out = || {
        vec![(
            "onClick".to_string(),
            Some(arrow(
                &[],
                expr_body(unary("void ", call(id("signOut"), vec![]))),
            )),
        )]
    };
    let text = |t: &str| JsxChild::Text(t.into());
    let names = |n: &[&str]| Pattern::Object(n.iter().map(|s| s.to_string()).collect());
    vec![
        import(&["useConvexAuth"], "convex/react"),
        import(&["useAuth"], authkit_module),
        Stmt::Blank,
        Stmt::DocComment(vec![
            "Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only".into(),
            "AuthKit's, so \"signed in\" means Convex accepted the WorkOS token. Signing in goes".into(),
            format!("through the `{sign_in_path}` route. {inside}"),
        ]),
        Stmt::Function {
            export: true,
            name: "AuthButton".into(),
            body: vec![
                decl("const", names(&["isLoading", "isAuthenticated"]), call(id("useConvexAuth"), vec![])),
                decl("const", names(&["user", "signOut"]), call(id("useAuth"), vec![])),
                if_block(
                    id("isLoading"),
                    vec![Stmt::Return(element("button", vec![("disabled".into(), None)], vec![text("Signing in…")]))],
                ),
                if_block(
                    id("isAuthenticated"),
                    vec![Stmt::Return(element(
                        "button",
                        sign_out(),
                        vec![text("Sign out "), JsxChild::Expr(member("user?.email"))],
                    ))],
                ),
                if_block(
                    id("user"),
                    vec![
                        Stmt::Comment("AuthKit has a session but Convex rejected its token: see `convex-authkit doctor`.".into()),
                        Stmt::Return(element("button", sign_out(), vec![text("Convex rejected the sign-in; sign out")])),
                    ],
                ),
                Stmt::Return(element(
                    "a",
                    vec![("href".into(), Some(pj::str(sign_in_path)))],
                    vec![text("Sign in")],
                )),
            ],
        },
    ]
}
