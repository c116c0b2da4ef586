//! A mutation fuzzer that runs on stable Rust, over everything that parses untrusted text:
//! params (every operation), response shapes (every operation), typed models, client config
//! (parsed, and made into a client with every check that involves), per-call options, wait
//! params and `next_step`. Any panic is a failure, and so is an error message that quotes a
//! value of the input (which may be a secret). A second target is the pinned-certificate path:
//! a mutated certificate (its dates above all) given as `caCertificatesPem` and presented by an
//! HTTPS server; a panic or an `internal` error is a failure. A crashing input is saved under
//! tests/fuzz-corpus/ (certificates under tests/fuzz-corpus/certificates/) and replayed by every
//! later run as a regression test.
//!
//! `cargo test --test fuzz` runs briefly; `make fuzz` runs 60 s (BEEPER_FUZZ_SECONDS).

use beeper_setup::models::{Session, SignInResponse};
use beeper_setup::{
    next_step_json, next_step_json_with, CallOptions, Client, ClientConfig, ErrorKind, Operation,
    StepOptions, WaitParams,
};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

const SEEDS: &[&str] = &[
    r#"{"email":"a@b.c","setupRequestID":"sr_1"}"#,
    r#"{"acceptTerms":true,"leadToken":"l","setupRequestID":"s","username":"u"}"#,
    r#"{"recoveryKey":"EsTc 5rr1 NnWg"}"#,
    r#"{"purpose":"login","userID":"@u:beeper.com"}"#,
    r#"{"code":"m.user","reason":"no"}"#,
    r#"{"setupRequestID":"sr_1","signInMethods":["email"]}"#,
    r#"{"state":"needs-verification","e2ee":{"crossSigning":true,"firstSyncDone":false,"hasBackedUpRecoveryKey":false,"initialized":true,"keyBackup":true,"secretStorage":true,"verified":false,"secrets":{"masterKey":true,"megolmBackupKey":false,"recoveryKey":false,"selfSigningKey":true,"userSigningKey":true}},"matrix":{"deviceID":"D","homeserver":"h","userID":"@u:h"},"verification":{"id":"v","availableActions":["sas.confirm","cancel"],"direction":"incoming","methods":["qr","sas"],"purpose":"login","state":"sas_ready","sas":{"emojis":"🐶🐱","decimals":"1 2"},"qr":{"data":"Q"}}}"#,
    r#"{"registrationRequired":true,"leadToken":"lt","setupRequestID":"s","usernameSuggestions":["a"],"copy":{"submit":"Continue","terms":"t","title":"x","usernamePlaceholder":"u"}}"#,
    r#"{"items":[]}"#,
    r#"{"language":"zh-Hant-TW","cancelledHere":["v"]}"#,
    r#"{"state":"needs-verification","e2ee":{"crossSigning":true,"firstSyncDone":false,"hasBackedUpRecoveryKey":true,"initialized":true,"keyBackup":true,"secretStorage":true,"verified":false,"secrets":{"masterKey":false,"megolmBackupKey":false,"recoveryKey":false,"selfSigningKey":false,"userSigningKey":false}},"verification":{"id":"v","availableActions":["sas.confirm"],"direction":"outgoing","methods":["sas"],"purpose":"login","state":"sas_ready","otherDevice":{"id":"D","name":"n"},"error":{"code":"m.timeout","reason":"r"},"sas":{"emojis":"☎️☁👨‍👩‍👧🍄 🍄\u200d1️⃣","decimals":"1000 9191 4242"}}}"#,
    r#"{"baseURL":"http://127.0.0.1:1","timeoutMs":5,"defaultHeaders":{"X":"y"}}"#,
    r#"{"until":["ready"],"verificationStates":["done"],"timeoutMs":10,"intervalMs":1}"#,
    r#"{"baseURL":"https://u:p@example.com:8443/x?q=1","accessToken":"syt_SeKrEt","connectTimeoutMs":100,"maxRetries":3,"userAgent":"app/1","adoptAccessToken":false,"allowInsecureHttp":true,"defaultHeaders":{"Authorization":"Bearer SeKrEt","Cookie":"s=SeKrEt","X-A":"b"}}"#,
    r#"{"accessToken":"a\"b\\SeKrEt ü🔑"}"#,
    r#"{"accessToken":["SeKrEt",{"k":"SeKrEt"}],"defaultHeaders":{"X-Key":["SeKrEt"]}}"#,
    r#"{"timeoutMs":1500,"maxRetries":0,"extraHeaders":{"Authorization":"Bearer SeKrEt","User-Agent":null,"X-B":"c"},"extraQuery":{"s":"x y","n":1.5,"t":true,"z":null},"extraBody":{"k":[1,{"d":null}]},"raw":true,"validateResponse":false}"#,
    r#"{"recoveryKey":"x\"SeKrEt\\","existingRecoveryKey":"SeKrEt","response":"SeKrEt","leadToken":"SeKrEt"}"#,
    r#""SeKrEt 5rr1 NnWg""#,
];

