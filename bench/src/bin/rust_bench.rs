//! The Rust side of the benchmark, against the canned server: a bare `ureq` agent (the floor),
//! `Client::call` (the raw JSON path the C ABI uses), the typed API, and 8 threads sharing one
//! agent or client. Prints one JSON object: `{"phases": {name: result}}`.
//!
//! Usage: `rust-bench --url URL [--calls N] [--reps R] [--warmup W] [--threads T]
//! [--thread-calls M] [--only PHASE,...]`.

use beeper_setup::models::{CreateVerificationParams, VerificationPurpose};
use beeper_setup::{Client, Operation};
use beeper_setup_bench::{phase_json, server_counters, Rep};
use serde_json::{json, Map, Value};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::time::Duration as TimeoutDuration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

const TOKEN: &str = "bench-access-token";
const CREATE_PARAMS: &str = r#"{"purpose":"login"}"#;

struct Options {
    url: String,
    calls: usize,
    reps: usize,
    warmup: usize,
    threads: usize,
    thread_calls: usize,
    /// Only the phases with these names (all when empty).
    only: Vec<String>,
}

impl Options {
    fn wants(&self, phase: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|p| p == phase)
    }
}

fn parse_args() -> Options {
    let mut o = Options {
        url: String::new(),
        calls: 2000,
        reps: 5,
        warmup: 200,
        threads: 8,
        thread_calls: 1000,
        only: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| fail(&format!("{arg} needs a value")));
        let number = || {
            value
                .parse::<usize>()
                .unwrap_or_else(|_| fail(&format!("{arg}: not a number")))
        };
        match arg.as_str() {
            "--url" => o.url = value.trim_end_matches('/').to_owned(),
            "--calls" => o.calls = number().max(1),
            "--reps" => o.reps = number().max(1),
            "--warmup" => o.warmup = number(),
            "--threads" => o.threads = number().max(1),
            "--thread-calls" => o.thread_calls = number().max(1),
            "--only" => o.only = value.split(',').map(str::to_owned).collect(),
            _ => fail(&format!("unknown argument {arg}")),
        }
    }
    if o.url.is_empty() {
        fail("--url is required");
    }
    o
}

fn fail(msg: &str) -> ! {
    eprintln!("rust-bench: {msg}");
    std::process::exit(2)
}

/// What a phase does once per call; an error ends the benchmark.
type Call = Box<dyn Fn() -> Result<(), String> + Send + Sync>;

fn raw_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Diagnostic: a bare agent with only the library's total timeout (`timeout_global`). ureq
/// resolves the host on every request, pooled connection or not, and with a timeout that covers
/// resolution it does so on a new thread each time. With `coarse`, socket timeouts are rounded
/// up to whole seconds (see [`Coarse`]).
fn global_timeout_agent(literal_resolver: bool, coarse: bool) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build();
    match (literal_resolver, coarse) {
        (false, _) => config.into(),
        (true, false) => ureq::Agent::with_parts(config, DefaultConnector::new(), LiteralResolver),
        (true, true) => ureq::Agent::with_parts(
            config,
            DefaultConnector::new().chain(CoarseTimeouts),
            LiteralResolver,
        ),
    }
}

/// Diagnostic: with a total timeout, the remaining time differs on every request, so ureq's TCP
/// transport calls setsockopt(SO_SNDTIMEO / SO_RCVTIMEO) before every write and read (2 syscalls
/// per GET, 3 per POST here). This connector wraps the transport and rounds each socket timeout
/// up to a whole second, so the value repeats and the transport skips the syscall. A sketch of a
/// proposed library change; a deadline may then pass up to a second late.
#[derive(Debug)]
struct CoarseTimeouts;

impl<T: Transport> Connector<T> for CoarseTimeouts {
    type Out = Coarse<T>;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<T>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(Coarse))
    }
}

#[derive(Debug)]
struct Coarse<T>(T);

fn coarse(mut t: NextTimeout) -> NextTimeout {
    if let TimeoutDuration::Exact(d) = t.after {
        let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
        t.after = TimeoutDuration::Exact(Duration::from_secs(secs));
    }
    t
}

