//! Load generator: many clients filing varied valid complaints against a running service, then a
//! check that every acknowledged complaint can be opened exactly once with its receipt code.
//!
//! cargo run --release -p intake-tests --bin loadgen -- --url http://127.0.0.1:8080 \
//!     [--clients 64] [--duration 20] [--retry-every 10] [--admin-token TOKEN] \
//!     [--record FILE] [--retry-for SECONDS]
//! cargo run -p intake-tests --bin loadgen -- --url … --verify FILE [--admin-token TOKEN]
//!
//! Prints throughput, latency percentiles, errors by status, and the verification count. Run the
//! service with `INTAKE_RATE_LIMIT_PER_MINUTE=0`, on 127.0.0.1 only.
//!
//! For fault tests (tests/faults/crash.sh): `--record FILE` appends "reference receipt_code key"
//! for every acknowledged complaint as soon as it is acknowledged, so that what the service
//! promised survives the generator; `--retry-for SECONDS` sends a request again with the same
//! Idempotency-Key after a transport error or a 503 (the server was killed or is starting) until
//! it is answered or that many seconds have passed since its first sending, so that a complaint
//! whose answer was lost is acknowledged once after the restart (from the stored answer) and never
//! filed twice; `--verify FILE` files nothing and checks a recorded run against the service.

use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

use intake_tests::bench::{arg, print_latency_and_errors};

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
    /// reference → receipt code of every acknowledged complaint.
    filed: HashMap<String, String>,
    replays: u64,
    /// Attempts that failed with a transport error or a 503 and were sent again (--retry-for).
    retried: BTreeMap<String, u64>,
    /// Complaints whose first answer was lost and that were acknowledged by a replay.
    recovered: u64,
    /// Requests still unanswered when their --retry-for time ran out.
    unanswered: u64,
    record: Option<std::fs::File>,
}

impl Tally {
    /// Notes an acknowledged complaint, and writes it to the record file at once: the file must
    /// hold every acknowledgment even if this process is stopped the moment after.
    fn acknowledged(&mut self, reference: String, code: String, key: &str) {
        if let Some(file) = self.record.as_mut() {
            let line = format!("{reference} {code} {key}\n");
            if file.write_all(line.as_bytes()).and_then(|()| file.flush()).is_err() {
                *self.errors.entry("cannot write the record file".into()).or_default() += 1;
            }
        }
        if self.filed.insert(reference, code).is_some() {
            *self.errors.entry("duplicate reference".into()).or_default() += 1;
        }
    }
}

/// What became of one sending of a request.
enum Outcome {
    Answered(u16, Option<(String, String, bool)>),
    /// No answer: a transport error, or a 503 (the service is up but its database is not).
    Unanswered(String),
}