/// Marks the secrets of the seeds. Error messages may name keys (a header, an unknown field)
/// and show a rejected `baseURL` without its user info and query, but never quote a value:
/// while the marker stands only in values, no error message may contain it.
const MARKER: &str = "SeKrEt";

/// Whether the marker appears in `text` only inside string values (other than `baseURL`'s).
fn marker_only_in_values(text: &str) -> bool {
    fn count(v: &Value, top: bool, in_values: &mut usize, in_keys: &mut usize) {
        match v {
            Value::String(s) => *in_values += s.matches(MARKER).count(),
            Value::Array(items) => {
                for item in items {
                    count(item, false, in_values, in_keys);
                }
            }
            Value::Object(map) => {
                for (key, value) in map {
                    *in_keys += key.matches(MARKER).count();
                    if !(top && key == "baseURL") {
                        count(value, false, in_values, in_keys);
                    }
                }
            }
            _ => {}
        }
    }
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let (mut in_values, mut in_keys) = (0, 0);
    count(&value, true, &mut in_values, &mut in_keys);
    let in_text = text.matches(MARKER).count();
    in_text > 0 && in_keys == 0 && in_text == in_values
}

fn assert_no_leak<T>(what: &str, text: &str, result: Result<T, beeper_setup::Error>) {
    if let Err(e) = result {
        assert!(
            !e.message.contains(MARKER),
            "{what} quotes a secret: {} (input {text})",
            e.message
        );
    }
}

/// Everything one input goes through. Errors are fine; panics and quoted secrets are not.
/// `true`: the input is JSON, worth keeping as a base for more (it reaches deeper than noise).
fn exercise(bytes: &[u8]) -> bool {
    let text = &*String::from_utf8_lossy(bytes);
    let secret = marker_only_in_values(text);
    let check = |what: &str, result: Result<(), beeper_setup::Error>| {
        if secret {
            assert_no_leak(what, text, result);
        }
    };
    for op in Operation::ALL {
        let spec = op.spec();
        check(spec.name, spec.check_params(Some(text)).map(drop));
        let _ = spec.check_response(text);
    }
    let _ = serde_json::from_str::<Session>(text);
    let _ = serde_json::from_str::<SignInResponse>(text);
    let _ = ClientConfig::from_json(text);
    // No I/O happens while a client is made: every config check runs, and nothing else.
    check("config", Client::from_json(text).map(drop));
    check("options", CallOptions::from_json(text).map(drop));
    check("wait params", WaitParams::from_json(Some(text)).map(drop));
    check("next_step", next_step_json(text).map(drop));
    check(
        "next_step options",
        StepOptions::from_json(Some(text)).map(drop),
    );
    // The same text as a language tag and a cancelled id: no tag is an error.
    let options = StepOptions {
        language: Some(text.chars().take(64).collect()),
        cancelled_here: vec![text.to_owned()],
    };
    check(
        "next_step with",
        next_step_json_with(text, &options).map(drop),
    );
    serde_json::from_slice::<Value>(bytes).is_ok()
}

