//! The runtime keeps its promises: a cancel or a deadline ends a call in any phase (a connect
//! that is never answered included) and frees its worker at once; a call's deadline runs from
//! its start, queue time included; one hung server never holds another client's calls; the
//! worker bound applies to queued calls. (Its own binary: it sets the process-wide worker bound.)

mod common;

use beeper_setup::{CallOptions, Client, ErrorKind, Operation};
use common::Fixture;
use serde_json::json;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The tests here change the process-wide worker bound: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// A loopback listener whose backlog is full (it never accepts): a connect to it hangs. The
/// connections that filled it are kept with it.
struct FullBacklog {
    addr: SocketAddr,
    _listener: TcpListener,
    _held: Vec<TcpStream>,
}

impl FullBacklog {
    fn new() -> FullBacklog {
        use std::os::fd::AsRawFd;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        // SAFETY: lowers the backlog of a socket this test owns.
        unsafe { libc::listen(listener.as_raw_fd(), 0) };
        let addr = listener.local_addr().unwrap();
        let mut held = Vec::new();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(100))
            .map(|s| held.push(s))
            .is_ok()
        {
            assert!(held.len() < 64, "the backlog never filled");
        }
        FullBacklog {
            addr,
            _listener: listener,
            _held: held,
        }
    }

    fn client(&self, config: serde_json::Value) -> Client {
        let mut base = json!({"baseURL": format!("http://{}", self.addr), "maxRetries": 0});
        for (k, v) in config.as_object().unwrap() {
            base[k] = v.clone();
        }
        Client::from_json(&base.to_string()).unwrap()
    }
}

fn started(
    client: &Client,
    options: Option<CallOptions>,
) -> (Receiver<(ErrorKind, Instant)>, beeper_setup::CallHandle) {
    let (tx, rx) = channel();
    let handle = client
        .start_call(Operation::SetupRetrieve, None, None, options, move |r| {
            let kind = r.err().map_or(ErrorKind::Internal, |e| e.kind);
            let _ = tx.send((kind, Instant::now()));
        })
        .unwrap();
    (rx, handle)
}

#[test]
fn a_cancel_ends_a_blocking_call_stuck_in_its_connect() {
    let _serial = serial();
    let backlog = FullBacklog::new();
    let client = backlog.client(json!({"timeoutMs": 10_000, "connectTimeoutMs": 10_000}));
    let canceller = client.clone();
    let cancel = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        canceller.cancel();
        Instant::now()
    });
    let error = client
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    let ended = Instant::now();
    let cancelled = cancel.join().unwrap();
    assert_eq!(error.kind, ErrorKind::Cancelled, "{error}");
    let late = ended - cancelled;
    assert!(
        late < Duration::from_millis(100),
        "ended {late:?} after the cancel"
    );
}

#[test]
fn a_deadline_ends_a_connect_that_is_never_answered() {
    let _serial = serial();
    let backlog = FullBacklog::new();
    let client = backlog.client(json!({"timeoutMs": 300, "connectTimeoutMs": 10_000}));
    let t = Instant::now();
    let error = client
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Timeout, "{error}");
    assert!(
        t.elapsed() < Duration::from_millis(450),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn a_cancelled_call_stuck_in_its_connect_frees_its_worker_at_once() {
    let _serial = serial();
    let backlog = FullBacklog::new();
    let stuck = backlog.client(json!({"timeoutMs": 10_000, "connectTimeoutMs": 10_000}));
    beeper_setup::set_worker_threads(1).unwrap();
    let (rx, handle) = started(&stuck, None);
    std::thread::sleep(Duration::from_millis(300));
    handle.cancel();
    let cancelled = Instant::now();
    let (kind, at) = rx.recv_timeout(Duration::from_secs(2)).unwrap();
    assert_eq!(kind, ErrorKind::Cancelled);
    // Not when its connect gives up, 10 s on: a tenth of that leaves a loaded machine room.
    assert!(
        at - cancelled < Duration::from_secs(1),
        "{:?}",
        at - cancelled
    );
    // The one worker of this client is free again: the next call (to a full backlog again,
    // with a short deadline) ends at its own deadline, not the first call's connect timeout.
    let t = Instant::now();
    let error = {
        let (rx, _handle) = started(
            &stuck,
            Some(CallOptions {
                timeout: Some(Duration::from_millis(200)),
                ..CallOptions::default()
            }),
        );
        rx.recv_timeout(Duration::from_secs(5)).unwrap().0
    };
    assert_eq!(error, ErrorKind::Timeout);
    assert!(
        t.elapsed() < Duration::from_millis(400),
        "{:?}",
        t.elapsed()
    );
    beeper_setup::set_worker_threads(8).unwrap();
}

/// Starts `op` on `client` and sends its outcome's kind (`None`: success) with when it ended.
fn start_op(
    client: &Client,
    op: Operation,
    timeout: Option<Duration>,
) -> Receiver<(Option<ErrorKind>, Instant)> {
    let (tx, rx) = channel();
    let options = timeout.map(|t| CallOptions {
        timeout: Some(t),
        ..CallOptions::default()
    });
    client
        .start_call(op, None, None, options, move |r| {
            let _ = tx.send((r.err().map(|e| e.kind), Instant::now()));
        })
        .unwrap();
    rx
}

#[test]
fn a_call_whose_deadline_passes_while_queued_ends_timeout_unsent() {
    let _serial = serial();
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 5000}));
    beeper_setup::set_worker_threads(1).unwrap();
    fx.fault(json!({"hang": true, "count": 1}));
    let before = fx.requests();
    let hung = start_op(&client, Operation::SetupRetrieve, None);
    while fx.requests() == before {
        std::thread::sleep(Duration::from_millis(5));
    }
    let t = Instant::now();
    let queued = start_op(
        &client,
        Operation::SetupStart,
        Some(Duration::from_millis(300)),
    );
    let (kind, at) = queued.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(kind, Some(ErrorKind::Timeout));
    let took = at - t;
    // At its own deadline, not when the hung call frees the worker (5 s): half of that leaves
    // a loaded machine room.
    assert!(
        took >= Duration::from_millis(290) && took < Duration::from_millis(2500),
        "ended after {took:?}"
    );
    assert_eq!(fx.requests(), before + 1, "the queued call was sent");
    client.cancel();
    hung.recv_timeout(Duration::from_secs(2)).unwrap();
    beeper_setup::set_worker_threads(8).unwrap();
}

