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

/// At 80 columns with 4-space indents and no trailing commas, the lines that fit at 100 break:
/// `fetchAccessToken`'s hugged parameter, `<ConvexProviderWithAuth>`'s attributes (checked
/// against Prettier 3.10.1's output for this config).
#[test]
fn nextjs_provider_breaks_at_a_narrower_print_width() {
    let ctx = TestContext::new("nextjs-prettier");
    fs_err::write(
        ctx.root.join("prettier.config.mjs"),
        "export default { singleQuote: true, semi: false, printWidth: 80, tabWidth: 4, trailingComma: 'none' }\n",
    )
    .unwrap();
    let stderr = init_ok(&ctx, &["--with-users-table"]);
    insta::assert_snapshot!(
        "narrow__components__ConvexClientProvider.tsx",
        ctx.read("components/ConvexClientProvider.tsx")
    );
    assert!(!stderr.contains("printWidth"), "{stderr}");
}