impl<T: Transport> Transport for Coarse<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.0.buffers()
    }
    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.0.transmit_output(amount, coarse(timeout))
    }
    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.0.await_input(coarse(timeout))
    }
    fn is_open(&mut self) -> bool {
        self.0.is_open()
    }
    fn is_tls(&self) -> bool {
        self.0.is_tls()
    }
}

/// Diagnostic: a resolver that answers IP literals itself (no thread, no lookup) and hands
/// anything else to ureq's default resolver. A sketch of the proposed library fix.
#[derive(Debug)]
struct LiteralResolver;

impl Resolver for LiteralResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port = uri
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("https") {
                443
            } else {
                80
            });
        match host.parse::<IpAddr>() {
            Ok(ip) => {
                let mut addrs = self.empty();
                addrs.push(SocketAddr::new(ip, port));
                Ok(addrs)
            }
            Err(_) => DefaultResolver::default().resolve(uri, config, timeout),
        }
    }
}

/// The floor: the same request with a bare agent, the body read as text and not parsed.
fn raw_get(agent: ureq::Agent, url: String) -> Call {
    Box::new(move || {
        let mut r = agent
            .get(&url)
            .header("Accept", "application/json")
            .header("Authorization", format!("Bearer {TOKEN}"))
            .call()
            .map_err(|e| e.to_string())?;
        let text = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
        check(r.status().as_u16(), &text)
    })
}

fn raw_post(agent: ureq::Agent, url: String) -> Call {
    Box::new(move || {
        let mut r = agent
            .post(&url)
            .header("Accept", "application/json")
            .header("Authorization", format!("Bearer {TOKEN}"))
            .header("Content-Type", "application/json")
            .send(CREATE_PARAMS.as_bytes())
            .map_err(|e| e.to_string())?;
        let text = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
        check(r.status().as_u16(), &text)
    })
}

fn check(status: u16, text: &str) -> Result<(), String> {
    match (status, text.is_empty()) {
        (200, false) => Ok(()),
        _ => Err(format!("unexpected answer {status}: {text}")),
    }
}

fn client(url: &str) -> Client {
    let config = json!({"baseURL": url, "accessToken": TOKEN, "maxRetries": 0});
    Client::from_json(&config.to_string()).unwrap_or_else(|e| fail(&e.to_string()))
}

fn err(e: beeper_setup::Error) -> String {
    e.to_string()
}

/// Runs `call` single-threaded: warm-up, then `reps` loops of `calls` timed calls.
fn single(o: &Options, call: &Call) -> Value {
    let before = server_counters(&o.url);
    for _ in 0..o.warmup {
        call().unwrap_or_else(|e| fail(&e));
    }
    let mut reps = Vec::with_capacity(o.reps);
    let mut samples = vec![0u64; o.calls];
    for _ in 0..o.reps {
        let start = Instant::now();
        for s in samples.iter_mut() {
            let t = Instant::now();
            call().unwrap_or_else(|e| fail(&e));
            *s = t.elapsed().as_nanos() as u64;
        }
        let wall = start.elapsed();
        reps.push(Rep::from_samples(&mut samples, o.calls, wall));
    }
    let after = server_counters(&o.url);
    phase_json(&reps, o.calls, 1, (after.0 - before.0, after.1 - before.1))
}

