//! `init` in a Next.js app that uses Prettier: the files it writes and the layout it edits are
//! what Prettier would print with the app's settings (`singleQuote`, no `semi`, `printWidth`
//! 100, `tabWidth` 4, `trailingComma: "es5"` in `prettier.config.mjs`), so `prettier --check`
//! keeps passing.

mod common;

use common::TestContext;

const CLIENT: &str = "client_01JTEST0000000000000000000";

fn init_ok(ctx: &TestContext, extra: &[&str]) -> String {
    let mut args = vec![
        "--team",
        "existing",
        "--client-id",
        CLIENT,
        "--scope",
        "local",
        "--yes",
    ];
    args.extend_from_slice(extra);
    let out = ctx.init(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn nextjs_files_follow_the_apps_prettier_options() {
    let ctx = TestContext::new("nextjs-prettier");
    let stderr = init_ok(&ctx, &["--with-users-table"]);
    for rel in [
        "proxy.ts",
        "app/callback/route.ts",
        "app/sign-in/route.ts",
        "app/sign-up/route.ts",
        "components/ConvexClientProvider.tsx",
        "components/AuthButton.tsx",
        "components/useStoreUser.ts",
        "app/layout.tsx",
    ] {
        insta::assert_snapshot!(rel.replace('/', "__"), ctx.read(rel));
    }
    assert!(!stderr.contains("printWidth"), "{stderr}");
}
