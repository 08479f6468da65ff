//! The HTTP surface: routes, the in-memory store, CORS and request logging.
//!
//! Strict where WorkOS is strict (registered client, exact redirect URI, PKCE S256 for public
//! clients, the API key as `client_secret` for confidential ones, single-use expiring codes,
//! rotating refresh tokens, CORS only for registered origins); everything else answers 4xx with
//! WorkOS's error shapes and never 5xx. All state lives behind one mutex held for map lookups
//! only; RSA signing happens outside it.
//!
//! Two kinds of client sign in. A public client (authkit-js) sends a `code_challenge` and
//! exchanges the code with its `code_verifier` and no secret. A confidential client (a server SDK
//! such as `@workos-inc/node`, under authkit-nextjs or TanStack Start) exchanges and refreshes
//! with the API key as `client_secret` (and as `Authorization: Bearer`); it may also use PKCE, as
//! authkit-nextjs does, or skip it, which only a client with an API key may do.
//!
//! Error bodies: the authenticate endpoint answers OAuth-style `{"error","error_description"}`
//! (what authkit-js reads); the management endpoints answer `{"code","message"}`. Where the
//! reference records WorkOS's wording (`invalid_grant` "The code '…' has expired or is invalid.",
//! "Invalid refresh token.", `duplicate_cors_origin`, "already exists"), it is used; other
//! descriptions are the emulator's own, written to read like WorkOS's.

// Handlers' helpers return `Result<_, Response>` so a rejection is one `?`-like early return; the
// size of `Response` on that cold path doesn't matter.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::FromRequest;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use owo_colors::OwoColorize;
use serde_json::{Value, json};

use super::config::{ClientConfig, EmulatorConfig, check_origin, check_url, user_id};
use super::ids;
use super::keys::Signer;
use super::pages::{self, SignInChoice};

/// Authorization codes (and pending sign-in pages) live 10 minutes, as WorkOS's do.
pub const CODE_TTL_SECS: u64 = 600;
/// The most sign-in requests, codes or sessions the store keeps: past it, the oldest go (a
/// flood can't grow the emulator's memory without bound; a real client never has that many).
pub const MAX_ENTRIES: usize = 100_000;
/// Request bodies above this get 413.
const BODY_LIMIT: usize = 64 * 1024;
/// Oversized bodies up to this size are read to the end before the 413, so the client gets the
/// answer instead of a connection reset while it is still sending.
const DRAIN_LIMIT: usize = 4 * 1024 * 1024;
/// Where the sign-in page's forms post. Not a WorkOS path.
pub const SIGN_IN_PATH: &str = "/_emulator/sign-in";

/// Wall-clock time plus an offset that tests can advance (no sleeping to test expiry).
#[derive(Default)]
pub struct Clock {
    offset_ms: AtomicU64,
}

impl Clock {
    pub fn now_ms(&self) -> u64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        wall + self.offset_ms.load(Ordering::Relaxed)
    }
    pub fn now_secs(&self) -> u64 {
        self.now_ms() / 1000
    }
    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.as_millis() as u64, Ordering::Relaxed);
    }
}

/// A seeded user, with its ID resolved.
pub struct User {
    pub id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub memberships: Vec<super::config::MembershipConfig>,
}

impl User {
    fn display_name(&self) -> String {
        match (&self.first_name, &self.last_name) {
            (Some(f), Some(l)) => format!("{f} {l}"),
            (Some(f), None) => f.clone(),
            (None, Some(l)) => l.clone(),
            (None, None) => self.email.clone(),
        }
    }
}

struct Pending {
    client_id: String,
    redirect_uri: String,
    /// `None`: a confidential sign-in (no PKCE); the code must be exchanged with `client_secret`.
    code_challenge: Option<String>,
    state: Option<String>,
    organization_id: Option<String>,
    created_s: u64,
}

struct CodeGrant {
    client_id: String,
    code_challenge: Option<String>,
    user: usize,
    membership: Option<usize>,
    created_s: u64,
}

struct Session {
    client_id: String,
    user: usize,
    membership: Option<usize>,
    refresh_token: Option<String>,
    revoked: bool,
    /// Signed in with the client's API key as `client_secret`: its refreshes need it too.
    confidential: bool,
}

#[derive(Default)]
struct Store {
    clients: Vec<ClientConfig>,
    pending: HashMap<String, Pending>,
    codes: HashMap<String, CodeGrant>,
    sessions: HashMap<String, Session>,
    /// refresh token → session ID
    refresh: HashMap<String, String>,
    /// Inserts since the last sweep of expired codes and pending requests.
    since_sweep: usize,
}

