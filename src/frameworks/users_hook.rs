//! The `useStoreUser` hook `--with-users-table` writes: the same code for every React framework,
//! but for the module its AuthKit `useAuth` comes from and where Convex's data model lives.

use crate::edit::prettier::js as pj;
use crate::edit::style::Style;

/// The hook's source, in the app's Prettier style or else the file style `style` detected.
pub fn use_store_user(style: &Style, typescript: bool, authkit: &str, data_model: &str) -> String {
    if let Some(out) = style.print_module(&use_store_user_ast(typescript, authkit, data_model)) {
        return out;
    }
    let q = |s: &str| style.string(s);
    let s = style.semi();
    let u = &style.indent;
    let mut lines = vec![
        format!("import {{ useEffect, useState }} from {}{s}", q("react")),
        format!(
            "import {{ useConvexAuth, useMutation }} from {}{s}",
            q("convex/react")
        ),
        format!(
            "import {{ makeFunctionReference }} from {}{s}",
            q("convex/server")
        ),
        format!("import {{ useAuth }} from {}{s}", q(authkit)),
    ];
    let (ref_types, state_type) = if typescript {
        lines.push(format!("import type {{ Id }} from {}{s}", q(data_model)));
        (
            format!(
                "<{}, Record<string, never>, Id<{}>>",
                q("mutation"),
                q("users")
            ),
            format!("<Id<{}> | null>", q("users")),
        )
    } else {
        (String::new(), String::new())
    };
    lines.extend([
        String::new(),
        "// A reference by name, so this compiles before `npx convex dev` regenerates `api`.".into(),
        format!("const storeUserRef = makeFunctionReference{ref_types}({}){s}", q("users:store")),
        String::new(),
        "/**".into(),
        " * Stores the signed-in user in the Convex `users` table once per session. Use it instead of".into(),
        " * `useConvexAuth()` where the UI needs the user's row to exist.".into(),
        " */".into(),
        "export function useStoreUser() {".into(),
        format!("{u}const {{ isLoading, isAuthenticated }} = useConvexAuth(){s}"),
        format!("{u}const {{ user }} = useAuth(){s}"),
        format!("{u}const [userId, setUserId] = useState{state_type}(null){s}"),
        format!("{u}const storeUser = useMutation(storeUserRef){s}"),
        format!("{u}useEffect(() => {{"),
        format!("{u}{u}if (!isAuthenticated) {{"),
        format!("{u}{u}{u}return{s}"),
        format!("{u}{u}}}"),
        format!("{u}{u}let cancelled = false{s}"),
        format!("{u}{u}void storeUser().then((id) => {{"),
        format!("{u}{u}{u}if (!cancelled) setUserId(id){s}"),
        format!("{u}{u}}}){s}"),
        format!("{u}{u}return () => {{"),
        format!("{u}{u}{u}cancelled = true{s}"),
        format!("{u}{u}{u}setUserId(null){s}"),
        format!("{u}{u}}}{s}"),
        format!("{u}}}, [isAuthenticated, storeUser, user?.id]){s}"),
        format!("{u}return {{"),
        format!("{u}{u}isLoading: isLoading || (isAuthenticated && userId === null),"),
        format!("{u}{u}isAuthenticated: isAuthenticated && userId !== null,"),
        format!("{u}}}{s}"),
        "}".into(),
    ]);
    let mut out = lines.join(style.eol);
    out.push_str(style.eol);
    out
}

