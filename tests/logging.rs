//! The library's log records: what they say, how levels filter them, that a handler is replaced
//! safely while other threads log, and that no secret reaches any record at any level.
//! The logger is one per process, so the tests here take turns.

mod common;

use beeper_setup::logging::{self, Handler, Level, LevelFilter};
use beeper_setup::models::*;
use beeper_setup::{Client, Secret, WaitParams};
use common::Fixture;
use serde_json::json;
use std::ffi::{c_char, c_void, CStr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

static TURN: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

type Records = Arc<Mutex<Vec<(Level, String, String)>>>;

/// Collects every record at `level` or above until the returned guard goes.
fn collect(level: LevelFilter) -> (Records, Collecting) {
    let records: Records = Arc::default();
    let sink = records.clone();
    let handler: Handler = Arc::new(move |level, target, message| {
        sink.lock()
            .unwrap()
            .push((level, target.to_owned(), message.to_owned()))
    });
    logging::set_handler(Some(handler), level);
    (records, Collecting)
}

struct Collecting;
impl Drop for Collecting {
    fn drop(&mut self) {
        logging::set_handler(None, LevelFilter::Off);
    }
}

fn texts(records: &Records) -> Vec<String> {
    records
        .lock()
        .unwrap()
        .iter()
        .map(|(level, target, message)| format!("{level} {target} {message}"))
        .collect()
}

#[test]
fn each_request_is_recorded_with_method_path_status_time_and_attempt() {
    let _turn = turn();
    let fx = Fixture::new();
    let (records, _collecting) = collect(LevelFilter::Debug);
    let client = fx.client(json!({}));
    client.setup().start().unwrap();
    let texts = texts(&records);
    let created = texts
        .iter()
        .find(|t| t.starts_with("INFO beeper_setup::client "))
        .unwrap_or_else(|| panic!("no client record in {texts:#?}"));
    assert!(created.contains(fx.url()), "{created}");
    let request = texts
        .iter()
        .find(|t| t.starts_with("DEBUG beeper_setup::request "))
        .unwrap_or_else(|| panic!("no request record in {texts:#?}"));
    assert!(
        request.contains("setup.start: POST /v1/app/setup/start -> 200 in "),
        "{request}"
    );
    assert!(request.contains(" ms (attempt 1)"), "{request}");
    assert!(
        texts.iter().any(|t| t.starts_with("DEBUG ureq")),
        "ureq's records come through at DEBUG: {texts:#?}"
    );
}

#[test]
fn retries_and_connection_failures_say_why() {
    let _turn = turn();
    let fx = Fixture::new();
    let (records, _collecting) = collect(LevelFilter::Info);
    let client = fx.client(json!({"maxRetries": 1}));
    fx.fault(json!({"count": 1, "status": 503}));
    client.setup().retrieve().unwrap();
    let dead = Client::from_json(r#"{"baseURL":"http://127.0.0.1:9","maxRetries":0}"#).unwrap();
    dead.setup().retrieve().unwrap_err();
    let texts = texts(&records);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("INFO beeper_setup::retry ")
                && t.contains("setup.retrieve: retrying in ")
                && t.contains("(retry 1 of 1) because the server answered 503")),
        "{texts:#?}"
    );
    let failed = texts
        .iter()
        .find(|t| t.contains("failed after"))
        .unwrap_or_else(|| panic!("no failure record in {texts:#?}"));
    assert!(
        failed.starts_with("INFO beeper_setup::request setup.retrieve: GET /v1/app/setup failed"),
        "{failed}"
    );
    assert!(
        failed.contains("could not talk to the server: "),
        "{failed}"
    );
    assert!(
        !texts.iter().any(|t| t.starts_with("DEBUG")),
        "INFO leaves DEBUG records out: {texts:#?}"
    );
}