impl Store {
    fn client(&self, id: &str) -> Option<&ClientConfig> {
        self.clients.iter().find(|c| c.client_id == id)
    }
    fn client_by_key(&mut self, key: &str) -> Option<&mut ClientConfig> {
        self.clients
            .iter_mut()
            .find(|c| c.api_keys.iter().any(|k| k == key))
    }
    fn origin_allowed(&self, origin: &str) -> bool {
        self.clients
            .iter()
            .any(|c| c.cors_origins.iter().any(|o| o == origin))
    }
    /// Drops expired codes and sign-in requests now and then, and the oldest of anything past
    /// [`MAX_ENTRIES`], so memory stays bounded.
    fn maybe_sweep(&mut self, now_s: u64) {
        self.since_sweep += 1;
        let full = self.codes.len() >= MAX_ENTRIES
            || self.pending.len() >= MAX_ENTRIES
            || self.sessions.len() >= MAX_ENTRIES;
        if self.since_sweep < 4096 && !full {
            return;
        }
        self.since_sweep = 0;
        self.codes
            .retain(|_, c| now_s.saturating_sub(c.created_s) <= CODE_TTL_SECS);
        self.pending
            .retain(|_, p| now_s.saturating_sub(p.created_s) <= CODE_TTL_SECS);
        keep_newest(&mut self.codes, |c| c.created_s);
        keep_newest(&mut self.pending, |p| p.created_s);
        if self.sessions.len() >= MAX_ENTRIES {
            // Session IDs are ULIDs: their order is their age. The oldest quarter goes, with
            // their refresh tokens (those sign-ins must start again, as after a revocation).
            let mut ids: Vec<String> = self.sessions.keys().cloned().collect();
            ids.sort_unstable();
            for id in &ids[..ids.len() - MAX_ENTRIES * 3 / 4] {
                if let Some(session) = self.sessions.remove(id)
                    && let Some(token) = session.refresh_token
                {
                    self.refresh.remove(&token);
                }
            }
        }
    }
}

/// Past [`MAX_ENTRIES`], keeps the newest three quarters of `map` by `created`.
fn keep_newest<V>(map: &mut HashMap<String, V>, created: impl Fn(&V) -> u64) {
    if map.len() < MAX_ENTRIES {
        return;
    }
    let mut ages: Vec<u64> = map.values().map(&created).collect();
    ages.sort_unstable();
    let cut = ages[map.len() - MAX_ENTRIES * 3 / 4];
    map.retain(|_, v| created(v) >= cut);
    // Entries made in the same second as the cut may leave it a little over; drop the rest.
    let extra = map.len().saturating_sub(MAX_ENTRIES * 3 / 4);
    if extra > 0 {
        let drop: Vec<String> = map
            .iter()
            .filter(|(_, v)| created(v) == cut)
            .map(|(k, _)| k.clone())
            .take(extra)
            .collect();
        for k in drop {
            map.remove(&k);
        }
    }
}

pub struct Shared {
    pub config: EmulatorConfig,
    pub signer: Signer,
    pub clock: Clock,
    pub users: Vec<User>,
    pub log: bool,
    started_s: u64,
    store: Mutex<Store>,
}

impl Shared {
    pub fn new(config: EmulatorConfig, signer: Signer, log: bool) -> Self {
        let users = config
            .users
            .iter()
            .map(|u| User {
                id: user_id(u),
                email: u.email.clone(),
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
                memberships: u.memberships.clone(),
            })
            .collect();
        let clock = Clock::default();
        let started_s = clock.now_secs();
        let store = Store {
            clients: config.clients.clone(),
            ..Store::default()
        };
        Shared {
            config,
            signer,
            clock,
            users,
            log,
            started_s,
            store: Mutex::new(store),
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock can't leave the maps half-updated in a way that
        // matters more than refusing every later request would.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The clients as they are now (management calls may have added URIs).
    pub fn clients(&self) -> Vec<ClientConfig> {
        self.store().clients.clone()
    }
}

type St = State<Arc<Shared>>;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/user_management/authorize", get(authorize))
        .route(SIGN_IN_PATH, post(sign_in))
        .route("/user_management/authenticate", post(authenticate))
        .route("/sso/jwks/{client_id}", get(jwks))
        .route("/user_management/sessions/jwks/{client_id}", get(jwks))
        .route("/user_management/sessions/logout", get(logout))
        .route("/user_management/redirect_uris", post(add_redirect_uri))
        .route("/user_management/cors_origins", post(add_cors_origin))
        .route("/user_management/app_homepage_url", put(set_homepage))
        .route("/health", get(|| async { Json(json!({"status": "ok"})) }))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(DRAIN_LIMIT))
        .layer(middleware::from_fn_with_state(shared.clone(), cors))
        .layer(middleware::from_fn_with_state(shared.clone(), log_requests))
        .with_state(shared)
}

// ---------------------------------------------------------------------------------------------
// Responses

/// Why a request failed, for the log line (never a secret).
#[derive(Clone)]
struct LogNote(String);

fn with_note(mut r: Response, note: impl Into<String>) -> Response {
    r.extensions_mut().insert(LogNote(note.into()));
    r
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(body),
    )
        .into_response()
}

/// A request body of at most [`BODY_LIMIT`] bytes; larger ones get a JSON 413 after being read.
struct Body(Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Response;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let too_large = || {
            api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                &format!("The request body is larger than {BODY_LIMIT} bytes."),
            )
        };
        match axum::body::to_bytes(req.into_body(), DRAIN_LIMIT).await {
            Ok(bytes) if bytes.len() <= BODY_LIMIT => Ok(Body(bytes)),
            Ok(_) => Err(too_large()),
            Err(_) => Err(too_large()),
        }
    }
}

/// OAuth-style error of the authenticate endpoint.
fn oauth_error(status: StatusCode, error: &str, description: &str, note: &str) -> Response {
    with_note(
        json_response(
            status,
            json!({"error": error, "error_description": description}),
        ),
        format!("{error}: {note}"),
    )
}

