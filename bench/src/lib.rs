//! Shared pieces of the benchmark binaries: timing summaries and the canned server's counters.

pub mod shape;

use serde_json::{json, Value};
use std::time::Duration;

/// One repetition of a measured loop.
#[derive(Clone, Copy, Debug)]
pub struct Rep {
    pub median_ns: f64,
    pub p99_ns: f64,
    pub calls_per_sec: f64,
}

impl Rep {
    /// Summarises per-call latencies (nanoseconds, any order) and the loop's wall time.
    pub fn from_samples(samples: &mut [u64], calls: usize, wall: Duration) -> Rep {
        samples.sort_unstable();
        Rep {
            median_ns: percentile(samples, 50.0),
            p99_ns: percentile(samples, 99.0),
            calls_per_sec: calls as f64 / wall.as_secs_f64(),
        }
    }
}

/// The `p`th percentile of sorted samples, nearest rank.
pub fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64
}

/// The median of some numbers (mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The JSON result of one phase: medians over repetitions, and the connections and requests the
/// canned server saw during the phase (warm-up included).
pub fn phase_json(reps: &[Rep], calls: usize, threads: usize, counters: (u64, u64)) -> Value {
    let pick = |f: fn(&Rep) -> f64| median(&reps.iter().map(f).collect::<Vec<_>>());
    json!({
        "median_us": pick(|r| r.median_ns) / 1000.0,
        "p99_us": pick(|r| r.p99_ns) / 1000.0,
        "calls_per_sec": pick(|r| r.calls_per_sec),
        "reps": reps.len(),
        "calls_per_rep": calls,
        "threads": threads,
        "connections": counters.0,
        "requests": counters.1,
    })
}

/// Reads the canned server's counters (connections, requests) over a connection of its own.
pub fn server_counters(base_url: &str) -> (u64, u64) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let text = agent
        .get(format!("{base_url}/_bench/stats"))
        .header("Connection", "close")
        .call()
        .and_then(|mut r| r.body_mut().read_to_string())
        .unwrap_or_default();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    (
        v["connections"].as_u64().unwrap_or(0),
        v["requests"].as_u64().unwrap_or(0),
    )
}
