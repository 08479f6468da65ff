//! The emulator under abuse, as a separate `convex-authkit emulate` process on loopback:
//!
//! - complete PKCE sign-ins (through `login_hint` and through the sign-in page) with 0 errors;
//! - a fuzz pass of random methods, paths, headers, bodies and query strings (raw bytes on the
//!   socket, so malformed HTTP too), huge bodies, bad PKCE, replayed and foreign codes;
//! - partial requests that dribble in slowly, and thousands of idle connections held open;
//!
//! while a probe asks `/health` every few milliseconds. Every answer must be a 4xx (or the 2xx/3xx
//! a valid request earns), never a 5xx, a hang or a crash; the process's peak RSS is read from
//! `/proc`, the probe's p99 is reported, and SIGTERM still stops it with exit 0.
//!
//! The default sizes keep CI fast; `ABUSE_FULL=1` runs the figures (10,000 sign-ins,
//! 5,000 idle connections, 20,000 fuzzed requests). No timing is asserted; figures are printed
//! and recorded in docs/robustness.md.

#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const CLIENT: &str = "client_01EMV1AT0R0000000000000000";
const REDIRECT: &str = "http://localhost:5173/callback";

fn full() -> bool {
    std::env::var_os("ABUSE_FULL").is_some()
}

struct Emu {
    child: Child,
    url: String,
    port: u16,
}

