//! A wait leaves nothing running once it has returned, however it ended: its poll thread and
//! socket end with it, even while the server hangs. (One test in this binary: it counts the
//! process's threads, which other tests running alongside would disturb.)

mod common;

use beeper_setup::ffi::{
    beeper_client_cancel, beeper_client_free, beeper_client_new, beeper_setup_wait,
    beeper_string_free,
};
use beeper_setup::{ErrorKind, WaitParams};
use common::Fixture;
use serde_json::json;
use std::ffi::{c_char, CString};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[test]
fn waits_ended_by_deadline_or_cancel_leave_no_thread_behind() {
    let fx = Fixture::new();
    // Every poll meets a server that never answers (the request timeout is the default 30 s).
    let client = fx.client(json!({}));
    fx.fault(json!({"hang": true, "count": 1_000_000}));
    let base = threads();
    let t = Instant::now();
    for _ in 0..40 {
        let e = client
            .wait(&WaitParams {
                timeout_ms: 30,
                interval_ms: 10,
                ..WaitParams::default()
            })
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    }
    for _ in 0..20 {
        let waiter = {
            let client = client.clone();
            std::thread::spawn(move || client.wait(&WaitParams::default()).unwrap_err().kind)
        };
        // A cancel reaches the waits already called; on a loaded machine the thread may not have
        // called yet, so cancel until it has ended rather than guess how long it takes to start.
        std::thread::sleep(Duration::from_millis(20));
        client.cancel();
        while !waiter.is_finished() {
            std::thread::sleep(Duration::from_millis(20));
            client.cancel();
        }
        assert_eq!(waiter.join().unwrap(), ErrorKind::Cancelled);
    }
    println!("60 waits in {:?}", t.elapsed());
    let settle = Instant::now() + Duration::from_secs(1);
    while threads() > base && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        threads(),
        base,
        "threads left running after the waits ended"
    );

    // A poll still connecting when its wait ends stops connecting within 50 ms (the connect is
    // polled in slices), long before the connect timeout; beeper_client_free would wait for it.
    // A listener that never accepts, its queue filled, makes every further connect hang.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..300 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(100)) {
            Ok(s) => queued.push(s),
            Err(_) => break,
        }
    }
    let base = threads();
    let config = CString::new(
        json!({"baseURL": format!("http://{addr}"), "connectTimeoutMs": 1500}).to_string(),
    )
    .unwrap();
    let mut out: *mut c_char = std::ptr::null_mut();
    let mut handle = std::ptr::null_mut();
    unsafe {
        assert_eq!(beeper_client_new(config.as_ptr(), &mut handle, &mut out), 0);
        beeper_string_free(out);
    }
    // Handles cross threads as addresses (the client is thread-safe).
    let address = handle as usize;
    let waiter = std::thread::spawn(move || unsafe {
        let mut out: *mut c_char = std::ptr::null_mut();
        let rc = beeper_setup_wait(address as *const _, std::ptr::null(), &mut out);
        beeper_string_free(out);
        rc
    });
    std::thread::sleep(Duration::from_millis(100));
    unsafe { beeper_client_cancel(handle) };
    assert_eq!(waiter.join().unwrap(), ErrorKind::Cancelled.code());
    let settle = Instant::now() + Duration::from_millis(100);
    while threads() > base && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(threads(), base, "the connecting poll is still running");
    unsafe { beeper_client_free(handle) };
    assert_eq!(
        threads(),
        base,
        "a thread of the client outlived beeper_client_free"
    );
    drop(queued);
}