#[test]
fn a_wait_reports_each_state_it_sees_change() {
    let _turn = turn();
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, "recovery@example.com");
    let key = fx.state()["recoveryKey"].as_str().unwrap().to_owned();
    client
        .recovery_key()
        .verify(&RecoveryKeyParams {
            recovery_key: Secret::new(key),
        })
        .unwrap();
    let (records, _collecting) = collect(LevelFilter::Info);
    let waiting = std::thread::scope(|s| {
        let waiting = s.spawn(|| {
            client.wait(&WaitParams {
                interval_ms: 20,
                timeout_ms: 10_000,
                ..WaitParams::default()
            })
        });
        std::thread::sleep(Duration::from_millis(200));
        fx.post("/_sim/first-sync", json!({}));
        waiting.join().unwrap()
    });
    waiting.unwrap();
    let waits: Vec<String> = texts(&records)
        .into_iter()
        .filter(|t| t.starts_with("INFO beeper_setup::wait "))
        .collect();
    assert_eq!(
        waits,
        [
            "INFO beeper_setup::wait wait: the state is needs-first-sync",
            "INFO beeper_setup::wait wait: the state is ready",
        ],
        "one record per change, not per poll"
    );
}

#[test]
fn levels_filter_and_clearing_stops_the_records() {
    let _turn = turn();
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let (records, collecting) = collect(LevelFilter::Warn);
    client.setup().start().unwrap();
    assert!(texts(&records).is_empty(), "{:#?}", texts(&records));
    logging::set_level(LevelFilter::Debug);
    client.setup().start().unwrap();
    assert!(texts(&records).iter().any(|t| t.contains("setup.start")));
    drop(collecting);
    let before = records.lock().unwrap().len();
    client.setup().start().unwrap();
    assert_eq!(
        records.lock().unwrap().len(),
        before,
        "a cleared handler gets nothing"
    );
}

/// Replacing and clearing the handler while other threads make calls: once a replacement has
/// returned, the previous handler never runs again.
#[test]
fn a_replaced_handler_is_never_called_after_the_replacement_returns() {
    let _turn = turn();
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let stop = Arc::new(AtomicBool::new(false));
    let late_calls = Arc::new(AtomicUsize::new(0));
    let calls = Arc::new(AtomicUsize::new(0));
    std::thread::scope(|s| {
        for _ in 0..4 {
            let (client, stop) = (client.clone(), stop.clone());
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    client.setup().retrieve().unwrap();
                }
            });
        }
        // Whether the handler now set has been replaced (what it uses could now be freed).
        let mut current: Option<Arc<AtomicBool>> = None;
        for round in 0..200 {
            let retired = Arc::new(AtomicBool::new(false));
            let (flag, late, calls) = (retired.clone(), late_calls.clone(), calls.clone());
            let handler: Handler = Arc::new(move |_, _, _| {
                calls.fetch_add(1, Ordering::Relaxed);
                // Slow enough that replacements land while calls are in progress.
                std::thread::sleep(Duration::from_micros(50));
                if flag.load(Ordering::SeqCst) {
                    late.fetch_add(1, Ordering::SeqCst);
                }
            });
            logging::set_handler(Some(handler), LevelFilter::Trace);
            if let Some(previous) = current.replace(retired) {
                previous.store(true, Ordering::SeqCst);
            }
            std::thread::sleep(Duration::from_millis(1));
            if round % 3 == 0 {
                logging::set_handler(None, LevelFilter::Off);
                if let Some(previous) = current.take() {
                    previous.store(true, Ordering::SeqCst);
                }
            } else {
                logging::set_level(LevelFilter::Debug);
            }
        }
        logging::set_handler(None, LevelFilter::Off);
        stop.store(true, Ordering::Relaxed);
    });
    assert!(
        calls.load(Ordering::Relaxed) > 0,
        "the handlers were called"
    );
    assert_eq!(late_calls.load(Ordering::SeqCst), 0);
}

