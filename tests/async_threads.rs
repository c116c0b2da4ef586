//! Calls started without blocking run on a bounded set of the library's threads, and a wait
//! holds none between its polls. (Its own binary: it counts the process's threads and sets the
//! process-wide worker bound.)

mod common;

use beeper_setup::{ErrorKind, Operation, WaitParams};
use common::Fixture;
use serde_json::json;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// The library's threads now (the in-process simulator has threads of its own).
fn threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter(|t| {
            let comm = std::fs::read_to_string(t.as_ref().unwrap().path().join("comm"));
            comm.is_ok_and(|c| c.starts_with("beeper-setup"))
        })
        .count()
}

#[test]
fn bounded_threads_deadlines_and_cancel_before_sending() {
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 5000}));
    beeper_setup::set_worker_threads(4).unwrap();
    assert_eq!(beeper_setup::worker_threads(), 4);
    assert!(beeper_setup::set_worker_threads(0).is_err());

    // 1000 waits with a 2 s deadline, on a state that never comes.
    let (tx, rx) = channel();
    let t = Instant::now();
    for _ in 0..1000 {
        let tx = tx.clone();
        client
            .start_wait(
                WaitParams {
                    timeout_ms: 2000,
                    interval_ms: 500,
                    ..WaitParams::default()
                },
                move |r| tx.send((r.unwrap_err().kind, t.elapsed())).unwrap(),
            )
            .unwrap();
    }
    // Each wait's deadline runs from its own start: the last one started this long after `t`.
    let started = t.elapsed();
    drop(tx);
    let mut most = 0;
    let mut ends = Vec::new();
    while ends.len() < 1000 {
        most = most.max(threads());
        if let Ok(end) = rx.recv_timeout(Duration::from_millis(20)) {
            ends.push(end);
        }
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "the waits did not end"
        );
    }
    let latest = ends.iter().map(|(_, at)| *at).max().unwrap();
    println!(
        "1000 waits (started in {started:?}): {most} threads of the library at most, the last \
         ended at {latest:?}"
    );
    assert!(ends.iter().all(|(kind, _)| *kind == ErrorKind::Timeout));
    // A deadline not kept is late by a whole timeout or more: 1000 waits queued for 4 threads
    // would end minutes late. The bound leaves a whole timeout to a loaded machine, plus the
    // time the starts took, since ending the waits is that work again.
    let timeout = Duration::from_millis(2000);
    assert!(
        latest - started < 2 * timeout + started,
        "the last wait ended at {latest:?}"
    );
    // Four workers and the timer.
    assert!(most <= 5, "{most} threads");

    // With one worker held by a request that hangs, a call started and cancelled before a
    // worker takes it sends nothing.
    beeper_setup::set_worker_threads(1).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    fx.fault(json!({"hang": true, "count": 1}));
    let before = fx.requests();
    let hung = client
        .start_call(Operation::SetupRetrieve, None, None, None, |_| {})
        .unwrap();
    while fx.requests() == before {
        std::thread::sleep(Duration::from_millis(5));
    }
    let (tx, rx) = channel();
    let queued = client
        .start_call(Operation::SetupStart, None, None, None, move |r| {
            tx.send(r).unwrap()
        })
        .unwrap();
    queued.cancel();
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(1))
            .unwrap()
            .unwrap_err()
            .kind,
        ErrorKind::Cancelled
    );
    hung.cancel();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        fx.requests(),
        before + 1,
        "the call cancelled before sending was sent"
    );
    // The cancelled call's worker stopped waiting for the server that never answers (the
    // request timeout is 5 s): the one worker is free again at once.
    let (tx, rx) = channel();
    let t = Instant::now();
    client
        .start_call(Operation::SetupRetrieve, None, None, None, move |r| {
            tx.send(r).unwrap()
        })
        .unwrap();
    rx.recv_timeout(Duration::from_secs(3)).unwrap().unwrap();
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    beeper_setup::set_worker_threads(4).unwrap();
}
