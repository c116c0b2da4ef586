//! A mutation fuzzer that runs on stable Rust, over everything that parses untrusted text:
//! params (every operation), response shapes (every operation), typed models, client config
//! (parsed, and made into a client with every check that involves), per-call options, wait
//! params and `next_step`. Any panic is a failure, and so is an error message that quotes a
//! value of the input (which may be a secret). Its input is saved under tests/fuzz-corpus/ and
//! replayed by every later run as a regression test.
//!
//! `cargo test --test fuzz` runs briefly; `make fuzz` runs 60 s (BEEPER_FUZZ_SECONDS).

use beeper_setup::models::{Session, SignInResponse};
use beeper_setup::{next_step_json, CallOptions, Client, ClientConfig, Operation, WaitParams};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
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
fn exercise(text: &str) {
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

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
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
                let token = TOKENS[rng.below(TOKENS.len())];
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

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus")
}

fn run_one(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    catch_unwind(AssertUnwindSafe(|| exercise(&text))).is_ok()
}

#[test]
fn saved_crashes_stay_fixed() {
    let Ok(entries) = std::fs::read_dir(corpus_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(run_one(&bytes), "regression: {}", entry.path().display());
    }
}

#[test]
fn fuzz_parsers() {
    let seconds: f64 = std::env::var("BEEPER_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let seed: u64 = std::env::var("BEEPER_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut corpus: Vec<Vec<u8>> = SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect();
    let mut rng = Rng(seed);
    let mut runs = 0u64;
    // Quiet: a caught panic would otherwise print for every crash found.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut crash = None;
    while Instant::now() < deadline {
        let base = corpus[rng.below(corpus.len())].clone();
        let input = mutate(&mut rng, &base, &corpus);
        runs += 1;
        if !run_one(&input) {
            crash = Some(input);
            break;
        }
        // Keep inputs that still parse as JSON: they reach deeper code than noise does.
        if corpus.len() < 4096 && serde_json::from_slice::<serde_json::Value>(&input).is_ok() {
            corpus.push(input);
        }
    }
    std::panic::set_hook(hook);
    println!(
        "fuzz: {runs} inputs in {seconds} s, corpus {}",
        corpus.len()
    );
    if let Some(input) = crash {
        let name = format!("crash-{:016x}", {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            input.hash(&mut h);
            h.finish()
        });
        std::fs::create_dir_all(corpus_dir()).unwrap();
        std::fs::write(corpus_dir().join(&name), &input).unwrap();
        panic!("a panic on input saved as tests/fuzz-corpus/{name}");
    }
}