/// The key of every fuzzed certificate (its public half in the seeds).
fn key() -> &'static rcgen::KeyPair {
    static KEY: OnceLock<rcgen::KeyPair> = OnceLock::new();
    KEY.get_or_init(|| rcgen::KeyPair::generate().unwrap())
}

/// Self-signed certificates for 127.0.0.1, as `openssl req -x509` makes them: notBefore a
/// UTCTime, notAfter a UTCTime or a GeneralizedTime.
fn certificate_seeds() -> Vec<Vec<u8>> {
    [2049, 2100]
        .into_iter()
        .map(|until| {
            let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".into()]).unwrap();
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(until, 12, 31);
            params.self_signed(key()).unwrap().der().to_vec()
        })
        .collect()
}

/// Serves `certificate` (with the seeds' key) to one connection, and a `{}` answer after it.
fn present(certificate: &[u8]) -> u16 {
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key().serialize_der().into());
    let signing = rustls::crypto::ring::sign::any_supported_type(&key).unwrap();
    let chain = vec![rustls::pki_types::CertificateDer::from(
        certificate.to_vec(),
    )];
    let resolver =
        rustls::sign::SingleCertAndKey::from(rustls::sign::CertifiedKey::new(chain, signing));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_cert_resolver(Arc::new(resolver));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((tcp, _)) = listener.accept() else {
            return;
        };
        let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
        let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let mut request = [0u8; 4096];
        if matches!(tls.read(&mut request), Ok(n) if n > 0) {
            let _ = tls.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}");
        }
    });
    port
}

/// The pinned-certificate path: `certificate` given as `caCertificatesPem`, then presented by
/// the server. Refusals are fine; a panic or an `internal` error is not. `true`: the client was
/// made (the mutation kept it a certificate), so the input is worth keeping as a base.
fn exercise_certificate(certificate: &[u8]) -> bool {
    let pem = pem::encode(&pem::Pem::new("CERTIFICATE", certificate.to_vec()));
    let config = |port: u16| {
        json!({"baseURL": format!("https://127.0.0.1:{port}"), "caCertificatesPem": pem,
               "accessToken": "t", "maxRetries": 0, "timeoutMs": 10_000})
        .to_string()
    };
    // Checked once without a server, so that no server waits for a client never made.
    if Client::from_json(&config(1)).is_err() {
        return false;
    }
    let client = Client::from_json(&config(present(certificate))).unwrap();
    if let Err(e) = client.call(Operation::SetupRetrieve, None, None) {
        assert_ne!(e.kind, ErrorKind::Internal, "{e}");
    }
    true
}

/// xorshift64*: deterministic per seed, so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"true",
    b"false",
    b"-1e999",
    b"0",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b"\xc3\xa9",
    b"\"state\"",
    b"\"session\"",
    b"\"verification\"",
    b"\"availableActions\"",
    b"\"matrix\"",
    b"\"accessToken\"",
    b"\"extraHeaders\"",
    b"\"baseURL\"",
    b"\\\"",
    b"\"SeKrEt\"",
    b"1e309",
    b"18446744073709551616",
];

/// Bytes a certificate's times are made of, and some that they must not hold.
const CERTIFICATE_TOKENS: &[&[u8]] = &[
    b"0",
    b"1",
    b"2",
    b"3",
    b"5",
    b"6",
    b"9",
    b"Z",
    b"+",
    b"-",
    b" ",
    b"z",
    b".",
    b"\xe2\x82\xac",
    b"\xc3\xa9",
    b"\x00",
    b"\xff",
    b"60",
    b"31",
    b"02",
    b"29",
    b"00",
    b"99",
    b"\x17\x0d",
    b"\x18\x0f",
    b"\x81",
    b"\x84\xff\xff\xff\xff",
];

