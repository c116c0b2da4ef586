//! Connections belong to the process that opened them.
//!
//! After `fork()` the child holds copies of the parent's pooled sockets. If both processes sent
//! requests on the same socket, each could read the other's answer. Every connection remembers
//! the process id it was opened in; in any other process it reports itself closed, so the pool
//! drops it (closing only the child's copy of the descriptor, which leaves the parent's
//! connection alone) and the child opens its own. The check runs only when the pool hands out
//! or takes back a connection, before ureq's own probe, which would otherwise read a byte of the
//! parent's answer.

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
            pid: std::process::id(),
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

    fn is_open(&mut self) -> bool {
        // Not ours after a fork: never probe (that reads from the parent's socket), never reuse.
        self.pid == std::process::id() && self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}