/// `{"code","message"}` error of the management and other API endpoints.
fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    with_note(
        json_response(status, json!({"code": code, "message": message})),
        code.to_string(),
    )
}

fn redirect(status: StatusCode, location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (status, [(header::LOCATION, v)]).into_response(),
        Err(_) => api_error(
            StatusCode::BAD_REQUEST,
            "invalid_redirect",
            "The redirect target is not a valid URL.",
        ),
    }
}

async fn not_found() -> Response {
    api_error(StatusCode::NOT_FOUND, "not_found", "Not Found")
}

async fn method_not_allowed() -> Response {
    api_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "Method Not Allowed",
    )
}

fn query_map(q: Option<String>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(q) = q {
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            out.entry(k.into_owned()).or_insert_with(|| v.into_owned());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Middleware

/// One line per request on stderr: method, path (never the query: it carries codes and state),
/// status, time, and why it failed.
async fn log_requests(State(s): St, req: Request, next: Next) -> Response {
    if !s.log {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let start = Instant::now();
    let resp = next.run(req).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let status = resp.status();
    let code = status.as_u16().to_string();
    let code = if status.is_server_error() || status.is_client_error() {
        code.red().to_string()
    } else if status.is_redirection() {
        code.cyan().to_string()
    } else {
        code.green().to_string()
    };
    let note = resp
        .extensions()
        .get::<LogNote>()
        .map(|n| format!("  {}", n.0.dimmed()))
        .unwrap_or_default();
    anstream::eprintln!("{method} {path} {code} {ms:.1}ms{note}");
    resp
}

/// CORS as WorkOS does it: headers only for origins registered on some client. A preflight from
/// any other origin gets a bare 204, so the browser blocks the real request.
async fn cors(State(s): St, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_string);
    let allowed = origin
        .as_deref()
        .filter(|o| s.store().origin_allowed(o))
        .map(str::to_string);
    let is_preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut resp = if is_preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        if allowed.is_some() {
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, PUT, OPTIONS"),
            );
            let requested = req
                .headers()
                .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
                .cloned()
                .unwrap_or_else(|| HeaderValue::from_static("content-type"));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
        }
        match (&origin, &allowed) {
            (Some(_), None) => with_note(r, "CORS: origin not registered"),
            _ => r,
        }
    } else {
        let r = next.run(req).await;
        match (&origin, &allowed) {
            (Some(_), None) => with_note(r, "CORS: origin not registered, no CORS headers"),
            _ => r,
        }
    };
    let h = resp.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed
        && let Ok(v) = HeaderValue::from_str(&origin)
    {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    resp
}

// ---------------------------------------------------------------------------------------------
// GET /user_management/authorize

fn client_id_invalid(client_id: Option<&str>) -> Response {
    let detail = match client_id {
        None | Some("") => "the request has no <code>client_id</code>.".to_string(),
        Some(id) => format!(
            "<code>{}</code> is not a client in the emulator config.",
            pages::esc(id)
        ),
    };
    with_note(
        pages::error_page(
            "client-id-invalid",
            "Invalid Client ID",
            "Invalid client ID",
            "The application's client ID is not valid. If you are not sure what this means, \
             please contact your organization admin.",
            &detail,
        ),
        "client-id-invalid",
    )
}

fn redirect_uri_invalid(client: &ClientConfig, got: Option<&str>) -> Response {
    let registered = if client.redirect_uris.is_empty() {
        "none".to_string()
    } else {
        client
            .redirect_uris
            .iter()
            .map(|u| format!("<code>{}</code>", pages::esc(u)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let detail = match got {
        None | Some("") => format!(
            "the request has no <code>redirect_uri</code>. Registered for <code>{}</code>: {registered}.",
            pages::esc(&client.client_id)
        ),
        Some(uri) => format!(
            "<code id=\"redirect-uri\">{}</code> is not registered for <code>{}</code> (the match is \
             exact: scheme, host, port and path). Registered: {registered}.",
            pages::esc(uri),
            pages::esc(&client.client_id)
        ),
    };
    with_note(
        pages::error_page(
            "redirect-uri-invalid",
            "Invalid Redirect URI",
            "Invalid redirect URI",
            "Make sure that the app uses the correct redirect URI. If you are not sure what this \
             means, please contact your organization admin.",
            &detail,
        ),
        "redirect-uri-invalid",
    )
}

fn bad_authorize(detail: &str, note: &str) -> Response {
    with_note(
        pages::error_page(
            "invalid-request",
            "Invalid Request",
            "Invalid authorization request",
            "The sign-in link is missing a required parameter or has an invalid one.",
            &pages::esc(detail),
        ),
        note.to_string(),
    )
}

/// `true` for a value that SHA-256 + base64url (no padding) can produce.
fn is_s256_challenge(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The PKCE parameters of an authorize request: `Some(challenge)` for a PKCE sign-in, `None` for
/// a confidential one (no PKCE at all), which only a client with an API key may start.
fn pkce_challenge(
    challenge: Option<&str>,
    method: Option<&str>,
    has_api_key: bool,
) -> Result<Option<String>, Response> {
    let Some(challenge) = challenge else {
        return match method {
            Some(_) => Err(bad_authorize(
                "code_challenge_method was given without a code_challenge.",
                "pkce: method without code_challenge",
            )),
            None if has_api_key => Ok(None),
            None => Err(bad_authorize(
                "code_challenge is required: this client has no API key, so it can only sign in \
                 as a public client, with PKCE (S256). A server-side app that exchanges the code \
                 with its API key as client_secret may skip PKCE.",
                "pkce: no code_challenge (public client)",
            )),
        };
    };
    match method {
        Some("S256") => {}
        Some(other) => {
            return Err(bad_authorize(
                &format!("code_challenge_method must be `S256`, got `{other}`."),
                "pkce: method",
            ));
        }
        None => {
            return Err(bad_authorize(
                "code_challenge_method is required (`S256`).",
                "pkce: no method",
            ));
        }
    }
    if !is_s256_challenge(challenge) {
        return Err(bad_authorize(
            "code_challenge is not a base64url SHA-256 digest (43 characters).",
            "pkce: malformed challenge",
        ));
    }
    Ok(Some(challenge.to_string()))
}

async fn authorize(State(s): St, RawQuery(q): RawQuery) -> Response {
    // `state` goes back exactly as it came (still percent-encoded), as WorkOS passes it through.
    let raw_state = q.as_deref().and_then(|raw| {
        raw.split('&')
            .find_map(|pair| pair.strip_prefix("state="))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    });
    let q = query_map(q);
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let client_id = get("client_id");
    let store = s.store();
    let Some(client) = client_id.and_then(|id| store.client(id)) else {
        return client_id_invalid(client_id);
    };
    let redirect_uri = get("redirect_uri");
    let Some(redirect_uri) = redirect_uri.filter(|u| client.redirect_uris.iter().any(|r| r == u))
    else {
        return redirect_uri_invalid(client, redirect_uri);
    };
    let client_id = client.client_id.clone();
    // A client with an API key can be a confidential one (a server SDK), which WorkOS lets skip
    // PKCE. One without can only sign in as a public client, with PKCE.
    let has_api_key = !client.api_keys.is_empty();
    drop(store);
    match get("response_type") {
        Some("code") => {}
        Some(other) => {
            return bad_authorize(
                &format!("response_type must be `code`, got `{other}`."),
                "response_type",
            );
        }
        None => return bad_authorize("response_type is required (`code`).", "response_type"),
    }
    match get("provider") {
        Some("authkit") => {}
        Some(other) => {
            return bad_authorize(
                &format!(
                    "provider must be `authkit` (the emulator serves AuthKit only), got `{other}`."
                ),
                "provider",
            );
        }
        None => return bad_authorize("provider is required (`authkit`).", "provider"),
    }
    let code_challenge = match pkce_challenge(
        get("code_challenge"),
        get("code_challenge_method"),
        has_api_key,
    ) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let pending = Pending {
        client_id,
        redirect_uri: redirect_uri.to_string(),
        code_challenge,
        state: raw_state,
        organization_id: get("organization_id").map(str::to_string),
        created_s: s.clock.now_secs(),
    };
    // `login_hint` naming a seeded user signs in straight away (no page): handy for headless runs.
    if let Some(hint) = get("login_hint")
        && let Some(user) = s
            .users
            .iter()
            .position(|u| u.email.eq_ignore_ascii_case(hint))
    {
        return complete_sign_in(&s, pending, user, StatusCode::FOUND);
    }
    let request_id = ids::secret();
    let page = {
        let users: Vec<SignInChoice<'_>> = s
            .users
            .iter()
            .map(|u| SignInChoice {
                user_id: &u.id,
                email: &u.email,
                name: u.display_name(),
            })
            .collect();
        pages::sign_in_page(
            SIGN_IN_PATH,
            &request_id,
            &pending.client_id,
            &pending.redirect_uri,
            &users,
        )
    };
    let mut store = s.store();
    store.maybe_sweep(pending.created_s);
    store.pending.insert(request_id, pending);
    page
}

/// Mints a code for `user` and redirects to the redirect URI with `code` and `state`.
fn complete_sign_in(s: &Shared, p: Pending, user: usize, status: StatusCode) -> Response {
    let Ok(mut target) = url::Url::parse(&p.redirect_uri) else {
        return bad_authorize("the redirect URI is not a URL.", "redirect_uri");
    };
    let memberships = &s.users[user].memberships;
    let membership = match &p.organization_id {
        Some(org) => memberships.iter().position(|m| &m.organization_id == org),
        None => (!memberships.is_empty()).then_some(0),
    };
    let code = ids::secret();
    target.query_pairs_mut().append_pair("code", &code);
    if let Some(raw_state) = &p.state {
        let query = target.query().unwrap_or_default().to_string();
        target.set_query(Some(&format!("{query}&state={raw_state}")));
    }
    let now = s.clock.now_secs();
    let mut store = s.store();
    store.maybe_sweep(now);
    store.codes.insert(
        code,
        CodeGrant {
            client_id: p.client_id,
            code_challenge: p.code_challenge,
            user,
            membership,
            created_s: now,
        },
    );
    drop(store);
    with_note(
        redirect(status, target.as_str()),
        format!("signed in {}", s.users[user].email),
    )
}

/// POST from the sign-in page: `request` (the pending authorization) and `user` (a user ID).
async fn sign_in(State(s): St, headers: HeaderMap, Body(body): Body) -> Response {
    let expired = || {
        with_note(
            pages::error_page(
                "sign-in-expired",
                "Sign-in expired",
                "This sign-in has expired",
                "Go back to the app and sign in again.",
                "the sign-in request is unknown, already used or older than 10 minutes.",
            ),
            "sign-in request unknown or expired",
        )
    };
    if !content_type_is(&headers, "application/x-www-form-urlencoded") {
        return bad_authorize("the sign-in form must be posted as a form.", "content type");
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let (Some(request), Some(user_id)) = (form.get("request"), form.get("user")) else {
        return bad_authorize(
            "the sign-in form needs `request` and `user`.",
            "form fields",
        );
    };
    let Some(user) = s.users.iter().position(|u| &u.id == user_id) else {
        return bad_authorize("that user is not in the emulator config.", "unknown user");
    };
    let now = s.clock.now_secs();
    let Some(pending) = s.store().pending.remove(request) else {
        return expired();
    };
    if now.saturating_sub(pending.created_s) > CODE_TTL_SECS {
        return expired();
    }
    complete_sign_in(&s, pending, user, StatusCode::SEE_OTHER)
}

// ---------------------------------------------------------------------------------------------
// POST /user_management/authenticate

fn content_type_is(headers: &HeaderMap, want: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(want))
}

/// The body's parameters: a JSON object of strings (nulls dropped), or a form.
fn body_params(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, String>, Response> {
    let invalid = |desc: &str, note: &str| {
        Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            desc,
            note,
        ))
    };
    if content_type_is(headers, "application/json") {
        let Ok(value) = serde_json::from_slice::<Value>(body) else {
            return invalid("The request body is not valid JSON.", "bad JSON");
        };
        let Value::Object(map) = value else {
            return invalid(
                "The request body must be a JSON object.",
                "JSON not an object",
            );
        };
        let mut out = HashMap::new();
        for (k, v) in map {
            match v {
                Value::String(s) => {
                    out.insert(k, s);
                }
                Value::Null => {}
                _ => {
                    return invalid(
                        &format!("The parameter `{k}` must be a string."),
                        "non-string parameter",
                    );
                }
            }
        }
        Ok(out)
    } else if content_type_is(headers, "application/x-www-form-urlencoded") {
        let mut out = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(body) {
            out.entry(k.into_owned()).or_insert_with(|| v.into_owned());
        }
        Ok(out)
    } else {
        invalid(
            "The request body must be JSON (`application/json`) or a form \
             (`application/x-www-form-urlencoded`).",
            "unsupported content type",
        )
    }
}

/// How an authenticate request identified the client.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ClientAuth {
    /// No `client_secret`: a public client (authkit-js), which proves a sign-in with PKCE.
    Public,
    /// `client_secret` is one of the client's API keys: a confidential client (a server SDK).
    Secret,
}

/// Checks the client of an authenticate request. Every refusal is WorkOS's `400 invalid_client`
/// (the OpenAPI spec lists it under 400 for this endpoint, never 401).
fn client_auth(
    s: &Shared,
    client_id: &str,
    secret: Option<&str>,
    headers: &HeaderMap,
) -> Result<ClientAuth, Response> {
    let refuse = |description: &str, note: &str| {
        Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            description,
            note,
        ))
    };
    let store = s.store();
    let Some(client) = store.client(client_id) else {
        return refuse("Invalid client ID.", "unknown client_id");
    };
    let is_key = |k: &str| client.api_keys.iter().any(|key| key == k);
    let auth = match secret {
        None => ClientAuth::Public,
        Some(secret) if is_key(secret) => ClientAuth::Secret,
        Some(_) => {
            return refuse(
                "Invalid client secret.",
                "client_secret is not an API key of this client",
            );
        }
    };
    // Server SDKs also send the key as a Bearer token; if one is sent, it must be this client's.
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let bearer = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, key)| key.trim());
        if !bearer.is_some_and(is_key) {
            return refuse(
                "Invalid API key in the Authorization header.",
                "Authorization is not `Bearer <an API key of this client>`",
            );
        }
    }
    Ok(auth)
}