/// A handler may call into the library, the setter included, without deadlocking, and records
/// its own calls make are not fed back to it.
#[test]
fn a_handler_may_call_back_into_the_library() {
    let _turn = turn();
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let seen = Arc::new(AtomicUsize::new(0));
    let (inner_client, inner_seen) = (client.clone(), seen.clone());
    let handler: Handler = Arc::new(move |_, target, _| {
        if target == "beeper_setup::request" && inner_seen.fetch_add(1, Ordering::SeqCst) == 0 {
            inner_client.setup().retrieve().unwrap();
            logging::set_level(LevelFilter::Debug);
            logging::set_handler(None, LevelFilter::Off);
        }
    });
    logging::set_handler(Some(handler), LevelFilter::Debug);
    let done = finishes_within(Duration::from_secs(5), move || {
        client.setup().retrieve().unwrap();
    });
    assert!(done, "a handler that calls back in deadlocked");
    assert_eq!(
        seen.load(Ordering::SeqCst),
        1,
        "the nested call's record was not fed back"
    );
    logging::set_handler(None, LevelFilter::Off);
}

/// The HTTP layer logs some records while holding its connection pool's lock ("Use pooled"):
/// they reach the handler later, where it may call the same client.
#[test]
fn a_handler_may_call_the_library_from_an_http_layer_record() {
    let _turn = turn();
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    client.setup().retrieve().unwrap(); // a pooled connection for the next call
    let seen = Arc::new(AtomicUsize::new(0));
    let (inner_client, inner_seen) = (client.clone(), seen.clone());
    let handler: Handler = Arc::new(move |_, target, message| {
        if target.starts_with("ureq")
            && message.starts_with("Use pooled")
            && inner_seen.fetch_add(1, Ordering::SeqCst) == 0
        {
            inner_client.setup().retrieve().unwrap();
        }
    });
    logging::set_handler(Some(handler), LevelFilter::Debug);
    let done = finishes_within(Duration::from_secs(5), move || {
        client.setup().retrieve().unwrap();
    });
    logging::set_handler(None, LevelFilter::Off);
    assert!(
        done,
        "a handler calling the client from a pool record deadlocked"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 1, "the pool record arrived");
}

/// Whether `call`, run on a thread of its own, returns within `limit` (a deadlocked one is
/// left behind, and the test fails instead of hanging).
fn finishes_within(limit: Duration, call: impl FnOnce() + Send + 'static) -> bool {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        call();
        let _ = done.send(());
    });
    finished.recv_timeout(limit).is_ok()
}

/// Through the C ABI: the callback receives level, target and message with its user data;
/// levels out of range are refused.
#[test]
fn the_c_callback_receives_records_with_its_user_data() {
    use beeper_setup::ffi::*;
    let _turn = turn();
    let fx = Fixture::new();
    unsafe extern "C" fn record(
        user_data: *mut c_void,
        level: i32,
        target: *const c_char,
        message: *const c_char,
    ) {
        let sink = &*(user_data as *const Mutex<Vec<(i32, String, String)>>);
        let (target, message) = (CStr::from_ptr(target), CStr::from_ptr(message));
        sink.lock().unwrap().push((
            level,
            target.to_str().unwrap().to_owned(),
            message.to_str().unwrap().to_owned(),
        ));
    }
    let sink: Mutex<Vec<(i32, String, String)>> = Mutex::default();
    let user_data = &sink as *const _ as *mut c_void;
    unsafe {
        assert_eq!(
            beeper_log_set_callback(Some(record), user_data, 6),
            BEEPER_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            beeper_log_set_callback(Some(record), user_data, -1),
            BEEPER_ERR_INVALID_ARGUMENT
        );
        assert_eq!(beeper_log_set_level(9), BEEPER_ERR_INVALID_ARGUMENT);
        assert_eq!(
            beeper_log_set_callback(Some(record), user_data, BEEPER_LOG_DEBUG),
            BEEPER_OK
        );
    }
    fx.client(json!({})).setup().retrieve().unwrap();
    assert_eq!(
        unsafe { beeper_log_set_callback(None, std::ptr::null_mut(), BEEPER_LOG_OFF) },
        BEEPER_OK
    );
    let records = sink.into_inner().unwrap();
    assert!(
        records
            .iter()
            .any(|(level, target, message)| *level == BEEPER_LOG_DEBUG
                && target == "beeper_setup::request"
                && message.starts_with("setup.retrieve: GET /v1/app/setup -> 200")),
        "{records:#?}"
    );
    assert!(records
        .iter()
        .all(|(level, _, _)| (BEEPER_LOG_ERROR..=BEEPER_LOG_DEBUG).contains(level)));
}

