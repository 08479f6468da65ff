//! End-to-end tests of `convex-authkit init` on the fixture apps in `tests/fixtures/`.

mod common;

use common::{TestContext, changed};

const CLIENT: &str = "client_01JTEST0000000000000000000";

fn existing_local() -> Vec<&'static str> {
    vec![
        "--team",
        "existing",
        "--client-id",
        CLIENT,
        "--scope",
        "local",
    ]
}

#[test]
fn basic_ts_existing_local() {
    let ctx = TestContext::new("basic-ts");
    cli_snapshot!(ctx, ctx.init(&existing_local()), @r#"
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
    +        "redirectUris": ["http://localhost:5173/callback"],
    +        "appHomepageUrl": "http://localhost:5173",
    +        "corsOrigins": ["http://localhost:5173"]
    +      }
    +    }
    +  }
    +}
    --- /dev/null
    +++ b/convex/auth.config.ts
    @@ -0,0 +1,21 @@
    +import type { AuthConfig } from "convex/server";
    +
    +const clientId = process.env.WORKOS_CLIENT_ID;
    +
    +export default {
    +  providers: [
    +    {
    +      type: "customJwt",
    +      issuer: "https://api.workos.com/",
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +      applicationID: clientId,
    +    },
    +    {
    +      type: "customJwt",
    +      issuer: `https://api.workos.com/user_management/${clientId}`,
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +    },
    +  ],
    +} satisfies AuthConfig;
    --- a/.env.local
    +++ b/.env.local
    @@ -2,3 +2,5 @@
     CONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo
     
     VITE_CONVEX_URL=https://happy-otter-123.convex.cloud
    +VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000
    +VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback
    --- a/src/main.tsx
    +++ b/src/main.tsx
    @@ -1,14 +1,24 @@
     import { StrictMode } from "react";
     import { createRoot } from "react-dom/client";
    -import { ConvexProvider, ConvexReactClient } from "convex/react";
    +import { ConvexReactClient } from "convex/react";
    +import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
    +import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
     import "./index.css";
     import App from "./App.tsx";
     
     const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);
     createRoot(document.getElementById("root")!).render(
       <StrictMode>
    -    <ConvexProvider client={convex}>
    -      <App />
    -    </ConvexProvider>
    +    <AuthKitProvider
    +      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
    +      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
    +      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
    +      port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
    +      https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== "false" : undefined}
    +    >
    +      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
    +        <App />
    +      </ConvexProviderWithAuthKit>
    +    </AuthKitProvider>
       </StrictMode>,
     );
    --- /dev/null
    +++ b/src/AuthButton.tsx
    @@ -0,0 +1,23 @@
    +import { useConvexAuth } from "convex/react";
    +import { useAuth } from "@workos-inc/authkit-react";
    +
    +/**
    + * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only
    + * AuthKit's, so "signed in" means Convex accepted the WorkOS token. Render it anywhere inside
    + * the providers, e.g. in `App`.
    + */
    +export function AuthButton() {
    +  const { isLoading, isAuthenticated } = useConvexAuth();
    +  const { user, signIn, signOut } = useAuth();
    +  if (isLoading) {
    +    return <button disabled>Signing in…</button>;
    +  }
    +  if (isAuthenticated) {
    +    return <button onClick={() => signOut()}>Sign out {user?.email}</button>;
    +  }
    +  if (user) {
    +    // AuthKit has a user but Convex rejected the token: see `convex-authkit doctor`.
    +    return <button onClick={() => signOut()}>Convex rejected the sign-in; sign out</button>;
    +  }
    +  return <button onClick={() => void signIn()}>Sign in</button>;
    +}
    --- a/package.json
    +++ b/package.json
    @@ -9,6 +9,8 @@
         "preview": "vite preview"
       },
       "dependencies": {
    +    "@convex-dev/workos": "^0.0.3",
    +    "@workos-inc/authkit-react": "^0.16.2",
         "convex": "^1.49.0",
         "react": "^19.2.0",
         "react-dom": "^19.2.0"
    --- a/.gitignore
    +++ b/.gitignore
    @@ -21,3 +21,4 @@
     *.njsproj
     *.sln
     *.sw?
    +.env.local

    ----- stderr -----
    convex-authkit init React (Vite) · typescript · npm
      entry      `src/main.tsx`
      dev port   5173 (from default, not pinned)
      redirect   `http://localhost:5173/callback`
      team       existing WorkOS team
      scope      local only
    warning: the dev port 5173 is not pinned: the dev server moves to the next free port when 5173 is busy, and sign-in then returns to the wrong URL
      hint: run again with `--pin-port` to set `server.port: 5173` and `server.strictPort: true` in `vite.config.ts`
    ✓ Changed 7 files

    Next steps
      1. Install the new packages
           npm install
      2. Set the client ID on your Convex dev deployment
           npx convex env set WORKOS_CLIENT_ID client_01JTEST0000000000000000000
      3. Set the API key (`sk_test_…`, WorkOS dashboard → API keys) on the deployment; the command reads it from a hidden prompt, so it never lands in your shell history
           npx convex env set WORKOS_API_KEY
      4. Push the auth config; `npx convex dev` also registers the redirect URI, homepage and CORS origin from `convex.json` in WorkOS
           npm run dev
      5. Render `<AuthButton />` (`import { AuthButton } from "./AuthButton"`) somewhere inside the providers, e.g. at the top of `App` in `src/App.tsx`
      6. Open http://localhost:5173 and sign in; you should return to http://localhost:5173/callback and `useConvexAuth().isAuthenticated` becomes true
    "#);
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
    insta::assert_snapshot!(ctx.read(".env.local"), @"
    # Deployment used by `npx convex dev`
    CONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo

    VITE_CONVEX_URL=https://happy-otter-123.convex.cloud
    VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000
    VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback
    ");
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
          port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
          https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== "false" : undefined}
        >
          <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
            <App />
          </ConvexProviderWithAuthKit>
        </AuthKitProvider>
      </StrictMode>,
    );
    "#);
    insta::assert_snapshot!(ctx.read("convex/auth.config.ts"), @r#"
    import type { AuthConfig } from "convex/server";

    const clientId = process.env.WORKOS_CLIENT_ID;

    export default {
      providers: [
        {
          type: "customJwt",
          issuer: "https://api.workos.com/",
          algorithm: "RS256",
          jwks: `https://api.workos.com/sso/jwks/${clientId}`,
          applicationID: clientId,
        },
        {
          type: "customJwt",
          issuer: `https://api.workos.com/user_management/${clientId}`,
          algorithm: "RS256",
          jwks: `https://api.workos.com/sso/jwks/${clientId}`,
        },
      ],
    } satisfies AuthConfig;
    "#);
    insta::assert_snapshot!(ctx.read("package.json"), @r#"
    {
      "name": "basic-ts",
      "private": true,
      "version": "0.0.0",
      "type": "module",
      "scripts": {
        "dev": "convex dev --start 'vite --open'",
        "build": "tsc -b && vite build",
        "preview": "vite preview"
      },
      "dependencies": {
        "@convex-dev/workos": "^0.0.3",
        "@workos-inc/authkit-react": "^0.16.2",
        "convex": "^1.49.0",
        "react": "^19.2.0",
        "react-dom": "^19.2.0"
      },
      "devDependencies": {
        "@types/node": "^24.10.1",
        "@types/react": "^19.2.6",
        "@types/react-dom": "^19.2.3",
        "@vitejs/plugin-react": "^6.0.0",
        "typescript": "~5.9.3",
        "vite": "^8.0.0"
      }
    }
    "#);
}

#[test]
fn basic_ts_managed_local_needs_action() {
    let ctx = TestContext::new("basic-ts");
    let env_before = ctx.read(".env.local");
    cli_snapshot!(ctx, ctx.init(&["--team", "managed", "--scope", "local"]), @r#"
    success: false
    exit_code: 3
    ----- stdout -----
    --- /dev/null
    +++ b/convex.json
    @@ -0,0 +1,16 @@
    +{
    +  "$schema": "./node_modules/convex/schemas/convex.schema.json",
    +  "authKit": {
    +    "dev": {
    +      "configure": {
    +        "redirectUris": ["http://localhost:5173/callback"],
    +        "appHomepageUrl": "http://localhost:5173",
    +        "corsOrigins": ["http://localhost:5173"]
    +      },
    +      "localEnvVars": {
    +        "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
    +        "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"
    +      }
    +    }
    +  }
    +}
    --- /dev/null
    +++ b/convex/auth.config.ts
    @@ -0,0 +1,21 @@
    +import type { AuthConfig } from "convex/server";
    +
    +const clientId = process.env.WORKOS_CLIENT_ID;
    +
    +export default {
    +  providers: [
    +    {
    +      type: "customJwt",
    +      issuer: "https://api.workos.com/",
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +      applicationID: clientId,
    +    },
    +    {
    +      type: "customJwt",
    +      issuer: `https://api.workos.com/user_management/${clientId}`,
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +    },
    +  ],
    +} satisfies AuthConfig;
    --- a/src/main.tsx
    +++ b/src/main.tsx
    @@ -1,14 +1,24 @@
     import { StrictMode } from "react";
     import { createRoot } from "react-dom/client";
    -import { ConvexProvider, ConvexReactClient } from "convex/react";
    +import { ConvexReactClient } from "convex/react";
    +import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
    +import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
     import "./index.css";
     import App from "./App.tsx";
     
     const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);
     createRoot(document.getElementById("root")!).render(
       <StrictMode>
    -    <ConvexProvider client={convex}>
    -      <App />
    -    </ConvexProvider>
    +    <AuthKitProvider
    +      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
    +      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
    +      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
    +      port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
    +      https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== "false" : undefined}
    +    >
    +      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
    +        <App />
    +      </ConvexProviderWithAuthKit>
    +    </AuthKitProvider>
       </StrictMode>,
     );
    --- /dev/null
    +++ b/src/AuthButton.tsx
    @@ -0,0 +1,23 @@
    +import { useConvexAuth } from "convex/react";
    +import { useAuth } from "@workos-inc/authkit-react";
    +
    +/**
    + * Sign in / sign out. It trusts Convex's view of the session (`useConvexAuth`), not only
    + * AuthKit's, so "signed in" means Convex accepted the WorkOS token. Render it anywhere inside
    + * the providers, e.g. in `App`.
    + */
    +export function AuthButton() {
    +  const { isLoading, isAuthenticated } = useConvexAuth();
    +  const { user, signIn, signOut } = useAuth();
    +  if (isLoading) {
    +    return <button disabled>Signing in…</button>;
    +  }
    +  if (isAuthenticated) {
    +    return <button onClick={() => signOut()}>Sign out {user?.email}</button>;
    +  }
    +  if (user) {
    +    // AuthKit has a user but Convex rejected the token: see `convex-authkit doctor`.
    +    return <button onClick={() => signOut()}>Convex rejected the sign-in; sign out</button>;
    +  }
    +  return <button onClick={() => void signIn()}>Sign in</button>;
    +}
    --- a/package.json
    +++ b/package.json
    @@ -9,6 +9,8 @@
         "preview": "vite preview"
       },
       "dependencies": {
    +    "@convex-dev/workos": "^0.0.3",
    +    "@workos-inc/authkit-react": "^0.16.2",
         "convex": "^1.49.0",
         "react": "^19.2.0",
         "react-dom": "^19.2.0"
    --- a/.gitignore
    +++ b/.gitignore
    @@ -21,3 +21,4 @@
     *.njsproj
     *.sln
     *.sw?
    +.env.local

    ----- stderr -----
    convex-authkit init React (Vite) · typescript · npm
      entry      `src/main.tsx`
      dev port   5173 (from default, not pinned)
      redirect   `http://localhost:5173/callback`
      team       Convex-managed WorkOS team
      scope      local only
    warning: the dev port 5173 is not pinned: the dev server moves to the next free port when 5173 is busy, and sign-in then returns to the wrong URL
      hint: run again with `--pin-port` to set `server.port: 5173` and `server.strictPort: true` in `vite.config.ts`
    ✓ Changed 6 files

    Next steps
      1. Install the new packages
           npm install
      2. Run it once in an interactive terminal: it creates or picks the Convex-managed WorkOS team, provisions the environment, sets `WORKOS_CLIENT_ID`/`WORKOS_API_KEY` on the deployment and writes `VITE_WORKOS_CLIENT_ID`/`VITE_WORKOS_REDIRECT_URI` to `.env.local`
           npx convex dev
      3. Render `<AuthButton />` (`import { AuthButton } from "./AuthButton"`) somewhere inside the providers, e.g. at the top of `App` in `src/App.tsx`
      4. Open http://localhost:5173 and sign in; you should return to http://localhost:5173/callback and `useConvexAuth().isAuthenticated` becomes true

    action required: `npx convex dev` must run once in an interactive terminal to create or pick the Convex-managed WorkOS team and provision the environment
      run `npx convex dev` in a terminal
    "#);
    insta::assert_snapshot!(ctx.read("convex.json"), @r#"
    {
      "$schema": "./node_modules/convex/schemas/convex.schema.json",
      "authKit": {
        "dev": {
          "configure": {
            "redirectUris": ["http://localhost:5173/callback"],
            "appHomepageUrl": "http://localhost:5173",
            "corsOrigins": ["http://localhost:5173"]
          },
          "localEnvVars": {
            "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
            "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"
          }
        }
      }
    }
    "#);
    // The managed path leaves `.env.local` to `npx convex dev`'s `localEnvVars`.
    assert_eq!(ctx.read(".env.local"), env_before);
}

#[test]
fn managed_json_reports_action_required() {
    let ctx = TestContext::new("basic-ts");
    let out = ctx
        .init(&["--team", "managed", "--scope", "local", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["status"], "applied");
    assert_eq!(v["exit_code"], 3);
    assert_eq!(v["action_required"][0]["kind"], "convex_dev_interactive");
    assert_eq!(v["choices"]["team"], "managed");
    assert_eq!(v["project"]["dev_port"]["port"], 5173);
    let api_key = v["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "WORKOS_API_KEY")
        .unwrap();
    assert_eq!(api_key["secret"], true);
    assert!(
        api_key["value"].is_null(),
        "secret values are never printed"
    );
}

#[test]
fn production_with_prod_url() {
    let ctx = TestContext::new("basic-ts");
    let mut args = vec![
        "--team",
        "existing",
        "--client-id",
        CLIENT,
        "--scope",
        "production",
        "--prod-url",
        "https://app.example.com/",
    ];
    args.push("--json");
    let out = ctx.init(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    // Prod values never go into `.env.local`.
    assert!(!ctx.read(".env.local").contains("app.example.com"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = serde_json::to_string(&v["next_steps"]).unwrap();
    assert!(steps.contains("--prod WORKOS_CLIENT_ID"), "{steps}");
    assert!(steps.contains("VITE_WORKOS_API_HOSTNAME"), "{steps}");
}

#[test]
fn production_from_vercel_with_preview() {
    let ctx = TestContext::new("basic-ts");
    let out = ctx
        .init(&[
            "--team",
            "managed",
            "--scope",
            "production",
            "--prod-url-from",
            "vercel",
            "--preview",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(ctx.read("convex.json"), @r#"
    {
      "$schema": "./node_modules/convex/schemas/convex.schema.json",
      "authKit": {
        "dev": {
          "configure": {
            "redirectUris": ["http://localhost:5173/callback"],
            "appHomepageUrl": "http://localhost:5173",
            "corsOrigins": ["http://localhost:5173"]
          },
          "localEnvVars": {
            "VITE_WORKOS_CLIENT_ID": "${authEnv.WORKOS_CLIENT_ID}",
            "VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"
          }
        },
        "preview": {
          "configure": {
            "redirectUris": ["https://${buildEnv.VERCEL_BRANCH_URL}/callback"],
            "appHomepageUrl": "https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}",
            "corsOrigins": ["https://${buildEnv.VERCEL_BRANCH_URL}"]
          }
        },
        "prod": {
          "configure": {
            "redirectUris": ["https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback"],
            "appHomepageUrl": "https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}",
            "corsOrigins": ["https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}"]
          }
        }
      }
    }
    "#);
}

/// Netlify previews: the branch deploy's URL for the redirect URI and CORS origin, production's
/// for the one homepage the WorkOS environment has (each preview deploy would overwrite another's).
#[test]
fn production_from_netlify_with_preview() {
    let ctx = TestContext::new("basic-ts");
    let out = ctx
        .init(&[
            "--team",
            "managed",
            "--scope",
            "production",
            "--prod-url-from",
            "netlify",
            "--preview",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&ctx.read("convex.json")).expect("convex.json is plain JSON");
    let preview = &json["authKit"]["preview"]["configure"];
    assert_eq!(
        preview["redirectUris"],
        serde_json::json!(["${buildEnv.DEPLOY_PRIME_URL}/callback"])
    );
    assert_eq!(
        preview["corsOrigins"],
        serde_json::json!(["${buildEnv.DEPLOY_PRIME_URL}"])
    );
    assert_eq!(preview["appHomepageUrl"], "${buildEnv.URL}");
    assert_eq!(
        json["authKit"]["prod"]["configure"]["appHomepageUrl"],
        "${buildEnv.URL}"
    );
}

#[test]
fn basic_js_existing() {
    let ctx = TestContext::new("basic-js");
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(ctx.read("src/main.jsx"), @r#"
    import { StrictMode } from "react";
    import { createRoot } from "react-dom/client";
    import { ConvexReactClient } from "convex/react";
    import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
    import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
    import "./index.css";
    import App from "./App.jsx";

    const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);
    createRoot(document.getElementById("root")).render(
      <StrictMode>
        <AuthKitProvider
          clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
          redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
          apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
          port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
          https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== "false" : undefined}
        >
          <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
            <App />
          </ConvexProviderWithAuthKit>
        </AuthKitProvider>
      </StrictMode>,
    );
    "#);
    insta::assert_snapshot!(ctx.read("convex/auth.config.js"), @r#"
    const clientId = process.env.WORKOS_CLIENT_ID;

    export default {
      providers: [
        {
          type: "customJwt",
          issuer: "https://api.workos.com/",
          algorithm: "RS256",
          jwks: `https://api.workos.com/sso/jwks/${clientId}`,
          applicationID: clientId,
        },
        {
          type: "customJwt",
          issuer: `https://api.workos.com/user_management/${clientId}`,
          algorithm: "RS256",
          jwks: `https://api.workos.com/sso/jwks/${clientId}`,
        },
      ],
    };
    "#);
    assert!(ctx.root.join("src/AuthButton.jsx").exists());
    assert!(!ctx.root.join("convex/auth.config.ts").exists());
}

#[test]
fn vite_config_port_is_used_and_pinned() {
    let ctx = TestContext::new("vite-port");
    let out = ctx
        .init(&[&existing_local()[..], &["--json"]].concat())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["project"]["dev_port"]["port"], 3000);
    assert_eq!(v["project"]["dev_port"]["pinned"], true);
    assert_eq!(
        v["choices"]["redirect_uri"],
        "http://localhost:3000/callback"
    );
    assert!(
        ctx.read(".env.local")
            .contains("VITE_WORKOS_REDIRECT_URI=http://localhost:3000/callback")
    );
    let notes = serde_json::to_string(&v["notes"]).unwrap();
    assert!(!notes.contains("not pinned"), "{notes}");
}

#[test]
fn dev_script_port_and_pin_port() {
    let ctx = TestContext::new("script-port");
    cli_snapshot!(ctx, ctx.init(&[&existing_local()[..], &["--pin-port", "--no-auth-button"]].concat()), @r#"
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
    +        "redirectUris": ["http://localhost:4000/callback"],
    +        "appHomepageUrl": "http://localhost:4000",
    +        "corsOrigins": ["http://localhost:4000"]
    +      }
    +    }
    +  }
    +}
    --- /dev/null
    +++ b/convex/auth.config.ts
    @@ -0,0 +1,21 @@
    +import type { AuthConfig } from "convex/server";
    +
    +const clientId = process.env.WORKOS_CLIENT_ID;
    +
    +export default {
    +  providers: [
    +    {
    +      type: "customJwt",
    +      issuer: "https://api.workos.com/",
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +      applicationID: clientId,
    +    },
    +    {
    +      type: "customJwt",
    +      issuer: `https://api.workos.com/user_management/${clientId}`,
    +      algorithm: "RS256",
    +      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    +    },
    +  ],
    +} satisfies AuthConfig;
    --- a/.env.local
    +++ b/.env.local
    @@ -2,3 +2,5 @@
     CONVEX_DEPLOYMENT=dev:happy-otter-123 # team: acme, project: demo
     
     VITE_CONVEX_URL=https://happy-otter-123.convex.cloud
    +VITE_WORKOS_CLIENT_ID=client_01JTEST0000000000000000000
    +VITE_WORKOS_REDIRECT_URI=http://localhost:4000/callback
    --- a/src/main.tsx
    +++ b/src/main.tsx
    @@ -1,14 +1,24 @@
     import { StrictMode } from "react";
     import { createRoot } from "react-dom/client";
    -import { ConvexProvider, ConvexReactClient } from "convex/react";
    +import { ConvexReactClient } from "convex/react";
    +import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
    +import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
     import "./index.css";
     import App from "./App.tsx";
     
     const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);
     createRoot(document.getElementById("root")!).render(
       <StrictMode>
    -    <ConvexProvider client={convex}>
    -      <App />
    -    </ConvexProvider>
    +    <AuthKitProvider
    +      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
    +      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
    +      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
    +      port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
    +      https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== "false" : undefined}
    +    >
    +      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
    +        <App />
    +      </ConvexProviderWithAuthKit>
    +    </AuthKitProvider>
       </StrictMode>,
     );
    --- a/package.json
    +++ b/package.json
    @@ -4,11 +4,13 @@
       "version": "0.0.0",
       "type": "module",
       "scripts": {
    -    "dev": "convex dev --start 'vite --port 4000 --open'",
    +    "dev": "convex dev --start 'vite --port 4000 --strictPort --open'",
         "build": "tsc -b && vite build",
         "preview": "vite preview"
       },
       "dependencies": {
    +    "@convex-dev/workos": "^0.0.3",
    +    "@workos-inc/authkit-react": "^0.16.2",
         "convex": "^1.49.0",
         "react": "^19.2.0",
         "react-dom": "^19.2.0"

    ----- stderr -----
    convex-authkit init React (Vite) · typescript · npm
      entry      `src/main.tsx`
      dev port   4000 (from `scripts.dev`, not pinned)
      redirect   `http://localhost:4000/callback`
      team       existing WorkOS team
      scope      local only
    ✓ Changed 5 files

    Next steps
      1. Install the new packages
           npm install
      2. Set the client ID on your Convex dev deployment
           npx convex env set WORKOS_CLIENT_ID client_01JTEST0000000000000000000
      3. Set the API key (`sk_test_…`, WorkOS dashboard → API keys) on the deployment; the command reads it from a hidden prompt, so it never lands in your shell history
           npx convex env set WORKOS_API_KEY
      4. Push the auth config; `npx convex dev` also registers the redirect URI, homepage and CORS origin from `convex.json` in WorkOS
           npm run dev
      5. Open http://localhost:4000 and sign in; you should return to http://localhost:4000/callback and `useConvexAuth().isAuthenticated` becomes true
    "#);
    assert!(
        ctx.read("convex.json")
            .contains("http://localhost:4000/callback")
    );
}

#[test]
fn existing_convex_json_keeps_comments_and_keys() {
    let ctx = TestContext::new("existing-convex-json");
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(ctx.read("convex.json"), @r#"
    {
        // Convex project configuration.
        "$schema": "./node_modules/convex/schemas/convex.schema.json",
        "functions": "convex/",
        /*
         * sharp ships native binaries, so it must be installed on the
         * server instead of being bundled into "use node" actions.
         */
        "node": {
            "externalPackages": ["sharp"]
        },
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

#[test]
fn existing_auth_config_gets_workos_beside_other_provider() {
    let ctx = TestContext::new("existing-auth-config");
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(ctx.read("convex/auth.config.ts"), @"
    import type { AuthConfig } from 'convex/server'

    // Tokens minted by our own auth service.
    export default {
      providers: [
        {
          type: 'customJwt',
          issuer: 'https://auth.example.com',
          jwks: 'https://auth.example.com/.well-known/jwks.json',
          algorithm: 'ES256',
          applicationID: 'demo-app',
        },
        {
          type: 'customJwt',
          issuer: 'https://api.workos.com/',
          algorithm: 'RS256',
          jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
          applicationID: process.env.WORKOS_CLIENT_ID,
        },
        {
          type: 'customJwt',
          issuer: `https://api.workos.com/user_management/${process.env.WORKOS_CLIENT_ID}`,
          algorithm: 'RS256',
          jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
        },
      ],
    } satisfies AuthConfig
    ");
}

#[test]
fn clerk_stops_before_writing() {
    let ctx = TestContext::new("clerk");
    let before = ctx.tree();
    cli_snapshot!(ctx, ctx.init(&existing_local()), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: Clerk is already wired in this app (`<ClerkProvider>` in `src/main.tsx:12`); replacing it with AuthKit is out of scope for `init`
    hint: to switch, remove Clerk's providers from the provider tree and its provider from `convex/auth.config.*`, then run `convex-authkit init` again
    hint: and uninstall `@clerk/clerk-react`; nothing was written
    ");
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}

#[test]
fn monorepo_subfolder() {
    let ctx = TestContext::with_app("monorepo", "apps/web");
    let out = ctx
        .init(&[&existing_local()[..], &["--json"]].concat())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["project"]["package_manager"], "pnpm");
    assert_eq!(v["install"]["command"], "pnpm install");
    assert!(ctx.root.join("convex.json").exists());
    assert!(
        !ctx.base.join("convex.json").exists(),
        "nothing is written at the workspace root"
    );
}

#[test]
fn nested_provider_component_is_edited_in_its_own_style() {
    let ctx = TestContext::new("nested-providers");
    let main_before = ctx.read("src/main.tsx");
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ctx.read("src/main.tsx"), main_before);
    insta::assert_snapshot!(ctx.read("src/Providers.tsx"), @"
    import type { ReactNode } from 'react'
    import { ConvexReactClient } from 'convex/react'
    import { AuthKitProvider, useAuth } from '@workos-inc/authkit-react'
    import { ConvexProviderWithAuthKit } from '@convex-dev/workos'

    const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string)

    export function Providers({ children }: { children: ReactNode }) {
        return <AuthKitProvider
            clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
            redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
            apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME || undefined}
            port={import.meta.env.VITE_WORKOS_API_PORT ? Number(import.meta.env.VITE_WORKOS_API_PORT) : undefined}
            https={import.meta.env.VITE_WORKOS_API_HTTPS ? import.meta.env.VITE_WORKOS_API_HTTPS !== 'false' : undefined}
        >
            <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>{children}</ConvexProviderWithAuthKit>
        </AuthKitProvider>
    }
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
}

#[test]
fn users_table() {
    let ctx = TestContext::new("vite-port");
    let out = ctx
        .init(&[&existing_local()[..], &["--with-users-table"]].concat())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(ctx.read("convex/schema.ts"), @r#"
    import { defineSchema, defineTable } from "convex/server";
    import { v } from "convex/values";

    // The schema is entirely optional.
    // You can delete this file (schema.ts) and the
    // app will continue to work.
    // The schema provides more precise TypeScript types.
    export default defineSchema({
      numbers: defineTable({
        value: v.number(),
      }),
      users: defineTable({
        name: v.string(),
        tokenIdentifier: v.string(),
      }).index("by_token", ["tokenIdentifier"]),
    });
    "#);
    assert!(
        ctx.read("convex/users.ts")
            .contains("export const store = mutation")
    );
    assert!(ctx.read("src/useStoreUser.ts").contains("users:store"));
}

/// Every fixture, both team paths: a second run writes 0 bytes and says so.
#[test]
fn second_run_writes_nothing() {
    let cases: &[(&str, &str)] = &[
        ("basic-ts", ""),
        ("basic-js", ""),
        ("vite-port", ""),
        ("script-port", ""),
        ("existing-convex-json", ""),
        ("existing-auth-config", ""),
        ("monorepo", "apps/web"),
        ("nested-providers", ""),
    ];
    for (fixture, app) in cases {
        for team in [
            &["--team", "existing", "--client-id", CLIENT][..],
            &["--team", "managed"][..],
        ] {
            let ctx = TestContext::with_app(fixture, app);
            let args = [team, &["--scope", "local"]].concat();
            let first = ctx.init(&args).output().unwrap();
            assert!(
                matches!(first.status.code(), Some(0 | 3)),
                "{fixture}: {}",
                String::from_utf8_lossy(&first.stderr)
            );
            let before = ctx.tree();
            let second = ctx.init(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&second.stderr);
            assert_eq!(
                second.status.code(),
                Some(0),
                "{fixture} {team:?}: {stderr}"
            );
            assert!(stderr.contains("already set up"), "{fixture}: {stderr}");
            assert_eq!(
                changed(&before, &ctx.tree()),
                Vec::<String>::new(),
                "{fixture} {team:?}"
            );
            assert!(
                second.stdout.is_empty(),
                "{fixture}: no diff on a second run"
            );
        }
    }
}

#[test]
fn dry_run_writes_nothing_and_prints_diffs() {
    let ctx = TestContext::new("basic-ts");
    let before = ctx.tree();
    let out = ctx
        .init(&[&existing_local()[..], &["--dry-run"]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("+++ b/convex.json"), "{stdout}");
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}

#[test]
fn missing_flag_without_tty_is_a_usage_error() {
    let ctx = TestContext::new("basic-ts");
    let before = ctx.tree();
    cli_snapshot!(ctx, ctx.init(&["--scope", "local"]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `--team managed|existing` is required when not running interactively (which WorkOS team to use)
    hint: pass `--team managed|existing`, or run in a terminal to be asked; nothing was written
    ");
    cli_snapshot!(ctx, ctx.init(&["--team", "existing", "--scope", "local"]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `--client-id client_…` is required when not running interactively (the client ID of your WorkOS environment)
    hint: pass `--client-id client_…`, or run in a terminal to be asked; nothing was written
    ");
    cli_snapshot!(ctx, ctx.init(&["--team", "existing", "--client-id", "sk_test_oops", "--scope", "local"]), @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `sk_test_****` is a WorkOS API key, not the client ID (a client ID is `client_` and 26 digits and capital letters other than I, L, O and U, like `client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`)
    hint: copy it from the WorkOS dashboard (API keys); nothing was written
    ");
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}

/// `--client-id` takes only `client_` and a 26-character ULID, as WorkOS issues them; the two
/// values users really paste instead (an API key, never echoed, and an environment ID) are named.
#[test]
fn client_id_flag_must_have_the_workos_shape() {
    let ctx = TestContext::new("basic-ts");
    let flag = |id: &str| {
        assert_untouched_error(
            &ctx,
            &["--team", "existing", "--client-id", id, "--scope", "local"],
        )
    };
    insta::assert_snapshot!(flag("client_01ABC"), @"
    error: `client_01ABC` is not a WorkOS client ID: it has 5 characters after `client_`, not 26 (a client ID is `client_` and 26 digits and capital letters other than I, L, O and U, like `client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`)
    hint: copy it from the WorkOS dashboard (API keys); nothing was written
    ");
    insta::assert_snapshot!(flag("client_01jtest0000000000000000000"), @"
    error: `client_01jtest0000000000000000000` is not a WorkOS client ID: it has lowercase letters, and WorkOS IDs are upper case (a client ID is `client_` and 26 digits and capital letters other than I, L, O and U, like `client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`)
    hint: copy it from the WorkOS dashboard (API keys); nothing was written
    ");
    let key = flag("sk_test_a1B2c3D4e5F6g7H8");
    assert!(!key.contains("a1B2"), "{key}");
    insta::assert_snapshot!(key, @"
    error: `sk_test_****` is a WorkOS API key, not the client ID (a client ID is `client_` and 26 digits and capital letters other than I, L, O and U, like `client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`)
    hint: copy it from the WorkOS dashboard (API keys); nothing was written
    ");
    insta::assert_snapshot!(flag("environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7"), @"
    error: `environment_01HXRMBQ9BJ3E7QSTQ9X2PHVB7` is a WorkOS environment ID, not the client ID (a client ID is `client_` and 26 digits and capital letters other than I, L, O and U, like `client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`)
    hint: copy it from the WorkOS dashboard (API keys); nothing was written
    ");

    // The real shape (the example in WorkOS's own SDK) is taken.
    let before = ctx.tree();
    let out = ctx
        .init(&[
            "--team",
            "existing",
            "--client-id",
            "client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7",
            "--scope",
            "local",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("+VITE_WORKOS_CLIENT_ID=client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7")
    );
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());

    // Ignored for the managed team, but a pasted key is still not echoed.
    let out = ctx
        .init(&[
            "--team",
            "managed",
            "--client-id",
            "sk_live_a1B2c3D4e5F6g7H8",
            "--scope",
            "local",
            "--dry-run",
        ])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("`--client-id sk_live_****` is ignored") && !all.contains("a1B2"),
        "{all}"
    );
}

/// A client ID already in `.env.local` is held to the same shape, and the hint says where it is.
#[test]
fn client_id_in_env_local_must_have_the_workos_shape() {
    let ctx = TestContext::new("basic-ts");
    let env = ctx.read(".env.local") + "VITE_WORKOS_CLIENT_ID=client_01ABC\n";
    fs_err::write(ctx.root.join(".env.local"), env).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &["--team", "existing", "--scope", "local"]), @"
    error: `client_01ABC` is not a WorkOS client ID: it has 5 characters after `client_`, not 26 (a client ID is `client_` and 26 digits and capital letters other than I, L, O and U, like `client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7`)
    hint: fix `VITE_WORKOS_CLIENT_ID` in `.env.local` (copy the client ID from the WorkOS dashboard, API keys); nothing was written
    ");
}

fn assert_untouched_error(ctx: &TestContext, args: &[&str]) -> String {
    let before = ctx.tree();
    let out = ctx.init(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
    String::from_utf8_lossy(&out.stderr).replace(&ctx.root.display().to_string(), "[APP]")
}

#[test]
fn malformed_convex_json() {
    let ctx = TestContext::new("basic-ts");
    fs_err::write(
        ctx.root.join("convex.json"),
        "{\n  \"functions\": \"convex/\",\n  \"authKit\": { dev: [ }\n}\n",
    )
    .unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: `convex.json` is not valid JSON: Unexpected close brace
      --> convex.json:3:23
    hint: fix `convex.json` by hand and run again; nothing was written
    ");
}

#[test]
fn malformed_package_json() {
    let ctx = TestContext::new("basic-ts");
    let text = ctx
        .read("package.json")
        .replacen("\"private\": true,", "\"private\": true,,", 1);
    fs_err::write(ctx.root.join("package.json"), text).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: `package.json` is not valid JSON: Unexpected token in object
      --> package.json:3:19
    hint: npm can't read it either; fix `package.json` and run again; nothing was written
    ");
}

#[test]
fn entry_with_syntax_error() {
    let ctx = TestContext::new("basic-ts");
    let text = ctx.read("src/main.tsx").replace("<App />", "<App");
    fs_err::write(ctx.root.join("src/main.tsx"), text).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: `src/main.tsx` has a syntax error: Unexpected token
      --> src/main.tsx:12:6
    hint: fix the syntax error in `src/main.tsx` and run again; nothing was written
    ");
}

#[test]
fn unreadable_files() {
    // As root, permissions don't stop reads, so use content no text reader accepts.
    let ctx = TestContext::new("basic-ts");
    fs_err::write(ctx.root.join("src/main.tsx"), b"\xff\xfe\x00garbage").unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: can't read `src/main.tsx`: it is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8
      --> src/main.tsx:1:1
    hint: save `src/main.tsx` as UTF-8 (Vite, npm and the Convex CLI read it as UTF-8 too), then run again; nothing was written
    ");
    let ctx = TestContext::new("basic-ts");
    fs_err::remove_file(ctx.root.join(".env.local")).unwrap();
    fs_err::create_dir(ctx.root.join(".env.local")).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: can't read `.env.local`: it is a folder, not a file
    hint: rename or remove the folder `.env.local`, then run again; nothing was written
    ");
}

/// Files the app model reads that are there but can't be read name the real cause, not "can't
/// find" (issue 14): nothing is written, exit 2.
#[cfg(unix)]
#[test]
fn entry_symlink_loop() {
    let ctx = TestContext::new("basic-ts");
    fs_err::remove_file(ctx.root.join("src/main.tsx")).unwrap();
    std::os::unix::fs::symlink("main.tsx", ctx.root.join("src/main.tsx")).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: can't read `src/main.tsx`: it is a symbolic link that points to itself
    hint: replace the link `src/main.tsx` with the file, or point it at the real file, then run again; nothing was written
    ");
    // A loop of two links, the entry named by `index.html`.
    let ctx = TestContext::new("basic-ts");
    fs_err::remove_file(ctx.root.join("src/main.tsx")).unwrap();
    std::os::unix::fs::symlink("loop.tsx", ctx.root.join("src/main.tsx")).unwrap();
    std::os::unix::fs::symlink("./main.tsx", ctx.root.join("src/loop.tsx")).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: can't read `src/main.tsx`: it is a symbolic link in a loop (`src/main.tsx` → `src/loop.tsx` → `src/main.tsx`)
    hint: replace the link `src/main.tsx` with the file, or point it at the real file, then run again; nothing was written
    ");
}

#[cfg(unix)]
#[test]
fn dangling_provider_file_symlink() {
    // The provider tree lives in `src/Providers.tsx`; the link there points nowhere. Skipping it
    // would wire the entry instead.
    let ctx = TestContext::new("nested-providers");
    fs_err::remove_file(ctx.root.join("src/Providers.tsx")).unwrap();
    std::os::unix::fs::symlink("shared/Providers.tsx", ctx.root.join("src/Providers.tsx")).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: can't read `src/Providers.tsx`: it is a symbolic link that points to `src/shared/Providers.tsx`, which doesn't exist
    hint: restore `src/shared/Providers.tsx`, or point `src/Providers.tsx` at a file that exists, then run again; nothing was written
    ");
}

#[test]
fn non_utf8_convex_json() {
    let ctx = TestContext::new("existing-convex-json");
    fs_err::write(
        ctx.root.join("convex.json"),
        b"{\n  \"functions\": \"conv\xe9x/\"\n}\n",
    )
    .unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: can't read `convex.json`: it is not UTF-8 text (byte 0xE9 at line 2, column 21)
      --> convex.json:2:21
    hint: save `convex.json` as UTF-8 (Vite, npm and the Convex CLI read it as UTF-8 too), then run again; nothing was written
    ");
}

#[test]
fn odd_env_line() {
    let ctx = TestContext::new("basic-ts");
    let text = ctx.read(".env.local") + "this line is not an assignment\n";
    fs_err::write(ctx.root.join(".env.local"), text).unwrap();
    insta::assert_snapshot!(assert_untouched_error(&ctx, &existing_local()), @"
    error: `.env.local` can't be read: expected `=` after key `this`, found `l`; each line must be `KEY=VALUE`, a `# comment` or blank
      --> .env.local:5:6
    hint: each line of `.env.local` must be `NAME=value`, a `# comment` or blank; fix it and run again; nothing was written
    ");
}

#[test]
fn failed_write_rolls_everything_back() {
    let ctx = TestContext::new("basic-ts");
    let before = ctx.tree();
    let out = ctx
        .init(&existing_local())
        .env("CONVEX_AUTHKIT_TEST_FAIL_AFTER_WRITES", "4")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("every file was restored"), "{stderr}");
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}

#[test]
fn keeps_existing_client_id_and_refuses_a_different_one() {
    let ctx = TestContext::new("basic-ts");
    ctx.init(&existing_local()).output().unwrap();
    let out = ctx
        .init(&[
            "--team",
            "existing",
            "--client-id",
            "client_01J0THER000000000000000000",
            "--scope",
            "local",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("differs from `--client-id client_01J0THER000000000000000000`")
    );
}

#[test]
fn json_error_document() {
    let ctx = TestContext::new("clerk");
    let out = ctx
        .init(&[&existing_local()[..], &["--json"]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "error");
    assert_eq!(v["error"]["kind"], "other_auth");
}

#[test]
fn not_a_project() {
    let ctx = TestContext::new("basic-ts");
    let mut cmd = ctx.command();
    cmd.args([
        "init",
        "does-not-exist",
        "--team",
        "managed",
        "--scope",
        "local",
    ]);
    cli_snapshot!(ctx, cmd, @"
    success: false
    exit_code: 2
    ----- stdout -----

    ----- stderr -----
    error: `does-not-exist` is not a folder
    hint: pass the app's folder, the one holding `package.json`
    ");
}

#[test]
fn secrets_in_env_local_are_never_printed() {
    let ctx = TestContext::new("basic-ts");
    let text = ctx.read(".env.local")
        + "WORKOS_API_KEY=sk_test_SUPERSECRET\nCONVEX_DEPLOY_KEY=dev:x|SECRET2\n";
    fs_err::write(ctx.root.join(".env.local"), text).unwrap();
    for extra in [&["--dry-run"][..], &["--dry-run", "--json"][..]] {
        let out = ctx
            .init(&[&existing_local()[..], extra].concat())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("WORKOS_API_KEY=****"), "{all}");
        assert!(
            !all.contains("SUPERSECRET") && !all.contains("SECRET2"),
            "{all}"
        );
    }
}

#[test]
fn existing_authkit_provider_is_not_wrapped_twice() {
    let ctx = TestContext::new("basic-ts");
    let main = ctx.read("src/main.tsx")
        .replace("import { ConvexProvider,", "import { AuthKitProvider } from \"@workos-inc/authkit-react\";\nimport { ConvexProvider,")
        .replace("    <ConvexProvider client={convex}>\n      <App />\n    </ConvexProvider>", "    <AuthKitProvider clientId=\"client_01JTEST0000000000000000000\">\n    <ConvexProvider client={convex}>\n      <App />\n    </ConvexProvider>\n    </AuthKitProvider>");
    fs_err::write(ctx.root.join("src/main.tsx"), &main).unwrap();
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = ctx.read("src/main.tsx");
    assert_eq!(after.matches("<AuthKitProvider").count(), 1, "{after}");
    assert!(
        after.contains("<ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>"),
        "{after}"
    );
    assert!(
        after.contains("import { AuthKitProvider, useAuth } from \"@workos-inc/authkit-react\""),
        "{after}"
    );
}

#[test]
fn json_usage_errors_are_json() {
    let ctx = TestContext::new("basic-ts");
    let out = ctx.init(&["--json", "--team", "bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "usage");
    let out = ctx.init(&["--json", "--port", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(serde_json::from_slice::<serde_json::Value>(&out.stdout).is_ok());
}

#[cfg(unix)]
#[test]
fn symlinked_env_local_is_written_through() {
    let ctx = TestContext::new("basic-ts");
    let shared = ctx.base.join("shared.env");
    fs_err::rename(ctx.root.join(".env.local"), &shared).unwrap();
    std::os::unix::fs::symlink(&shared, ctx.root.join(".env.local")).unwrap();
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs_err::symlink_metadata(ctx.root.join(".env.local"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs_err::read_to_string(&shared)
            .unwrap()
            .contains("VITE_WORKOS_CLIENT_ID=client_")
    );
}

#[test]
fn port_flag_without_pin_warns_and_with_pin_sets_config() {
    let ctx = TestContext::new("vite-port");
    let out = ctx
        .init(&[&existing_local()[..], &["--port", "8080", "--dry-run"]].concat())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`--port 8080` differs from the port the dev server will use (3000"),
        "{stderr}"
    );
    let out = ctx
        .init(&[&existing_local()[..], &["--port", "8080", "--pin-port"]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(ctx.read("vite.config.ts").contains("port: 8080"));
    assert!(
        ctx.read("convex.json")
            .contains("http://localhost:8080/callback")
    );
}

#[test]
fn unreadable_port_expression_needs_the_port_flag() {
    let ctx = TestContext::new("basic-ts");
    let cfg = ctx.read("vite.config.ts").replace(
        "plugins: [react()],",
        "plugins: [react()],\n  server: { port: getPort() },",
    );
    fs_err::write(ctx.root.join("vite.config.ts"), cfg).unwrap();
    // No guess: the port is unknown, so init stops and asks for it.
    let stderr = assert_untouched_error(&ctx, &existing_local());
    assert!(
        stderr.contains("`server.port` in `vite.config.ts` is `getPort()`, not a number"),
        "{stderr}"
    );
    assert!(stderr.contains("pass `--port N`"), "{stderr}");
    let out = ctx
        .init(&[&existing_local()[..], &["--port", "4321"]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        ctx.read(".env.local")
            .contains("VITE_WORKOS_REDIRECT_URI=http://localhost:4321/callback")
    );
}

#[test]
fn partial_setup_infers_existing_team_and_scope() {
    let ctx = TestContext::new("basic-ts");
    ctx.init(&existing_local()).output().unwrap();
    // A re-run with no choices at all: the existing setup answers them.
    let out = ctx.init(&[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("already set up"), "{stderr}");
}

#[test]
fn new_files_follow_crlf_projects() {
    let ctx = TestContext::new("basic-ts");
    for rel in [
        "package.json",
        "src/main.tsx",
        "vite.config.ts",
        ".gitignore",
    ] {
        let text = ctx.read(rel).replace('\n', "\r\n");
        fs_err::write(ctx.root.join(rel), text).unwrap();
    }
    let out = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for rel in [
        "convex.json",
        "convex/auth.config.ts",
        "src/AuthButton.tsx",
        "src/main.tsx",
        "package.json",
    ] {
        let text = ctx.read(rel);
        let lone_lf = text.replace("\r\n", "").contains('\n');
        assert!(
            !lone_lf,
            "{rel} has LF line endings in a CRLF project:\n{text:?}"
        );
    }
    // And the result is still idempotent.
    let again = ctx.init(&existing_local()).output().unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("already set up"));
}

/// An app that is already wired by hand, shaped like Convex's `template-react-vite-authkit` (its
/// own local `ConvexProviderWithAuthKit`, its own sign-in UI, no `@convex-dev/workos`): init
/// plans nothing, writes 0 bytes, adds no `AuthButton` and no package that nothing imports;
/// fresh from the template and after `npx convex dev` wrote `.env.local`, with and without
/// flags.
#[test]
fn template_shaped_app_is_already_set_up() {
    let after_convex_dev = format!(
        "CONVEX_DEPLOYMENT=dev:happy-otter-123\nVITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n\nVITE_WORKOS_CLIENT_ID={CLIENT}\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n"
    );
    for env_local in [None, Some(after_convex_dev.as_str())] {
        for args in [
            &["--scope", "local"][..],
            &["--team", "managed", "--scope", "local"][..],
            &[][..],
        ] {
            let ctx = TestContext::new("authkit-template");
            if let Some(text) = env_local {
                fs_err::write(ctx.root.join(".env.local"), text).unwrap();
            }
            let before = ctx.tree();
            let out = ctx.init(&[args, &["--json"]].concat()).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["status"], "already_set_up", "{args:?}: {report}");
            assert_eq!(report["files"], serde_json::json!([]), "{args:?}");
            assert_eq!(report["packages"], serde_json::json!([]), "{args:?}");
            assert_eq!(
                changed(&before, &ctx.tree()),
                Vec::<String>::new(),
                "{args:?} with .env.local {}",
                env_local.is_some()
            );
            // The human output says so too, with no diff on stdout.
            let human = ctx.init(args).output().unwrap();
            assert!(
                String::from_utf8_lossy(&human.stderr).contains("already set up"),
                "{args:?}"
            );
            assert!(human.stdout.is_empty(), "{args:?}: no diff");
            assert!(!ctx.root.join("src/AuthButton.tsx").exists());
        }
    }
}

/// An app wired by hand with the packaged adapter (`@convex-dev/workos`) and its own sign-in UI,
/// with its `convex.json`, `auth.config.ts` and `.env.local` written by hand: nothing to plan.
#[test]
fn hand_wired_app_is_already_set_up() {
    let ctx = TestContext::new("basic-ts");
    // Set it up once, then remove what only init adds (the button) to stand for a hand-made
    // setup: init must not bring the button back.
    let first = ctx.init(&existing_local()).output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    fs_err::remove_file(ctx.root.join("src/AuthButton.tsx")).unwrap();
    let before = ctx.tree();
    let out = ctx.init(&existing_local()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("already set up"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(changed(&before, &ctx.tree()), Vec::<String>::new());
}
