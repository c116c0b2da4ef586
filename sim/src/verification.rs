//! One device-verification transaction, seen from this device. The available actions are
//! derived from the state, never stored, so they cannot drift from it.

use crate::error::ApiError;
use crate::rng::Rng;
use serde_json::{json, Value};

/// The emoji of the Matrix spec's SAS table that are one code point each (the 57 of its 64 that
/// need no variation selector), so "7 emoji" is also 7 chars.
const SAS_EMOJI: &[char] = &[
    '🐶', '🐱', '🦁', '🐎', '🦄', '🐷', '🐘', '🐰', '🐼', '🐓', '🐧', '🐢', '🐟', '🐙', '🦋', '🌷',
    '🌳', '🌵', '🍄', '🌏', '🌙', '🔥', '🍌', '🍎', '🍓', '🌽', '🍕', '🎂', '😀', '🤖', '🎩', '👓',
    '🔧', '🎅', '👍', '⌛', '⏰', '🎁', '💡', '📕', '📎', '🔒', '🔑', '🔨', '🏁', '🚂', '🚲', '🚀',
    '🏆', '⚽', '🎸', '🎺', '🔔', '⚓', '🎧', '📁', '📌',
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Incoming,
    Outgoing,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VState {
    Requested,
    Ready,
    SasReady,
    QrScanned,
    Done,
    Cancelled,
}

impl VState {
    fn name(self) -> &'static str {
        match self {
            VState::Requested => "requested",
            VState::Ready => "ready",
            VState::SasReady => "sas_ready",
            VState::QrScanned => "qr_scanned",
            VState::Done => "done",
            VState::Cancelled => "cancelled",
        }
    }
}

pub struct Verification {
    pub id: String,
    pub direction: Direction,
    pub purpose: String,
    pub state: VState,
    pub other_user_id: String,
    pub other_device_id: String,
    pub other_device_name: String,
    pub own_qr: String,
    pub other_qr: String,
    pub sas: Option<(String, String)>,
    pub we_confirmed: bool,
    pub they_confirmed: bool,
    pub error: Option<(String, String)>,
}

impl Verification {
    pub fn new(
        rng: &mut Rng,
        direction: Direction,
        purpose: &str,
        other_user_id: &str,
    ) -> Verification {
        let id = format!("vrf_{}", rng.hex(16));
        Verification {
            own_qr: format!("MATRIX.v02.{}.{}.this", id, rng.alnum(24)),
            other_qr: format!("MATRIX.v02.{}.{}.other", id, rng.alnum(24)),
            id,
            direction,
            purpose: purpose.to_string(),
            state: VState::Requested,
            other_user_id: other_user_id.to_string(),
            other_device_id: format!("OTHER{}", rng.upper(5)),
            other_device_name: "Beeper Desktop (trusted)".to_string(),
            sas: None,
            we_confirmed: false,
            they_confirmed: false,
            error: None,
        }
    }

    pub fn is_final(&self) -> bool {
        matches!(self.state, VState::Done | VState::Cancelled)
    }

    pub fn available_actions(&self) -> Vec<&'static str> {
        match self.state {
            VState::Requested if self.direction == Direction::Incoming => vec!["accept", "cancel"],
            VState::Requested => vec!["cancel"],
            VState::Ready => vec!["sas.start", "cancel"],
            VState::SasReady if self.we_confirmed => vec!["cancel"],
            VState::SasReady => vec!["sas.confirm", "cancel"],
            VState::QrScanned => vec!["qr.confirmScanned", "cancel"],
            VState::Done | VState::Cancelled => vec![],
        }
    }

    pub fn require(&self, action: &str) -> Result<(), ApiError> {
        if self.available_actions().contains(&action) {
            Ok(())
        } else {
            Err(ApiError::conflict(
                "ACTION_NOT_AVAILABLE",
                format!(
                    "'{action}' is not available while the verification is {}",
                    self.state.name()
                ),
            ))
        }
    }

    /// The other device knows who it is once it has joined the transaction.
    fn other_device_known(&self) -> bool {
        self.direction == Direction::Incoming || self.state != VState::Requested
    }

    pub fn start_sas(&mut self, rng: &mut Rng) {
        let emojis: String = (0..7)
            .map(|_| SAS_EMOJI[rng.below(SAS_EMOJI.len() as u64) as usize])
            .collect();
        let decimals = (0..3)
            .map(|_| (1000 + rng.below(8192)).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        self.sas = Some((emojis, decimals));
        self.state = VState::SasReady;
    }

    pub fn cancel(&mut self, code: &str, reason: &str) {
        self.state = VState::Cancelled;
        self.error = Some((code.to_string(), reason.to_string()));
    }

    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "availableActions": self.available_actions(),
            "direction": match self.direction { Direction::Incoming => "incoming", Direction::Outgoing => "outgoing" },
            "methods": ["qr", "sas"],
            "purpose": self.purpose,
            "state": self.state.name(),
            "otherUserID": self.other_user_id,
        });
        if self.other_device_known() {
            v["otherDevice"] = json!({"id": self.other_device_id, "name": self.other_device_name});
        }
        if self.state == VState::Ready {
            v["qr"] = json!({ "data": self.own_qr });
        }
        if let (Some((emojis, decimals)), VState::SasReady | VState::Done) = (&self.sas, self.state)
        {
            v["sas"] = json!({"emojis": emojis, "decimals": decimals});
        }
        if let Some((code, reason)) = &self.error {
            v["error"] = json!({"code": code, "reason": reason});
        }
        v
    }
}
