//! Completion queues: calls started with `beeper_client_call_start`,
//! `beeper_client_request_start` or `beeper_setup_wait_start` end into a queue that their owner empties on its own thread, woken
//! by a file descriptor its event loop watches. No code of the caller runs on the library's
//! threads, which is what a language whose code must run on one thread (an event loop's, an
//! interpreter's) needs; the queue's model is the header's, stated once at its top.
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, stated once at its top.

use super::boundary::{boundary, require_out, BeeperClient};
use super::calls::{operation_call, request_call, start, wait_call, BeeperCall, Completion};
use crate::{Error, ErrorKind, Result};
use std::collections::VecDeque;
use std::ffi::{c_char, c_void};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A completion queue. Made by beeper_queue_new, freed by beeper_queue_free.
pub struct BeeperQueue {
    shared: Arc<Shared>,
}

/// What the queue's handle and the calls ending into it share.
struct Shared {
    state: Mutex<State>,
    arrived: Condvar,
    /// The descriptor beeper_queue_fd gives, valid until the queue is freed.
    fd: i32,
}

struct State {
    /// The completions not yet taken, oldest first.
    completions: VecDeque<Taken>,
    /// How many takers wait on `arrived` (a wake-up is a system call: none when nobody waits).
    takers: usize,
    /// Readable while a completion waits; `None` once the queue is freed, after which the
    /// completions of calls still running are dropped.
    bell: Option<Bell>,
}

/// One completion: the user data its call was started with, and its outcome.
struct Taken {
    user_data: usize,
    result: Result<String>,
}

