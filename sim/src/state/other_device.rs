//! The other, already trusted device in a verification. No real one exists, so a test plays it
//! through the /_sim/other-device/ endpoints, or auto mode plays it on a timer.

use super::scenario::REQUESTING_DEVICE_NAME;
use super::State;
use crate::error::ApiError;
use crate::verification::{Direction, VState, Verification};
use serde_json::Value;

impl State {
    /// The other device asks to verify this one, under the name and id given (else the
    /// incoming scenario's name and a made-up id).
    pub fn other_device_request(
        &mut self,
        device_id: Option<&str>,
        device_name: Option<&str>,
    ) -> Result<Value, ApiError> {
        let i = self.begin(Direction::Incoming, "login", None)?;
        let v = &mut self.verifications[i];
        v.other_device_name = device_name.unwrap_or(REQUESTING_DEVICE_NAME).to_owned();
        if let Some(id) = device_id {
            v.other_device_id = id.to_owned();
        }
        Ok(self.with_verification(i))
    }

    /// The outcome scenario's other device ends the verification its way.
    pub(super) fn other_device_ends(&mut self) -> Result<Value, ApiError> {
        let (code, reason) = self.script().and_then(|s| s.cancel()).ok_or_else(|| {
            ApiError::conflict("NO_SCRIPT", "this scenario's other device ends nothing")
        })?;
        self.end_active(code, reason)
    }

    /// The verification in flight ends with `code`, whoever ends it: the other device, the
    /// clock (`m.timeout`), or another device of the account (`m.accepted`).
    pub fn end_active(&mut self, code: &str, reason: &str) -> Result<Value, ApiError> {
        let i = self.active_for_other()?;
        self.timers.other_accepts = None;
        self.timers.other_confirms = None;
        self.verifications[i].cancel(code, reason);
        Ok(self.with_verification(i))
    }

    /// The other device only ever acts on the transaction in flight.
    fn active_for_other(&self) -> Result<usize, ApiError> {
        self.active_index().ok_or_else(|| {
            ApiError::conflict("NO_ACTIVE_VERIFICATION", "no verification is in progress")
        })
    }

    /// Most of its moves also need a state they fit: a test that steers it wrongly is told so,
    /// rather than left with a session no real pair of devices could reach.
    fn active_for_other_if(
        &self,
        fits: impl Fn(&Verification) -> bool,
        refusal: &str,
    ) -> Result<usize, ApiError> {
        let i = self.active_for_other()?;
        if !fits(&self.verifications[i]) {
            return Err(ApiError::conflict("ACTION_NOT_AVAILABLE", refusal));
        }
        Ok(i)
    }

    pub fn other_device_accept(&mut self) -> Result<Value, ApiError> {
        let i = self.active_for_other_if(
            |v| v.direction == Direction::Outgoing && v.state == VState::Requested,
            "the other device can only accept an outgoing request that is still requested",
        )?;
        self.verifications[i].state = VState::Ready;
        Ok(self.with_verification(i))
    }

    pub fn other_device_confirm(&mut self) -> Result<Value, ApiError> {
        let i = self.active_for_other_if(
            |v| v.state == VState::SasReady && !v.they_confirmed,
            "the other device can only confirm emojis that are shown and not yet confirmed",
        )?;
        self.verifications[i].they_confirmed = true;
        self.finish_sas_if_both(i);
        Ok(self.with_verification(i))
    }

    /// The other device scanned this device's QR code: this device must now confirm it.
    pub fn other_device_scan(&mut self, data: Option<&str>) -> Result<Value, ApiError> {
        let i = self.active_for_other_if(
            |v| v.state == VState::Ready,
            "the other device can only scan while the verification is ready",
        )?;
        // A test may leave the data out to mean "the right code": it rarely cares which.
        let wrong_code = data.is_some_and(|d| d != self.verifications[i].own_qr);
        self.record_qr_scan(i, wrong_code, "that is not this device's QR code")
    }

    pub fn other_device_cancel(
        &mut self,
        code: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Value, ApiError> {
        self.end_active(
            code.unwrap_or("m.user"),
            reason.unwrap_or("The verification was cancelled on the other device."),
        )
    }
}
