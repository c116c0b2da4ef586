//! Connections belong to the process that opened them.
//!
//! After `fork()` the child holds copies of the parent's pooled sockets. If both processes sent
//! requests on the same socket, each could read the other's answer. Every connection remembers
//! the process id it was opened in; in any other process it reports itself closed, so the pool
//! drops it (closing only the child's copy of the descriptor, which leaves the parent's
//! connection alone) and the child opens its own. The check runs only when the pool hands out
//! or takes back a connection, before ureq's own probe, which would otherwise read a byte of the
//! parent's answer.
//!
//! The process id is asked of the kernel once and kept: a handler registered with
//! `pthread_atfork` sets it anew in each child, before `fork()` returns there. The check then
//! costs no system call (glibc does not cache `getpid`, so asking each time cost two per call).

#[cfg(unix)]
use std::sync::atomic::{AtomicU32, Ordering};
#[cfg(unix)]
use std::sync::Once;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// Tags each new connection with the current process id.
#[derive(Debug)]
pub(crate) struct ForkGuard;

impl<T: Transport> Connector<T> for ForkGuard {
    type Out = Owned<T>;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<T>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| Owned {
            inner,
            pid: current_pid(),
        }))
    }
}

/// A connection and the process that opened it.
#[derive(Debug)]
pub(crate) struct Owned<T> {
    inner: T,
    pid: u32,
}

impl<T: Transport> Transport for Owned<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.inner.await_input(timeout)
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        // Passed on, not left to the default: with input at hand the default answers without
        // asking the connection below, which still holds the request's output then.
        self.inner.maybe_await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        // Not ours after a fork: never probe (that reads from the parent's socket), never reuse.
        self.pid == current_pid() && self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// This process's id, 0 until first asked.
#[cfg(unix)]
static PID: AtomicU32 = AtomicU32::new(0);

/// The id of the process running now (no fork to follow without unix).
#[cfg(not(unix))]
pub(crate) fn current_pid() -> u32 {
    std::process::id()
}

/// The id of the process running now.
#[cfg(unix)]
pub(crate) fn current_pid() -> u32 {
    static HANDLER: Once = Once::new();
    HANDLER.call_once(|| {
        // SAFETY: the handler only makes a system call that is async-signal-safe and stores
        // an atomic, as a child handler must.
        let registered = unsafe { libc::pthread_atfork(None, None, Some(in_child)) } == 0;
        if registered {
            PID.store(std::process::id(), Ordering::Relaxed);
        }
    });
    match PID.load(Ordering::Relaxed) {
        // Registration failed (out of memory): ask every time.
        0 => std::process::id(),
        pid => pid,
    }
}

/// Runs in the child of every `fork()`, before it returns there.
#[cfg(unix)]
extern "C" fn in_child() {
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() };
    PID.store(pid as u32, Ordering::Relaxed);
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use ureq::unversioned::transport::LazyBuffers;

    /// A connection that says which way it was asked for input.
    #[derive(Debug)]
    struct Asked {
        buffers: LazyBuffers,
        maybe: usize,
    }

    impl Transport for Asked {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }
        fn transmit_output(&mut self, _: usize, _: NextTimeout) -> Result<(), ureq::Error> {
            Ok(())
        }
        fn maybe_await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            self.maybe += 1;
            Ok(true)
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            Ok(true)
        }
        fn is_open(&mut self) -> bool {
            true
        }
    }

    #[test]
    fn the_guard_passes_every_question_through() {
        // The connection under the guard holds the request back until it is asked for input,
        // whichever way it is asked.
        let mut owned = Owned {
            inner: Asked {
                buffers: LazyBuffers::new(1024, 1024),
                maybe: 0,
            },
            pid: current_pid(),
        };
        owned.buffers().input_append_buf()[0] = b'H';
        owned.buffers().input_appended(1);
        assert!(owned.maybe_await_input(NextTimeout::default()).unwrap());
        assert_eq!(owned.inner.maybe, 1);
        assert!(owned.is_open());
    }

    #[test]
    fn a_forked_child_knows_its_own_process_id() {
        let parent = current_pid();
        assert_eq!(parent, std::process::id());
        // SAFETY: the child makes system calls only (no allocation, no lock) and exits at once.
        let child = unsafe { libc::fork() };
        if child == 0 {
            let code =
                if current_pid() == unsafe { libc::getpid() } as u32 && current_pid() != parent {
                    0
                } else {
                    1
                };
            unsafe { libc::_exit(code) };
        }
        assert!(child > 0, "fork failed");
        let mut status = 0;
        // SAFETY: waits for the child just started.
        assert_eq!(unsafe { libc::waitpid(child, &mut status, 0) }, child);
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "status {status}"
        );
        assert_eq!(current_pid(), parent, "the parent's id is untouched");
    }
}
