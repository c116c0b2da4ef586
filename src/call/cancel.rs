//! Cancellation of waits: `Client::cancel` wakes every sleeper on the client at once.

use crate::call::interrupt;
use crate::error::{Error, ErrorKind, Result};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A counter of `cancel` calls and a condition variable to wake sleepers. A wait remembers the
/// count when it starts and ends as soon as the count moves; a later wait is not affected.
#[derive(Debug, Default)]
pub(crate) struct Canceller {
    epoch: Mutex<u64>,
    woken: Condvar,
}

impl Canceller {
    /// The current count: pass it to `sleep`.
    pub fn epoch(&self) -> u64 {
        *self.epoch.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Ends every sleep that started before now.
    pub fn cancel(&self) {
        *self.epoch.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.woken.notify_all();
    }

    /// Wakes the sleepers so they look at their `ready` check again (nothing is cancelled).
    pub fn wake(&self) {
        // Taking the lock orders this wake after a sleeper's check, so it cannot be lost.
        drop(self.epoch.lock().unwrap_or_else(PoisonError::into_inner));
        self.woken.notify_all();
    }

    /// Sleeps for `duration`, or until `cancel` is called after `since` was read.
    pub fn sleep(&self, since: u64, duration: Duration) -> Result<()> {
        self.sleep_until(since, Instant::now() + duration, || None::<()>)
            .map(drop)
    }

    /// Sleeps until `ready` returns a value (checked at each `wake`), the deadline passes
    /// (`Ok(None)`), or `cancel` is called after `since` was read (`Cancelled`). On a thread
    /// with an interrupt check, also until the check asks to end the call (`Cancelled`): it is
    /// asked between slices of the sleep, without the lock (it may cancel).
    pub fn sleep_until<T>(
        &self,
        since: u64,
        deadline: Instant,
        mut ready: impl FnMut() -> Option<T>,
    ) -> Result<Option<T>> {
        let interruptible = interrupt::armed();
        let mut epoch = self.epoch.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if *epoch != since {
                return Err(Error::new(ErrorKind::Cancelled, "cancelled by the caller"));
            }
            if let Some(value) = ready() {
                return Ok(Some(value));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            let slice = if interruptible {
                left.min(interrupt::SLICE)
            } else {
                left
            };
            let (guard, slept) = self
                .woken
                .wait_timeout(epoch, slice)
                .unwrap_or_else(PoisonError::into_inner);
            epoch = guard;
            if interruptible && slept.timed_out() {
                drop(epoch);
                if interrupt::requested() {
                    return Err(interrupt::interrupted());
                }
                epoch = self.epoch.lock().unwrap_or_else(PoisonError::into_inner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn cancel_wakes_a_sleeper_promptly_and_spares_later_ones() {
        let c = Arc::new(Canceller::default());
        let since = c.epoch();
        let c2 = c.clone();
        let t = std::thread::spawn(move || {
            let start = Instant::now();
            let r = c2.sleep(since, Duration::from_secs(10));
            (r, start.elapsed())
        });
        std::thread::sleep(Duration::from_millis(20));
        c.cancel();
        let (r, took) = t.join().unwrap();
        assert_eq!(r.unwrap_err().kind, ErrorKind::Cancelled);
        assert!(took < Duration::from_secs(5));
        assert!(c.sleep(c.epoch(), Duration::from_millis(1)).is_ok());
    }
}
