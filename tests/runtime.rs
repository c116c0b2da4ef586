//! The runtime keeps its promises: a cancel or a deadline ends a call in any phase (a connect
//! that is never answered included) and frees its worker at once; a call's deadline runs from
//! its start, queue time included; one hung server never holds another client's calls; the
//! worker bound applies to queued calls. (Its own binary: it sets the process-wide worker bound.)

use beeper_setup::{CallOptions, Client, ErrorKind, Operation};
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
    assert!(
        at - cancelled < Duration::from_millis(50),
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