async fn authenticate(State(s): St, headers: HeaderMap, Body(body): Body) -> Response {
    let params = match body_params(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let missing = |name: &str| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("Missing required parameter: {name}."),
            &format!("no {name}"),
        )
    };
    let Some(grant_type) = get("grant_type") else {
        return missing("grant_type");
    };
    let Some(client_id) = get("client_id") else {
        return missing("client_id");
    };
    let auth = match client_auth(&s, client_id, get("client_secret"), &headers) {
        Ok(a) => a,
        Err(r) => return r,
    };
    match grant_type {
        "authorization_code" => {
            let Some(code) = get("code") else {
                return missing("code");
            };
            let verifier = get("code_verifier");
            if verifier.is_none() && auth == ClientAuth::Public {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Missing required parameter: code_verifier. A public client proves the \
                     sign-in with PKCE; a server-side app sends its API key as client_secret.",
                    "no code_verifier and no client_secret",
                );
            }
            code_grant(&s, client_id, code, verifier, auth)
        }
        "refresh_token" => {
            let Some(token) = get("refresh_token") else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Missing required parameter: refresh_token.",
                    "no refresh_token (authkit-js outside devMode relies on a WorkOS cookie, \
                     which the emulator does not set)",
                );
            };
            refresh_grant(&s, client_id, token, get("organization_id"), auth)
        }
        other => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("The grant type `{other}` is not supported by the emulator."),
            "unsupported grant_type",
        ),
    }
}

