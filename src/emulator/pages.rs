//! The HTML the emulator serves to browsers: the sign-in page and WorkOS's hosted error pages.
//!
//! Real WorkOS redirects failures to `https://error.workos.com/sso/<slug>`; the emulator serves
//! the page itself with status 400 and the same slug in `data-hak-page`, so a browser test can
//! tell which error it hit. Headings follow WorkOS's pages where the reference records them
//! ("Invalid redirect URI"); the client-ID and homepage pages' wording is not public, so theirs is
//! the emulator's own. Each error page adds an "Emulator" box saying exactly what was wrong,
//! which the real pages do not.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// HTML-escapes text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1c2024}\
h1{font-size:1.4rem}form{margin:.5rem 0}button{font-size:1rem;padding:.6rem 1rem;width:100%;cursor:pointer}\
.emulator{margin-top:2rem;padding:.75rem;border:1px dashed #999;font-size:.85rem;color:#555}\
code{word-break:break-all}";

fn html(status: StatusCode, slug: &str, title: &str, body: &str) -> Response {
    let doc = format!(
        "<!doctype html>\n<html lang=\"en\" data-hak-page=\"{slug}\">\n<head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body>\n</html>\n",
        slug = esc(slug),
        title = esc(title),
    );
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        doc,
    )
        .into_response()
}

/// A hosted-style error page: WorkOS's heading and text, then the emulator's diagnosis.
pub fn error_page(slug: &str, title: &str, heading: &str, text: &str, detail: &str) -> Response {
    let body = format!(
        "<main>\n<h1>Error: {}</h1>\n<p>{}</p>\n<div class=\"emulator\" id=\"emulator-detail\">\
         <strong>Emulator:</strong> {detail}</div>\n</main>",
        esc(heading),
        esc(text),
    );
    html(StatusCode::BAD_REQUEST, slug, title, &body)
}

/// One seeded user on the sign-in page.
pub struct SignInChoice<'a> {
    pub user_id: &'a str,
    pub email: &'a str,
    pub name: String,
}

/// The sign-in page: one form per user, posting to the completion path.
pub fn sign_in_page(
    action: &str,
    request_id: &str,
    client_id: &str,
    redirect_uri: &str,
    users: &[SignInChoice<'_>],
) -> Response {
    let mut body = String::from("<main>\n<h1>Sign in</h1>\n");
    body.push_str(&format!(
        "<p>Choose a seeded user for <code>{}</code>.</p>\n",
        esc(client_id)
    ));
    if users.is_empty() {
        body.push_str("<p id=\"no-users\">The emulator config has no users.</p>\n");
    }
    for u in users {
        body.push_str(&format!(
            "<form method=\"post\" action=\"{action}\" data-user-email=\"{email}\">\
             <input type=\"hidden\" name=\"request\" value=\"{req}\">\
             <input type=\"hidden\" name=\"user\" value=\"{id}\">\
             <button type=\"submit\" data-user-email=\"{email}\">Sign in as {name}</button></form>\n",
            action = esc(action),
            email = esc(u.email),
            req = esc(request_id),
            id = esc(u.user_id),
            name = esc(&u.name),
        ));
    }
    body.push_str(&format!(
        "<div class=\"emulator\"><strong>Emulator:</strong> convex-authkit emulate. After sign-in \
         the browser returns to <code>{}</code>.</div>\n</main>",
        esc(redirect_uri)
    ));
    html(StatusCode::OK, "sign-in", "Sign in", &body)
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc(r#"<a href="x">'&"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }
}
