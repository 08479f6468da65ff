//! Asking a live deployment whether it accepts a token (`verify --deployment-url`).
//!
//! The probe is one `POST <deployment>/api/query` with `Authorization: Bearer <token>` and a
//! function path that cannot exist (`convexAuthkitProbe:doesNotExist`). The backend checks the
//! token before it looks the function up, so:
//!
//! - HTTP 401 (or 403) with `{"code","message"}`: the deployment **rejected** the token, and says
//!   why in Convex's own words;
//! - HTTP 400 `InvalidAdminKey`/`InvalidHeaderFailure`: the `Authorization` header itself was
//!   refused (an empty or malformed token): **rejected**;
//! - a function error that names the probe path ("Could not find public function …"), as HTTP 200
//!   `{"status":"error"}` (or legacy 560, or a 4xx with `{"code","message"}`): the token got past
//!   authentication, so it was **accepted**;
//! - a transport failure: **unreachable**; anything else: **unexpected** (not a Convex
//!   deployment, a proxy page, …), shown with its status and the start of its body.
//!
//! Nothing runs on the deployment and nothing is written: the function does not exist.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

/// The function path the probe calls; it must never exist.
pub const PROBE_PATH: &str = "convexAuthkitProbe:doesNotExist";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Accepted {
        /// What the deployment said about the (missing) function.
        detail: String,
    },
    Rejected {
        code: String,
        message: String,
    },
    Unreachable {
        error: String,
    },
    Unexpected {
        detail: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeResult {
    /// The deployment URL as given (trailing `/` removed).
    pub url: String,
    /// The request that was sent.
    pub request: String,
    pub http_status: Option<u16>,
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Checks a `--deployment-url` value: an http(s) URL with no path.
pub fn parse_deployment_url(s: &str) -> Result<String, String> {
    let url = url::Url::parse(s).map_err(|e| format!("`{s}` is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{s}` is not an http(s) URL"));
    }
    if url.host_str().is_some_and(|h| h.ends_with(".convex.site")) {
        return Err(format!(
            "`{s}` is the HTTP-actions host; the API lives on the `.convex.cloud` host of the same deployment"
        ));
    }
    if url.path() != "/" || url.query().is_some() {
        return Err(format!(
            "`{s}` has a path; pass the deployment's origin, e.g. `https://happy-otter-123.convex.cloud`"
        ));
    }
    Ok(s.trim_end_matches('/').to_string())
}

/// Sends the probe and classifies the answer (see the module docs).
pub fn probe(url: &str, token: &str, timeout: Duration) -> ProbeResult {
    let endpoint = format!("{url}/api/query");
    let request =
        format!("POST {endpoint} {{\"path\":\"{PROBE_PATH}\",\"args\":{{}},\"format\":\"json\"}}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let body = serde_json::json!({ "path": PROBE_PATH, "args": {}, "format": "json" });
    let result = agent
        .post(&endpoint)
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .send(body.to_string());
    let mut resp = match result {
        Ok(r) => r,
        Err(e) => {
            return ProbeResult {
                url: url.to_string(),
                request,
                http_status: None,
                verdict: Verdict::Unreachable {
                    error: e.to_string(),
                },
            };
        }
    };
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_string()
        .unwrap_or_default();
    ProbeResult {
        url: url.to_string(),
        request,
        http_status: Some(status),
        verdict: classify(status, &text),
    }
}

/// The verdict for an HTTP answer.
pub fn classify(status: u16, body: &str) -> Verdict {
    let json: Option<Value> = serde_json::from_str(body).ok();
    let field = |name: &str| {
        json.as_ref()
            .and_then(|j| j.get(name))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let names_probe = |s: &str| s.contains(PROBE_PATH) || s.contains("convexAuthkitProbe");
    match status {
        401 | 403 => {
            if let (Some(code), Some(message)) = (field("code"), field("message")) {
                return Verdict::Rejected { code, message };
            }
        }
        400 => {
            if let (Some(code), Some(message)) = (field("code"), field("message"))
                && matches!(
                    code.as_str(),
                    "InvalidAdminKey" | "InvalidHeaderFailure" | "InvalidAuthHeader"
                )
            {
                return Verdict::Rejected { code, message };
            }
        }
        _ => {}
    }
    if (status == 200 || status == 560) && field("status").is_some() {
        let detail = field("errorMessage").unwrap_or_else(|| "the query ran".into());
        return if field("status").as_deref() == Some("success") || names_probe(&detail) {
            Verdict::Accepted { detail }
        } else {
            Verdict::Unexpected {
                detail: format!(
                    "HTTP {status}, a function error that doesn't name the probe: {detail}"
                ),
            }
        };
    }
    if (400..500).contains(&status)
        && let Some(message) = field("message")
        && names_probe(&message)
    {
        return Verdict::Accepted { detail: message };
    }
    let snippet: String = body.chars().take(200).collect();
    Verdict::Unexpected {
        detail: format!("HTTP {status}: {}", snippet.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_answers() {
        assert_eq!(
            classify(
                401,
                r#"{"code":"NoAuthProvider","message":"No auth provider found"}"#
            ),
            Verdict::Rejected {
                code: "NoAuthProvider".into(),
                message: "No auth provider found".into()
            }
        );
        assert!(matches!(
            classify(
                200,
                r#"{"status":"error","errorMessage":"Could not find public function for 'convexAuthkitProbe:doesNotExist'. Did you forget to run `npx convex dev` or `npx convex deploy`?"}"#
            ),
            Verdict::Accepted { .. }
        ));
        assert!(matches!(
            classify(
                560,
                r#"{"status":"error","errorMessage":"Could not find public function for 'convexAuthkitProbe:doesNotExist'"}"#
            ),
            Verdict::Accepted { .. }
        ));
        assert!(matches!(
            classify(
                400,
                r#"{"code":"InvalidAdminKey","message":"Invalid admin key"}"#
            ),
            Verdict::Rejected { .. }
        ));
        assert!(matches!(
            classify(404, "<html>nope</html>"),
            Verdict::Unexpected { .. }
        ));
        assert!(matches!(classify(502, ""), Verdict::Unexpected { .. }));
    }

    #[test]
    fn deployment_urls() {
        assert_eq!(
            parse_deployment_url("https://happy-otter-123.convex.cloud/").unwrap(),
            "https://happy-otter-123.convex.cloud"
        );
        assert!(parse_deployment_url("https://happy-otter-123.convex.site").is_err());
        assert!(parse_deployment_url("https://x.convex.cloud/api/query").is_err());
        assert!(parse_deployment_url("ftp://x").is_err());
        assert!(parse_deployment_url("nope").is_err());
    }
}