/// Exchanges a code. A code from a PKCE sign-in needs its `code_verifier` (with or without a
/// `client_secret`); a code from a sign-in without PKCE needs the `client_secret` and no verifier.
fn code_grant(
    s: &Shared,
    client_id: &str,
    code: &str,
    verifier: Option<&str>,
    auth: ClientAuth,
) -> Response {
    let invalid = |note: &str| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            &format!("The code '{code}' has expired or is invalid."),
            note,
        )
    };
    let now = s.clock.now_secs();
    // Removed on first use, whatever the outcome: a code is good for one attempt only.
    let Some(grant) = s.store().codes.remove(code) else {
        return invalid("code unknown or already used");
    };
    if now.saturating_sub(grant.created_s) > CODE_TTL_SECS {
        return invalid("code expired (older than 10 minutes)");
    }
    if grant.client_id != client_id {
        return invalid("code was issued to another client_id");
    }
    match (&grant.code_challenge, verifier) {
        (Some(challenge), Some(verifier)) => {
            let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
            if URL_SAFE_NO_PAD.encode(digest.as_ref()) != *challenge {
                return invalid("PKCE: S256(code_verifier) does not match code_challenge");
            }
        }
        (Some(_), None) => {
            return invalid(
                "PKCE: the code was issued with a code_challenge; client_secret does not replace \
                 the code_verifier",
            );
        }
        (None, Some(_)) => {
            return with_note(
                json_response(
                    StatusCode::BAD_REQUEST,
                    json!({"code": "code_challenge_not_found",
                           "message": "The authorization request had no code_challenge, so the \
                                       code_verifier can't be checked."}),
                ),
                "code_challenge_not_found: code_verifier sent for a code issued without PKCE",
            );
        }
        (None, None) if auth == ClientAuth::Public => {
            return invalid("code issued without PKCE needs the client_secret");
        }
        (None, None) => {}
    }
    let session_id = ids::ulid("session", s.clock.now_ms());
    let refresh_token = ids::secret();
    {
        let mut store = s.store();
        store.maybe_sweep(s.clock.now_secs());
        store
            .refresh
            .insert(refresh_token.clone(), session_id.clone());
        store.sessions.insert(
            session_id.clone(),
            Session {
                client_id: client_id.to_string(),
                user: grant.user,
                membership: grant.membership,
                refresh_token: Some(refresh_token.clone()),
                revoked: false,
                confidential: auth == ClientAuth::Secret,
            },
        );
    }
    token_response(
        s,
        client_id,
        grant.user,
        grant.membership,
        &session_id,
        refresh_token,
    )
}

