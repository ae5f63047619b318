//! What the benchmark binaries (loadgen, getbench) share: their options and the lines they print,
//! which tests/bench/run.sh reads.

use std::collections::BTreeMap;

/// The value after `name` on the command line.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

/// The p-th percentile of sorted microseconds, in milliseconds.
pub fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

/// Prints "latency ms: p50 … p90 … p99 … max …" and the errors by kind ("errors: none" without).
pub fn print_latency_and_errors(sorted_us: &[u64], errors: &BTreeMap<String, u64>) {
    println!(
        "latency ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
        percentile(sorted_us, 50.0),
        percentile(sorted_us, 90.0),
        percentile(sorted_us, 99.0),
        percentile(sorted_us, 100.0)
    );
    if errors.is_empty() {
        println!("errors: none");
    }
    for (kind, count) in errors {
        println!("errors: {count} × {kind}");
    }
}