impl Shared {
    fn new() -> std::io::Result<Arc<Self>> {
        let bell = Bell::new()?;
        Ok(Arc::new(Shared {
            fd: bell.fd(),
            state: Mutex::new(State {
                completions: VecDeque::new(),
                takers: 0,
                bell: Some(bell),
            }),
            arrived: Condvar::new(),
        }))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a call's outcome; the descriptor becomes readable when the queue was empty.
    fn post(&self, user_data: usize, result: Result<String>) {
        let mut state = self.lock();
        let Some(bell) = &state.bell else {
            // Freed: the outcome is dropped (outside the lock, with `result`).
            return;
        };
        if state.completions.is_empty() {
            bell.ring();
        }
        state.completions.push_back(Taken { user_data, result });
        let waiting = state.takers > 0;
        drop(state);
        if waiting {
            self.arrived.notify_one();
        }
    }

    /// The oldest completion, waiting up to `timeout` for one; the descriptor stops being
    /// readable when the last one is taken.
    fn take(&self, timeout: Duration) -> Option<Taken> {
        let deadline = Instant::now().checked_add(timeout);
        let mut state = self.lock();
        loop {
            if let Some(taken) = state.completions.pop_front() {
                if state.completions.is_empty() {
                    if let Some(bell) = &state.bell {
                        bell.silence();
                    }
                }
                return Some(taken);
            }
            let left = deadline.map_or(Duration::MAX, |d| {
                d.saturating_duration_since(Instant::now())
            });
            if left.is_zero() || state.bell.is_none() {
                return None;
            }
            state.takers += 1;
            state = self
                .arrived
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            state.takers -= 1;
        }
    }

    /// Closes the descriptor and drops the completions waiting and those to come.
    fn close(&self) {
        let mut state = self.lock();
        let bell = state.bell.take();
        let dropped = std::mem::take(&mut state.completions);
        drop(state);
        drop((bell, dropped));
        self.arrived.notify_all();
    }

    /// What a call started into this queue runs when it ends (a watch, at each change).
    fn completion(self: &Arc<Self>, user_data: *mut c_void) -> Completion {
        let shared = self.clone();
        // The address only: the header tells the caller it comes back from beeper_queue_take.
        let user_data = user_data as usize;
        Box::new(move |result| shared.post(user_data, result))
    }
}

/// A descriptor readable while the queue holds a completion: rung when the queue turns
/// non-empty, silenced when it turns empty, both under the queue's lock. On Linux an eventfd
/// (the cheapest wake-up: one counter), elsewhere a socket pair carrying one byte.
#[cfg(target_os = "linux")]
struct Bell(std::os::fd::OwnedFd);

#[cfg(target_os = "linux")]
impl Bell {
    fn new() -> std::io::Result<Self> {
        let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: a descriptor just made, owned by nothing else.
        Ok(Bell(unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) }))
    }

    fn fd(&self) -> i32 {
        std::os::fd::AsRawFd::as_raw_fd(&self.0)
    }

    fn ring(&self) {
        let one = 1u64.to_ne_bytes();
        unsafe { libc::write(self.fd(), one.as_ptr().cast(), one.len()) };
    }

    fn silence(&self) {
        let mut count = [0u8; 8];
        unsafe { libc::read(self.fd(), count.as_mut_ptr().cast(), count.len()) };
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
struct Bell {
    reader: std::os::unix::net::UnixStream,
    writer: std::os::unix::net::UnixStream,
}

#[cfg(all(unix, not(target_os = "linux")))]
impl Bell {
    fn new() -> std::io::Result<Self> {
        let (reader, writer) = std::os::unix::net::UnixStream::pair()?;
        reader.set_nonblocking(true)?;
        writer.set_nonblocking(true)?;
        Ok(Bell { reader, writer })
    }

    fn fd(&self) -> i32 {
        std::os::fd::AsRawFd::as_raw_fd(&self.reader)
    }

    /// One byte at most is ever waiting: the write cannot find the pair full.
    fn ring(&self) {
        let _ = std::io::Write::write(&mut &self.writer, &[1]);
    }

    fn silence(&self) {
        let _ = std::io::Read::read(&mut &self.reader, &mut [0u8; 1]);
    }
}

/// Without Unix sockets there is no descriptor: beeper_queue_take waits instead.
#[cfg(not(unix))]
struct Bell;

#[cfg(not(unix))]
impl Bell {
    fn new() -> std::io::Result<Self> {
        Ok(Bell)
    }
    fn fd(&self) -> i32 {
        -1
    }
    fn ring(&self) {}
    fn silence(&self) {}
}

unsafe fn borrow_queue<'a>(queue: *const BeeperQueue) -> Result<&'a Arc<Shared>> {
    queue
        .as_ref()
        .map(|q| &q.shared)
        .ok_or_else(|| Error::invalid("queue must not be NULL"))
}

/// Makes a completion queue. On BEEPER_OK `*out_queue` is the queue (free it with
/// beeper_queue_free) and `*out_json` the string "null"; otherwise `*out_queue` is NULL and
/// `*out_json` the error object (BEEPER_ERR_INTERNAL when the system has no descriptor left).
#[no_mangle]
pub unsafe extern "C" fn beeper_queue_new(
    out_queue: *mut *mut BeeperQueue,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        if !out_queue.is_null() {
            *out_queue = std::ptr::null_mut();
        }
        require_out(out_json)?;
        if out_queue.is_null() {
            return Err(Error::invalid("out_queue must not be NULL"));
        }
        let shared = Shared::new().map_err(|e| {
            Error::internal(format!("cannot make the queue's file descriptor: {e}"))
        })?;
        *out_queue = Box::into_raw(Box::new(BeeperQueue { shared }));
        Ok("null".to_owned())
    })
}

/// The queue's file descriptor: readable while a completion waits in the queue, for an event
/// loop to watch (poll, epoll, kqueue, asyncio's add_reader, trio's wait_readable). It belongs
/// to the queue: never read, write or close it; it is closed by beeper_queue_free. -1 for NULL,
/// and where the system has no such descriptor (Windows: use beeper_queue_take's timeout).
#[no_mangle]
pub unsafe extern "C" fn beeper_queue_fd(queue: *const BeeperQueue) -> i32 {
    boundary!(or -1 => queue.as_ref().map_or(-1, |q| q.shared.fd))
}

/// Takes the oldest completion, waiting up to `timeout_ms` for one (0: not at all). BEEPER_OK:
/// `*out_user_data` is the user data its call was started with, `*out_status` the call's status
/// and `*out_json` its answer or error object, as the blocking function would have returned
/// them (the caller frees it with beeper_string_free). BEEPER_ERR_TIMEOUT when none came in
/// time (`*out_user_data` and `*out_status` untouched); BEEPER_ERR_INVALID_ARGUMENT for NULL
/// arguments. Any thread may take, several at once (each completion goes to one of them).
#[no_mangle]
pub unsafe extern "C" fn beeper_queue_take(
    queue: *const BeeperQueue,
    timeout_ms: u32,
    out_user_data: *mut *mut c_void,
    out_status: *mut i32,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        let shared = borrow_queue(queue)?;
        if out_user_data.is_null() || out_status.is_null() {
            return Err(Error::invalid(
                "out_user_data and out_status must not be NULL",
            ));
        }
        let taken = shared
            .take(Duration::from_millis(timeout_ms.into()))
            .ok_or_else(|| Error::new(ErrorKind::Timeout, "no completion came in time"))?;
        let (call_status, text) = match taken.result {
            Ok(text) => (0, text),
            Err(e) => (e.kind.code(), e.to_json().to_string()),
        };
        *out_user_data = taken.user_data as *mut c_void;
        *out_status = call_status;
        Ok(text)
    })
}

