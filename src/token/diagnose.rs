//! Plain-words explanations for a rejected token.
//!
//! Convex's messages are deliberately generic (a wrong `alg`, an unknown `kid` and a bad signature
//! all read the same). Here each [`Failure`] gets the real cause, the closest provider and what
//! differs, and a fix phrased for WorkOS AuthKit setups where it applies.

use super::check::{Claims, DecodeCause, Failure};
use super::jwks::JwksError;
use super::provider::{JwksUse, LEEWAY_SECONDS, Provider, issuers_match, normalise_token_issuer};

/// What the explanation may look at.
pub struct Context<'a> {
    pub failure: &'a Failure,
    pub providers: &'a [Provider],
    pub provider_index: Option<usize>,
    pub claims: Option<&'a Claims>,
    pub jwks: Option<&'a JwksUse>,
    pub now: i64,
    /// The config file, for "edit convex/auth.config.ts" hints.
    pub source: Option<&'a str>,
}

const WORKOS_ROOT: &str = "https://api.workos.com";
const USER_MANAGEMENT: &str = "/user_management/";

/// (diagnosis, hints)
pub fn explain(cx: &Context<'_>) -> (Vec<String>, Vec<String>) {
    let mut d = Vec::new();
    let mut h = Vec::new();
    let file = cx.source.unwrap_or("convex/auth.config.ts");
    if let Some(i) = cx.provider_index {
        d.push(format!(
            "the token was routed to provider {i}: {}",
            cx.providers[i].convex_display()
        ));
        if let Some(c) = cx.claims
            && let Some(iss) = &c.iss
        {
            let later: Vec<String> = cx
                .providers
                .iter()
                .enumerate()
                .skip(i + 1)
                .filter(|(_, p)| p.matches(&c.aud, iss))
                .map(|(j, _)| j.to_string())
                .collect();
            if !later.is_empty() {
                d.push(format!(
                    "provider(s) {} also match this token, but Convex only ever tries the first match",
                    later.join(", ")
                ));
            }
        }
        if let Some(j) = cx.jwks
            && let Some(o) = &j.applied_override
        {
            d.push(format!(
                "JWKS override applied: `{}` was fetched as `{}` (`--jwks-override {}={}`)",
                short(&j.configured),
                short(&j.url),
                o.from,
                o.to
            ));
        }
    }
    match cx.failure {
        Failure::Unparseable { detail } => {
            d.push(format!("the token can't be read: {detail}"));
            h.push("pass the access token itself: three base64url parts separated by dots, starting with `eyJ` (in the browser, the `value` of the `Authenticate` message on the `sync` WebSocket)".into());
        }
        Failure::MissingIssuer => {
            d.push("the payload has no `iss` claim, so Convex can't pick a provider".into());
            h.push("Convex routes every token by `iss`; WorkOS access tokens always carry one. Is this an ID token, a refresh token or a hand-made token?".into());
        }
        Failure::NoProvider {
            iss,
            aud,
            aud_present,
        } => no_provider(cx, iss, aud, *aud_present, file, &mut d, &mut h),
        Failure::OidcNotChecked => {
            d.push("that provider is an OIDC (`domain`) provider: Convex discovers its keys from `<iss>/.well-known/openid-configuration` and allows RS256/EdDSA only; this tool doesn't check it".into());
        }
        Failure::Jwks(e) => jwks_failure(cx, e, &mut d, &mut h),
        Failure::Decode { kid, cause } => {
            decode_failure(cx, kid.as_deref(), cause, file, &mut d, &mut h)
        }
        Failure::Expired { ago, exp } => {
            d.push(format!(
                "the token expired {ago} s ago (exp {exp} = {}, now {} = {}); Convex allows {LEEWAY_SECONDS} s of clock skew",
                iso(*exp),
                cx.now,
                iso(cx.now)
            ));
            h.push("get a fresh token: WorkOS access tokens live a few minutes and the client refreshes them; if the token is fresh, check this machine's clock (or pass `--now`)".into());
        }
        Failure::NotYetValid { claim, by, value } => {
            d.push(format!(
                "`{claim}` is {by} s in the future ({claim} {value} = {}, now {} = {}); Convex allows {LEEWAY_SECONDS} s of clock skew",
                iso(*value),
                cx.now,
                iso(cx.now)
            ));
            h.push("the issuer's clock is ahead of this machine's (or the token was minted with a future time): sync the clocks (NTP)".into());
        }
        Failure::MissingClaims(missing) => {
            let list: Vec<String> = missing.iter().map(|c| format!("`{c}`")).collect();
            d.push(format!("the token has no {} claim", list.join(", no ")));
            h.push("Convex requires `sub`, `iss` and `exp` in every customJwt token (and its client needs `iat` to schedule refreshes)".into());
        }
    }
    (d, h)
}

