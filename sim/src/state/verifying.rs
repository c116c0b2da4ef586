//! Bringing encryption up by verifying against another device, as this device's API sees it:
//! starting, accepting, comparing emoji, scanning QR codes, cancelling. What the other device
//! does in reply is in `other_device.rs`.

use super::{Phase, Script, State, AUTO_OTHER_DEVICE_DELAY};
use crate::error::ApiError;
use crate::verification::{Direction, VState, Verification};
use serde_json::{json, Value};

impl State {
    /// Only the latest verification can be in progress: a new one needs the old one finished.
    pub(super) fn active_index(&self) -> Option<usize> {
        let last = self.verifications.len().checked_sub(1)?;
        (!self.verifications[last].is_final()).then_some(last)
    }

    fn find(&self, id: &str) -> Result<usize, ApiError> {
        let found = if id == "active" {
            self.active_index()
        } else {
            self.verifications.iter().position(|v| v.id == id)
        };
        found.ok_or_else(|| {
            ApiError::new(
                404,
                "VERIFICATION_NOT_FOUND",
                if id == "active" {
                    "no verification is in progress".to_string()
                } else {
                    format!("no verification with id '{id}'")
                },
            )
        })
    }

    pub fn list(&self) -> Value {
        json!({"items": self.verifications.iter().map(Verification::to_json).collect::<Vec<_>>()})
    }

    pub fn retrieve(&self, id: &str) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        Ok(self.with_verification(i))
    }

    /// Either device may ask; both need this device waiting for verification and nothing else
    /// in flight, since the API shows only one transaction as active.
    pub(super) fn begin(
        &mut self,
        direction: Direction,
        purpose: &str,
        user: Option<&str>,
    ) -> Result<usize, ApiError> {
        self.require_phase(&[Phase::NeedsVerification], "verifying this device")?;
        if self.active_index().is_some() {
            return Err(ApiError::conflict(
                "VERIFICATION_IN_PROGRESS",
                "a verification is already in progress; cancel it first",
            ));
        }
        let own = self.account_mut().user_id.clone();
        let v = Verification::new(&mut self.rng, direction, purpose, user.unwrap_or(&own));
        self.verifications.push(v);
        Ok(self.verifications.len() - 1)
    }

    pub fn create(&mut self, purpose: Option<&str>, user: Option<&str>) -> Result<Value, ApiError> {
        let i = self.begin(Direction::Outgoing, purpose.unwrap_or("login"), user)?;
        match self.script() {
            Some(Script::Mismatches) => self.timers.other_accepts = self.scripted_after(),
            Some(s) if s.cancel().is_some() => self.timers.other_ends = self.scripted_after(),
            _ => self.timers.other_accepts = self.auto_after(AUTO_OTHER_DEVICE_DELAY),
        }
        Ok(self.with_verification(i))
    }

    /// The actions named in a verification's `availableActions` all go through here, so the
    /// list a client is shown and what the server accepts cannot disagree.
    fn act(
        &mut self,
        id: &str,
        action: &str,
        apply: impl FnOnce(&mut State, usize),
    ) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        self.verifications[i].require(action)?;
        apply(self, i);
        Ok(self.with_verification(i))
    }

    pub fn accept(&mut self, id: &str) -> Result<Value, ApiError> {
        self.act(id, "accept", |st, i| {
            st.verifications[i].state = VState::Ready;
        })
    }

    pub fn cancel(
        &mut self,
        id: &str,
        code: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Value, ApiError> {
        self.act(id, "cancel", |st, i| {
            st.verifications[i].cancel(
                code.unwrap_or("m.user"),
                reason.unwrap_or("The verification was cancelled on this device."),
            );
        })
    }

    pub fn sas_start(&mut self, id: &str) -> Result<Value, ApiError> {
        self.act(id, "sas.start", |st, i| {
            st.verifications[i].start_sas(&mut st.rng);
            if st.script() == Some(Script::Mismatches) {
                st.timers.other_ends = st.scripted_after();
            } else {
                st.timers.other_confirms = st.auto_after(AUTO_OTHER_DEVICE_DELAY);
            }
        })
    }

    pub fn sas_confirm(&mut self, id: &str) -> Result<Value, ApiError> {
        self.act(id, "sas.confirm", |st, i| {
            st.verifications[i].we_confirmed = true;
            st.finish_sas_if_both(i);
        })
    }

    pub fn qr_scan(&mut self, data: &str) -> Result<Value, ApiError> {
        let i = self.find("active")?;
        if self.verifications[i].state != VState::Ready {
            return Err(ApiError::conflict(
                "ACTION_NOT_AVAILABLE",
                "a QR code can only be scanned while the verification is ready",
            ));
        }
        let wrong_code = data != self.verifications[i].other_qr;
        self.record_qr_scan(
            i,
            wrong_code,
            "the scanned QR code does not belong to this verification",
        )
    }

    /// Whichever device scanned, the transaction moves on the same way: only the code that
    /// counts and how a wrong one is worded differ, and the caller settles both.
    pub(super) fn record_qr_scan(
        &mut self,
        i: usize,
        wrong_code: bool,
        refusal: &str,
    ) -> Result<Value, ApiError> {
        if wrong_code {
            return Err(ApiError::new(400, "QR_MISMATCH", refusal));
        }
        self.verifications[i].state = VState::QrScanned;
        Ok(self.with_verification(i))
    }

    pub fn qr_confirm_scanned(&mut self, id: &str) -> Result<Value, ApiError> {
        self.act(id, "qr.confirmScanned", State::complete)
    }

    /// Emoji only prove anything once both sides said they match, in either order.
    pub(super) fn finish_sas_if_both(&mut self, i: usize) {
        let v = &self.verifications[i];
        if v.we_confirmed && v.they_confirmed {
            self.complete(i);
        }
    }

    fn complete(&mut self, i: usize) {
        self.verifications[i].state = VState::Done;
        self.unlock();
    }
}