async fn send_once(client: &reqwest::Client, url: &str, key: &str, body: &str) -> Outcome {
    let sent = client
        .post(format!("{url}/api/v1/complaints"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .body(body.to_owned())
        .send()
        .await;
    match sent {
        Ok(r) if r.status().as_u16() == 201 => {
            let replayed = r.headers().contains_key("idempotent-replayed");
            match r.json::<Value>().await {
                Ok(v) => {
                    let reference = v["reference"].as_str().unwrap_or_default().to_owned();
                    let code = v["receipt_code"].as_str().unwrap_or_default().to_owned();
                    Outcome::Answered(201, Some((reference, code, replayed)))
                }
                // The status arrived but not the body (killed mid-answer): no acknowledgment.
                Err(e) => Outcome::Unanswered(format!("transport: {}", e.without_url())),
            }
        }
        Ok(r) if r.status().as_u16() == 503 => Outcome::Unanswered("HTTP 503".into()),
        Ok(r) => Outcome::Answered(r.status().as_u16(), None),
        Err(e) => Outcome::Unanswered(format!("transport: {}", e.without_url())),
    }
}

/// Files complaints from `clients` clients for `seconds`; returns the tally and the elapsed time.
async fn run_load(
    url: &str,
    clients: usize,
    seconds: u64,
    retry_every: usize,
    retry_for: Option<Duration>,
    record: Option<std::fs::File>,
) -> Result<(Tally, f64), Box<dyn std::error::Error>> {
    let tally = Arc::new(Mutex::new(Tally { record, ..Tally::default() }));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (url, tally) = (url.to_owned(), tally.clone());
        tasks.push(tokio::spawn(async move {
            // One connection a client, as many phones would have. A request never waits more
            // than a minute: a server killed mid-request must not hang the client.
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap_or_default();
            let mut n = 0usize;
            while Instant::now() < deadline {
                let body = complaint(c, n).to_string();
                let key = format!("loadgen-{}-{c}-{n}", std::process::id());
                let sends = if retry_every > 0 && n.is_multiple_of(retry_every) { 2 } else { 1 };
                // The reference this key was acknowledged with, once it is.
                let mut first: Option<String> = None;
                for _ in 0..sends {
                    let first_sent = Instant::now();
                    let mut pause = Duration::from_millis(50);
                    loop {
                        let t = Instant::now();
                        let outcome = send_once(&client, &url, &key, &body).await;
                        let elapsed = t.elapsed().as_micros() as u64;
                        let mut tally = tally.lock().await;
                        tally.latencies_us.push(elapsed);
                        match outcome {
                            Outcome::Answered(201, Some((reference, code, replayed))) => {
                                if replayed {
                                    tally.replays += 1;
                                }
                                match &first {
                                    // A replay answers with the first acknowledgment, or with
                                    // the one whose answer was lost.
                                    None => {
                                        if replayed {
                                            tally.recovered += 1;
                                        }
                                        first = Some(reference.clone());
                                        tally.acknowledged(reference, code, &key);
                                    }
                                    Some(known) if !replayed => {
                                        let kind = if *known == reference {
                                            "second answer not marked as a replay"
                                        } else {
                                            "filed twice with one key"
                                        };
                                        *tally.errors.entry(kind.into()).or_default() += 1;
                                    }
                                    Some(known) if *known != reference => {
                                        *tally.errors.entry("replay with another reference".into()).or_default() += 1;
                                    }
                                    Some(_) => {}
                                }
                            }
                            Outcome::Answered(status, _) => {
                                *tally.errors.entry(format!("HTTP {status}")).or_default() += 1;
                            }
                            Outcome::Unanswered(kind) => match retry_for {
                                Some(limit) if first_sent.elapsed() < limit => {
                                    *tally.retried.entry(kind).or_default() += 1;
                                    drop(tally);
                                    tokio::time::sleep(pause).await;
                                    pause = (pause * 2).min(Duration::from_millis(500));
                                    continue;
                                }
                                Some(_) => tally.unanswered += 1,
                                None => *tally.errors.entry(kind).or_default() += 1,
                            },
                        }
                        break;
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
    let tally = Arc::try_unwrap(tally).map_err(|_| "tally still shared")?.into_inner();
    Ok((tally, elapsed))
}

/// Opens every acknowledged complaint with its receipt code; with an administrator's token also
/// compares the stored count with the acknowledged one. Prints the results; `true` if all hold.
async fn verify(
    url: &str,
    filed: Vec<(String, String)>,
    admin_token: Option<String>,
) -> Result<bool, Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build()?;
    let mut verified = 0usize;
    let mut missing = 0usize;
    for chunk in filed.chunks(64) {
        let mut checks = tokio::task::JoinSet::new();
        for (reference, code) in chunk.iter().cloned() {
            let (client, url) = (client.clone(), url.to_owned());
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
    if let Some(token) = admin_token {
        let stats: Value = client.get(format!("{url}/api/v1/stats")).bearer_auth(token).send().await?.json().await?;
        let total = stats["total"].as_u64().unwrap_or(0);
        println!("stored complaints (admin count): {total}; acknowledged: {verified}");
        stored_mismatch = total != verified as u64;
    }
    Ok(missing == 0 && !stored_mismatch)
}

/// Checks a record file written by `--record`: every line's reference opens with its code, no
/// reference is recorded with two codes and no key with two references.
async fn verify_record(url: &str, path: &str, admin_token: Option<String>) -> Result<bool, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut codes: HashMap<String, String> = HashMap::new();
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut conflicts = 0usize;
    let mut lines = 0usize;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        let mut fields = line.split_whitespace();
        let (Some(reference), Some(code)) = (fields.next(), fields.next()) else {
            return Err(format!("{path}: not \"reference code [key]\": {line}").into());
        };
        if codes.insert(reference.to_owned(), code.to_owned()).is_some_and(|c| c != code) {
            conflicts += 1;
        }
        if let Some(key) = fields.next()
            && keys.insert(key.to_owned(), reference.to_owned()).is_some_and(|r| r != reference)
        {
            println!("key {key} was acknowledged with two references");
            conflicts += 1;
        }
    }
    println!(
        "record {path}: {lines} lines, {} distinct references, {} keys, {conflicts} conflicts",
        codes.len(),
        keys.len()
    );
    let ok = verify(url, codes.into_iter().collect(), admin_token).await?;
    Ok(ok && conflicts == 0 && lines > 0)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = arg("--url").unwrap_or_else(|| "http://127.0.0.1:8080".into());
    if let Some(path) = arg("--verify") {
        let ok = verify_record(&url, &path, arg("--admin-token")).await?;
        println!("{}", if ok { "record check: passed" } else { "record check: FAILED" });
        if !ok {
            std::process::exit(1);
        }
        return Ok(());
    }
    let clients: usize = arg("--clients").map_or(Ok(64), |v| v.parse())?;
    let seconds: u64 = arg("--duration").map_or(Ok(20), |v| v.trim_end_matches('s').parse())?;
    // Every k-th filing is sent a second time with the same Idempotency-Key, as a phone on a bad
    // network would: it must answer with the same reference and store nothing new.
    let retry_every: usize = arg("--retry-every").map_or(Ok(10), |v| v.parse())?;
    let retry_for = arg("--retry-for")
        .map(|v| v.trim_end_matches('s').parse::<u64>())
        .transpose()?
        .filter(|s| *s > 0)
        .map(Duration::from_secs);
    let record = match arg("--record") {
        Some(path) => Some(std::fs::OpenOptions::new().create(true).append(true).open(path)?),
        None => None,
    };
    let (mut tally, elapsed) = run_load(&url, clients, seconds, retry_every, retry_for, record).await?;
    tally.latencies_us.sort_unstable();
    let requests = tally.latencies_us.len();
    println!("clients {clients}, {elapsed:.1} s, {requests} requests ({} replays)", tally.replays);
    println!(
        "acknowledged complaints: {} ({:.0}/s); requests {:.0}/s",
        tally.filed.len(),
        tally.filed.len() as f64 / elapsed,
        requests as f64 / elapsed
    );
    print_latency_and_errors(&tally.latencies_us, &tally.errors);
    if retry_for.is_some() {
        let retried: u64 = tally.retried.values().sum();
        println!(
            "retried: {retried} sendings without an answer; {} complaints acknowledged by a replay after a lost answer; unanswered: {}",
            tally.recovered, tally.unanswered
        );
        for (kind, count) in &tally.retried {
            println!("retried: {count} × {kind}");
        }
    }

    // Every acknowledged complaint opens with its receipt code, exactly as acknowledged.
    let ok = verify(&url, tally.filed.into_iter().collect(), arg("--admin-token")).await?;
    // A request left unanswered may or may not have been stored: the counts could no longer be
    // compared, so it fails the run.
    if !ok || !tally.errors.is_empty() || tally.unanswered > 0 {
        std::process::exit(1);
    }
    Ok(())
}