fn refresh_grant(
    s: &Shared,
    client_id: &str,
    token: &str,
    org: Option<&str>,
    auth: ClientAuth,
) -> Response {
    let invalid = |note: &str| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "Invalid refresh token.",
            note,
        )
    };
    let new_token = ids::secret();
    let (session_id, user, membership) = {
        let mut store = s.store();
        let Some(session_id) = store.refresh.get(token).cloned() else {
            return invalid("refresh token unknown, rotated or revoked");
        };
        let Some(session) = store.sessions.get_mut(&session_id) else {
            return invalid("session gone");
        };
        if session.revoked {
            return invalid("session signed out");
        }
        if session.client_id != client_id {
            return invalid("refresh token belongs to another client_id");
        }
        if session.confidential && auth == ClientAuth::Public {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_client",
                "This session was signed in with the client's API key: send it as client_secret \
                 to refresh.",
                "confidential session refreshed without client_secret",
            );
        }
        let memberships = &s.users[session.user].memberships;
        let membership = match org {
            None => session.membership,
            Some(org) => match memberships.iter().position(|m| m.organization_id == org) {
                Some(i) => Some(i),
                None => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        &format!("The user is not a member of the organization '{org}'."),
                        "organization_id: no membership",
                    );
                }
            },
        };
        session.membership = membership;
        session.refresh_token = Some(new_token.clone());
        let user = session.user;
        store.refresh.remove(token);
        store.refresh.insert(new_token.clone(), session_id.clone());
        (session_id, user, membership)
    };
    token_response(s, client_id, user, membership, &session_id, new_token)
}

fn token_response(
    s: &Shared,
    client_id: &str,
    user: usize,
    membership: Option<usize>,
    session_id: &str,
    refresh_token: String,
) -> Response {
    let now_ms = s.clock.now_ms();
    let now = now_ms / 1000;
    let u = &s.users[user];
    let m = membership.map(|i| &u.memberships[i]);
    let mut claims = serde_json::Map::new();
    claims.insert("iss".into(), s.config.issuer_for(client_id).into());
    claims.insert("sub".into(), u.id.clone().into());
    if let Some(aud) = &s.config.audience {
        claims.insert("aud".into(), aud.clone().into());
    }
    claims.insert("sid".into(), session_id.into());
    claims.insert("jti".into(), ids::ulid("", now_ms).into());
    if let Some(m) = m {
        claims.insert("org_id".into(), m.organization_id.clone().into());
        claims.insert("role".into(), m.role.clone().into());
        claims.insert("roles".into(), json!([m.role]));
        claims.insert("permissions".into(), json!(m.permissions));
    }
    claims.insert("iat".into(), now.into());
    claims.insert(
        "exp".into(),
        now.saturating_add(s.config.access_token_ttl_seconds).into(),
    );
    let access_token = s.signer.sign(&Value::Object(claims));
    let mut body = serde_json::Map::new();
    body.insert("user".into(), user_json(s, u, now));
    if let Some(m) = m {
        body.insert("organization_id".into(), m.organization_id.clone().into());
    }
    body.insert("access_token".into(), access_token.into());
    body.insert("refresh_token".into(), refresh_token.into());
    body.insert("authentication_method".into(), "Password".into());
    with_note(
        json_response(StatusCode::OK, Value::Object(body)),
        format!("token for {} (sid …{})", u.email, tail(session_id)),
    )
}

