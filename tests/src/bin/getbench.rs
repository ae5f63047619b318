//! GET benchmark: many clients fetching one page of a running service, as workers opening the
//! form at once would.
//!
//! cargo run --release -p intake-tests --bin getbench -- --url http://127.0.0.1:8080/ \
//!     [--clients 64] [--duration 20]
//!
//! Prints the same lines as the load generator ("requests: N (X/s)", "latency ms: …", "errors: …").

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

use intake_tests::bench::{arg, print_latency_and_errors};

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    errors: BTreeMap<String, u64>,
    bytes: u64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = arg("--url").unwrap_or_else(|| "http://127.0.0.1:8080/".into());
    let clients: usize = arg("--clients").map_or(Ok(64), |v| v.parse())?;
    let seconds: u64 = arg("--duration").map_or(Ok(20), |v| v.trim_end_matches('s').parse())?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (url, tally) = (url.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap_or_default();
            let mut mine = Tally::default();
            while Instant::now() < deadline {
                let t = Instant::now();
                // A phone asks for the compressed page; the bytes counted are what crossed the wire.
                let sent = client.get(&url).header("Accept-Encoding", "gzip").send().await;
                match sent {
                    Ok(r) if r.status().is_success() => match r.bytes().await {
                        Ok(body) => mine.bytes += body.len() as u64,
                        Err(e) => *mine.errors.entry(format!("body: {e}")).or_default() += 1,
                    },
                    Ok(r) => *mine.errors.entry(format!("HTTP {}", r.status().as_u16())).or_default() += 1,
                    Err(e) => *mine.errors.entry(format!("transport: {}", e.without_url())).or_default() += 1,
                }
                mine.latencies_us.push(t.elapsed().as_micros() as u64);
            }
            let mut all = tally.lock().await;
            all.latencies_us.extend(mine.latencies_us);
            all.bytes += mine.bytes;
            for (k, v) in mine.errors {
                *all.errors.entry(k).or_default() += v;
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut tally = Arc::try_unwrap(tally).map_err(|_| "tally still shared")?.into_inner();
    tally.latencies_us.sort_unstable();
    let n = tally.latencies_us.len();
    println!("clients {clients}, {elapsed:.1} s, GET {url}");
    println!("requests: {n} ({:.0}/s), {:.0} bytes each", n as f64 / elapsed, tally.bytes as f64 / n.max(1) as f64);
    print_latency_and_errors(&tally.latencies_us, &tally.errors);
    if !tally.errors.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