#[allow(clippy::too_many_arguments)]
fn no_provider(
    cx: &Context<'_>,
    iss: &str,
    aud: &[String],
    aud_present: bool,
    file: &str,
    d: &mut Vec<String>,
    h: &mut Vec<String>,
) {
    if cx.providers.is_empty() {
        d.push(format!(
            "the app has no auth providers (no `{file}`, or an empty `providers` list)"
        ));
        h.push("run `convex-authkit init` to add the WorkOS providers".into());
        return;
    }
    let aud_text = if aud_present {
        format!("the token's `aud` is {aud:?}")
    } else {
        "the token has no `aud`".to_string()
    };
    if normalise_token_issuer(iss) != iss {
        d.push(format!(
            "the token's `iss` `{iss}` has no scheme; Convex compares it as `{}`",
            normalise_token_issuer(iss)
        ));
    }
    // A provider with the right issuer but a failing `aud` is the closest there is.
    if let Some((i, p)) = cx
        .providers
        .iter()
        .enumerate()
        .find(|(_, p)| issuers_match(p.issuer(), iss))
    {
        let app = p.application_id().unwrap_or_default();
        d.push(format!(
            "provider {i} ({}) matches the issuer `{iss}`, but it requires `aud` to contain `{app}`, and {aud_text}",
            p.convex_display()
        ));
        if p.issuer().contains(USER_MANAGEMENT) && p.issuer().starts_with(WORKOS_ROOT) {
            h.push(format!(
                "your auth.config has applicationID on the user_management provider (provider {i}); WorkOS tokens with that issuer carry no `aud`: remove `applicationID` from it in `{file}`"
            ));
        } else if p.issuer().trim_end_matches('/') == WORKOS_ROOT {
            h.push(format!(
                "tokens with issuer `{WORKOS_ROOT}/` are shared by every WorkOS app, so Convex needs `aud` = your client ID: add a JWT template with `\"aud\": \"{app}\"` in the WorkOS dashboard, or rely on the per-client issuer `{WORKOS_ROOT}/user_management/<client id>` (a provider without applicationID, as `convex-authkit init` writes it)"
            ));
        } else {
            h.push(format!(
                "make the issuer put `{app}` in `aud`, or set provider {i}'s `applicationID` to the audience the token carries"
            ));
        }
        if aud_present && aud.iter().any(|a| a.starts_with("client_")) && app.starts_with("client_")
        {
            h.push(format!(
                "the token was issued for WorkOS client {}, the config expects `{app}`: check `WORKOS_CLIENT_ID` on the deployment",
                aud.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        return;
    }
    let token_n = normalise_token_issuer(iss);
    let token_t = token_n.trim_end_matches('/');
    let (i, p) = cx
        .providers
        .iter()
        .enumerate()
        .max_by_key(|(i, p)| {
            (
                common_prefix(p.issuer().trim_end_matches('/'), token_t),
                usize::MAX - i,
            )
        })
        .expect("providers is not empty");
    let cfg_t = p.issuer().trim_end_matches('/');
    d.push(format!("no provider has the token's issuer `{iss}`"));
    let at = common_prefix(cfg_t, token_t);
    d.push(format!(
        "closest is provider {i} ({}): the issuers differ from character {}: the token has `{}`, the config has `{}`",
        p.convex_display(),
        at + 1,
        ellipsis_from(token_t, at),
        ellipsis_from(cfg_t, at)
    ));
    if cfg_t.eq_ignore_ascii_case(token_t) {
        d.push("they differ only in letter case; Convex compares issuers exactly".into());
        h.push(format!(
            "copy the token's issuer exactly into provider {i}'s `issuer` in `{file}`"
        ));
    }
    if let Some(app) = p.application_id()
        && !aud.iter().any(|a| a == app)
    {
        d.push(format!(
            "provider {i} also requires `aud` to contain `{app}`, and {aud_text}"
        ));
    }
    let token_client = workos_client(token_t);
    let cfg_client = workos_client(cfg_t);
    match (token_client, cfg_client) {
        (Some((th, tc)), Some((ch, cc))) if th == ch && tc != cc => {
            d.push(format!(
                "the token was issued for WorkOS client `{tc}`, but the config's issuer uses client `{cc}`"
            ));
            h.push(format!(
                "if `{tc}` is the right client, set it on the deployment: `npx convex env set WORKOS_CLIENT_ID {tc}` (or pass `--env WORKOS_CLIENT_ID={tc}` here to check); otherwise the app signs in with the wrong client: check `VITE_WORKOS_CLIENT_ID`"
            ));
        }
        (Some((th, tc)), Some((ch, _))) if th != ch => {
            d.push(format!(
                "the token comes from `{th}`, the config expects `{ch}`"
            ));
            h.push(format!(
                "with a custom authentication domain (or an emulator), WorkOS issues `{th}/user_management/{tc}`: add a customJwt provider with that issuer (keep `jwks` at WorkOS, or point it at the emulator)"
            ));
        }
        (Some((th, tc)), None) => {
            h.push(format!(
                "add the per-client WorkOS provider (no applicationID): `issuer: \"{th}/user_management/{tc}\"`, `jwks: \"https://api.workos.com/sso/jwks/{tc}\"`, `algorithm: \"RS256\"` (`convex-authkit init` writes it)"
            ));
        }
        _ => {
            if token_t == WORKOS_ROOT {
                h.push(format!(
                    "add the shared-issuer WorkOS provider: `issuer: \"{WORKOS_ROOT}/\"` with `applicationID` = your client ID (`convex-authkit init` writes it)"
                ));
            } else if h.is_empty() {
                h.push(format!(
                    "set provider {i}'s `issuer` to the token's `iss` (trailing slashes don't matter, everything else must be equal)"
                ));
            }
        }
    }
}

/// `https://host/user_management/<client>` → (`https://host`, `<client>`).
fn workos_client(issuer: &str) -> Option<(&str, &str)> {
    let (base, client) = issuer.split_once(USER_MANAGEMENT)?;
    (!client.is_empty() && !client.contains('/')).then_some((base, client))
}

fn jwks_failure(cx: &Context<'_>, e: &JwksError, d: &mut Vec<String>, h: &mut Vec<String>) {
    let overridden = cx.jwks.is_some_and(|j| j.applied_override.is_some());
    match e {
        JwksError::DataUrl { detail } => {
            d.push(format!(
                "the `data:` JWKS doesn't decode to a key set: {detail}"
            ));
            h.push("rebuild it as `data:text/plain;charset=utf-8;base64,` + the base64 of the JWKS JSON (`{\"keys\":[…]}`)".into());
        }
        JwksError::Body {
            detail, data_url, ..
        } => {
            d.push(format!("the JWKS is not a key set: {detail}"));
            h.push(if *data_url {
                "the `data:` URI must hold the JWKS JSON itself (`{\"keys\":[…]}`)".to_string()
            } else {
                "the URL must return `{\"keys\":[…]}`; check that `jwks` points at the JWKS itself, not a login page or the issuer".to_string()
            });
        }
        JwksError::Transport {
            url,
            error,
            timed_out,
        } => {
            if *timed_out {
                d.push(format!(
                    "`{url}` did not answer within the timeout ({error})"
                ));
            } else {
                d.push(format!("`{url}` is unreachable: {error}"));
            }
            if is_loopback(url) {
                h.push("nothing answers on that local address: start the emulator (or the server holding the keys), or fix the port in `--jwks-override`".into());
                h.push("a cloud deployment can't reach localhost either: give it the keys as a `data:` URI".into());
            } else {
                h.push("check the network (offline? proxy? DNS?) and the URL; to check against local keys instead, use `--jwks-override FROM=TO`".into());
            }
        }
        JwksError::Status { url, status, .. } => {
            d.push(format!("`{url}` answered HTTP {status}"));
            if url.contains("/sso/jwks/") && *status == 404 {
                let client = url.rsplit('/').next().unwrap_or_default();
                h.push(format!(
                    "WorkOS has no keys for client `{client}`: the client ID ends the JWKS URL, so check `WORKOS_CLIENT_ID` (staging and production client IDs differ)"
                ));
            } else {
                h.push(
                    "fix the provider's `jwks` URL so that it returns the key set with HTTP 200"
                        .into(),
                );
            }
        }
        JwksError::ContentType { url, content_type } => {
            d.push(format!(
                "`{url}` answered with Content-Type `{}`; Convex accepts only `application/json` or `application/jwk-set+json` (charset, if any, `utf-8`)",
                content_type.as_deref().unwrap_or("(none)")
            ));
            h.push("serve the JWKS with `Content-Type: application/json` (or use a `data:` URI, whose MIME type Convex ignores)".into());
        }
    }
    if overridden && !matches!(e, JwksError::DataUrl { .. }) {
        h.push("the URL above comes from `--jwks-override`; without it Convex would fetch the configured URL".into());
    }
}

fn decode_failure(
    cx: &Context<'_>,
    kid: Option<&str>,
    cause: &DecodeCause,
    file: &str,
    d: &mut Vec<String>,
    h: &mut Vec<String>,
) {
    let i = cx.provider_index.unwrap_or(0);
    let url = cx
        .jwks
        .map_or("the JWKS".to_string(), |j| format!("`{}`", short(&j.url)));
    let kid_text = kid.map_or("(none)".to_string(), |k| format!("`{k}`"));
    match cause {
        DecodeCause::PartsCount(n) => {
            d.push(format!(
                "the token has {n} parts; a signed JWT (JWS) has exactly 3"
            ));
            if *n == 5 {
                h.push(
                    "five parts is an encrypted token (JWE); Convex needs the signed access token"
                        .into(),
                );
            }
        }
        DecodeCause::SignatureEncoding => d.push("the signature (part 3) is not base64url".into()),
        DecodeCause::Header(detail) => d.push(format!("the header can't be read: {detail}")),
        DecodeCause::KidMissing => {
            d.push("the token's header has no `kid`; Convex requires one to pick the key".into());
            h.push("sign tokens with a `kid` header naming a key in the JWKS (WorkOS tokens always have one, so this token was not minted by WorkOS AuthKit)".into());
        }
        DecodeCause::KidNotFound { available } => {
            let have = if available.is_empty() {
                "it has no keys with a `kid`".to_string()
            } else {
                format!(
                    "it has {}",
                    available
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            d.push(format!("`kid` {kid_text} is not in {url} ({have})"));
            h.push("the token was signed by another WorkOS environment or client than the one in `jwks` (staging and production differ), or by an emulator whose keys changed since".into());
            h.push("Convex caches the JWKS by its HTTP cache headers and doesn't refetch for an unknown `kid`; after a key rotation, wait for the cache to expire".into());
        }
        DecodeCause::KeyAlgNotSignature(a) => {
            d.push(format!(
                "the key {kid_text} has `alg` `{a}`, which is not a signature algorithm"
            ));
        }
        DecodeCause::WrongAlg {
            token,
            configured,
            key,
        } => {
            let key_text = key
                .as_ref()
                .map_or(String::new(), |k| format!(", the key says `{k}`"));
            d.push(format!(
                "the token is signed with `{token}`, provider {i} has `algorithm: \"{configured}\"`{key_text}"
            ));
            if token == "RS256" || token == "ES256" {
                if key.as_deref().is_none_or(|k| k == token) {
                    h.push(format!(
                        "set `algorithm: \"{token}\"` on provider {i} in `{file}`"
                    ));
                } else {
                    h.push("the key's `alg` and the token's `alg` disagree: the token was not signed with this key".into());
                }
            } else {
                h.push(format!("Convex accepts only RS256 and ES256 for customJwt; `{token}` tokens can't be used"));
            }
        }
        DecodeCause::KeyType(kty) => d.push(format!(
            "the key {kid_text} has type `{kty}`, which can't check RS256/ES256"
        )),
        DecodeCause::BadKey(detail) => d.push(format!("the key {kid_text} is unusable: {detail}")),
        DecodeCause::BadSignature => {
            d.push(format!(
                "the signature does not verify with key {kid_text} from {url}"
            ));
            h.push("the token was altered, or signed by a different private key that reuses this `kid` (an emulator restarted with a new key, or the wrong environment)".into());
        }
    }
}

fn is_loopback(url: &str) -> bool {
    url::Url::parse(url).ok().is_some_and(|u| {
        matches!(
            u.host_str(),
            Some("localhost" | "127.0.0.1" | "[::1]" | "::1")
        )
    })
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The rest of `s` from character `at`, with `…` in front when something was cut.
fn ellipsis_from(s: &str, at: usize) -> String {
    let start = at.saturating_sub(8);
    let rest: String = s.chars().skip(start).collect();
    if rest.is_empty() {
        "(end)".to_string()
    } else if start > 0 {
        format!("…{rest}")
    } else {
        rest
    }
}

/// A `data:` URI shortened for messages.
pub fn short(url: &str) -> String {
    if url.len() > 64
        && url
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
    {
        format!("{}… ({} bytes)", &url[..40.min(url.len())], url.len())
    } else {
        url.to_string()
    }
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
pub fn iso(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn workos_clients() {
        assert_eq!(
            workos_client(
                "https://api.workos.com/user_management/client_01JTEST0000000000000000000"
            ),
            Some((
                "https://api.workos.com",
                "client_01JTEST0000000000000000000"
            ))
        );
        assert_eq!(workos_client("https://api.workos.com"), None);
    }
}
