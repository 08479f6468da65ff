//! `init` on TanStack Start apps: the server flow's secrets in `.env.local` (never echoed), the
//! start entry's middleware, the file routes, the router's `InnerWrap` and the root route's
//! token hand-off; both team paths and scopes; idempotence, dry runs, the JSON plan; Convex's
//! set-up template untouched; what stops before anything is written.
mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::{TestContext, changed};

const CLIENT: &str = "client_01JTEST0000000000000000000";
const KEY: &str = "sk_test_0123456789abcdefABCDEF0123";

const FIXTURES: [&str; 3] = [
    "tanstack-start",
    "tanstack-start-wraps",
    "tanstack-start-routes-dir",
];

fn existing_local() -> Vec<&'static str> {
    vec![
        "--team",
        "existing",
        "--client-id",
        CLIENT,
        "--scope",
        "local",
        "--yes",
    ]
}

/// `init` with `stdin` fed to it (for `--api-key-stdin`).
fn init_with_stdin(ctx: &TestContext, args: &[&str], stdin: &str) -> Output {
    let mut child = ctx
        .init(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn env_value(text: &str, name: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .map(str::to_string)
}

fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Convex's `template-tanstack-start` (unwired), for the existing team: the whole plan as the
/// CLI prints it. The cookie password and the key are masked in the diff.
#[test]
fn convex_template_existing_team() {
    let ctx = TestContext::new("tanstack-start");
    cli_snapshot!(ctx, ctx.init(&existing_local()).env("WORKOS_API_KEY", KEY), @r#"
    success: true
    exit_code: 0
    ----- stdout -----
    --- /dev/null
    +++ b/convex.json
    @@ -0,0 +1,12 @@
    +{
    +  "$schema": "./node_modules/convex/schemas/convex.schema.json",
    +  "authKit": {
    +    "dev": {
    +      "configure": {
    +        "redirectUris": ["http://localhost:3000/callback"],
    +        "appHomepageUrl": "http://localhost:3000",
    +        "corsOrigins": ["http://localhost:3000"]
    +      }
    +    }
    +  }
    +}
    --- /dev/null
    +++ b/convex/auth.config.ts
    @@ -0,0 +1,21 @@
    +import type { AuthConfig } from 'convex/server'
    +
    +const clientId = process.env.WORKOS_CLIENT_ID
    +
    +export default {
    +  providers: [
    +    {
    +      type: 'customJwt',
    +      issuer: 'https://api.workos.com/',
    +      algorithm: 'RS256',
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +      applicationID: clientId,
    +    },
    +    {
    +      type: 'customJwt',
    +      issuer: `https://api.workos.com/user_management/${clientId}`,
    +      algorithm: 'RS256',
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +    },
    +  ],
    +} satisfies AuthConfig
    --- a/convex/tsconfig.json
    +++ b/convex/tsconfig.json
    @@ -18,7 +18,8 @@
         "forceConsistentCasingInFileNames": true,
         "module": "ESNext",
         "isolatedModules": true,
    -    "noEmit": true
    +    "noEmit": true,
    +    "types": ["node"]
       },
       "include": ["./**/*"],
       "exclude": ["./_generated"]
    --- /dev/null
    +++ b/.env.local
    @@ -0,0 +1,4 @@
    +WORKOS_CLIENT_ID=client_01JTEST0000000000000000000
    +WORKOS_REDIRECT_URI=http://localhost:3000/callback
    +WORKOS_COOKIE_PASSWORD=****
    +WORKOS_API_KEY=****
    --- /dev/null
    +++ b/src/start.ts
    @@ -0,0 +1,13 @@
    +import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
    +import { authkitMiddleware } from '@workos/authkit-tanstack-react-start'
    +
    +// A start instance turns off TanStack Start's default CSRF check on server functions,
    +// so it comes back first; then AuthKit reads and refreshes the session cookie on every
    +// request, which `getAuth()` and the callback route need.
    +const csrfMiddleware = createCsrfMiddleware({
    +  filter: (ctx) => ctx.handlerType === 'serverFn',
    +})
    +
    +export const startInstance = createStart(() => ({
    +  requestMiddleware: [csrfMiddleware, authkitMiddleware()],
    +}))
    --- /dev/null
    +++ b/src/routes/callback.tsx
    @@ -0,0 +1,11 @@
    +import { createFileRoute } from '@tanstack/react-router'
    +import { handleCallbackRoute } from '@workos/authkit-tanstack-react-start'
    +
    +// AuthKit returns here after sign-in: the code becomes the session cookie.
    +export const Route = createFileRoute('/callback')({
    +  server: {
    +    handlers: {
    +      GET: handleCallbackRoute(),
    +    },
    +  },
    +})
    --- /dev/null
    +++ b/src/routes/sign-in.tsx
    @@ -0,0 +1,22 @@
    +import { createFileRoute } from '@tanstack/react-router'
    +import { getSignInUrl } from '@workos/authkit-tanstack-react-start'
    +
    +// Redirects to AuthKit's sign-in; `returnPathname` is where to land afterwards.
    +export const Route = createFileRoute('/sign-in')({
    +  server: {
    +    handlers: {
    +      GET: async ({ request }: { request: Request }) => {
    +        const returnPathname = new URL(request.url).searchParams.get(
    +          'returnPathname',
    +        )
    +        const url = await getSignInUrl(
    +          returnPathname ? { data: { returnPathname } } : undefined,
    +        )
    +        return new Response(null, {
    +          status: 307,
    +          headers: { Location: url },
    +        })
    +      },
    +    },
    +  },
    +})
    --- /dev/null
    +++ b/src/routes/sign-up.tsx
    @@ -0,0 +1,22 @@
    +import { createFileRoute } from '@tanstack/react-router'
    +import { getSignUpUrl } from '@workos/authkit-tanstack-react-start'
    +
    +// Redirects to AuthKit's sign-up; `returnPathname` is where to land afterwards.
    +export const Route = createFileRoute('/sign-up')({
    +  server: {
    +    handlers: {
    +      GET: async ({ request }: { request: Request }) => {
    +        const returnPathname = new URL(request.url).searchParams.get(
    +          'returnPathname',
    +        )
    +        const url = await getSignUpUrl(
    +          returnPathname ? { data: { returnPathname } } : undefined,
    +        )
    +        return new Response(null, {
    +          status: 307,
    +          headers: { Location: url },
    +        })
    +      },
    +    },
    +  },
    +})
    --- a/src/router.tsx
    +++ b/src/router.tsx
    @@ -2,7 +2,13 @@
     import { QueryClient } from '@tanstack/react-query'
     import { routerWithQueryClient } from '@tanstack/react-router-with-query'
     import { ConvexQueryClient } from '@convex-dev/react-query'
    -import { ConvexProvider } from 'convex/react'
    +import { ConvexProviderWithAuth } from 'convex/react'
    +import {
    +  AuthKitProvider,
    +  useAccessToken,
    +  useAuth,
    +} from '@workos/authkit-tanstack-react-start/client'
    +import { useCallback, useMemo } from 'react'
     import { routeTree } from './routeTree.gen'
     
     export function getRouter() {
    @@ -27,15 +33,20 @@
         createRouter({
           routeTree,
           defaultPreload: 'intent',
    -      context: { queryClient },
    +      context: { queryClient, convexQueryClient },
           scrollRestoration: true,
           defaultPreloadStaleTime: 0, // Let React Query handle all caching
           defaultErrorComponent: (err) => <p>{err.error.stack}</p>,
           defaultNotFoundComponent: () => <p>not found</p>,
    -      Wrap: ({ children }) => (
    -        <ConvexProvider client={convexQueryClient.convexClient}>
    -          {children}
    -        </ConvexProvider>
    +      InnerWrap: ({ children }) => (
    +        <AuthKitProvider>
    +          <ConvexProviderWithAuth
    +            client={convexQueryClient.convexClient}
    +            useAuth={useAuthFromWorkOS}
    +          >
    +            {children}
    +          </ConvexProviderWithAuth>
    +        </AuthKitProvider>
           ),
         }),
         queryClient,
    @@ -43,3 +54,31 @@
     
       return router
     }
    +
    +// Convex asks for tokens through this hook: AuthKit's session user and access token.
    +function useAuthFromWorkOS() {
    +  const { loading, user } = useAuth()
    +  const { getAccessToken, refresh } = useAccessToken()
    +
    +  const fetchAccessToken = useCallback(
    +    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
    +      if (!user) {
    +        return null
    +      }
    +      if (forceRefreshToken) {
    +        return (await refresh()) ?? null
    +      }
    +      return (await getAccessToken()) ?? null
    +    },
    +    [user, refresh, getAccessToken],
    +  )
    +
    +  return useMemo(
    +    () => ({
    +      isLoading: loading,
    +      isAuthenticated: !!user,
    +      fetchAccessToken,
    +    }),
    +    [loading, user, fetchAccessToken],
    +  )
    +}
    --- a/src/routes/__root.tsx
    +++ b/src/routes/__root.tsx
    @@ -6,10 +6,13 @@
     } from '@tanstack/react-router'
     import * as React from 'react'
     import type { QueryClient } from '@tanstack/react-query'
    +import type { ConvexQueryClient } from '@convex-dev/react-query'
    +import { getAuth } from '@workos/authkit-tanstack-react-start'
     import appCss from '~/styles/app.css?url'
     
     export const Route = createRootRouteWithContext<{
       queryClient: QueryClient
    +  convexQueryClient: ConvexQueryClient
     }>()({
       head: () => ({
         meta: [
    @@ -49,6 +52,17 @@
       }),
       notFoundComponent: () => <div>Route not found</div>,
       component: RootComponent,
    +  beforeLoad: async (ctx) => {
    +    const auth = await getAuth()
    +
    +    // Server-side rendering runs Convex queries over HTTP (`serverHttpClient` exists only
    +    // there): give it the session's access token so they run as the signed-in user.
    +    if (auth.user) {
    +      ctx.context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken)
    +    }
    +
    +    return { user: auth.user }
    +  },
     })
     
     function RootComponent() {
    --- /dev/null
    +++ b/src/components/AuthButton.tsx
    @@ -0,0 +1,29 @@
    +import { useConvexAuth } from 'convex/react'
    +import { useAuth } from '@workos/authkit-tanstack-react-start/client'
    +
    +/**
    + * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only
    + * AuthKit's, so "signed in" means Convex accepted the WorkOS token. Signing in goes
    + * through the `/sign-in` route. Render it in any route.
    + */
    +export function AuthButton() {
    +  const { isLoading, isAuthenticated } = useConvexAuth()
    +  const { user, signOut } = useAuth()
    +  if (isLoading) {
    +    return <button disabled>Signing in…</button>
    +  }
    +  if (isAuthenticated) {
    +    return (
    +      <button onClick={() => void signOut()}>Sign out {user?.email}</button>
    +    )
    +  }
    +  if (user) {
    +    // AuthKit has a session but Convex rejected its token: see `convex-authkit doctor`.
    +    return (
    +      <button onClick={() => void signOut()}>
    +        Convex rejected the sign-in; sign out
    +      </button>
    +    )
    +  }
    +  return <a href="/sign-in">Sign in</a>
    +}
    --- a/package.json
    +++ b/package.json
    @@ -17,6 +17,7 @@
         "@tanstack/react-router": "^1.170.19",
         "@tanstack/react-router-with-query": "^1.130.17",
         "@tanstack/react-start": "^1.168.36",
    +    "@workos/authkit-tanstack-react-start": "^0.11.1",
         "convex": "^1.44.0",
         "react": "^19.2.8",
         "react-dom": "^19.2.8"
    @@ -25,6 +26,7 @@
         "@convex-dev/eslint-plugin": "^4.0.0",
         "@tailwindcss/vite": "^4.3.3",
         "@tanstack/eslint-config": "^0.4.0",
    +    "@types/node": "^24.13.3",
         "@types/react": "^19.2.18",
         "@types/react-dom": "^19.2.4",
         "@typescript/native": "npm:typescript@^7.0.2",

    ----- stderr -----
    convex-authkit init TanStack Start · typescript · npm
      entry      `src/router.tsx`
      dev port   3000 (from `vite.config.ts`, not pinned)
      redirect   `http://localhost:3000/callback`
      team       existing WorkOS team
      scope      local only
    info: `src/routeTree.gen.ts` is generated: the next `vite dev` or `vite build` adds the new routes to it (init never edits it)
      hint: run the dev server or a build once before `tsc --noEmit`, which doesn't know the new routes until then
    warning: the dev port 3000 is not pinned: the dev server moves to the next free port when 3000 is busy, and sign-in then returns to the wrong URL
      hint: run again with `--pin-port` to set `server.port: 3000` and `server.strictPort: true` in `vite.config.ts`
    ✓ Changed 12 files

    Next steps
      1. Install the new packages
           npm install
      2. Set the client ID on your Convex dev deployment
           npx convex env set WORKOS_CLIENT_ID client_01JTEST0000000000000000000
      3. Set the API key (`sk_test_…`, WorkOS dashboard → API keys) on the deployment; the command reads it from a hidden prompt, so it never lands in your shell history
           npx convex env set WORKOS_API_KEY
      4. Push the auth config; `npx convex dev` also registers the redirect URI, homepage and CORS origin from `convex.json` in WorkOS
           npm run dev
      5. Render `<AuthButton />` in a route component, e.g. in `src/routes/index.tsx` with `import { AuthButton } from '../components/AuthButton'`; the router's `InnerWrap` holds the providers
      6. Open http://localhost:3000 and sign in; you should return to http://localhost:3000/callback and `useConvexAuth().isAuthenticated` becomes true
    "#);
}

/// The existing team with the key on stdin: `.env.local` holds the server's secrets, nothing
/// prints them, and the files the flow needs are there.
#[test]
fn existing_team_writes_the_server_env_and_never_echoes_secrets() {
    let ctx = TestContext::new("tanstack-start");
    let out = init_with_stdin(
        &ctx,
        &[&existing_local()[..], &["--api-key-stdin"]].concat(),
        &format!("{KEY}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    let env = ctx.read(".env.local");
    assert_eq!(env_value(&env, "WORKOS_CLIENT_ID").as_deref(), Some(CLIENT));
    assert_eq!(
        env_value(&env, "WORKOS_REDIRECT_URI").as_deref(),
        Some("http://localhost:3000/callback")
    );
    assert_eq!(env_value(&env, "WORKOS_API_KEY").as_deref(), Some(KEY));
    let password = env_value(&env, "WORKOS_COOKIE_PASSWORD").unwrap();
    assert_eq!(password.len(), 43, "{password}");
    let shown = all_output(&out);
    assert!(!shown.contains(&KEY["sk_test_".len()..]), "{shown}");
    assert!(!shown.contains(&password), "{shown}");
    assert!(shown.contains("+WORKOS_API_KEY=****"), "{shown}");
    assert!(!env.contains("VITE_WORKOS"), "{env}");
    assert!(!ctx.read("convex.json").contains("sk_test_"));
    for rel in [
        "src/start.ts",
        "src/routes/callback.tsx",
        "src/routes/sign-in.tsx",
        "src/routes/sign-up.tsx",
        "src/components/AuthButton.tsx",
    ] {
        assert!(ctx.root.join(rel).is_file(), "{rel}");
    }
    // The generated route tree is never touched.
    assert_eq!(
        ctx.read("src/routeTree.gen.ts"),
        fs_err::read_to_string(common::fixtures().join("tanstack-start/src/routeTree.gen.ts"))
            .unwrap()
    );
    let pkg = ctx.read("package.json");
    assert!(
        pkg.contains("\"@workos/authkit-tanstack-react-start\": \"^0.11.1\""),
        "{pkg}"
    );
}

/// An existing `start.ts` with its own middleware, and a router with both `Wrap` (holding the
/// Convex provider) and `InnerWrap` (another provider): AuthKit's middleware goes first, the
/// `Wrap` goes, and the providers nest around the existing `InnerWrap`. No Prettier: the files'
/// own double quotes, semicolons and four-space indents.
#[test]
fn existing_start_entry_and_wraps() {
    let ctx = TestContext::new("tanstack-start-wraps");
    let out = ctx
        .init(&existing_local())
        .env("WORKOS_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    insta::assert_snapshot!(ctx.read("src/start.ts"), @r#"
    import { createMiddleware, createStart } from "@tanstack/react-start";
    import { authkitMiddleware } from "@workos/authkit-tanstack-react-start";

    // Logs every request with its duration.
    const loggingMiddleware = createMiddleware().server(async ({ request, next }) => {
        const started = Date.now();
        const result = await next();
        console.log(`${request.method} ${new URL(request.url).pathname} ${Date.now() - started}ms`);
        return result;
    });

    export const startInstance = createStart(() => {
        return {
            requestMiddleware: [authkitMiddleware(), loggingMiddleware],
        };
    });
    "#);
    insta::assert_snapshot!(ctx.read("src/router.tsx"), @r#"
    import { createRouter } from "@tanstack/react-router";
    import { QueryClient } from "@tanstack/react-query";
    import { setupRouterSsrQueryIntegration } from "@tanstack/react-router-ssr-query";
    import { ConvexQueryClient } from "@convex-dev/react-query";
    import { ConvexReactClient, ConvexProviderWithAuth } from "convex/react";
    import {
        AuthKitProvider,
        useAccessToken,
        useAuth,
    } from "@workos/authkit-tanstack-react-start/client";
    import { useCallback, useMemo } from "react";
    import { routeTree } from "./routeTree.gen";
    import { ThemeProvider } from "./theme";

    export function getRouter() {
        const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);
        const convexQueryClient = new ConvexQueryClient(convex);
        const queryClient = new QueryClient({
            defaultOptions: {
                queries: {
                    queryKeyHashFn: convexQueryClient.hashFn(),
                    queryFn: convexQueryClient.queryFn(),
                },
            },
        });
        convexQueryClient.connect(queryClient);

        const router = createRouter({
            routeTree,
            context: { queryClient, convexQueryClient },
            scrollRestoration: true,
            InnerWrap: ({ children }) => (
                <AuthKitProvider>
                    <ConvexProviderWithAuth
                        client={convex}
                        useAuth={useAuthFromWorkOS}
                    >
                        <ThemeProvider>
                            {children}
                        </ThemeProvider>
                    </ConvexProviderWithAuth>
                </AuthKitProvider>
            ),
        });
        setupRouterSsrQueryIntegration({ router, queryClient });
        return router;
    }

    // Convex asks for tokens through this hook: AuthKit's session user and access token.
    function useAuthFromWorkOS() {
        const { loading, user } = useAuth();
        const { getAccessToken, refresh } = useAccessToken();

        const fetchAccessToken = useCallback(
            async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
                if (!user) {
                    return null;
                }
                if (forceRefreshToken) {
                    return (await refresh()) ?? null;
                }
                return (await getAccessToken()) ?? null;
            },
            [user, refresh, getAccessToken],
        );

        return useMemo(
            () => ({
                isLoading: loading,
                isAuthenticated: !!user,
                fetchAccessToken,
            }),
            [loading, user, fetchAccessToken],
        );
    }
    "#);
    insta::assert_snapshot!(ctx.read("src/routes/__root.tsx"), @r#"
    import { HeadContent, Outlet, Scripts, createRootRouteWithContext } from "@tanstack/react-router";
    import type { QueryClient } from "@tanstack/react-query";
    import type { ReactNode } from "react";
    import type { ConvexQueryClient } from "@convex-dev/react-query";
    import { getAuth } from "@workos/authkit-tanstack-react-start";

    interface RouterContext {
        queryClient: QueryClient;
        convexQueryClient: ConvexQueryClient;
    }

    export const Route = createRootRouteWithContext<RouterContext>()({
        head: () => ({
            meta: [{ charSet: "utf-8" }, { title: "Wraps" }],
        }),
        component: RootComponent,
        beforeLoad: async (ctx) => {
            const auth = await getAuth();

            // Server-side rendering runs Convex queries over HTTP (`serverHttpClient` exists only
            // there): give it the session's access token so they run as the signed-in user.
            if (auth.user) {
                ctx.context.convexQueryClient.serverHttpClient?.setAuth(
                    auth.accessToken,
                );
            }

            return { user: auth.user };
        },
    });

    function RootComponent() {
        return (
            <RootDocument>
                <Outlet />
            </RootDocument>
        );
    }

    function RootDocument({ children }: { children: ReactNode }) {
        return (
            <html lang="en">
                <head>
                    <HeadContent />
                </head>
                <body>
                    {children}
                    <Scripts />
                </body>
            </html>
        );
    }
    "#);
    // Secrets land only once `.gitignore` covers `.env.local` (the edit comes first).
    assert!(ctx.read(".gitignore").ends_with(".env.local\n"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let gitignore = stdout.find("+++ b/.gitignore").unwrap();
    let env = stdout.find("+++ b/.env.local").unwrap();
    assert!(gitignore < env, "{stdout}");
}

/// A JavaScript app with its routes in `src/pages` (the plugin's `routesDirectory`) and a pinned
/// port 4000, for the managed team and production: the routes go where the router reads them,
/// `convex.json` and the env use port 4000, and the managed team's secrets are left to
/// `npx convex dev`.
#[test]
fn custom_routes_directory_and_pinned_port_managed_production() {
    let ctx = TestContext::new("tanstack-start-routes-dir");
    let out = ctx
        .init(&[
            "--team",
            "managed",
            "--scope",
            "production",
            "--prod-url",
            "https://app.example.com",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", all_output(&out));
    insta::assert_snapshot!(ctx.read("convex.json"), @r#"
    {
      "$schema": "./node_modules/convex/schemas/convex.schema.json",
      "authKit": {
        "dev": {
          "configure": {
            "redirectUris": ["http://localhost:4000/callback"],
            "appHomepageUrl": "http://localhost:4000",
            "corsOrigins": ["http://localhost:4000"]
          },
          "localEnvVars": {
            "WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
            "WORKOS_API_KEY": "${authEnv.WORKOS_API_KEY}",
            "WORKOS_REDIRECT_URI": "http://localhost:4000/callback"
          }
        },
        "prod": {
          "configure": {
            "redirectUris": ["https://app.example.com/callback"],
            "appHomepageUrl": "https://app.example.com",
            "corsOrigins": ["https://app.example.com"]
          }
        }
      }
    }
    "#);
    for rel in [
        "src/start.js",
        "src/pages/callback.jsx",
        "src/pages/sign-in.jsx",
        "src/pages/sign-up.jsx",
        "src/components/AuthButton.jsx",
    ] {
        assert!(ctx.root.join(rel).is_file(), "{rel}");
    }
    assert!(!ctx.root.join("src/routes").exists());
    insta::assert_snapshot!(ctx.read("src/router.jsx"), @"
    import { createRouter } from '@tanstack/react-router';
    import { ConvexReactClient, ConvexProviderWithAuth } from 'convex/react';
    import {
      AuthKitProvider,
      useAccessToken,
      useAuth,
    } from '@workos/authkit-tanstack-react-start/client';
    import { useCallback, useMemo } from 'react';
    import { routeTree } from './routeTree.gen';

    const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);

    export function getRouter() {
      return createRouter({
        routeTree,
        scrollRestoration: true,
        InnerWrap: ({ children }) => (
          <AuthKitProvider>
            <ConvexProviderWithAuth client={convex} useAuth={useAuthFromWorkOS}>
              {children}
            </ConvexProviderWithAuth>
          </AuthKitProvider>
        ),
      });
    }

    // Convex asks for tokens through this hook: AuthKit's session user and access token.
    function useAuthFromWorkOS() {
      const { loading, user } = useAuth();
      const { getAccessToken, refresh } = useAccessToken();

      const fetchAccessToken = useCallback(
        async ({ forceRefreshToken }) => {
          if (!user) {
            return null;
          }
          if (forceRefreshToken) {
            return (await refresh()) ?? null;
          }
          return (await getAccessToken()) ?? null;
        },
        [user, refresh, getAccessToken],
      );

      return useMemo(
        () => ({
          isLoading: loading,
          isAuthenticated: !!user,
          fetchAccessToken,
        }),
        [loading, user, fetchAccessToken],
      );
    }
    ");
    // No `ConvexQueryClient`, so nothing is queried on the server: the root route stays.
    assert_eq!(
        ctx.read("src/pages/__root.jsx"),
        fs_err::read_to_string(
            common::fixtures().join("tanstack-start-routes-dir/src/pages/__root.jsx")
        )
        .unwrap()
    );
    // `npx convex dev` writes `.env.local` (with the cookie password) for the managed team.
    assert!(!ctx.root.join(".env.local").exists());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("is not pinned"), "{stderr}");
    for name in [
        "WORKOS_API_KEY=<sk_live_…>",
        "WORKOS_COOKIE_PASSWORD=<a new 32+ character secret",
        "WORKOS_REDIRECT_URI=https://app.example.com/callback",
    ] {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
}

/// `--pin-port` sets `strictPort` in the Vite config; `--callback-path` moves the callback route
/// and the redirect URI together.
#[test]
fn pin_port_and_callback_path_agree() {
    let ctx = TestContext::new("tanstack-start");
    let out = ctx
        .init(
            &[
                &existing_local()[..],
                &["--pin-port", "--callback-path", "/api/auth/callback"],
            ]
            .concat(),
        )
        .env("WORKOS_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    insta::assert_snapshot!(ctx.read("vite.config.ts"), @"
    import { tanstackStart } from '@tanstack/react-start/plugin/vite'
    import { defineConfig } from 'vite'
    import tsConfigPaths from 'vite-tsconfig-paths'
    import tailwindcss from '@tailwindcss/vite'
    import viteReact from '@vitejs/plugin-react'

    export default defineConfig({
      server: {
        strictPort: true,
        port: 3000,
      },
      plugins: [
        tailwindcss(),
        tsConfigPaths({
          projects: ['./tsconfig.json'],
        }),
        tanstackStart(),
        viteReact(),
      ],
    })
    ");
    let uri = "http://localhost:3000/api/auth/callback";
    assert_eq!(
        env_value(&ctx.read(".env.local"), "WORKOS_REDIRECT_URI").as_deref(),
        Some(uri)
    );
    let json: serde_json::Value = serde_json::from_str(&ctx.read("convex.json")).unwrap();
    assert_eq!(
        json["authKit"]["dev"]["configure"]["redirectUris"],
        serde_json::json!([uri])
    );
    assert!(
        ctx.read("src/routes/api/auth/callback.tsx")
            .contains("createFileRoute('/api/auth/callback')")
    );
    assert!(!ctx.root.join("src/routes/callback.tsx").exists());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("is not pinned"));
}

/// Convex's `template-tanstack-start-authkit`, fresh and after `npx convex dev` wrote
/// `.env.local`: already set up, 0 bytes written.
#[test]
fn the_authkit_template_is_already_set_up() {
    let after_convex_dev = format!(
        "CONVEX_DEPLOYMENT=dev:happy-otter-123\nVITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n\n# See this environment at https://dashboard.workos.com/environment_01J/authentication\nWORKOS_CLIENT_ID={CLIENT}\n\nWORKOS_API_KEY={KEY}\n\nWORKOS_REDIRECT_URI=http://localhost:3000/callback\n\nWORKOS_COOKIE_PASSWORD=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n"
    );
    for env_local in [None, Some(after_convex_dev.as_str())] {
        for args in [&["--scope", "local"][..], &[][..]] {
            let ctx = TestContext::new("tanstack-start-authkit-template");
            if let Some(text) = env_local {
                fs_err::write(ctx.root.join(".env.local"), text).unwrap();
            }
            let before = ctx.tree();
            let out = ctx
                .init(&[args, &["--yes", "--json"]].concat())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", all_output(&out));
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["status"], "already_set_up", "{report}");
            assert_eq!(report["project"]["framework"], "tanstack-start");
            assert_eq!(report["files"], serde_json::json!([]));
            assert_eq!(report["packages"], serde_json::json!([]));
            assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
        }
    }
}

/// Every TanStack fixture, both team paths, both scopes: a second run writes 0 bytes.
#[test]
fn second_run_writes_nothing() {
    for fixture in FIXTURES {
        for team in [
            &["--team", "existing", "--client-id", CLIENT][..],
            &["--team", "managed"][..],
        ] {
            for scope in [
                &["--scope", "local"][..],
                &[
                    "--scope",
                    "production",
                    "--prod-url",
                    "https://app.example.com",
                ][..],
            ] {
                let ctx = TestContext::new(fixture);
                let args = [team, scope, &["--yes", "--with-users-table"]].concat();
                let first = ctx.init(&args).env("WORKOS_API_KEY", KEY).output().unwrap();
                assert!(
                    matches!(first.status.code(), Some(0 | 3)),
                    "{fixture}: {}",
                    all_output(&first)
                );
                let before = ctx.tree();
                let second = ctx.init(&args).env("WORKOS_API_KEY", KEY).output().unwrap();
                let stderr = String::from_utf8_lossy(&second.stderr);
                assert_eq!(
                    second.status.code(),
                    Some(0),
                    "{fixture} {team:?} {scope:?}: {stderr}"
                );
                assert!(stderr.contains("already set up"), "{fixture}: {stderr}");
                assert!(second.stdout.is_empty(), "{fixture}: no diff");
                assert_eq!(
                    changed(&before, &ctx.tree()),
                    Vec::<String>::new(),
                    "{fixture} {team:?} {scope:?}"
                );
            }
        }
    }
}

/// `--dry-run` prints the plan and writes nothing; `--json` reports it as data, secrets masked.
#[test]
fn dry_run_and_json_plan() {
    for fixture in FIXTURES {
        let ctx = TestContext::new(fixture);
        let before = ctx.tree();
        let out = ctx
            .init(&[&existing_local()[..], &["--dry-run", "--json"]].concat())
            .env("WORKOS_API_KEY", KEY)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{fixture}: {}",
            all_output(&out)
        );
        assert_eq!(
            changed(&before, &ctx.tree()),
            Vec::<String>::new(),
            "{fixture}"
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains(&KEY["sk_test_".len()..]), "{text}");
        let report: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(report["status"], "dry_run");
        assert_eq!(report["project"]["framework"], "tanstack-start");
        let secret = |name: &str| {
            report["env"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|v| v["name"] == name)
                .all(|v| v["secret"] == true && v["value"].is_null())
        };
        assert!(secret("WORKOS_API_KEY") && secret("WORKOS_COOKIE_PASSWORD"));
        let files: Vec<&str> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert!(
            files
                .iter()
                .any(|f| f.ends_with("/callback.tsx") || f.ends_with("/callback.jsx")),
            "{files:?}"
        );
        assert!(
            !files.iter().any(|f| f.contains("routeTree.gen")),
            "{files:?}"
        );
    }
}

/// Another auth provider wired in the router stops init before anything is written.
#[test]
fn clerk_stops_before_writing() {
    let ctx = TestContext::new("tanstack-start");
    let router = ctx
        .read("src/router.tsx")
        .replace(
            "import { ConvexProvider } from 'convex/react'",
            "import { ConvexProviderWithClerk } from 'convex/react-clerk'\nimport { useAuth } from '@clerk/tanstack-react-start'",
        )
        .replace(
            "<ConvexProvider client={convexQueryClient.convexClient}>",
            "<ConvexProviderWithClerk client={convexQueryClient.convexClient} useAuth={useAuth}>",
        )
        .replace("</ConvexProvider>", "</ConvexProviderWithClerk>");
    fs_err::write(ctx.root.join("src/router.tsx"), router).unwrap();
    let pkg = ctx.read("package.json").replace(
        "\"@tanstack/react-query\"",
        "\"@clerk/tanstack-react-start\": \"^0.20.0\",\n    \"@tanstack/react-query\"",
    );
    fs_err::write(ctx.root.join("package.json"), pkg).unwrap();
    let before = ctx.tree();
    cli_snapshot!(ctx, ctx.init(&existing_local()), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: Clerk is already wired in this app (`<ConvexProviderWithClerk>` in `src/router.tsx:37`); replacing it with AuthKit is out of scope for `init`
    hint: to switch, remove Clerk's providers from the provider tree and its provider from `convex/auth.config.*`, then run `convex-authkit init` again
    hint: and uninstall `@clerk/tanstack-react-start`; nothing was written
    ");
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}

/// Code init can't rewire stops with the snippet to paste and the app untouched.
#[test]
fn unsupported_router_stops_with_the_snippet() {
    let ctx = TestContext::new("tanstack-start");
    let router = ctx.read("src/router.tsx").replace(
        "          {children}\n",
        "          <Toaster />\n          {children}\n",
    );
    fs_err::write(ctx.root.join("src/router.tsx"), router).unwrap();
    let before = ctx.tree();
    cli_snapshot!(ctx, ctx.init(&existing_local()).env("WORKOS_API_KEY", KEY), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `<ConvexProvider>` in `src/router.tsx` wraps something other than `{children}`; init rewires only `<ConvexProvider client={…}>{children}</ConvexProvider>`
      --> src/router.tsx:36:9
    hint: wire the providers in `src/router.tsx` by hand as in the snippet below, then run again; nothing was written

        import { ConvexProviderWithAuth } from 'convex/react'
        import {
          AuthKitProvider,
          useAccessToken,
          useAuth,
        } from '@workos/authkit-tanstack-react-start/client'
        import { useCallback, useMemo } from 'react'
        
        // in createRouter({ … }): `InnerWrap` renders inside the router, as in Convex's template
          InnerWrap: ({ children }) => (
            <AuthKitProvider>
              <ConvexProviderWithAuth
                client={convexQueryClient.convexClient}
                useAuth={useAuthFromWorkOS}
              >
                {children}
              </ConvexProviderWithAuth>
            </AuthKitProvider>
          ),
        
        // Convex asks for tokens through this hook: AuthKit's session user and access token.
        function useAuthFromWorkOS() {
          const { loading, user } = useAuth()
          const { getAccessToken, refresh } = useAccessToken()
        
          const fetchAccessToken = useCallback(
            async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
              if (!user) {
                return null
              }
              if (forceRefreshToken) {
                return (await refresh()) ?? null
              }
              return (await getAccessToken()) ?? null
            },
            [user, refresh, getAccessToken],
          )
        
          return useMemo(
            () => ({
              isLoading: loading,
              isAuthenticated: !!user,
              fetchAccessToken,
            }),
            [loading, user, fetchAccessToken],
          )
        }
    ");
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}

fn doctor_summary(ctx: &TestContext) -> (i32, serde_json::Value) {
    let out = ctx
        .command()
        .args(["doctor"])
        .arg(&ctx.root)
        .arg("--json")
        .output()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", all_output(&out)));
    (out.status.code().unwrap_or(-1), report)
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect()
}

/// `doctor` asks the recipe for the names, flow and files: no false errors on Convex's set-up
/// template (as shipped, and with the env `npx convex dev` writes), "not set up" before init,
/// and nothing but the missing key after an init without one.
#[test]
fn doctor_reads_tanstack_apps() {
    let ctx = TestContext::new("tanstack-start-authkit-template");
    let (code, report) = doctor_summary(&ctx);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(codes(&report), ["info AK310", "warning AK201"]);
    fs_err::write(
        ctx.root.join(".env.local"),
        format!("CONVEX_DEPLOYMENT=dev:happy-otter-123\nVITE_CONVEX_URL=https://happy-otter-123.convex.cloud\nWORKOS_CLIENT_ID={CLIENT}\nWORKOS_API_KEY={KEY}\nWORKOS_REDIRECT_URI=http://localhost:3000/callback\nWORKOS_COOKIE_PASSWORD=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n"),
    )
    .unwrap();
    let (code, report) = doctor_summary(&ctx);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(codes(&report), ["info AK310", "warning AK201"]);

    for fixture in FIXTURES {
        let ctx = TestContext::new(fixture);
        let (_, report) = doctor_summary(&ctx);
        assert_eq!(codes(&report), ["warning AK001"], "{fixture}: {report:#}");
        let out = ctx.init(&existing_local()).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
        let (code, report) = doctor_summary(&ctx);
        assert_eq!(code, 1, "{fixture}: {report:#}");
        let errors: Vec<String> = codes(&report)
            .into_iter()
            .filter(|c| c.starts_with("error"))
            .collect();
        assert_eq!(errors, ["error AK408"], "{fixture}: {report:#}");
        let out = init_with_stdin(
            &ctx,
            &[&existing_local()[..], &["--api-key-stdin"]].concat(),
            KEY,
        );
        assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
        let (code, report) = doctor_summary(&ctx);
        assert_eq!(code, 0, "{fixture}: {report:#}");
    }
}
