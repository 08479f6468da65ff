//! Load driver for `benches/emulate-signins.sh`: full PKCE sign-ins against an AuthKit emulator
//! (GET authorize with `login_hint` → 302 with `code` → POST authenticate → 200 with tokens),
//! from N concurrent clients (threads with keep-alive connections), bounded by a count and a
//! time limit. Loopback only: it refuses any URL whose host is not 127.0.0.1 or localhost.
//!
//! Prints one JSON line on stdout: sign-ins per second, p50/p99/max of a full sign-in and of
//! each request, and the number of failed sign-ins (each failure is also described on stderr,
//! up to 5).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

struct Args {
    url: String,
    client_id: String,
    redirect_uri: String,
    email: String,
    concurrency: usize,
    count: usize,
    warmup: usize,
    max_seconds: u64,
    label: String,
    /// Offered load in sign-ins per second across all clients (0 = closed loop, as fast as
    /// possible). Paced runs measure latency from each sign-in's scheduled start, so a server that
    /// falls behind is charged for the queueing (no coordinated omission).
    rate: f64,
}

fn parse_args() -> Args {
    let mut a = Args {
        url: String::new(),
        client_id: "client_01EMV1AT0R0000000000000000".into(),
        redirect_uri: "http://localhost:5173/callback".into(),
        email: "alice@example.com".into(),
        concurrency: 50,
        count: 20_000,
        warmup: 1_000,
        max_seconds: 30,
        label: "emulator".into(),
        rate: 0.0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        // `cargo bench` appends `--bench`; ignore it.
        if flag == "--bench" {
            continue;
        }
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => a.url = value,
            "--client-id" => a.client_id = value,
            "--redirect-uri" => a.redirect_uri = value,
            "--email" => a.email = value,
            "--concurrency" => a.concurrency = value.parse().expect("--concurrency N"),
            "--count" => a.count = value.parse().expect("--count N"),
            "--warmup" => a.warmup = value.parse().expect("--warmup N"),
            "--max-seconds" => a.max_seconds = value.parse().expect("--max-seconds S"),
            "--label" => a.label = value,
            "--rate" => a.rate = value.parse().expect("--rate SIGN_INS_PER_SEC"),
            other => panic!("unknown flag {other}"),
        }
    }
    let host = url::Url::parse(&a.url)
        .expect("--url must be a URL")
        .host_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        host == "127.0.0.1" || host == "localhost",
        "loopback only: --url host is {host}"
    );
    assert!((1..=200).contains(&a.concurrency), "--concurrency 1..=200");
    assert!(
        a.count <= 1_000_000 && a.max_seconds <= 300,
        "bounded runs only"
    );
    a
}

fn pkce() -> (String, String) {
    let mut bytes = [0u8; 48];
    getrandom::fill(&mut bytes).unwrap();
    let verifier = URL_SAFE_NO_PAD.encode(bytes);
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    (verifier, URL_SAFE_NO_PAD.encode(digest.as_ref()))
}

struct Sample {
    sign_in: Duration,
    authorize: Duration,
    authenticate: Duration,
}

