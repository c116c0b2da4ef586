//! Connections: one thread each, keep-alive, and the faults that act on the wire itself
//! (delays, drops, hangs, truncation, slow and huge bodies).

use crate::faults::{Fault, OVERSIZED_PREFIX};
use crate::http::{self, Body, ReadError, Request, Response};
use crate::shared::{lock, Mode, Shared};
use crate::{control, mock, routes};
use std::io::{self, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(50);

/// The API's answer in the simulator's mode (faults aside).
fn answer(shared: &Shared, req: &Request) -> Response {
    match shared.mode {
        Mode::Stateful => routes::handle(&shared.state, req),
        Mode::Mock { require_token } => mock::handle(req, require_token),
    }
}

pub fn accept_loop(shared: Arc<Shared>, listener: TcpListener) {
    for stream in listener.incoming() {
        if shared.stopping() {
            break;
        }
        match stream {
            Ok(s) => {
                let shared = Arc::clone(&shared);
                let _ = thread::Builder::new()
                    .name("sim-conn".into())
                    .spawn(move || serve_connection(shared, s));
            }
            // Out of descriptors and the like: back off rather than spin.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn closed() -> io::Error {
    io::Error::new(ErrorKind::ConnectionAborted, "closed on purpose")
}

fn serve_connection(shared: Arc<Shared>, stream: TcpStream) {
    let id = shared.track(&stream);
    // Registered after stop() swept the table: nobody else will close it.
    if !shared.stopping() {
        let _ = stream.set_nodelay(true);
        if let Ok(read_half) = stream.try_clone() {
            serve_requests(&shared, BufReader::new(read_half), stream.try_clone().ok());
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
    shared.forget(id);
}

fn serve_requests(shared: &Shared, mut reader: BufReader<TcpStream>, writer: Option<TcpStream>) {
    let Some(mut w) = writer else { return };
    let mut counted = false;
    loop {
        let _ = w.set_read_timeout(Some(IDLE_TIMEOUT));
        let req = match http::read_request(&mut reader, &mut w) {
            Ok(r) => r,
            Err(ReadError::Closed) => return,
            Err(ReadError::Reject(resp)) => {
                let _ = send(shared, &mut w, &resp, false, None);
                drain_before_close(shared, &mut w);
                return;
            }
        };
        if shared.stopping() {
            return;
        }
        let keep = req.keep_alive;
        let outcome = if req.path == "/_sim" || req.path.starts_with("/_sim/") {
            send(shared, &mut w, &control::handle(shared, &req), keep, None)
        } else {
            lock(&shared.stats).record(&req, !counted);
            counted = true;
            let fault = lock(&shared.faults).take();
            serve_api(shared, &req, &mut w, fault, keep)
        };
        if outcome.is_err() || !keep {
            return;
        }
    }
}

/// Err means the connection must close now (on purpose or because the peer left).
fn serve_api(
    shared: &Shared,
    req: &Request,
    w: &mut TcpStream,
    fault: Option<Fault>,
    keep: bool,
) -> io::Result<()> {
    let Some(f) = fault else {
        return send(shared, w, &answer(shared, req), keep, None);
    };
    if f.delay_ms > 0 && !sleep_unless_stopped(shared, Duration::from_millis(f.delay_ms)) {
        return Err(closed());
    }
    if f.drop {
        return Err(closed());
    }
    if f.hang {
        wait_for_peer_to_leave(shared, w);
        return Err(closed());
    }
    let resp = if f.replaces_answer() {
        f.response(req)
    } else {
        answer(shared, req)
    };
    let resp = f.add_headers(resp);
    if f.reset_mid_body {
        let body = match &resp.body {
            Body::Bytes(b) => &b[..b.len() / 2],
            Body::Oversized(_) => OVERSIZED_PREFIX,
        };
        w.write_all(&resp.head(keep))?;
        w.write_all(body)?;
        w.flush()?;
        return Err(closed());
    }
    send(shared, w, &resp, keep, f.drip_bytes_per_sec)
}

fn send(
    shared: &Shared,
    w: &mut TcpStream,
    resp: &Response,
    keep: bool,
    drip: Option<u64>,
) -> io::Result<()> {
    let mut out = Paced {
        w,
        rate: drip,
        shared,
    };
    out.put(&resp.head(keep))?;
    match &resp.body {
        Body::Bytes(b) => out.put(b)?,
        Body::Oversized(total) => {
            // Streamed: a plausible JSON start, then padding, so a client must enforce a limit.
            out.put(OVERSIZED_PREFIX)?;
            let mut left = total - OVERSIZED_PREFIX.len() as u64 - 2;
            let chunk = vec![b'x'; 64 * 1024];
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                out.put(&chunk[..n])?;
                left -= n as u64;
            }
            out.put(b"\"}")?;
        }
    }
    out.w.flush()
}

struct Paced<'a> {
    w: &'a mut TcpStream,
    rate: Option<u64>,
    shared: &'a Shared,
}

impl Paced<'_> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        let Some(rate) = self.rate else {
            return self.w.write_all(bytes);
        };
        // Ten slices a second: slow enough to trip a read timeout, smooth enough to measure.
        let slice = (rate / 10).max(1) as usize;
        for part in bytes.chunks(slice) {
            if self.shared.stopping() {
                return Err(closed());
            }
            self.w.write_all(part)?;
            self.w.flush()?;
            thread::sleep(Duration::from_secs_f64(part.len() as f64 / rate as f64));
        }
        Ok(())
    }
}

fn sleep_unless_stopped(shared: &Shared, total: Duration) -> bool {
    let end = Instant::now() + total;
    loop {
        if shared.stopping() {
            return false;
        }
        let now = Instant::now();
        if now >= end {
            return true;
        }
        thread::sleep(POLL.min(end - now));
    }
}

/// The hang fault: the connection stays open, answering nothing, until the peer gives up.
fn wait_for_peer_to_leave(shared: &Shared, w: &mut TcpStream) {
    discard_input(shared, w, None);
}

/// Closing with unread request bytes makes the kernel send a reset, which can destroy the
/// error reply before the client reads it; so read and discard for a moment first.
fn drain_before_close(shared: &Shared, w: &mut TcpStream) {
    let _ = w.shutdown(Shutdown::Write);
    discard_input(shared, w, Some(Instant::now() + Duration::from_secs(2)));
}

/// Reads and throws away what the peer sends until it closes, the simulator stops, or the
/// deadline passes; in short reads, so that stopping is seen at once.
fn discard_input(shared: &Shared, w: &mut TcpStream, deadline: Option<Instant>) {
    let _ = w.set_read_timeout(Some(POLL));
    let mut buf = [0u8; 16 * 1024];
    while deadline.is_none_or(|end| Instant::now() < end) && !shared.stopping() {
        match w.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}