/// [`use_store_user`] as a syntax tree, for apps that use Prettier.
fn use_store_user_ast(typescript: bool, authkit: &str, data_model: &str) -> Vec<pj::Stmt> {
    use pj::{
        Body, Expr, Pattern, Stmt, Type, arrow, binary, call, call_typed, decl, id, if_block,
        import, kv, member, method, object, paren_binary, type_ref, unary,
    };
    let users_id = || type_ref("Id", vec![Type::Str("users".into())]);
    let mut stmts = vec![
        import(&["useEffect", "useState"], "react"),
        import(&["useConvexAuth", "useMutation"], "convex/react"),
        import(&["makeFunctionReference"], "convex/server"),
        import(&["useAuth"], authkit),
    ];
    if typescript {
        stmts.push(Stmt::Import {
            type_only: true,
            names: vec!["Id".into()],
            source: data_model.into(),
        });
    }
    let types = |t: Vec<Type>| if typescript { t } else { Vec::new() };
    stmts.extend([
        Stmt::Blank,
        Stmt::Comment("A reference by name, so this compiles before `npx convex dev` regenerates `api`.".into()),
        decl(
            "const",
            Pattern::Id("storeUserRef".into()),
            call_typed(
                id("makeFunctionReference"),
                types(vec![
                    Type::Str("mutation".into()),
                    type_ref("Record", vec![type_ref("string", vec![]), type_ref("never", vec![])]),
                    users_id(),
                ]),
                vec![pj::str("users:store")],
            ),
        ),
        Stmt::Blank,
        Stmt::DocComment(vec![
            "Stores the signed-in user in the Convex `users` table once per session. Use it instead of".into(),
            "`useConvexAuth()` where the UI needs the user's row to exist.".into(),
        ]),
        Stmt::Function {
            export: true,
            name: "useStoreUser".into(),
            body: vec![
                decl(
                    "const",
                    Pattern::Object(vec!["isLoading".into(), "isAuthenticated".into()]),
                    call(id("useConvexAuth"), vec![]),
                ),
                decl("const", Pattern::Object(vec!["user".into()]), call(id("useAuth"), vec![])),
                decl(
                    "const",
                    Pattern::Array(vec!["userId".into(), "setUserId".into()]),
                    call_typed(
                        id("useState"),
                        types(vec![Type::Union(vec![users_id(), type_ref("null", vec![])])]),
                        vec![id("null")],
                    ),
                ),
                decl(
                    "const",
                    Pattern::Id("storeUser".into()),
                    call(id("useMutation"), vec![id("storeUserRef")]),
                ),
                Stmt::Expr(call(
                    id("useEffect"),
                    vec![
                        arrow(
                            &[],
                            Body::Block(vec![
                                if_block(unary("!", id("isAuthenticated")), vec![Stmt::Return(None)]),
                                decl("let", Pattern::Id("cancelled".into()), id("false")),
                                Stmt::Expr(unary(
                                    "void ",
                                    method(
                                        call(id("storeUser"), vec![]),
                                        "then",
                                        vec![arrow(
                                            &["id"],
                                            Body::Block(vec![Stmt::If {
                                                test: unary("!", id("cancelled")),
                                                then: vec![Stmt::Expr(call(id("setUserId"), vec![id("id")]))],
                                                block: false,
                                            }]),
                                        )],
                                    ),
                                )),
                                Stmt::Return(Some(arrow(
                                    &[],
                                    Body::Block(vec![
                                        Stmt::Assign("cancelled".into(), id("true")),
                                        Stmt::Expr(call(id("setUserId"), vec![id("null")])),
                                    ]),
                                ))),
                            ]),
                        ),
                        Expr::Array(vec![id("isAuthenticated"), id("storeUser"), member("user?.id")]),
                    ],
                )),
                Stmt::Return(Some(object(
                    vec![
                        kv(
                            "isLoading",
                            binary(
                                id("isLoading"),
                                "||",
                                paren_binary(
                                    id("isAuthenticated"),
                                    "&&",
                                    binary(id("userId"), "===", id("null")),
                                ),
                            ),
                        ),
                        kv(
                            "isAuthenticated",
                            binary(
                                id("isAuthenticated"),
                                "&&",
                                binary(id("userId"), "!==", id("null")),
                            ),
                        ),
                    ],
                    true,
                ))),
            ],
        },
    ]);
    stmts
}