/// Mostly a rewrite in place of a time's contents (the length kept, so the walk reaches it);
/// otherwise any mutation.
fn mutate_certificate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let times: Vec<usize> = (0..input.len().saturating_sub(1))
        .filter(|&i| matches!(input[i..i + 2], [0x17, 13] | [0x18, 15]))
        .map(|i| i + 2)
        .collect();
    if times.is_empty() || rng.below(4) == 0 {
        return mutate(rng, input, corpus, CERTIFICATE_TOKENS);
    }
    let mut out = input.to_vec();
    let start = times[rng.below(times.len())];
    for _ in 0..=rng.below(3) {
        let token = CERTIFICATE_TOKENS[rng.below(CERTIFICATE_TOKENS.len())];
        let at = start + rng.below(15);
        for (slot, &b) in out.iter_mut().skip(at).zip(token) {
            *slot = b;
        }
    }
    out
}

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>], tokens: &[&[u8]]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let end = (at + rng.below(8)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 => {
                let token = tokens[rng.below(tokens.len())];
                out.splice(at..at, token.iter().copied());
            }
            3 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len());
                let piece = &other[from..(from + rng.below(32)).min(other.len())];
                out.splice(at..at, piece.iter().copied());
            }
            4 if !out.is_empty() => {
                let end = (at + rng.below(16)).min(out.len());
                let piece = out[at.min(end)..end].to_vec();
                out.splice(at..at, piece);
            }
            _ => out.truncate(at),
        }
    }
    out
}

/// Makes an input from a base and the corpus.
type Mutator = fn(&mut Rng, &[u8], &[Vec<u8>]) -> Vec<u8>;

/// One thing fuzzed: its first inputs, how an input is changed, and what it goes through.
struct Target {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    mutate: Mutator,
    /// Runs one input; `true` keeps it as a base for more.
    exercise: fn(&[u8]) -> bool,
    /// Where a crashing input is saved, and replayed from.
    corpus: PathBuf,
}

fn parsers() -> Target {
    Target {
        name: "parsers",
        seeds: SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect(),
        mutate: |rng, input, corpus| mutate(rng, input, corpus, TOKENS),
        exercise,
        corpus: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus"),
    }
}

fn pinned_certificates() -> Target {
    Target {
        name: "pinned certificates",
        seeds: certificate_seeds(),
        mutate: mutate_certificate,
        exercise: exercise_certificate,
        corpus: parsers().corpus.join("certificates"),
    }
}

/// `None`: the input made it panic.
fn run_one(target: &Target, bytes: &[u8]) -> Option<bool> {
    catch_unwind(AssertUnwindSafe(|| (target.exercise)(bytes))).ok()
}

#[test]
fn saved_crashes_stay_fixed() {
    for target in [parsers(), pinned_certificates()] {
        let Ok(entries) = std::fs::read_dir(&target.corpus) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()).filter(|p| p.is_file()) {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                run_one(&target, &bytes).is_some(),
                "regression: {}",
                path.display()
            );
        }
    }
}

/// Mutates and runs inputs for `BEEPER_FUZZ_SECONDS` (2 s unless set); saves a crashing input.
fn fuzz(target: Target) {
    let seconds: f64 = std::env::var("BEEPER_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let seed: u64 = std::env::var("BEEPER_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut corpus = target.seeds.clone();
    let mut rng = Rng(seed);
    let mut runs = 0u64;
    // Quiet: a caught panic would otherwise print for every crash found.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut crash = None;
    while Instant::now() < deadline {
        let base = corpus[rng.below(corpus.len())].clone();
        let input = (target.mutate)(&mut rng, &base, &corpus);
        runs += 1;
        match run_one(&target, &input) {
            None => {
                crash = Some(input);
                break;
            }
            Some(true) if corpus.len() < 4096 => corpus.push(input),
            Some(_) => {}
        }
    }
    std::panic::set_hook(hook);
    println!(
        "fuzz {}: {runs} inputs in {seconds} s, corpus {}",
        target.name,
        corpus.len()
    );
    if let Some(input) = crash {
        let name = format!("crash-{:016x}", {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            input.hash(&mut h);
            h.finish()
        });
        std::fs::create_dir_all(&target.corpus).unwrap();
        let path = target.corpus.join(&name);
        std::fs::write(&path, &input).unwrap();
        panic!("a panic on input saved as {}", path.display());
    }
}

#[test]
fn fuzz_parsers() {
    fuzz(parsers());
}

#[test]
fn fuzz_pinned_certificates() {
    fuzz(pinned_certificates());
}
