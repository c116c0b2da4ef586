//! Watching the setup session from C: beeper_setup_watch_async (a callback per change) and
//! the one-shot beeper_setup_next_change (blocking, started with a callback or into a
//! completion queue).
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, stated once at its top.

use super::boundary::{borrow_client, boundary, optional_str, outcome, require_out, BeeperClient};
use super::calls::{start, to_callback, BeeperCall, Completion, Publish};
use super::queue::{to_queue, BeeperQueue};
use crate::call::watch::{next_change_record, start_watch_records, Delivery};
use crate::{CallHandle, Client, Error, Result, WatchParams};
use std::ffi::{c_char, c_void};

/// The callback of a watch started with beeper_setup_watch_async: called once per change, in
/// order, then once more to end, never two at once, on the library's threads (the timer and
/// worker threads that run every call started without blocking; no thread per watch), with the
/// `user_data` given at the start.
///
/// `more` is the "more to come / final" signal:
/// - `more` = 1: `status` is BEEPER_OK and `json` a change, `{"sequence": n, "session": {...},
///   "nextStep": {...}}`; the callback will run again.
/// - `more` = 0: this is the last call for the watch. With `status` BEEPER_OK, `json` is the last
///   change (setup is done: its `nextStep.step` is "done"); otherwise `json` is the error object
///   of why it ended: BEEPER_ERR_CANCELLED (beeper_call_cancel, beeper_client_cancel,
///   beeper_client_free), BEEPER_ERR_TIMEOUT (the watch's `timeoutMs`), or an error the polls
///   cannot ride out (a refused token, an answer that is not a session).
///
/// The callback owns `json` in both cases and frees it with beeper_string_free.
pub type BeeperWatchCallback =
    Option<unsafe extern "C" fn(user_data: *mut c_void, status: i32, json: *mut c_char, more: i32)>;

/// The caller's watch callback and its user data, carried to the threads that deliver.
struct WatchCallback {
    function: unsafe extern "C" fn(*mut c_void, i32, *mut c_char, i32),
    user_data: *mut c_void,
}

// The header tells the caller that the callback runs on the library's threads with this
// user_data: passing it there is the contract.
unsafe impl Send for WatchCallback {}

impl WatchCallback {
    fn deliver(&self, delivery: Delivery) {
        let (result, more) = match delivery {
            Delivery::Change(record) => (Ok(record.json().to_owned()), 1),
            Delivery::End(end) => (end.map(|record| record.json().to_owned()), 0),
        };
        let (status, json) = outcome(result);
        unsafe { (self.function)(self.user_data, status, json, more) }
    }
}

/// Starts a watch of the setup session without blocking. `params_json` (borrowed for this call
/// only; NULL for the defaults): `{"timeoutMs": n}` (default: no deadline), `{"intervalMs": n}`
/// (the least time between polls; default 500), `{"after": change-or-session}` (start after
/// this change or session: the first change delivered is the next one; without it the first
/// is the session as the first poll finds it). `callback` (not NULL) runs as
/// BeeperWatchCallback says. Watchers of one client share its polls: any number of them cost
/// one request per interval, and between polls no thread is held. Connection errors and 5xx
/// answers (Beeper restarting) do not end a watch: its polls slow down until Beeper answers.
///
/// On BEEPER_OK the watch is under way, `*out_call` (when `out_call` is not NULL) receives its
/// handle (beeper_call_cancel ends it; free it with beeper_call_free, at any time) and
/// `*out_json` the string "null". Any other status means it was refused before anything was
/// sent (a NULL client or callback, bad params): `*out_json` is the error object, `*out_call`
/// is NULL and the callback never runs.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_watch_async(
    client: *const BeeperClient,
    params_json: *const c_char,
    callback: BeeperWatchCallback,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        if !out_call.is_null() {
            *out_call = std::ptr::null_mut();
        }
        require_out(out_json)?;
        let client = borrow_client(client)?;
        let function = callback.ok_or_else(|| Error::invalid("callback must not be NULL"))?;
        let params = WatchParams::from_json(optional_str(params_json, "params_json")?)?;
        let callback = WatchCallback {
            function,
            user_data,
        };
        // The handle goes to the caller before the watch can deliver anything.
        start_watch_records(client,
            params,
            false,
            move |d| callback.deliver(d),
            &mut |handle| {
                if !out_call.is_null() {
                    *out_call = BeeperCall::new(handle.clone());
                }
            },
        )?;
        Ok("null".to_owned())
    })
}

/// The next change of the setup session, blocking: the first change a watch with the same
/// `params_json` (as for beeper_setup_watch_async; typically `{"after": <the change or session
/// the app shows>, "timeoutMs": n}`) would deliver, as `{"sequence": n, "session": {...},
/// "nextStep": {...}}`. Ends BEEPER_ERR_TIMEOUT at `timeoutMs`, BEEPER_ERR_CANCELLED on
/// beeper_client_cancel (or the thread's interrupt check). Shares the client's polls with its
/// watches.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_next_change(
    client: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        let client = borrow_client(client)?;
        let params = WatchParams::from_json(optional_str(params_json, "params_json")?)?;
        Ok(next_change_record(client, params)?.json().to_owned())
    })
}

/// Starts beeper_setup_next_change without blocking; the rest is as for
/// beeper_client_call_async (its callback runs once, with the change or the error object).
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_next_change_async(
    client: *const BeeperClient,
    params_json: *const c_char,
    callback: super::calls::BeeperCallback,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = next_change_call(params_json);
        start(
            client,
            to_callback(callback, user_data),
            out_call,
            out_json,
            begin,
        )
    })
}

/// Starts beeper_setup_next_change without blocking, its completion going to `queue` as for
/// beeper_client_call_start.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_next_change_start(
    client: *const BeeperClient,
    params_json: *const c_char,
    queue: *const BeeperQueue,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = next_change_call(params_json);
        start(client, to_queue(queue, user_data), out_call, out_json, begin)
    })
}

/// Starts a one-shot watch from its C params (borrowed until it has started).
unsafe fn next_change_call(
    params_json: *const c_char,
) -> impl FnOnce(&Client, Completion, Publish<'_>) -> Result<CallHandle> {
    move |client, done, publish| {
        let params = WatchParams::from_json(optional_str(params_json, "params_json")?)?;
        let mut done = Some(done);
        start_watch_records(
            client,
            params,
            true,
            move |delivery| {
                if let (Delivery::End(end), Some(done)) = (delivery, done.take()) {
                    done(end.map(|record| record.json().to_owned()));
                }
            },
            publish,
        )
    }
}