/// The last characters of an ID, enough to tell sessions apart in logs.
fn tail(s: &str) -> &str {
    &s[s.len().saturating_sub(6)..]
}

fn user_json(s: &Shared, u: &User, now: u64) -> Value {
    let created = iso8601(s.started_s);
    json!({
        "object": "user",
        "id": u.id,
        "email": u.email,
        "email_verified": true,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "profile_picture_url": null,
        "last_sign_in_at": iso8601(now),
        "external_id": null,
        "metadata": {},
        "created_at": created,
        "updated_at": created,
    })
}

/// `YYYY-MM-DDTHH:MM:SS.000Z` for Unix seconds (WorkOS's timestamp format).
pub fn iso8601(secs: u64) -> String {
    // WorkOS timestamps carry milliseconds: `2023-11-14T22:13:20.000Z`.
    let seconds = crate::token::diagnose::iso(i64::try_from(secs).unwrap_or(i64::MAX));
    format!("{}.000Z", seconds.trim_end_matches('Z'))
}

// ---------------------------------------------------------------------------------------------
// GET /sso/jwks/{client_id}

async fn jwks(State(s): St, Path(client_id): Path<String>) -> Response {
    if s.store().client(&client_id).is_none() {
        return with_note(
            json_response(StatusCode::NOT_FOUND, json!({"message": "Not Found"})),
            "unknown client_id",
        );
    }
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        s.signer.jwks.clone(),
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// GET /user_management/sessions/logout

async fn logout(State(s): St, RawQuery(q): RawQuery) -> Response {
    let q = query_map(q);
    let Some(session_id) = q.get("session_id").filter(|v| !v.is_empty()) else {
        return with_note(
            json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"message": "Missing required parameter: session_id."}),
            ),
            "no session_id",
        );
    };
    let client_id = {
        let mut store = s.store();
        let found = store.sessions.get_mut(session_id).map(|session| {
            session.revoked = true;
            (session.client_id.clone(), session.refresh_token.take())
        });
        match found {
            Some((client_id, token)) => {
                if let Some(token) = token {
                    store.refresh.remove(&token);
                }
                Some(client_id)
            }
            None => None,
        }
    };
    let note = if client_id.is_some() {
        "session revoked"
    } else {
        "unknown session_id"
    };
    // A path (what @workos/authkit-tanstack-react-start sends by default: `/`) is no place to
    // return to; like a missing one, it leaves the client's homepage (the SDK's README: the
    // sign-out redirect, else the app homepage URL).
    let return_to = q.get("return_to").filter(|v| !v.is_empty());
    let path_only = return_to.is_some_and(|to| to.starts_with('/') && !to.starts_with("//"));
    if let Some(to) = return_to.filter(|_| !path_only) {
        if check_url(to).is_err() {
            return with_note(
                json_response(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!({"message": "return_to must be an absolute http(s) URL."}),
                ),
                "bad return_to",
            );
        }
        return with_note(redirect(StatusCode::FOUND, to), note);
    }
    let homepage = client_id
        .as_deref()
        .and_then(|id| s.store().client(id).and_then(|c| c.homepage_url.clone()));
    let note = if path_only {
        format!("{note}; return_to is a path, not a URL: the homepage")
    } else {
        note.to_string()
    };
    match homepage {
        Some(home) => with_note(redirect(StatusCode::FOUND, &home), note),
        None => with_note(
            pages::error_page(
                "app-homepage-url-not-found",
                "App Homepage URL Not Found",
                "App homepage URL not found",
                "There is no page to return to after signing out. The application needs an app \
                 homepage URL or a sign-out redirect. If you are not sure what this means, please \
                 contact your organization admin.",
                &match &client_id {
                    Some(id) => format!(
                        "no <code>return_to</code> URL was given and <code>{}</code> has no \
                         <code>homepage_url</code>.",
                        pages::esc(id)
                    ),
                    None => "no <code>return_to</code> URL was given and the session is unknown, \
                             so there is no client homepage to fall back to."
                        .to_string(),
                },
            ),
            format!("{note}; no return_to and no homepage"),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Management endpoints (Bearer API key)

/// The client owning the request's API key, or the 401 WorkOS gives.
fn authorized<'a>(
    store: &'a mut Store,
    headers: &HeaderMap,
) -> Result<&'a mut ClientConfig, Response> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    let unauthorized = || {
        api_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Could not authorize the request. Check the API key.",
        )
    };
    match key {
        Some(k) if !k.is_empty() => store.client_by_key(k).ok_or_else(unauthorized),
        _ => Err(unauthorized()),
    }
}