const TOKEN: &str = "syt_LOGSECRETTOKEN0001";
const WRONG_KEY: &str = "EsLG SECR ETKE Y000 0000 0000 0000 0000 0000 0000 0000 0000";

fn assert_no_secret(texts: &[String], secrets: &[String]) {
    for text in texts {
        for secret in secrets {
            let digits = secret.chars().all(|c| c.is_ascii_digit());
            let found = if digits {
                // A code is digits: found only as a whole number, not inside a port or a time.
                text.split(|c: char| !c.is_ascii_digit())
                    .any(|w| w == secret)
            } else {
                text.contains(secret.as_str())
            };
            assert!(!found, "a record holds the secret {secret:?}: {text}");
        }
    }
}

/// Sign-in with an emailed code, registration with a lead token, verification, recovery key
/// entry and creation, at TRACE: no record, ureq's included, holds any of their secrets.
#[test]
fn no_record_at_any_level_holds_a_secret() {
    let _turn = turn();
    let (records, collecting) = collect(LevelFilter::Trace);
    let mut secrets = vec![
        TOKEN.to_owned(),
        WRONG_KEY.to_owned(),
        "LOGSECRET".to_owned(),
    ];

    // An existing account with a recovery key: a wrong key, then the right one.
    let fx = Fixture::new();
    let client = fx.client(json!({"accessToken": TOKEN}));
    client.verifications().list().unwrap_err();
    client.set_access_token(None).unwrap();
    let SignInResponse::Success(signed) = fx.sign_in(&client, "recovery@example.com") else {
        panic!("signs in")
    };
    secrets.push(fx.code());
    secrets.push(signed.matrix.access_token.expose().to_owned());
    client
        .recovery_key()
        .verify(&RecoveryKeyParams {
            recovery_key: Secret::new(WRONG_KEY),
        })
        .unwrap_err();
    // A server that quotes the key and the token back in its errors (body and header), retried
    // and then given up on.
    let token = signed.matrix.access_token.expose();
    let retrying = fx.client(json!({"accessToken": token, "maxRetries": 2}));
    fx.fault(json!({"count": 3, "body": "echo", "status": 503, "retryAfterMs": 0}));
    let e = retrying
        .recovery_key()
        .verify(&RecoveryKeyParams {
            recovery_key: Secret::new(WRONG_KEY),
        })
        .unwrap_err();
    assert_eq!((e.code.as_deref(), e.retries), (Some("SIM_ECHO"), 2));
    let key = fx.state()["recoveryKey"].as_str().unwrap().to_owned();
    secrets.push(key.clone());
    client
        .recovery_key()
        .verify(&RecoveryKeyParams {
            recovery_key: Secret::new(key),
        })
        .unwrap();

    // A new account: registration with the lead token, then a new recovery key.
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let SignInResponse::RegistrationRequired(reg) = fx.sign_in(&client, "newbie@example.com")
    else {
        panic!("a new address needs registration")
    };
    secrets.push(fx.code());
    secrets.push(reg.lead_token.expose().to_owned());
    let registered = client
        .setup()
        .register(&RegisterParams {
            accept_terms: true,
            lead_token: reg.lead_token,
            setup_request_id: reg.setup_request_id,
            username: "newbie".into(),
        })
        .unwrap();
    secrets.push(registered.matrix.access_token.expose().to_owned());
    let created = client
        .recovery_key()
        .reset_create(&ResetCreateParams::default())
        .unwrap();
    secrets.push(created.recovery_key.expose().to_owned());
    client
        .recovery_key()
        .reset_confirm(&RecoveryKeyParams {
            recovery_key: created.recovery_key,
        })
        .unwrap();

    // Verification from another device, and a wait, with the token on every request.
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let SignInResponse::Success(signed) = fx.sign_in(&client, "existing@example.com") else {
        panic!("signs in")
    };
    secrets.push(fx.code());
    secrets.push(signed.matrix.access_token.expose().to_owned());
    let v = client
        .verifications()
        .create(&CreateVerificationParams::default())
        .unwrap()
        .verification
        .unwrap();
    fx.post("/_sim/other-device/accept", json!({}));
    client.verifications().sas_start(&v.id).unwrap();
    client.verifications().sas_confirm(&v.id).unwrap();
    fx.post("/_sim/other-device/confirm", json!({}));
    fx.post("/_sim/first-sync", json!({}));
    client
        .wait(&WaitParams {
            interval_ms: 20,
            timeout_ms: 10_000,
            ..WaitParams::default()
        })
        .unwrap();
    drop(collecting);

    let texts = texts(&records);
    assert!(
        texts.iter().any(|t| t.contains("setup.response: POST"))
            && texts.iter().any(|t| t.starts_with("DEBUG ureq")),
        "the flow was recorded: {texts:#?}"
    );
    assert!(
        !texts.iter().any(|t| t.starts_with("TRACE ureq")),
        "ureq is capped at DEBUG"
    );
    for secret in &secrets {
        assert!(secret.len() >= 6, "a distinctive secret: {secret:?}");
    }
    assert_no_secret(&texts, &secrets);
}