/// Frees a queue: its descriptor is closed, the completions it holds are dropped (their strings
/// freed), and so are those of the calls started into it that end later; those calls are not
/// cancelled (cancel them first when their work is no longer wanted). NULL is fine; once per
/// queue, when no other thread is inside a function given this queue, at any time otherwise:
/// with calls pending, before or after their client's free.
#[no_mangle]
pub unsafe extern "C" fn beeper_queue_free(queue: *mut BeeperQueue) {
    boundary!(or () => {
        if !queue.is_null() {
            Box::from_raw(queue).shared.close();
        }
    })
}

/// Starts the operation named `operation` without blocking, as beeper_client_call_async does,
/// its completion going to `queue` (borrowed for this call only) rather than to a callback:
/// `(user_data, status, json)` is taken from there with beeper_queue_take, exactly once per
/// call that started, on the taker's thread. The other arguments, the statuses and `*out_call`
/// (NULL allowed) are as for beeper_client_call_async; a NULL queue is refused.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_call_start(
    client: *const BeeperClient,
    operation: *const c_char,
    verification_id: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
    queue: *const BeeperQueue,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = operation_call(operation, verification_id, params_json, options_json);
        start(client, to_queue(queue, user_data), out_call, out_json, begin)
    })
}

/// Starts a custom request without blocking, as beeper_client_request_async does, its
/// completion going to `queue` as for beeper_client_call_start.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_request_start(
    client: *const BeeperClient,
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    queue: *const BeeperQueue,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = request_call(method, path, body_json, options_json);
        start(client, to_queue(queue, user_data), out_call, out_json, begin)
    })
}

/// Starts beeper_setup_wait without blocking, as beeper_setup_wait_async does, its completion
/// going to `queue` as for beeper_client_call_start.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_wait_start(
    client: *const BeeperClient,
    params_json: *const c_char,
    queue: *const BeeperQueue,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = wait_call(params_json);
        start(client, to_queue(queue, user_data), out_call, out_json, begin)
    })
}

/// The queue (which must not be NULL) receives the outcome.
pub(super) unsafe fn to_queue(
    queue: *const BeeperQueue,
    user_data: *mut c_void,
) -> impl FnOnce() -> Result<Completion> {
    move || Ok(borrow_queue(queue)?.completion(user_data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn readable(fd: i32) -> bool {
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        unsafe { libc::poll(&mut poll, 1, 0) == 1 }
    }

    #[cfg(unix)]
    #[test]
    fn the_descriptor_is_readable_exactly_while_a_completion_waits() {
        let q = Shared::new().unwrap();
        assert!(!readable(q.fd));
        q.post(1, Ok("a".into()));
        q.post(2, Err(Error::invalid("b")));
        assert!(readable(q.fd));
        let first = q.take(Duration::ZERO).unwrap();
        assert_eq!(
            (first.user_data, first.result.unwrap()),
            (1, "a".to_owned())
        );
        assert!(readable(q.fd), "one completion still waits");
        assert_eq!(q.take(Duration::ZERO).unwrap().user_data, 2);
        assert!(!readable(q.fd));
        assert!(q.take(Duration::ZERO).is_none());
    }

    #[test]
    fn a_taker_waits_for_a_completion_from_another_thread() {
        let q = Shared::new().unwrap();
        let poster = q.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            poster.post(7, Ok("{}".into()));
        });
        let taken = q.take(Duration::from_secs(30)).unwrap();
        assert_eq!(taken.user_data, 7);
        t.join().unwrap();
    }

    #[test]
    fn completions_after_the_free_are_dropped() {
        let q = Shared::new().unwrap();
        q.post(1, Ok("kept until the free".into()));
        q.close();
        q.post(2, Ok("dropped".into()));
        assert!(q.take(Duration::from_secs(30)).is_none());
    }
}