/// The string field `name` of a JSON body, or a 422 naming it.
fn json_field(body: &[u8], name: &str) -> Result<String, Response> {
    let invalid = |msg: String| {
        with_note(
            json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"code": "invalid_request_parameters", "message": msg,
                       "errors": [{"field": name, "code": format!("{name}_invalid")}]}),
            ),
            format!("bad body: {name}"),
        )
    };
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| invalid("The request body is not valid JSON.".into()))?;
    match value.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(invalid(format!(
            "`{name}` is required and must be a string."
        ))),
    }
}

async fn add_redirect_uri(State(s): St, headers: HeaderMap, Body(body): Body) -> Response {
    let mut store = s.store();
    let client = match authorized(&mut store, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let uri = match json_field(&body, "uri") {
        Ok(u) => u,
        Err(r) => return r,
    };
    if check_url(&uri).is_err() {
        return api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_redirect_uri",
            "The redirect URI must be an absolute http(s) URL.",
        );
    }
    if client.redirect_uris.contains(&uri) {
        return api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "redirect_uri_already_exists",
            "A redirect URI with this value already exists.",
        );
    }
    client.redirect_uris.push(uri.clone());
    let now = iso8601(s.clock.now_secs());
    let default = client.redirect_uris.len() == 1;
    with_note(
        json_response(
            StatusCode::CREATED,
            json!({"object": "redirect_uri", "id": ids::ulid("redir", s.clock.now_ms()),
                   "uri": uri, "default": default, "created_at": now, "updated_at": now}),
        ),
        "redirect URI added",
    )
}

async fn add_cors_origin(State(s): St, headers: HeaderMap, Body(body): Body) -> Response {
    let mut store = s.store();
    let client = match authorized(&mut store, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let origin = match json_field(&body, "origin") {
        Ok(o) => o,
        Err(r) => return r,
    };
    if check_origin(&origin).is_err() {
        return api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_cors_origin",
            "The origin must be `scheme://host[:port]`, without a path.",
        );
    }
    if client.cors_origins.contains(&origin) {
        return api_error(
            StatusCode::CONFLICT,
            "duplicate_cors_origin",
            "A CORS origin with this value already exists.",
        );
    }
    client.cors_origins.push(origin.clone());
    let now = iso8601(s.clock.now_secs());
    with_note(
        json_response(
            StatusCode::CREATED,
            json!({"object": "cors_origin", "id": ids::ulid("cors_origin", s.clock.now_ms()),
                   "origin": origin, "created_at": now, "updated_at": now}),
        ),
        "CORS origin added",
    )
}

async fn set_homepage(State(s): St, headers: HeaderMap, Body(body): Body) -> Response {
    let mut store = s.store();
    let client = match authorized(&mut store, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let url = match json_field(&body, "url") {
        Ok(u) => u,
        Err(r) => return r,
    };
    if check_url(&url).is_err() {
        return api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_app_homepage_url",
            "The app homepage URL must be an absolute http(s) URL.",
        );
    }
    client.homepage_url = Some(url.clone());
    with_note(
        json_response(
            StatusCode::OK,
            json!({"object": "app_homepage_url", "url": url}),
        ),
        "homepage URL set",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_formats_unix_seconds() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20.000Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00.000Z");
    }

    /// A flood of sign-in requests, codes and sessions can't grow the store past its cap.
    #[test]
    fn the_store_stays_bounded_under_a_flood() {
        let mut store = Store::default();
        for i in 0..(MAX_ENTRIES + 5_000) {
            let now = i as u64 / 1000;
            store.maybe_sweep(now);
            store.pending.insert(
                format!("p{i}"),
                Pending {
                    client_id: String::new(),
                    redirect_uri: String::new(),
                    code_challenge: None,
                    state: None,
                    organization_id: None,
                    created_s: now,
                },
            );
            store.codes.insert(
                format!("c{i}"),
                CodeGrant {
                    client_id: String::new(),
                    code_challenge: None,
                    user: 0,
                    membership: None,
                    created_s: now,
                },
            );
            let id = format!("session_{i:012}");
            store.refresh.insert(format!("r{i}"), id.clone());
            store.sessions.insert(
                id,
                Session {
                    client_id: String::new(),
                    user: 0,
                    membership: None,
                    refresh_token: Some(format!("r{i}")),
                    revoked: false,
                    confidential: false,
                },
            );
        }
        assert!(
            store.pending.len() <= MAX_ENTRIES,
            "{}",
            store.pending.len()
        );
        assert!(store.codes.len() <= MAX_ENTRIES);
        assert!(store.sessions.len() <= MAX_ENTRIES);
        assert!(store.refresh.len() <= MAX_ENTRIES);
        // The newest are the ones kept.
        let newest = MAX_ENTRIES + 4_999;
        assert!(store.pending.contains_key(&format!("p{newest}")));
        assert!(
            store
                .sessions
                .contains_key(&format!("session_{newest:012}"))
        );
        assert!(!store.sessions.contains_key(&format!("session_{:012}", 0)));
    }

    #[test]
    fn s256_challenge_shape() {
        assert!(is_s256_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!is_s256_challenge("plain-verifier"));
    }
}