/// Runs `call` from `threads` threads at once, all sharing what `call` captured.
fn threaded(o: &Options, call: Call) -> Value {
    let before = server_counters(&o.url);
    let call = Arc::new(call);
    let mut reps = Vec::with_capacity(o.reps);
    for rep in 0..o.reps {
        let barrier = Arc::new(Barrier::new(o.threads + 1));
        let handles: Vec<_> = (0..o.threads)
            .map(|_| {
                let (call, barrier) = (Arc::clone(&call), Arc::clone(&barrier));
                let (calls, warmup) = (o.thread_calls, if rep == 0 { o.warmup } else { 0 });
                std::thread::spawn(move || {
                    for _ in 0..warmup {
                        call().unwrap_or_else(|e| fail(&e));
                    }
                    let mut samples = vec![0u64; calls];
                    barrier.wait();
                    for s in samples.iter_mut() {
                        let t = Instant::now();
                        call().unwrap_or_else(|e| fail(&e));
                        *s = t.elapsed().as_nanos() as u64;
                    }
                    samples
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let mut samples: Vec<u64> = Vec::with_capacity(o.threads * o.thread_calls);
        for h in handles {
            samples.extend(h.join().unwrap_or_else(|_| fail("a thread panicked")));
        }
        let wall = start.elapsed();
        let total = samples.len();
        reps.push(Rep::from_samples(&mut samples, total, wall));
    }
    let after = server_counters(&o.url);
    phase_json(
        &reps,
        o.thread_calls * o.threads,
        o.threads,
        (after.0 - before.0, after.1 - before.1),
    )
}

fn main() {
    let o = parse_args();
    let get_url = format!("{}/v1/app/setup", o.url);
    let post_url = format!("{}/v1/app/setup/verifications", o.url);
    let mut phases = Map::new();

    if o.wants("raw.get") {
        phases.insert(
            "raw.get".into(),
            single(&o, &raw_get(raw_agent(), get_url.clone())),
        );
    }
    if o.wants("raw.post") {
        phases.insert(
            "raw.post".into(),
            single(&o, &raw_post(raw_agent(), post_url.clone())),
        );
    }

    if o.wants("diag.ureq-global-timeout.get") {
        phases.insert(
            "diag.ureq-global-timeout.get".into(),
            single(
                &o,
                &raw_get(global_timeout_agent(false, false), get_url.clone()),
            ),
        );
    }
    if o.wants("diag.ureq-global-timeout-literal-resolver.get") {
        phases.insert(
            "diag.ureq-global-timeout-literal-resolver.get".into(),
            single(
                &o,
                &raw_get(global_timeout_agent(true, false), get_url.clone()),
            ),
        );
    }
    if o.wants("diag.ureq-global-timeout-literal-resolver.post") {
        phases.insert(
            "diag.ureq-global-timeout-literal-resolver.post".into(),
            single(
                &o,
                &raw_post(global_timeout_agent(true, false), post_url.clone()),
            ),
        );
    }
    if o.wants("diag.ureq-coarse-timeouts.get") {
        phases.insert(
            "diag.ureq-coarse-timeouts.get".into(),
            single(
                &o,
                &raw_get(global_timeout_agent(true, true), get_url.clone()),
            ),
        );
    }
    if o.wants("diag.ureq-coarse-timeouts.post") {
        phases.insert(
            "diag.ureq-coarse-timeouts.post".into(),
            single(
                &o,
                &raw_post(global_timeout_agent(true, true), post_url.clone()),
            ),
        );
    }

    let c = client(&o.url);
    let call_get: Call = Box::new(move || {
        c.call(Operation::SetupRetrieve, None, None)
            .map(drop)
            .map_err(err)
    });
    if o.wants("rust.call.get") {
        phases.insert("rust.call.get".into(), single(&o, &call_get));
    }
    let c = client(&o.url);
    let call_post: Call = Box::new(move || {
        c.call(Operation::VerificationsCreate, None, Some(CREATE_PARAMS))
            .map(drop)
            .map_err(err)
    });
    if o.wants("rust.call.post") {
        phases.insert("rust.call.post".into(), single(&o, &call_post));
    }

    let c = client(&o.url);
    let typed_get: Call = Box::new(move || c.setup().retrieve().map(drop).map_err(err));
    if o.wants("rust.typed.get") {
        phases.insert("rust.typed.get".into(), single(&o, &typed_get));
    }
    let c = client(&o.url);
    let params = CreateVerificationParams {
        purpose: Some(VerificationPurpose::Login),
        user_id: None,
    };
    let typed_post: Call =
        Box::new(move || c.verifications().create(&params).map(drop).map_err(err));
    if o.wants("rust.typed.post") {
        phases.insert("rust.typed.post".into(), single(&o, &typed_post));
    }

    if o.wants("raw.get.threads") {
        phases.insert(
            "raw.get.threads".into(),
            threaded(&o, raw_get(raw_agent(), get_url)),
        );
    }
    if o.wants("raw.post.threads") {
        phases.insert(
            "raw.post.threads".into(),
            threaded(&o, raw_post(raw_agent(), post_url)),
        );
    }
    let c = client(&o.url);
    if o.wants("rust.call.get.threads") {
        phases.insert(
            "rust.call.get.threads".into(),
            threaded(
                &o,
                Box::new(move || {
                    c.call(Operation::SetupRetrieve, None, None)
                        .map(drop)
                        .map_err(err)
                }),
            ),
        );
    }
    let c = client(&o.url);
    if o.wants("rust.call.post.threads") {
        phases.insert(
            "rust.call.post.threads".into(),
            threaded(
                &o,
                Box::new(move || {
                    c.call(Operation::VerificationsCreate, None, Some(CREATE_PARAMS))
                        .map(drop)
                        .map_err(err)
                }),
            ),
        );
    }
    if o.wants("diag.shape") {
        let get = raw_agent()
            .get(format!("{}/v1/app/setup", o.url))
            .call()
            .and_then(|mut r| r.body_mut().read_to_string());
        let post = raw_agent()
            .post(format!("{}/v1/app/setup/verifications", o.url))
            .header("Content-Type", "application/json")
            .send(CREATE_PARAMS.as_bytes())
            .and_then(|mut r| r.body_mut().read_to_string());
        let mut shape = Map::new();
        for (op, body, response) in [("get", get, false), ("post", post, true)] {
            let body = body.unwrap_or_else(|e| fail(&e.to_string()));
            for (name, ns) in beeper_setup_bench::shape::measure(&body, response, 20_000) {
                shape.insert(format!("{op}.{name}_us"), json!(ns / 1000.0));
            }
            shape.insert(format!("{op}.body_bytes"), json!(body.len()));
        }
        phases.insert("diag.shape".into(), Value::Object(shape));
    }
    if o.wants("isolation") {
        phases.insert("rust.isolation".into(), isolation(&o.url));
    }
    println!("{}", json!({ "phases": phases }));
}

/// The library's threads now.
fn library_threads() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, |tasks| {
        tasks
            .filter_map(Result::ok)
            .filter(|t| {
                std::fs::read_to_string(t.path().join("comm"))
                    .is_ok_and(|c| c.starts_with("beeper-setup"))
            })
            .count()
    })
}

/// One slow server beside a quick one: with 0, 8, 64 and 256 calls started without blocking on
/// client A hung on a server that accepts and never answers, the latency of client B's calls
/// (each started without blocking and awaited, one at a time) against the canned server, and
/// the library's threads at the end.
fn isolation(url: &str) -> Value {
    use std::sync::mpsc::channel;
    let hang = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| fail(&e.to_string()));
    let hang_url = format!("http://{}", hang.local_addr().unwrap());
    // Accepts every connection and holds it, unanswered, for the life of the process.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in hang.incoming().flatten() {
            held.push(stream);
        }
    });
    let quick = client(url);
    let slow = Client::from_json(
        &json!({"baseURL": hang_url, "accessToken": TOKEN, "maxRetries": 0, "timeoutMs": 60_000})
            .to_string(),
    )
    .unwrap_or_else(|e| fail(&e.to_string()));
    let mut rows = Map::new();
    let mut hung = Vec::new();
    for target in [0usize, 8, 64, 256] {
        while hung.len() < target {
            hung.push(
                slow.start_call(Operation::SetupRetrieve, None, None, None, |_| {})
                    .unwrap_or_else(|e| fail(&e.to_string())),
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        let mut samples = Vec::with_capacity(1100);
        for _ in 0..1100 {
            let (tx, rx) = channel();
            let t = Instant::now();
            quick
                .start_call(Operation::SetupRetrieve, None, None, None, move |r| {
                    let _ = tx.send(r.is_ok());
                })
                .unwrap_or_else(|e| fail(&e.to_string()));
            if !rx.recv().unwrap_or(false) {
                fail("a call of the quick client failed");
            }
            samples.push(t.elapsed().as_nanos() as u64);
        }
        let mut samples = samples.split_off(100);
        samples.sort_unstable();
        let pick = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize] as f64 / 1000.0;
        rows.insert(
            target.to_string(),
            json!({"p50_us": pick(0.5), "p99_us": pick(0.99), "threads": library_threads()}),
        );
    }
    slow.cancel();
    Value::Object(rows)
}
