//! Bad input across the C ABI, table-driven over every function: each case returns the
//! documented status, an error object of the right kind, and sends nothing to the server. The
//! one place for the shapes of bad input any argument can take (NULL, bytes that are not UTF-8,
//! huge or deeply nested text, JSON that does not parse or is not an object); `make memcheck`
//! runs it under valgrind. The C suite's `test_caller_errors.c` checks the rest: each field's
//! rules with the message naming the field, and the text C code writes.

mod common;

use beeper_setup::ffi::*;
use common::Fixture;
use serde_json::{json, Value};
use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

type Out = *mut *mut c_char;
type Handle = *const BeeperClient;

#[derive(Clone, Copy)]
enum Shape {
    NoArgs(unsafe extern "C" fn(Handle, Out) -> i32),
    Params(
        unsafe extern "C" fn(Handle, *const c_char, Out) -> i32,
        Required,
    ),
    Id(unsafe extern "C" fn(Handle, *const c_char, Out) -> i32),
    IdParams(unsafe extern "C" fn(Handle, *const c_char, *const c_char, Out) -> i32),
}

#[derive(Clone, Copy, PartialEq)]
enum Required {
    Yes,
    No,
}

const FUNCTIONS: &[(&str, Shape)] = &[
    ("setup_retrieve", Shape::NoArgs(beeper_setup_retrieve)),
    ("setup_start", Shape::NoArgs(beeper_setup_start)),
    (
        "setup_email",
        Shape::Params(beeper_setup_email, Required::Yes),
    ),
    (
        "setup_response",
        Shape::Params(beeper_setup_response, Required::Yes),
    ),
    (
        "setup_register",
        Shape::Params(beeper_setup_register, Required::Yes),
    ),
    (
        "recovery_key_verify",
        Shape::Params(beeper_recovery_key_verify, Required::Yes),
    ),
    (
        "recovery_key_reset_create",
        Shape::Params(beeper_recovery_key_reset_create, Required::No),
    ),
    (
        "recovery_key_reset_confirm",
        Shape::Params(beeper_recovery_key_reset_confirm, Required::Yes),
    ),
    (
        "verifications_list",
        Shape::NoArgs(beeper_verifications_list),
    ),
    (
        "verifications_create",
        Shape::Params(beeper_verifications_create, Required::No),
    ),
    (
        "verifications_retrieve",
        Shape::Id(beeper_verifications_retrieve),
    ),
    (
        "verifications_accept",
        Shape::Id(beeper_verifications_accept),
    ),
    (
        "verifications_cancel",
        Shape::IdParams(beeper_verifications_cancel),
    ),
    (
        "verifications_qr_scan",
        Shape::Params(beeper_verifications_qr_scan, Required::Yes),
    ),
    (
        "verifications_qr_confirm_scanned",
        Shape::Id(beeper_verifications_qr_confirm_scanned),
    ),
    (
        "verifications_sas_start",
        Shape::Id(beeper_verifications_sas_start),
    ),
    (
        "verifications_sas_confirm",
        Shape::Id(beeper_verifications_sas_confirm),
    ),
];