fn one_sign_in(agent: &ureq::Agent, a: &Args) -> Result<Sample, String> {
    let (verifier, challenge) = pkce();
    let mut u = url::Url::parse(&format!("{}/user_management/authorize", a.url)).unwrap();
    u.query_pairs_mut()
        .append_pair("client_id", &a.client_id)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("login_hint", &a.email)
        .append_pair("provider", "authkit")
        .append_pair("redirect_uri", &a.redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("state", "{\"bench\":true}");
    let start = Instant::now();
    let mut r = agent.get(u.as_str()).call().map_err(|e| e.to_string())?;
    let _ = r.body_mut().read_to_vec();
    if r.status() != 302 {
        return Err(format!("authorize answered {}", r.status()));
    }
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("authorize: no Location")?;
    let code = url::Url::parse(location)
        .map_err(|e| e.to_string())?
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .ok_or("authorize: no code in Location")?;
    let mid = Instant::now();
    let body = serde_json::json!({
        "code": code, "client_id": a.client_id, "grant_type": "authorization_code",
        "code_verifier": verifier,
    });
    let mut r = agent
        .post(format!("{}/user_management/authenticate", a.url))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/plain, */*")
        .send(body.to_string())
        .map_err(|e| e.to_string())?;
    let text = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
    let end = Instant::now();
    if r.status() != 200 {
        return Err(format!("authenticate answered {}: {text}", r.status()));
    }
    if !text.contains("\"access_token\"") {
        return Err("authenticate: no access_token".into());
    }
    Ok(Sample {
        sign_in: end - start,
        authorize: mid - start,
        authenticate: end - mid,
    })
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let a = Arc::new(parse_args());
    let remaining_warmup = Arc::new(AtomicUsize::new(a.warmup));
    let remaining = Arc::new(AtomicUsize::new(a.count));
    let failures = Arc::new(AtomicUsize::new(0));
    let samples = Arc::new(Mutex::new(Vec::with_capacity(a.count)));
    let deadline = Instant::now() + Duration::from_secs(a.max_seconds);
    // Warm-up (not measured): connections, JITs, caches.
    let run = |measure: bool, budget: Arc<AtomicUsize>| -> Duration {
        let started = Instant::now();
        std::thread::scope(|scope| {
            for client in 0..a.concurrency {
                let (a, budget, failures, samples) =
                    (a.clone(), budget.clone(), failures.clone(), samples.clone());
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .max_redirects(0)
                        .http_status_as_error(false)
                        .timeout_global(Some(Duration::from_secs(10)))
                        .build()
                        .into();
                    let mut local = Vec::new();
                    // Paced: client `c` starts its k-th sign-in at start + (c + k·concurrency)/rate.
                    let paced = measure && a.rate > 0.0;
                    let mut k = 0u32;
                    while Instant::now() < deadline
                        && budget
                            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                                n.checked_sub(1)
                            })
                            .is_ok()
                    {
                        let scheduled = paced.then(|| {
                            let slot =
                                (client as f64 + f64::from(k) * a.concurrency as f64) / a.rate;
                            k += 1;
                            started + Duration::from_secs_f64(slot)
                        });
                        if let Some(at) = scheduled {
                            let now = Instant::now();
                            if at > now {
                                std::thread::sleep(at - now);
                            }
                        }
                        match one_sign_in(&agent, &a) {
                            Ok(mut s) => {
                                if let Some(at) = scheduled {
                                    s.sign_in = at.elapsed();
                                }
                                local.push(s)
                            }
                            Err(e) => {
                                if measure && failures.fetch_add(1, Ordering::Relaxed) < 5 {
                                    eprintln!("sign-in failed: {e}");
                                }
                            }
                        }
                    }
                    if measure {
                        samples.lock().unwrap().extend(local);
                    }
                });
            }
        });
        started.elapsed()
    };
    run(false, remaining_warmup);
    let elapsed = run(true, remaining);
    let samples = samples.lock().unwrap();
    let mut sign_in: Vec<Duration> = samples.iter().map(|s| s.sign_in).collect();
    let mut authorize: Vec<Duration> = samples.iter().map(|s| s.authorize).collect();
    let mut authenticate: Vec<Duration> = samples.iter().map(|s| s.authenticate).collect();
    sign_in.sort();
    authorize.sort();
    authenticate.sort();
    let ok = sign_in.len();
    let out = serde_json::json!({
        "label": a.label,
        "concurrency": a.concurrency,
        "offered_rate": if a.rate > 0.0 { serde_json::json!(a.rate) } else { serde_json::Value::Null },
        "sign_ins": ok,
        "failures": failures.load(Ordering::Relaxed),
        "seconds": elapsed.as_secs_f64(),
        "sign_ins_per_sec": ok as f64 / elapsed.as_secs_f64(),
        "sign_in_ms": {"p50": pct(&sign_in, 0.50), "p99": pct(&sign_in, 0.99), "max": pct(&sign_in, 1.0)},
        "authorize_ms": {"p50": pct(&authorize, 0.50), "p99": pct(&authorize, 0.99)},
        "authenticate_ms": {"p50": pct(&authenticate, 0.50), "p99": pct(&authenticate, 0.99)},
    });
    println!("{out}");
}