#[test]
fn a_hung_server_holds_only_its_own_clients_calls() {
    let _serial = serial();
    let (hanging, quick) = (Fixture::new(), Fixture::new());
    hanging.fault(json!({"hang": true, "count": 1000}));
    let stuck = hanging.client(json!({"timeoutMs": 10_000}));
    let other = quick.client(json!({"timeoutMs": 10_000}));
    beeper_setup::set_worker_threads(4).unwrap();
    let hung: Vec<_> = (0..32)
        .map(|_| start_op(&stuck, Operation::SetupRetrieve, None))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    let answers: Vec<_> = (0..8)
        .map(|_| start_op(&other, Operation::SetupRetrieve, None))
        .collect();
    for answer in answers {
        let (kind, at) = answer.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(kind, None);
        assert!(at - t < Duration::from_secs(1), "{:?}", at - t);
    }
    stuck.cancel();
    for call in hung {
        assert_eq!(
            call.recv_timeout(Duration::from_secs(2)).unwrap().0,
            Some(ErrorKind::Cancelled)
        );
    }
    beeper_setup::set_worker_threads(8).unwrap();
}

#[test]
fn raising_the_worker_bound_starts_queued_calls() {
    let _serial = serial();
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 10_000}));
    beeper_setup::set_worker_threads(1).unwrap();
    fx.fault(json!({"delayMs": 600, "count": 4}));
    let t = Instant::now();
    let calls: Vec<_> = (0..4)
        .map(|_| start_op(&client, Operation::SetupRetrieve, None))
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    beeper_setup::set_worker_threads(4).unwrap();
    for call in calls {
        let (kind, at) = call.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(kind, None);
        // One after the other they would take 2.4 s.
        assert!(at - t < Duration::from_millis(1500), "{:?}", at - t);
    }
    beeper_setup::set_worker_threads(8).unwrap();
}

#[test]
fn a_lowered_worker_bound_is_obeyed_by_calls_already_queued() {
    let _serial = serial();
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 10_000}));
    beeper_setup::set_worker_threads(4).unwrap();
    let t = Instant::now();
    fx.fault(json!({"delayMs": 300, "count": 1}));
    let before = fx.requests();
    let mut slow = vec![start_op(&client, Operation::SetupRetrieve, None)];
    while fx.requests() == before {
        std::thread::sleep(Duration::from_millis(2));
    }
    fx.fault(json!({"delayMs": 900, "count": 3}));
    slow.extend((0..3).map(|_| start_op(&client, Operation::SetupRetrieve, None)));
    while fx.requests() < before + 4 {
        std::thread::sleep(Duration::from_millis(2));
    }
    beeper_setup::set_worker_threads(1).unwrap();
    let quick = start_op(&client, Operation::SetupRetrieve, None);
    let (kind, quick_end) = quick.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(kind, None);
    let last_slow = slow
        .into_iter()
        .map(|rx| rx.recv_timeout(Duration::from_secs(10)).unwrap().1)
        .max()
        .unwrap();
    // Under the bound of 1 it starts only once none of the four runs: not when the first ends.
    assert!(
        quick_end >= last_slow,
        "{:?} < {:?}",
        quick_end - t,
        last_slow - t
    );
    beeper_setup::set_worker_threads(8).unwrap();
}
