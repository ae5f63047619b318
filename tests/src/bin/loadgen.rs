//! Load generator: many clients filing varied valid complaints against a running service, then a
//! check that every acknowledged complaint can be opened exactly once with its receipt code.
//!
//! cargo run --release -p intake-tests --bin loadgen -- --url http://127.0.0.1:8080 \
//!     [--clients 64] [--duration 20] [--retry-every 10]
//!
//! Prints throughput, latency percentiles, errors by status, and the verification count. Run the
//! service with `INTAKE_RATE_LIMIT_PER_MINUTE=0`, on 127.0.0.1 only.

use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

const CATEGORIES: [&str; 6] =
    ["wage_arrears", "social_insurance", "working_hours", "algorithm_penalties", "pay_deductions", "heat_safety"];
const REGIONS: [&str; 8] = ["341102", "341103", "440305", "110105", "310115", "510107", "330106", "420106"];
const PLATFORMS: [&str; 5] = ["美团", "饿了么", "顺丰", "滴滴出行", "闪送"];

/// The n-th complaint of client c: categories, places, platforms and anonymity vary.
fn complaint(c: usize, n: usize) -> Value {
    let i = c * 7919 + n;
    let mut body = json!({
        "category": CATEGORIES[i % CATEGORIES.len()],
        "region_code": REGIONS[i % REGIONS.len()],
        "description": format!("负载测试第 {c} 号客户端的第 {n} 份投诉：站点拖欠了配送费，已经两个月没有结算。"),
        "platform": PLATFORMS[i % PLATFORMS.len()],
        "employer": format!("第{}配送站", i % 97),
        "affected_workers": 1 + i % 4,
        "consent": {"processing": true, "forwarding": true},
    });
    if i.is_multiple_of(3) {
        body["anonymous"] = json!(true);
    } else {
        body["contact"] = json!({"name": "王师傅", "phone": format!("138{:08}", i % 100_000_000)});
    }
    body
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    errors: BTreeMap<String, u64>,
    /// reference → receipt code of every 201.
    filed: HashMap<String, String>,
    replays: u64,
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = arg("--url").unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let clients: usize = arg("--clients").map_or(Ok(64), |v| v.parse())?;
    let seconds: u64 = arg("--duration").map_or(Ok(20), |v| v.trim_end_matches('s').parse())?;
    // Every k-th filing is sent a second time with the same Idempotency-Key, as a phone on a bad
    // network would: it must answer with the same reference and store nothing new.
    let retry_every: usize = arg("--retry-every").map_or(Ok(10), |v| v.parse())?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (url, tally) = (url.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            // One connection a client, as many phones would have.
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap_or_default();
            let mut n = 0usize;
            while Instant::now() < deadline {
                let body = complaint(c, n).to_string();
                let key = format!("loadgen-{}-{c}-{n}", std::process::id());
                let sends = if retry_every > 0 && n.is_multiple_of(retry_every) { 2 } else { 1 };
                let mut first: Option<String> = None;
                for _ in 0..sends {
                    let t = Instant::now();
                    let sent = client
                        .post(format!("{url}/api/v1/complaints"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", &key)
                        .body(body.clone())
                        .send()
                        .await;
                    let elapsed = t.elapsed().as_micros() as u64;
                    let mut tally = tally.lock().await;
                    tally.latencies_us.push(elapsed);
                    match sent {
                        Ok(r) if r.status().as_u16() == 201 => {
                            let replayed = r.headers().contains_key("idempotent-replayed");
                            let v: Value = r.json().await.unwrap_or_default();
                            let reference = v["reference"].as_str().unwrap_or_default().to_owned();
                            let code = v["receipt_code"].as_str().unwrap_or_default().to_owned();
                            if replayed {
                                tally.replays += 1;
                                if first.as_deref() != Some(reference.as_str()) {
                                    *tally.errors.entry("replay with another reference".into()).or_default() += 1;
                                }
                            } else {
                                first = Some(reference.clone());
                                if tally.filed.insert(reference, code).is_some() {
                                    *tally.errors.entry("duplicate reference".into()).or_default() += 1;
                                }
                            }
                        }
                        Ok(r) => *tally.errors.entry(format!("HTTP {}", r.status().as_u16())).or_default() += 1,
                        Err(e) => *tally.errors.entry(format!("transport: {}", e.without_url())).or_default() += 1,
                    }
                }
                n += 1;
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut tally = Arc::try_unwrap(tally).map_err(|_| "tally still shared")?.into_inner();
    tally.latencies_us.sort_unstable();
    let requests = tally.latencies_us.len();
    println!("clients {clients}, {elapsed:.1} s, {requests} requests ({} replays)", tally.replays);
    println!(
        "acknowledged complaints: {} ({:.0}/s); requests {:.0}/s",
        tally.filed.len(),
        tally.filed.len() as f64 / elapsed,
        requests as f64 / elapsed
    );
    println!(
        "latency ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
        percentile(&tally.latencies_us, 50.0),
        percentile(&tally.latencies_us, 90.0),
        percentile(&tally.latencies_us, 99.0),
        percentile(&tally.latencies_us, 100.0)
    );
    if tally.errors.is_empty() {
        println!("errors: none");
    }
    for (kind, count) in &tally.errors {
        println!("errors: {count} × {kind}");
    }

    // Every acknowledged complaint opens with its receipt code, exactly as acknowledged.
    let client = reqwest::Client::new();
    let mut verified = 0usize;
    let mut missing = 0usize;
    let items: Vec<(String, String)> = tally.filed.into_iter().collect();
    for chunk in items.chunks(64) {
        let mut checks = tokio::task::JoinSet::new();
        for (reference, code) in chunk.iter().cloned() {
            let (client, url) = (client.clone(), url.clone());
            checks.spawn(async move {
                let r = client
                    .get(format!("{url}/api/v1/complaints/{reference}"))
                    .header("X-Receipt-Code", code)
                    .send()
                    .await;
                matches!(r, Ok(r) if r.status().as_u16() == 200)
            });
        }
        while let Some(ok) = checks.join_next().await {
            if ok.unwrap_or(false) { verified += 1 } else { missing += 1 }
        }
    }
    println!(
        "verified: {verified} acknowledged complaints stored and opened with their receipt code; {missing} missing"
    );
    // On a fresh database an administrator's token also counts the rows: acknowledged must equal
    // stored, or a retry filed twice.
    let mut stored_mismatch = false;
    if let Some(token) = arg("--admin-token") {
        let stats: Value = client.get(format!("{url}/api/v1/stats")).bearer_auth(token).send().await?.json().await?;
        let total = stats["total"].as_u64().unwrap_or(0);
        println!("stored complaints (admin count): {total}; acknowledged: {verified}");
        stored_mismatch = total != verified as u64;
    }
    if missing > 0 || stored_mismatch || !tally.errors.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