/// With no handler, `BEEPER_LOG` writes the records to stderr at the level it names (read once,
/// so the check runs in a child process of this test binary).
#[test]
fn beeper_log_writes_to_stderr_when_no_handler_is_set() {
    if let Some(url) = std::env::var_os("BEEPER_LOG_TEST_URL") {
        // The child: a client made through the C ABI, as every binding makes one.
        let config = format!(r#"{{"baseURL":"{}"}}"#, url.to_str().unwrap());
        let config = std::ffi::CString::new(config).unwrap();
        let (mut client, mut out) = (std::ptr::null_mut(), std::ptr::null_mut());
        unsafe {
            assert_eq!(
                beeper_setup::ffi::beeper_client_new(config.as_ptr(), &mut client, &mut out),
                0
            );
            beeper_setup::ffi::beeper_string_free(out);
            assert_eq!(
                beeper_setup::ffi::beeper_setup_retrieve(client, &mut out),
                0
            );
            beeper_setup::ffi::beeper_string_free(out);
            beeper_setup::ffi::beeper_client_free(client);
        }
        return;
    }
    let _turn = turn();
    let fx = Fixture::new();
    let child = |level: &str| {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "beeper_log_writes_to_stderr_when_no_handler_is_set",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("BEEPER_LOG_TEST_URL", fx.url())
            .env("BEEPER_LOG", level)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let debug = child("debug");
    assert!(
        debug.lines().any(|l| l
            .starts_with("[DEBUG beeper_setup::request] setup.retrieve: GET /v1/app/setup -> 200")),
        "{debug}"
    );
    assert!(
        debug.contains("[INFO  beeper_setup::client] client for "),
        "{debug}"
    );
    let trace = child("trace");
    assert!(
        !trace.contains("[TRACE ureq"),
        "ureq is capped at DEBUG: {trace}"
    );
    let info = child("info");
    assert!(
        info.contains("[INFO  beeper_setup::client]") && !info.contains("[DEBUG"),
        "{info}"
    );
    assert!(
        !child("").contains("beeper_setup::"),
        "nothing without BEEPER_LOG"
    );
}
