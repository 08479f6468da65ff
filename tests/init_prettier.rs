//! `init` in apps that use Prettier: the code it writes or inserts is what Prettier would print
//! with the app's settings, so `prettier --check` keeps passing (the heavy stage runs the real
//! Prettier on these fixtures: `tests/npm/compile-fixtures.sh`).

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

/// Convex's template: `.prettierrc` is `{}` and `prettier` is a dev dependency, so Prettier's
/// defaults apply: the long `AuthKitProvider` props and the long JSX lines break at 80 columns.
#[test]
fn template_with_empty_prettierrc_gets_prettiers_defaults() {
    let ctx = TestContext::new("prettier-template");
    init_ok(&ctx, &["--with-users-table", "--pin-port"]);
    insta::assert_snapshot!(ctx.read("src/main.tsx"), @r#"
    import { StrictMode } from "react";
    import { createRoot } from "react-dom/client";
    import { ConvexReactClient } from "convex/react";
    import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
    import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
    import "./index.css";
    import App from "./App.tsx";

    const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);
    createRoot(document.getElementById("root")!).render(
      <StrictMode>
        <AuthKitProvider
          clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
          redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
          apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
          port={
            import.meta.env.VITE_WORKOS_API_PORT
              ? Number(import.meta.env.VITE_WORKOS_API_PORT)
              : undefined
          }
          https={
            import.meta.env.VITE_WORKOS_API_HTTPS
              ? import.meta.env.VITE_WORKOS_API_HTTPS !== "false"
              : undefined
          }
        >
          <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
            <App />
          </ConvexProviderWithAuthKit>
        </AuthKitProvider>
      </StrictMode>,
    );
    "#);
    insta::assert_snapshot!(ctx.read("src/AuthButton.tsx"), @r#"
    import { useConvexAuth } from "convex/react";
    import { useAuth } from "@workos-inc/authkit-react";

    /**
     * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only
     * AuthKit's, so "signed in" means Convex accepted the WorkOS token. Render it anywhere inside
     * the providers, e.g. in `App`.
     */
    export function AuthButton() {
      const { isLoading, isAuthenticated } = useConvexAuth();
      const { user, signIn, signOut } = useAuth();
      if (isLoading) {
        return <button disabled>Signing in…</button>;
      }
      if (isAuthenticated) {
        return <button onClick={() => signOut()}>Sign out {user?.email}</button>;
      }
      if (user) {
        // AuthKit has a user but Convex rejected the token: see `convex-authkit doctor`.
        return (
          <button onClick={() => signOut()}>
            Convex rejected the sign-in; sign out
          </button>
        );
      }
      return <button onClick={() => void signIn()}>Sign in</button>;
    }
    "#);
    insta::assert_snapshot!(ctx.read("convex/users.ts"), @r#"
    import { mutation } from "./_generated/server";

    /**
     * Stores the signed-in user, keyed by `tokenIdentifier` (issuer + subject), and returns the
     * row's id. WorkOS access tokens carry no name unless a JWT template adds one.
     */
    export const store = mutation({
      args: {},
      handler: async (ctx) => {
        const identity = await ctx.auth.getUserIdentity();
        if (!identity) {
          throw new Error("Called storeUser without authentication present");
        }
        const user = await ctx.db
          .query("users")
          .withIndex("by_token", (q) =>
            q.eq("tokenIdentifier", identity.tokenIdentifier),
          )
          .unique();
        const name = identity.name ?? "Anonymous";
        if (user !== null) {
          if (user.name !== name) {
            await ctx.db.patch("users", user._id, { name });
          }
          return user._id;
        }
        return await ctx.db.insert("users", {
          name,
          tokenIdentifier: identity.tokenIdentifier,
        });
      },
    });
    "#);
    insta::assert_snapshot!(ctx.read("src/useStoreUser.ts"), @r#"
    import { useEffect, useState } from "react";
    import { useConvexAuth, useMutation } from "convex/react";
    import { makeFunctionReference } from "convex/server";
    import { useAuth } from "@workos-inc/authkit-react";
    import type { Id } from "../convex/_generated/dataModel";

    // A reference by name, so this compiles before `npx convex dev` regenerates `api`.
    const storeUserRef = makeFunctionReference<
      "mutation",
      Record<string, never>,
      Id<"users">
    >("users:store");

    /**
     * Stores the signed-in user in the Convex `users` table once per session. Use it instead of
     * `useConvexAuth()` where the UI needs the user's row to exist.
     */
    export function useStoreUser() {
      const { isLoading, isAuthenticated } = useConvexAuth();
      const { user } = useAuth();
      const [userId, setUserId] = useState<Id<"users"> | null>(null);
      const storeUser = useMutation(storeUserRef);
      useEffect(() => {
        if (!isAuthenticated) {
          return;
        }
        let cancelled = false;
        void storeUser().then((id) => {
          if (!cancelled) setUserId(id);
        });
        return () => {
          cancelled = true;
          setUserId(null);
        };
      }, [isAuthenticated, storeUser, user?.id]);
      return {
        isLoading: isLoading || (isAuthenticated && userId === null),
        isAuthenticated: isAuthenticated && userId !== null,
      };
    }
    "#);
    insta::assert_snapshot!(ctx.read("vite.config.ts"), @r#"
    import { defineConfig } from "vite";
    import react from "@vitejs/plugin-react";

    // https://vite.dev/config/
    export default defineConfig({
      server: { port: 5173, strictPort: true },
      plugins: [react()],
    });
    "#);
}

/// A config with `printWidth`, `tabWidth`, `singleQuote`, `semi: false`, `trailingComma` and
/// `arrowParens`: every generated file and every insertion follows it.
#[test]
fn custom_prettier_config_is_followed() {
    let ctx = TestContext::new("prettier-custom");
    init_ok(&ctx, &["--with-users-table", "--pin-port"]);
    insta::assert_snapshot!(ctx.read("src/main.tsx"), @"
    import { StrictMode } from 'react'
    import { createRoot } from 'react-dom/client'
    import { ConvexReactClient } from 'convex/react'
    import { AuthKitProvider, useAuth } from '@workos-inc/authkit-react'
    import { ConvexProviderWithAuthKit } from '@convex-dev/workos'
    import './index.css'
    import App from './App.tsx'

    const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string)
    createRoot(document.getElementById('root')!).render(
        <StrictMode>
            <AuthKitProvider
                clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
                redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
                apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
                port={
                    import.meta.env.VITE_WORKOS_API_PORT
                        ? Number(import.meta.env.VITE_WORKOS_API_PORT)
                        : undefined
                }
                https={
                    import.meta.env.VITE_WORKOS_API_HTTPS
                        ? import.meta.env.VITE_WORKOS_API_HTTPS !== 'false'
                        : undefined
                }
            >
                <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
                    <App />
                </ConvexProviderWithAuthKit>
            </AuthKitProvider>
        </StrictMode>
    )
    ");
    insta::assert_snapshot!(ctx.read("src/AuthButton.tsx"), @r#"
    import { useConvexAuth } from 'convex/react'
    import { useAuth } from '@workos-inc/authkit-react'

    /**
     * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only
     * AuthKit's, so "signed in" means Convex accepted the WorkOS token. Render it anywhere inside
     * the providers, e.g. in `App`.
     */
    export function AuthButton() {
        const { isLoading, isAuthenticated } = useConvexAuth()
        const { user, signIn, signOut } = useAuth()
        if (isLoading) {
            return <button disabled>Signing in…</button>
        }
        if (isAuthenticated) {
            return <button onClick={() => signOut()}>Sign out {user?.email}</button>
        }
        if (user) {
            // AuthKit has a user but Convex rejected the token: see `convex-authkit doctor`.
            return <button onClick={() => signOut()}>Convex rejected the sign-in; sign out</button>
        }
        return <button onClick={() => void signIn()}>Sign in</button>
    }
    "#);
    insta::assert_snapshot!(ctx.read("convex/auth.config.ts"), @"
    import type { AuthConfig } from 'convex/server'

    const clientId = process.env.WORKOS_CLIENT_ID

    export default {
        providers: [
            {
                type: 'customJwt',
                issuer: 'https://api.workos.com/',
                algorithm: 'RS256',
                jwks: `https://api.workos.com/sso/jwks/${clientId}`,
                applicationID: clientId
            },
            {
                type: 'customJwt',
                issuer: `https://api.workos.com/user_management/${clientId}`,
                algorithm: 'RS256',
                jwks: `https://api.workos.com/sso/jwks/${clientId}`
            }
        ]
    } satisfies AuthConfig
    ");
    insta::assert_snapshot!(ctx.read("convex/schema.ts"), @"
    import { defineSchema, defineTable } from 'convex/server'
    import { v } from 'convex/values'

    // The schema is entirely optional.
    // You can delete this file (schema.ts) and the
    // app will continue to work.
    // The schema provides more precise TypeScript types.
    export default defineSchema({
        numbers: defineTable({
            value: v.number()
        }),
        users: defineTable({
            name: v.string(),
            tokenIdentifier: v.string()
        }).index('by_token', ['tokenIdentifier'])
    })
    ");
    insta::assert_snapshot!(ctx.read("convex/users.ts"), @"
    import { mutation } from './_generated/server'

    /**
     * Stores the signed-in user, keyed by `tokenIdentifier` (issuer + subject), and returns the
     * row's id. WorkOS access tokens carry no name unless a JWT template adds one.
     */
    export const store = mutation({
        args: {},
        handler: async ctx => {
            const identity = await ctx.auth.getUserIdentity()
            if (!identity) {
                throw new Error('Called storeUser without authentication present')
            }
            const user = await ctx.db
                .query('users')
                .withIndex('by_token', q => q.eq('tokenIdentifier', identity.tokenIdentifier))
                .unique()
            const name = identity.name ?? 'Anonymous'
            if (user !== null) {
                if (user.name !== name) {
                    await ctx.db.patch('users', user._id, { name })
                }
                return user._id
            }
            return await ctx.db.insert('users', { name, tokenIdentifier: identity.tokenIdentifier })
        }
    })
    ");
    insta::assert_snapshot!(ctx.read("convex.json"), @r#"
    {
        "$schema": "./node_modules/convex/schemas/convex.schema.json",
        "authKit": {
            "dev": {
                "configure": {
                    "redirectUris": ["http://localhost:5173/callback"],
                    "appHomepageUrl": "http://localhost:5173",
                    "corsOrigins": ["http://localhost:5173"]
                }
            }
        }
    }
    "#);
}

/// Without Prettier (no config, no dependency) init keeps following the file's own style, with
/// no line length limit: the output is what it always was.
#[test]
fn without_prettier_the_files_own_style_is_kept() {
    let ctx = TestContext::new("basic-ts");
    init_ok(&ctx, &[]);
    let main = ctx.read("src/main.tsx");
    assert!(
        main.contains("      port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}\n"),
        "{main}"
    );
    assert!(
        ctx.read("src/AuthButton.tsx").contains(
            "    return <button onClick={() => signOut()}>Convex rejected the sign-in; sign out</button>;\n"
        )
    );
}

/// `prettier` in `package.json` with no config file: Prettier's defaults.
#[test]
fn prettier_dependency_without_config_means_defaults() {
    let ctx = TestContext::new("prettier-template");
    std::fs::remove_file(ctx.root.join(".prettierrc")).unwrap();
    init_ok(&ctx, &[]);
    assert!(ctx.read("src/main.tsx").contains("      port={\n"));
}

/// A one-line `<ConvexProvider>` in a wrapper component (how Prettier prints a short one) is
/// printed anew, in parentheses, as Prettier would.
#[test]
fn one_line_provider_is_printed_anew() {
    let ctx = TestContext::new("nested-providers");
    fs_err::write(
        ctx.root.join(".prettierrc.json"),
        r#"{ "singleQuote": true, "semi": false, "tabWidth": 4 }"#,
    )
    .unwrap();
    init_ok(&ctx, &[]);
    insta::assert_snapshot!(ctx.read("src/Providers.tsx"), @"
    import type { ReactNode } from 'react'
    import { ConvexReactClient } from 'convex/react'
    import { AuthKitProvider, useAuth } from '@workos-inc/authkit-react'
    import { ConvexProviderWithAuthKit } from '@convex-dev/workos'

    const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string)

    export function Providers({ children }: { children: ReactNode }) {
        return (
            <AuthKitProvider
                clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
                redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
                apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
                port={
                    import.meta.env.VITE_WORKOS_API_PORT
                        ? Number(import.meta.env.VITE_WORKOS_API_PORT)
                        : undefined
                }
                https={
                    import.meta.env.VITE_WORKOS_API_HTTPS
                        ? import.meta.env.VITE_WORKOS_API_HTTPS !== 'false'
                        : undefined
                }
            >
                <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
                    {children}
                </ConvexProviderWithAuthKit>
            </AuthKitProvider>
        )
    }
    ");
}

/// A `.prettierrc` that can't be read is reported, and Prettier's defaults are used.
#[test]
fn malformed_prettierrc_warns_and_uses_defaults() {
    let ctx = TestContext::new("prettier-template");
    fs_err::write(ctx.root.join(".prettierrc"), "{ \"printWidth\": ").unwrap();
    let stderr = init_ok(&ctx, &[]);
    assert!(stderr.contains("Prettier config"), "{stderr}");
    let fresh = TestContext::new("prettier-template");
    init_ok(&fresh, &[]);
    assert_eq!(ctx.read("src/main.tsx"), fresh.read("src/main.tsx"));
}

/// Wrapping the tree in `AuthKitProvider` indents the user's lines one level; one that no longer
/// fits is reported, since Prettier would break it.
#[test]
fn user_line_pushed_past_the_width_is_reported() {
    let ctx = TestContext::new("prettier-template");
    let main = ctx.read("src/main.tsx").replace(
        "      <App />\n",
        "      <App first={convex} second={convex} third={convex} fourth={1234567890} />\n",
    );
    assert!(main.contains("fourth={1234567890} />\n"));
    fs_err::write(ctx.root.join("src/main.tsx"), main).unwrap();
    let stderr = init_ok(&ctx, &[]);
    assert!(
        stderr.contains("line 28 of `src/main.tsx` is longer than Prettier's `printWidth` (80)"),
        "{stderr}"
    );
}

/// Imports init changes are printed whole: one that fits once `ConvexProvider` is gone is
/// joined, one that grows past `printWidth` is broken.
#[test]
fn changed_imports_are_printed_whole() {
    let ctx = TestContext::new("prettier-template");
    let main = ctx.read("src/main.tsx").replace(
        "import { ConvexProvider, ConvexReactClient } from \"convex/react\";\n",
        "import {\n  ConvexProvider,\n  ConvexReactClient,\n  useQuery,\n  useMutation,\n} from \"convex/react\";\nimport { useAuth as useAuthKit } from \"@workos-inc/authkit-react\";\n",
    );
    assert!(main.contains("useAuthKit"));
    fs_err::write(ctx.root.join("src/main.tsx"), main).unwrap();
    init_ok(&ctx, &[]);
    let main = ctx.read("src/main.tsx");
    insta::assert_snapshot!(main.lines().take(9).collect::<Vec<_>>().join("\n"), @r#"
    import { StrictMode } from "react";
    import { createRoot } from "react-dom/client";
    import { ConvexReactClient, useQuery, useMutation } from "convex/react";
    import {
      useAuth as useAuthKit,
      AuthKitProvider,
      useAuth,
    } from "@workos-inc/authkit-react";
    import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
    "#);
}