impl Emu {
    fn start() -> Emu {
        let mut child = Command::new(env!("CARGO_BIN_EXE_convex-authkit"))
            .args(["emulate", "--port", "0", "--json", "-q"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let url = v["url"].as_str().unwrap().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "loopback only: {url}");
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        Emu { child, url, port }
    }

    /// (current, peak) resident set size in MB, from `/proc/<pid>/status`.
    fn rss_mb(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb = |key: &str| -> f64 {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(0.0)
                / 1024.0
        };
        (kb("VmRSS:"), kb("VmHWM:"))
    }

    /// SIGTERM: the emulator stops by itself, with exit 0, however many connections are open.
    fn stop(mut self) {
        Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert_eq!(status.code(), Some(0), "the emulator didn't exit cleanly");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the emulator didn't stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn pkce() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).unwrap();
    let verifier = URL_SAFE_NO_PAD.encode(bytes);
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    (verifier, URL_SAFE_NO_PAD.encode(digest.as_ref()))
}

fn authorize_url(base: &str, challenge: &str, hint: Option<&str>) -> String {
    let mut u = url::Url::parse(&format!("{base}/user_management/authorize")).unwrap();
    u.query_pairs_mut()
        .append_pair("client_id", CLIENT)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("provider", "authkit")
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("response_type", "code")
        .append_pair("state", "s");
    if let Some(h) = hint {
        u.query_pairs_mut().append_pair("login_hint", h);
    }
    u.to_string()
}

fn code_of(location: &str) -> Option<String> {
    url::Url::parse(location)
        .ok()?
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
}

/// One complete sign-in: straight through `login_hint`, or through the sign-in page's form.
fn sign_in(agent: &ureq::Agent, base: &str, via_page: bool) -> Result<String, String> {
    let (verifier, challenge) = pkce();
    let hint = (!via_page).then_some("alice@example.com");
    let mut r = agent
        .get(&authorize_url(base, &challenge, hint))
        .call()
        .map_err(|e| e.to_string())?;
    let location = if via_page {
        let page = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
        let request = page
            .split("name=\"request\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .ok_or("no request id on the sign-in page")?
            .to_string();
        let user = page
            .split("name=\"user\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .ok_or("no user on the sign-in page")?
            .to_string();
        let body = format!("request={request}&user={user}");
        let r = agent
            .post(&format!("{base}/_emulator/sign-in"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send(body)
            .map_err(|e| e.to_string())?;
        if r.status() != 303 {
            return Err(format!("sign-in form answered {}", r.status()));
        }
        r.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    } else {
        let _ = r.body_mut().read_to_vec();
        if r.status() != 302 {
            return Err(format!("authorize answered {}", r.status()));
        }
        r.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
    .ok_or("no Location")?;
    let code = code_of(&location).ok_or("no code")?;
    let body = serde_json::json!({
        "code": code, "client_id": CLIENT, "grant_type": "authorization_code", "code_verifier": verifier,
    });
    let mut r = agent
        .post(&format!("{base}/user_management/authenticate"))
        .header("content-type", "application/json")
        .send(body.to_string())
        .map_err(|e| e.to_string())?;
    let text = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
    if r.status() != 200 || !text.contains("\"access_token\"") {
        return Err(format!("authenticate answered {}: {text}", r.status()));
    }
    Ok(code)
}

#[test]
fn complete_sign_ins_with_zero_errors() {
    let emu = Emu::start();
    let total = if full() { 10_000 } else { 1_000 };
    let next = AtomicUsize::new(0);
    let errors = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                let agent = agent();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= total {
                        break;
                    }
                    if let Err(e) = sign_in(&agent, &emu.url, i.is_multiple_of(10)) {
                        errors.lock().unwrap().push(e);
                    }
                }
            });
        }
    });
    let took = started.elapsed();
    let (_, peak) = emu.rss_mb();
    let errors = errors.into_inner().unwrap();
    eprintln!(
        "{total} sign-ins in {took:.1?} ({:.0}/s), {} errors, emulator peak RSS {peak:.1} MB",
        total as f64 / took.as_secs_f64(),
        errors.len()
    );
    assert!(
        errors.is_empty(),
        "{} sign-ins failed, e.g. {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
    emu.stop();
}

/// Raw HTTP on a fresh connection: the status code, or `None` when the server closed the
/// connection without an answer (allowed only for what isn't HTTP at all).
fn raw(port: u16, request: &[u8]) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may answer (413, 400) and close before the whole body is sent.
    let _ = s.write_all(request);
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                head.extend_from_slice(&buf[..n]);
                if head.windows(4).any(|w| w == b"\r\n\r\n") || head.len() > 65536 {
                    break;
                }
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                panic!(
                    "no answer within 30 s to {:?}",
                    String::from_utf8_lossy(&request[..request.len().min(200)])
                )
            }
            Err(_) => break,
        }
    }
    let line = String::from_utf8_lossy(&head);
    let status = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(status)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn junk(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// A random request: sometimes well-formed HTTP to a real endpoint with random parts, sometimes
/// malformed HTTP, sometimes bytes.
fn random_request(rng: &mut Rng, port: u16) -> Vec<u8> {
    let method = rng.pick(&[
        "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO", "G\u{e9}T", "",
    ]);
    let path = rng.pick(&[
        "/user_management/authorize",
        "/user_management/authenticate",
        "/_emulator/sign-in",
        "/sso/jwks/client_01EMV1AT0R0000000000000000",
        "/sso/jwks/%ff%fe",
        "/user_management/sessions/logout",
        "/user_management/redirect_uris",
        "/user_management/cors_origins",
        "/user_management/app_homepage_url",
        "/health",
        "/",
        "//..//..//etc/passwd",
        "/%00",
        "*",
        "http://example.com/",
    ]);
    let mut query = String::new();
    for _ in 0..rng.below(5) {
        let k = rng.pick(&[
            "client_id",
            "redirect_uri",
            "code_challenge",
            "code_challenge_method",
            "response_type",
            "provider",
            "state",
            "login_hint",
            "session_id",
            "return_to",
            "x",
            "%zz",
            "a[]",
        ]);
        let v = rng.pick(&[
            CLIENT,
            REDIRECT,
            "S256",
            "plain",
            "code",
            "authkit",
            "alice@example.com",
            "%",
            "%E9",
            "\u{1F600}",
            "",
            "a&b=c",
        ]);
        query.push_str(&format!(
            "{}{k}={v}",
            if query.is_empty() { "?" } else { "&" }
        ));
    }
    if rng.below(20) == 0 {
        let n = rng.below(100_000);
        query.push_str(&"x".repeat(n));
    }
    let body: Vec<u8> = match rng.below(6) {
        0 => Vec::new(),
        1 => {
            let n = rng.below(2000);
            rng.junk(n)
        }
        2 => format!(
            "{{\"grant_type\":\"{}\",\"code\":\"{}\",\"client_id\":\"{}\",\"code_verifier\":\"{}\",\"client_secret\":\"{}\",\"refresh_token\":\"{}\"}}",
            rng.pick(&["authorization_code", "refresh_token", "x", ""]),
            rng.pick(&["", "abc", "\u{0}"]),
            rng.pick(&[CLIENT, "client_x", ""]),
            rng.pick(&["", "v", &"a".repeat(200)]),
            rng.pick(&["", "sk_test_emulator_key", "wrong"]),
            rng.pick(&["", "rt"]),
        )
        .into_bytes(),
        3 => b"request=x&user=y&code=%zz&grant_type=authorization_code".to_vec(),
        4 => b"{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec(),
        _ => b"{\"url\": \"http://localhost:1/x\", \"origin\": \"http://localhost:1\"}".to_vec(),
    };
    let mut headers = vec![format!("Host: 127.0.0.1:{port}")];
    for _ in 0..rng.below(6) {
        headers.push(match rng.below(10) {
            0 => "Content-Type: application/json".to_string(),
            1 => "Content-Type: application/x-www-form-urlencoded".to_string(),
            2 => format!(
                "Origin: {}",
                rng.pick(&["http://localhost:5173", "http://evil.example", "null", ""])
            ),
            3 => format!(
                "Authorization: {}",
                rng.pick(&[
                    "Bearer sk_test_emulator_key",
                    "Bearer x",
                    "Basic Og==",
                    "",
                    "Bearer"
                ])
            ),
            4 => "Transfer-Encoding: chunked".to_string(),
            5 => format!(
                "Content-Length: {}",
                rng.pick(&["0", "5", "-1", "99999999999", "abc"])
            ),
            6 => {
                let (k, n) = (rng.below(1000), rng.below(9000));
                format!("X-{k}: {}", "v".repeat(n))
            }
            7 => "Access-Control-Request-Method: POST".to_string(),
            8 => "Accept: */*".to_string(),
            _ => "Connection: close".to_string(),
        });
    }
    let has_length = headers
        .iter()
        .any(|h| h.starts_with("Content-Length") || h.starts_with("Transfer-Encoding"));
    if !has_length && !body.is_empty() {
        headers.push(format!("Content-Length: {}", body.len()));
    }
    let version = rng.pick(&["HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/9.9", ""]);
    let mut out = format!(
        "{method} {path}{query} {version}\r\n{}\r\n\r\n",
        headers.join("\r\n")
    )
    .into_bytes();
    out.extend_from_slice(&body);
    if rng.below(15) == 0 {
        // Not HTTP at all.
        let n = 1 + rng.below(500);
        return rng.junk(n);
    }
    out
}

#[test]
fn abuse_gets_4xx_never_5xx_and_the_emulator_stays_responsive() {
    let emu = Emu::start();
    let port = emu.port;
    let base = emu.url.clone();
    let (idle_n, fuzz_n) = if full() {
        (5_000, 20_000)
    } else {
        (5_000, 1_500)
    };
    let done = Arc::new(AtomicBool::new(false));

    // The probe: `/health` on a fresh connection, again and again, for the whole run.
    let probe = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut times = Vec::new();
            while !done.load(Ordering::SeqCst) {
                let t = Instant::now();
                let status = raw(
                    port,
                    b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                );
                times.push(t.elapsed());
                assert_eq!(status, Some(200), "the probe failed");
                std::thread::sleep(Duration::from_millis(5));
            }
            times
        })
    };

    // Thousands of idle connections, held open while everything else runs.
    let mut idle = Vec::with_capacity(idle_n);
    for _ in 0..idle_n {
        idle.push(TcpStream::connect(("127.0.0.1", port)).unwrap());
    }

    // Slowloris: requests that dribble in one byte at a time; and heads that never end.
    let dribblers: Vec<_> = (0..40)
        .map(|i| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                if i % 2 == 0 {
                    // A complete request, slowly: it gets its answer.
                    for b in b"GET /sso/jwks/client_01EMV1AT0R0000000000000000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" {
                        s.write_all(&[*b]).unwrap();
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    let mut answer = String::new();
                    let _ = s.read_to_string(&mut answer);
                    let status: u16 = answer.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                    assert_eq!(status, 200, "a slow complete request: {answer:?}");
                    "answered"
                } else {
                    // A head that never ends: the server hangs up (header-read timeout) rather
                    // than wait forever; writes fail or the read sees the close.
                    let start = Instant::now();
                    let _ = s.write_all(b"GET /health HTTP/1.1\r\nX-Slow: ");
                    loop {
                        if s.write_all(b"a").is_err() {
                            break "closed";
                        }
                        s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
                        let mut b = [0u8; 256];
                        match s.read(&mut b) {
                            Ok(_) => break "closed",
                            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {}
                            Err(_) => break "closed",
                        }
                        assert!(start.elapsed() < Duration::from_secs(60), "a never-ending head was never cut off");
                    }
                }
            })
        })
        .collect();

    // The fuzz pass, from 4 threads, alongside floods of bad sign-ins.
    let statuses = Mutex::new(std::collections::BTreeMap::<String, usize>::new());
    let closed = Mutex::new(Vec::<String>::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for t in 0..4u64 {
            let statuses = &statuses;
            let closed = &closed;
            let next = &next;
            s.spawn(move || {
                let mut rng = Rng(0x5EED_0000 + t * 7919);
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= fuzz_n {
                        break;
                    }
                    let req = random_request(&mut rng, port);
                    let status = raw(port, &req);
                    if let Some(code) = status {
                        assert!(
                            code < 500,
                            "{code} for {:?}",
                            String::from_utf8_lossy(&req[..req.len().min(300)])
                        );
                    }
                    if status.is_none() {
                        let head = String::from_utf8_lossy(&req[..req.len().min(80)]).into_owned();
                        closed.lock().unwrap().push(head);
                    }
                    let key =
                        status.map_or("closed without an answer".to_string(), |c| c.to_string());
                    *statuses.lock().unwrap().entry(key).or_default() += 1;
                }
            });
        }
        // Huge bodies: refused with 413, the body read and dropped (bounded).
        s.spawn(|| {
            let body = vec![b'a'; 3 << 20];
            let mut req = format!("POST /user_management/authenticate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
            req.extend_from_slice(&body);
            for _ in 0..10 {
                assert_eq!(raw(port, &req), Some(413));
            }
            let lying = b"POST /user_management/authenticate HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\nabc";
            assert_eq!(raw(port, lying), Some(413));
        });
        // Bad PKCE, replayed and foreign codes: 400, never a token.
        s.spawn(|| {
            let agent = agent();
            for _ in 0..20 {
                let (_, challenge) = pkce();
                let r = agent.get(&authorize_url(&base, &challenge, Some("alice@example.com"))).call().unwrap();
                let code = code_of(r.headers().get("location").unwrap().to_str().unwrap()).unwrap();
                let try_code = |verifier: &str, client: &str| {
                    let body = serde_json::json!({"code": code, "client_id": client, "grant_type": "authorization_code", "code_verifier": verifier});
                    agent.post(&format!("{base}/user_management/authenticate")).header("content-type", "application/json").send(body.to_string()).unwrap().status().as_u16()
                };
                assert_eq!(try_code("not-the-verifier-not-the-verifier-not-the", CLIENT), 400);
                // The wrong verifier burned the code: replaying it fails too.
                let (verifier, _) = pkce();
                assert_eq!(try_code(&verifier, CLIENT), 400);
                assert_eq!(try_code(&verifier, "client_01OTHER"), 400);
            }
            for _ in 0..20 {
                let code = sign_in(&agent, &base, false).unwrap();
                let body = serde_json::json!({"code": code, "client_id": CLIENT, "grant_type": "authorization_code", "code_verifier": "x".repeat(43)});
                let r = agent.post(&format!("{base}/user_management/authenticate")).header("content-type", "application/json").send(body.to_string()).unwrap();
                assert_eq!(r.status(), 400, "a replayed code");
            }
        });
    });
    for d in dribblers {
        d.join().unwrap();
    }
    let (rss_during, _) = emu.rss_mb();
    drop(idle);
    done.store(true, Ordering::SeqCst);
    let mut times = probe.join().unwrap();
    times.sort();
    let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let (_, peak) = emu.rss_mb();
    eprintln!(
        "{idle_n} idle connections, 40 slow clients, {fuzz_n} fuzzed requests: {:?}; probe: {} requests, p50 {:.2?}, p99 {:.2?}, max {:.2?}; emulator RSS {rss_during:.1} MB during, peak {peak:.1} MB",
        statuses.lock().unwrap(),
        times.len(),
        p(0.5),
        p(0.99),
        times.last().unwrap()
    );
    // Only what isn't an HTTP/1 request line may go unanswered (hyper hangs up on it).
    for c in closed.into_inner().unwrap() {
        eprintln!("closed without an answer: {c:?}");
        let line = c.split("\r\n").next().unwrap_or("");
        let parts: Vec<&str> = line.split(' ').collect();
        let http = parts.len() == 3
            && ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"].contains(&parts[0])
            && parts[2].starts_with("HTTP/1.");
        assert!(!http, "an HTTP request went unanswered: {c:?}");
    }
    // Bounded: the peak stays far from what 5,000 connections could cost unbounded.
    assert!(peak < 512.0, "peak RSS {peak:.1} MB");
    emu.stop();
}