/// Takes the answer string, checks it is JSON, frees it.
fn take(out: *mut c_char) -> Value {
    assert!(!out.is_null(), "out_json is always set");
    let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
    unsafe { beeper_string_free(out) };
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

struct Battery {
    fx: Fixture,
    client: *mut BeeperClient,
    cases: usize,
}

impl Battery {
    fn new() -> Battery {
        let fx = Fixture::new();
        let config = CString::new(
            json!({"baseURL": fx.url(), "maxRetries": 0, "accessToken": "tok"}).to_string(),
        )
        .unwrap();
        let mut client = ptr::null_mut();
        let mut out = ptr::null_mut();
        assert_eq!(
            unsafe { beeper_client_new(config.as_ptr(), &mut client, &mut out) },
            BEEPER_OK
        );
        take(out);
        Battery {
            fx,
            client,
            cases: 0,
        }
    }

    /// Runs `f` with an out pointer and checks the status and the error kind.
    fn expect(&mut self, what: &str, status: i32, f: impl FnOnce(Out) -> i32) -> Value {
        let mut out = ptr::null_mut();
        let got = f(&mut out);
        let answer = take(out);
        assert_eq!(got, status, "{what}: {answer}");
        if status != BEEPER_OK {
            let kind = [
                "ok",
                "invalid_argument",
                "connection",
                "timeout",
                "api",
                "decode",
                "cancelled",
                "internal",
            ][status as usize];
            assert_eq!(answer["kind"], kind, "{what}: {answer}");
            assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        self.cases += 1;
        answer
    }

    fn invalid(&mut self, what: &str, f: impl FnOnce(Out) -> i32) {
        self.expect(what, BEEPER_ERR_INVALID_ARGUMENT, f);
    }

    /// `invalid`, and the message names `needle` (the argument, or what is wrong with it).
    fn invalid_naming(&mut self, what: &str, needle: &str, f: impl FnOnce(Out) -> i32) {
        let answer = self.expect(what, BEEPER_ERR_INVALID_ARGUMENT, f);
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(needle), "{what}: {message}");
    }
}

impl Drop for Battery {
    fn drop(&mut self) {
        unsafe { beeper_client_free(self.client) };
    }
}

static CALLED_BACK: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn never_called(_: *mut std::ffi::c_void, _: i32, json: *mut c_char) {
    CALLED_BACK.fetch_add(1, Ordering::SeqCst);
    beeper_string_free(json);
}

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

#[test]
fn every_function_refuses_bad_input_without_sending() {
    let mut b = Battery::new();
    let before = b.fx.requests();
    let h = b.client as Handle;
    let invalid_utf8 = CString::new(vec![b'{', 0xff, 0xfe, b'}']).unwrap();
    let huge = c(&"x".repeat(1 << 20));
    let deep = c(&format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)));
    let not_objects = ["5", "42", "[]", "[{\"email\":\"a@b\"}]", "\"text\"", "true"];
    let broken = [
        "{",
        "{broken",
        "{\"x\": }",
        "{\"email\":",
        "nope",
        "{} trailing",
        "{\"a\":1,}",
        "{'email':'x'}",
        "{\"a\" 1}",
        "[1,2",
        "{\"a\": {\"b\": 1}",
    ];
    let good_id = c("active");

    for (name, shape) in FUNCTIONS {
        match *shape {
            Shape::NoArgs(f) => {
                b.invalid(name, |o| unsafe { f(ptr::null(), o) });
                assert_eq!(
                    unsafe { f(h, ptr::null_mut()) },
                    BEEPER_ERR_INVALID_ARGUMENT
                );
            }
            Shape::Params(f, required) => {
                b.invalid(name, |o| unsafe { f(ptr::null(), c("{}").as_ptr(), o) });
                assert_eq!(
                    unsafe { f(h, c("{}").as_ptr(), ptr::null_mut()) },
                    BEEPER_ERR_INVALID_ARGUMENT
                );
                b.invalid_naming(name, "UTF-8", |o| unsafe { f(h, invalid_utf8.as_ptr(), o) });
                for bad in [huge.as_c_str(), deep.as_c_str()] {
                    b.invalid(name, |o| unsafe { f(h, bad.as_ptr(), o) });
                }
                for text in not_objects {
                    b.invalid_naming(&format!("{name} {text}"), "object", |o| unsafe {
                        f(h, c(text).as_ptr(), o)
                    });
                }
                for text in broken {
                    b.invalid(&format!("{name} {text}"), |o| unsafe {
                        f(h, c(text).as_ptr(), o)
                    });
                }
                if required == Required::Yes {
                    b.invalid(name, |o| unsafe { f(h, ptr::null(), o) });
                }
            }
            Shape::Id(f) => {
                b.invalid(name, |o| unsafe { f(ptr::null(), good_id.as_ptr(), o) });
                b.invalid(name, |o| unsafe { f(h, ptr::null(), o) });
                b.invalid(name, |o| unsafe { f(h, c("").as_ptr(), o) });
                b.invalid_naming(name, "UTF-8", |o| unsafe { f(h, invalid_utf8.as_ptr(), o) });
                b.invalid(name, |o| unsafe { f(h, huge.as_ptr(), o) });
                assert_eq!(
                    unsafe { f(h, good_id.as_ptr(), ptr::null_mut()) },
                    BEEPER_ERR_INVALID_ARGUMENT
                );
            }
            Shape::IdParams(f) => {
                b.invalid(name, |o| unsafe {
                    f(ptr::null(), good_id.as_ptr(), ptr::null(), o)
                });
                b.invalid(name, |o| unsafe { f(h, ptr::null(), ptr::null(), o) });
                b.invalid(name, |o| unsafe { f(h, c("").as_ptr(), ptr::null(), o) });
                b.invalid(name, |o| unsafe {
                    f(h, invalid_utf8.as_ptr(), ptr::null(), o)
                });
                b.invalid(name, |o| unsafe {
                    f(h, good_id.as_ptr(), invalid_utf8.as_ptr(), o)
                });
                b.invalid(name, |o| unsafe {
                    f(h, good_id.as_ptr(), deep.as_ptr(), o)
                });
                for text in not_objects.iter().chain(&broken) {
                    b.invalid(name, |o| unsafe {
                        f(h, good_id.as_ptr(), c(text).as_ptr(), o)
                    });
                }
                assert_eq!(
                    unsafe { f(h, good_id.as_ptr(), ptr::null(), ptr::null_mut()) },
                    BEEPER_ERR_INVALID_ARGUMENT
                );
            }
        }
    }

    // The client-level functions.
    let mut client = ptr::null_mut();
    let configs = not_objects.iter().chain(&broken).map(|text| c(text));
    for config in configs.chain([invalid_utf8.clone(), deep.clone()]) {
        b.invalid("client_new", |o| unsafe {
            beeper_client_new(config.as_ptr(), &mut client, o)
        });
        assert!(client.is_null(), "no handle on failure");
    }
    let empty = c("{}");
    b.invalid("client_new out_client", |o| unsafe {
        beeper_client_new(empty.as_ptr(), ptr::null_mut(), o)
    });
    for out_client in [&mut client as *mut _, ptr::null_mut()] {
        assert_eq!(
            unsafe { beeper_client_new(empty.as_ptr(), out_client, ptr::null_mut()) },
            BEEPER_ERR_INVALID_ARGUMENT
        );
    }
    assert!(client.is_null());
    b.invalid("set_token", |o| unsafe {
        beeper_client_set_access_token(ptr::null(), c("t").as_ptr(), o)
    });
    b.invalid_naming("set_token", "UTF-8", |o| unsafe {
        beeper_client_set_access_token(h, invalid_utf8.as_ptr(), o)
    });
    assert_eq!(
        unsafe { beeper_client_set_access_token(h, c("t").as_ptr(), ptr::null_mut()) },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    b.invalid("set_token", |o| unsafe {
        beeper_client_set_access_token(h, c("has\nline break").as_ptr(), o)
    });
    let (op, none) = (c("setup.retrieve"), ptr::null());
    b.invalid("client_call", |o| unsafe {
        beeper_client_call(ptr::null(), op.as_ptr(), none, none, none, o)
    });
    b.invalid("client_call", |o| unsafe {
        beeper_client_call(h, none, none, none, none, o)
    });
    assert_eq!(
        unsafe { beeper_client_call(h, op.as_ptr(), none, none, none, ptr::null_mut()) },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    for bad in [invalid_utf8.as_c_str(), huge.as_c_str(), deep.as_c_str()] {
        b.invalid("client_call options", |o| unsafe {
            beeper_client_call(h, op.as_ptr(), none, none, bad.as_ptr(), o)
        });
        b.invalid("client_call operation", |o| unsafe {
            beeper_client_call(h, bad.as_ptr(), none, none, none, o)
        });
    }
    // The calls started without blocking refuse the same input, and never call back.
    let mut call: *mut BeeperCall = ptr::null_mut();
    let (cb, ud): (BeeperCallback, _) = (Some(never_called), ptr::null_mut());
    let mut queue = ptr::null_mut();
    b.expect("queue_new", BEEPER_OK, |o| unsafe {
        beeper_queue_new(&mut queue, o)
    });
    let q = queue as *const BeeperQueue;
    b.invalid("client_call_async", |o| unsafe {
        beeper_client_call_async(
            ptr::null(),
            op.as_ptr(),
            none,
            none,
            none,
            cb,
            ud,
            &mut call,
            o,
        )
    });
    b.invalid("client_call_async callback", |o| unsafe {
        beeper_client_call_async(h, op.as_ptr(), none, none, none, None, ud, &mut call, o)
    });
    b.invalid("client_call_async", |o| unsafe {
        beeper_client_call_async(h, none, none, none, none, cb, ud, &mut call, o)
    });
    assert_eq!(
        unsafe {
            beeper_client_call_async(
                h,
                op.as_ptr(),
                none,
                none,
                none,
                cb,
                ud,
                &mut call,
                ptr::null_mut(),
            )
        },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    for bad in [invalid_utf8.as_c_str(), huge.as_c_str(), deep.as_c_str()] {
        b.invalid("client_call_async options", |o| unsafe {
            beeper_client_call_async(
                h,
                op.as_ptr(),
                none,
                none,
                bad.as_ptr(),
                cb,
                ud,
                &mut call,
                o,
            )
        });
        b.invalid("client_call_async operation", |o| unsafe {
            beeper_client_call_async(h, bad.as_ptr(), none, none, none, cb, ud, &mut call, o)
        });
        b.invalid("client_call_async params", |o| unsafe {
            let start = c("setup.start");
            beeper_client_call_async(
                h,
                start.as_ptr(),
                none,
                bad.as_ptr(),
                none,
                cb,
                ud,
                &mut call,
                o,
            )
        });
        b.invalid("wait_async", |o| unsafe {
            beeper_setup_wait_async(h, bad.as_ptr(), cb, ud, &mut call, o)
        });
        b.invalid("client_call_start options", |o| unsafe {
            beeper_client_call_start(
                h,
                op.as_ptr(),
                none,
                none,
                bad.as_ptr(),
                q,
                ud,
                &mut call,
                o,
            )
        });
        b.invalid("client_call_start operation", |o| unsafe {
            beeper_client_call_start(h, bad.as_ptr(), none, none, none, q, ud, &mut call, o)
        });
        b.invalid("wait_start", |o| unsafe {
            beeper_setup_wait_start(h, bad.as_ptr(), q, ud, &mut call, o)
        });
        b.invalid("watch_async", |o| unsafe {
            beeper_setup_watch_async(h, bad.as_ptr(), Some(ignore_change), ud, &mut call, o)
        });
        b.invalid("next_change", |o| unsafe {
            beeper_setup_next_change(h, bad.as_ptr(), o)
        });
        b.invalid("next_change_async", |o| unsafe {
            beeper_setup_next_change_async(h, bad.as_ptr(), cb, ud, &mut call, o)
        });
        b.invalid("next_change_start", |o| unsafe {
            beeper_setup_next_change_start(h, bad.as_ptr(), q, ud, &mut call, o)
        });
    }
    for bad in [
        r#"{"intervalMs": 0}"#,
        r#"{"after": 3}"#,
        r#"{"until": []}"#,
    ] {
        let bad = c(bad);
        b.invalid("watch_async params", |o| unsafe {
            beeper_setup_watch_async(h, bad.as_ptr(), Some(ignore_change), ud, &mut call, o)
        });
    }
    b.invalid("watch_async", |o| unsafe {
        beeper_setup_watch_async(ptr::null(), none, Some(ignore_change), ud, &mut call, o)
    });
    b.invalid("watch_async callback", |o| unsafe {
        beeper_setup_watch_async(h, none, None, ud, &mut call, o)
    });
    b.invalid("next_change", |o| unsafe {
        beeper_setup_next_change(ptr::null(), none, o)
    });
    b.invalid("client_call_start", |o| unsafe {
        beeper_client_call_start(
            ptr::null(),
            op.as_ptr(),
            none,
            none,
            none,
            q,
            ud,
            &mut call,
            o,
        )
    });
    b.invalid("client_call_start queue", |o| unsafe {
        beeper_client_call_start(
            h,
            op.as_ptr(),
            none,
            none,
            none,
            ptr::null(),
            ud,
            &mut call,
            o,
        )
    });
    b.invalid("wait_start", |o| unsafe {
        beeper_setup_wait_start(ptr::null(), none, q, ud, &mut call, o)
    });
    b.invalid("wait_start queue", |o| unsafe {
        beeper_setup_wait_start(h, none, ptr::null(), ud, &mut call, o)
    });
    let (mut status, mut taken) = (-1, ptr::null_mut());
    b.invalid("queue_take", |o| unsafe {
        beeper_queue_take(ptr::null(), 0, &mut taken, &mut status, o)
    });
    b.invalid("queue_take out_status", |o| unsafe {
        beeper_queue_take(q, 0, &mut taken, ptr::null_mut(), o)
    });
    b.invalid("queue_take out_user_data", |o| unsafe {
        beeper_queue_take(q, 0, ptr::null_mut(), &mut status, o)
    });
    assert_eq!(status, -1);
    b.expect("queue_take empty", BEEPER_ERR_TIMEOUT, |o| unsafe {
        beeper_queue_take(q, 0, &mut taken, &mut status, o)
    });
    assert_eq!(
        (status, taken),
        (-1, ptr::null_mut()),
        "nothing was refused into the queue"
    );
    b.invalid("queue_new", |o| unsafe {
        beeper_queue_new(ptr::null_mut(), o)
    });
    assert_eq!(unsafe { beeper_queue_fd(ptr::null()) }, -1);
    unsafe { beeper_queue_free(ptr::null_mut()) };
    unsafe { beeper_queue_free(queue) };
    b.invalid("wait_async", |o| unsafe {
        beeper_setup_wait_async(ptr::null(), none, cb, ud, &mut call, o)
    });
    b.invalid("wait_async callback", |o| unsafe {
        beeper_setup_wait_async(h, none, None, ud, &mut call, o)
    });
    assert!(call.is_null(), "a refused call gives no handle");
    assert_eq!(
        unsafe { beeper_call_cancel(ptr::null()) },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    unsafe { beeper_call_free(ptr::null_mut()) };
    for count in [0, 257, u32::MAX] {
        assert_eq!(
            beeper_set_worker_threads(count),
            BEEPER_ERR_INVALID_ARGUMENT
        );
    }
    assert_eq!(
        unsafe { beeper_client_cancel(ptr::null()) },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    b.invalid("settings", |o| unsafe {
        beeper_client_settings(ptr::null(), o)
    });
    assert_eq!(
        unsafe { beeper_client_settings(h, ptr::null_mut()) },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    let settings = b.expect("settings", BEEPER_OK, |o| unsafe {
        beeper_client_settings(h, o)
    });
    assert_eq!(
        (
            settings["maxRetries"].as_u64(),
            settings["timeoutMs"].as_u64()
        ),
        (Some(0), Some(30_000))
    );
    assert_eq!(settings["hasAccessToken"], true);
    assert!(
        !settings.to_string().contains("\"tok\""),
        "the token is never returned"
    );
    b.invalid("access_token", |o| unsafe {
        beeper_client_access_token(ptr::null(), o)
    });
    assert_eq!(
        unsafe { beeper_client_access_token(h, ptr::null_mut()) },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    let token = b.expect("access_token", BEEPER_OK, |o| unsafe {
        beeper_client_access_token(h, o)
    });
    assert_eq!(token, "tok");
    let (get, path) = (c("GET"), c("/v1/app/setup"));
    b.invalid("request", |o| unsafe {
        beeper_client_request(ptr::null(), get.as_ptr(), path.as_ptr(), none, none, o)
    });
    b.invalid_naming("request", "method", |o| unsafe {
        beeper_client_request(h, none, path.as_ptr(), none, none, o)
    });
    b.invalid_naming("request", "path", |o| unsafe {
        beeper_client_request(h, get.as_ptr(), none, none, none, o)
    });
    assert_eq!(
        unsafe {
            beeper_client_request(h, get.as_ptr(), path.as_ptr(), none, none, ptr::null_mut())
        },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    // Each shape of bad input in each argument; started without blocking, a custom request
    // refuses it with the same error, and never calls back.
    let mut queue = ptr::null_mut();
    b.expect("queue_new", BEEPER_OK, |o| unsafe {
        beeper_queue_new(&mut queue, o)
    });
    let q = queue as *const BeeperQueue;
    let post = c("POST");
    let mut bad_requests = vec![
        (ptr::null(), get.as_ptr(), path.as_ptr(), none, none),
        (h, none, path.as_ptr(), none, none),
        (h, get.as_ptr(), none, none, none),
    ];
    for bad in [invalid_utf8.as_c_str(), huge.as_c_str(), deep.as_c_str()] {
        bad_requests.push((h, bad.as_ptr(), path.as_ptr(), none, none));
        bad_requests.push((h, get.as_ptr(), bad.as_ptr(), none, none));
        bad_requests.push((h, post.as_ptr(), path.as_ptr(), bad.as_ptr(), none));
        bad_requests.push((h, get.as_ptr(), path.as_ptr(), none, bad.as_ptr()));
    }
    for (client, method, target, body, options) in bad_requests {
        let blocking = b.expect("request", BEEPER_ERR_INVALID_ARGUMENT, |o| unsafe {
            beeper_client_request(client, method, target, body, options, o)
        });
        let refused = b.expect("request_async", BEEPER_ERR_INVALID_ARGUMENT, |o| unsafe {
            beeper_client_request_async(client, method, target, body, options, cb, ud, &mut call, o)
        });
        assert_eq!(refused, blocking, "the same error as beeper_client_request");
        let refused = b.expect("request_start", BEEPER_ERR_INVALID_ARGUMENT, |o| unsafe {
            beeper_client_request_start(client, method, target, body, options, q, ud, &mut call, o)
        });
        assert_eq!(refused, blocking, "the same error as beeper_client_request");
        assert!(call.is_null(), "a refused request gives no handle");
    }
    b.invalid("request_async callback", |o| unsafe {
        beeper_client_request_async(
            h,
            get.as_ptr(),
            path.as_ptr(),
            none,
            none,
            None,
            ud,
            &mut call,
            o,
        )
    });
    b.invalid("request_start queue", |o| unsafe {
        beeper_client_request_start(
            h,
            get.as_ptr(),
            path.as_ptr(),
            none,
            none,
            ptr::null(),
            ud,
            &mut call,
            o,
        )
    });
    assert_eq!(
        unsafe {
            beeper_client_request_async(
                h,
                get.as_ptr(),
                path.as_ptr(),
                none,
                none,
                cb,
                ud,
                &mut call,
                ptr::null_mut(),
            )
        },
        BEEPER_ERR_INVALID_ARGUMENT
    );
    unsafe { beeper_queue_free(queue) };
    b.invalid("next_step", |o| unsafe {
        beeper_setup_next_step(ptr::null(), o)
    });
    let texts = not_objects.iter().chain(&broken).map(|text| c(text));
    for bad in texts.chain([invalid_utf8.clone(), deep.clone(), huge.clone()]) {
        b.invalid("next_step", |o| unsafe {
            beeper_setup_next_step(bad.as_ptr(), o)
        });
    }
    let session = c(
        r#"{"state":"ready","e2ee":{"crossSigning":true,"firstSyncDone":true,"hasBackedUpRecoveryKey":true,"initialized":true,"keyBackup":true,"secretStorage":true,"verified":true,"secrets":{"masterKey":true,"megolmBackupKey":true,"recoveryKey":true,"selfSigningKey":true,"userSigningKey":true}}}"#,
    );
    for client in [ptr::null(), h] {
        b.invalid("next_step_with", |o| unsafe {
            beeper_setup_next_step_with(client, ptr::null(), none, o)
        });
        for bad in [
            invalid_utf8.as_c_str(),
            &c("[]"),
            deep.as_c_str(),
            huge.as_c_str(),
        ] {
            b.invalid("next_step_with options", |o| unsafe {
                beeper_setup_next_step_with(client, session.as_ptr(), bad.as_ptr(), o)
            });
            b.invalid("next_step_with session", |o| unsafe {
                beeper_setup_next_step_with(client, bad.as_ptr(), none, o)
            });
        }
    }
    b.invalid("wait", |o| unsafe {
        beeper_setup_wait(ptr::null(), ptr::null(), o)
    });
    let texts = not_objects.iter().chain(&broken).map(|text| c(text));
    for bad in texts.chain([invalid_utf8.clone(), deep.clone(), huge.clone()]) {
        b.invalid("wait", |o| unsafe { beeper_setup_wait(h, bad.as_ptr(), o) });
    }
    unsafe {
        beeper_client_free(ptr::null_mut());
        beeper_string_free(ptr::null_mut());
    }

    assert_eq!(b.fx.requests(), before, "invalid input sent nothing");
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(
        CALLED_BACK.load(Ordering::SeqCst),
        0,
        "a refused call called back"
    );
    println!("{} bad-input cases, none sent", b.cases);
}

#[test]
fn awkward_ids_are_encoded_and_reach_only_the_verification_route() {
    let mut b = Battery::new();
    let h = b.client as Handle;
    for id in [
        "a/b",
        "..",
        ".",
        "%2e%2e",
        "with space",
        "ünïcødé",
        "a?b=c#d",
        "../../setup/start",
    ] {
        let answer = b.expect(id, BEEPER_ERR_API, |o| unsafe {
            beeper_verifications_retrieve(h, c(id).as_ptr(), o)
        });
        // Signed out, so the verification route answers 401; any other route would differ.
        assert_eq!(answer["status"], 401, "{id}: {answer}");
    }
    let by_route = &b.fx.get("/_sim/stats")["byEndpoint"];
    let routes: Vec<_> = by_route.as_object().unwrap().keys().cloned().collect();
    assert_eq!(routes.len(), 1, "{routes:?}");
    assert!(routes[0].contains("verifications/{"), "{routes:?}");
}

#[test]
fn extra_fields_pass_through_to_the_server() {
    let mut b = Battery::new();
    let h = b.client as Handle;
    let answer = b.expect("start", BEEPER_OK, |o| unsafe { beeper_setup_start(h, o) });
    let params = json!({"email": "existing@example.com", "setupRequestID": answer["setupRequestID"], "clientHint": {"x": 1}});
    let answer = b.expect("email", BEEPER_OK, |o| unsafe {
        beeper_setup_email(h, c(&params.to_string()).as_ptr(), o)
    });
    assert_eq!(answer, Value::Null);
}

unsafe extern "C" fn ignore_change(
    _user_data: *mut std::ffi::c_void,
    _status: i32,
    json: *mut c_char,
    _more: i32,
) {
    beeper_string_free(json);
}
