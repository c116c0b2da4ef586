//! The library's own answers, declared once (`declare_models!`, `own` items): what `next_step`
//! advises and what a watch yields. The library writes them and the bindings read them, so
//! their enums are closed sets of this version and nothing unknown is kept. The Rust types come
//! from this declaration, and so do the Python and Swift models (`make generate`).
//!
//! The fields are declared in the order of the JSON `beeper_setup_next_step` answers: that
//! order is the C ABI's, and the bindings' initialisers take the fields without a default
//! first, so it need not be theirs.

use super::model_spec::{declare_models, Declared, Describe, ModelSpec, Origin, Shape};
use super::model_spec::{EnumValue, FieldSpec, Ty};
use crate::models::{OtherDevice, Session, VerificationDirection};
use serde::{Deserialize, Serialize};

declare_models! {
    fn library_models;

    /// What kind of screen the app should show now.
    own enum Step #[non_exhaustive] {
        /// Ask for the email address and sign in (`setup.start`, `email`, `response`, and
        /// `register` for a new account).
        SignIn = "sign-in",
        /// Nothing to do but wait (`wait` until the state changes).
        Wait = "wait",
        /// Verify this device from another one; `action` says how.
        VerifyDevice = "verify-device",
        /// Ask for the recovery key (`recoveryKey.verify`).
        EnterRecoveryKey = "enter-recovery-key",
        /// Create a recovery key and make the user save it (`recoveryKey.reset.create`, then
        /// `confirm`).
        CreateRecoveryKey = "create-recovery-key",
        /// Setup is complete.
        Done = "done",
        /// A state this version does not know (`state` holds it), or a verification it cannot
        /// place.
        Unknown = "unknown",
    }

    /// For `verify-device`: the verification call to make next, or what to show.
    own enum NextAction {
        /// Ask the other devices (`verifications.create`).
        Create = "create",
        /// Accept the other device's request (`verifications.accept`).
        Accept = "accept",
        /// Start the emoji comparison (`verifications.sas.start`).
        SasStart = "sas.start",
        /// Show the emojis and ask whether they match; if so `verifications.sas.confirm`, else
        /// `verifications.cancel`.
        CompareEmojis = "compare-emojis",
        /// The other device scanned this one's code (`verifications.qr.confirmScanned`).
        QrConfirmScanned = "qr.confirmScanned",
        /// The other device must act: wait for the verification's state to change.
        WaitForOtherDevice = "wait-for-other-device",
    }

    /// Another way to bring encryption up than the one in progress, as a screen offers it.
    own enum Alternative {
        /// Verify from another signed-in device (`verifications.create`, or accept its request).
        OtherDevice = "other-device",
        /// Show this device's QR code to the other device, or scan its code (the verification
        /// in progress supports QR).
        Qr = "qr",
        /// Enter the recovery key (`recoveryKey.verify`): the account has one.
        EnterRecoveryKey = "enter-recovery-key",
        /// Create a new recovery key (`recoveryKey.reset`): the way out when no other device and
        /// no key is at hand; other devices must then be verified again.
        CreateRecoveryKey = "create-recovery-key",
    }

    /// How a verification ended. A closed set, with `unknown` for codes this version does not
    /// know (the raw code and reason stay in the outcome).
    own enum OutcomeKind {
        /// The other device declined or cancelled it (`m.user` from there).
        Declined = "declined",
        /// This device cancelled it (a cancel this client sent).
        CancelledHere = "cancelled-here",
        /// The emojis, keys or users did not match (`m.mismatched_sas`, `m.key_mismatch`,
        /// `m.user_mismatch`, `m.mismatched_commitment`): possibly an attack, so not to be
        /// retried blindly; offer the recovery key first.
        Mismatch = "mismatch",
        /// One side took too long (`m.timeout`).
        TimedOut = "timed-out",
        /// Another device of this account answered the request (`m.accepted`).
        AcceptedElsewhere = "accepted-elsewhere",
        /// The devices did not understand each other (`m.unknown_transaction`,
        /// `m.unexpected_message`, `m.invalid_message`, `m.unknown_method`).
        ProtocolError = "protocol-error",
        /// A code this version does not know, or none: see the outcome's `code`.
        Unknown = "unknown",
    }

    /// One emoji of a SAS comparison.
    own struct EmojiEntry #[derive(Eq)] {
        /// Where it stands in the comparison, from 0. The same emoji may appear twice: with
        /// `number`, the position tells the entries apart.
        position "position": usize,
        /// The emoji to show (the table's form when it is in the table, else as the server
        /// sent it).
        emoji "emoji": String,
        /// Its number in the Matrix SAS emoji table (0-63); none for an emoji the table does
        /// not hold.
        number "number": Option<u8>,
        /// Its English name; none for an emoji the table does not hold.
        english_name "englishName": Option<String>,
        /// Its name in the requested language, else in English; none for an emoji the table
        /// does not hold.
        name "name": Option<String>,
    }

    /// A SAS comparison as a screen shows it: the emojis named, and the decimals as numbers.
    own struct Comparison #[derive(Eq)] {
        /// The emojis in the order both devices show them.
        emojis "emojis": Vec<EmojiEntry>,
        /// The decimals as three numbers (1000 to 9191), when the server sent three.
        #[serde(skip_serializing_if = "Option::is_none")]
        decimals "decimals": Option<Vec<u16>>,
        /// The table's language the names are in (`de`, `pt_BR`, `zh_Hans`; `en` when the
        /// requested one has no names, or none was asked for).
        language "language": String = r#""en""#,
    }

    /// Why a verification ended, for `cancelled` and `error` verifications.
    own struct Outcome #[derive(Eq)] {
        /// What happened.
        kind "kind": OutcomeKind,
        /// The Matrix cancel code as the server sent it (`m.timeout`).
        #[serde(skip_serializing_if = "Option::is_none")]
        code "code": Option<String>,
        /// The reason as the server sent it.
        #[serde(skip_serializing_if = "Option::is_none")]
        reason "reason": Option<String>,
        /// Whether this client cancelled it: it sent `verifications.cancel` for it (or the
        /// caller said so in `cancelledHere`).
        cancelled_by_us "cancelledByUs": bool,
    }

    /// What the app should do now, from the session alone: the answer of `next_step`.
    own struct NextStep {
        /// The kind of screen.
        step "step": Step,
        /// The session state it was made from, as the server sent it.
        state "state": String as SessionState,
        /// The verification to act on.
        #[serde(skip_serializing_if = "Option::is_none")]
        verification_id "verificationID": Option<String>,
        /// For `verify-device`: the call to make next, or what to show.
        #[serde(skip_serializing_if = "Option::is_none")]
        action "action": Option<String> as NextAction,
        /// For `compare-emojis`: the emojis to show, as the server sent them.
        #[serde(skip_serializing_if = "Option::is_none")]
        emojis "emojis": Option<String>,
        /// For `compare-emojis`: the same as numbers, as the server sent them.
        #[serde(skip_serializing_if = "Option::is_none")]
        decimals "decimals": Option<String>,
        /// This device's QR payload, when the other device can scan it.
        #[serde(skip_serializing_if = "Option::is_none")]
        qr_data "qrData": Option<String>,
        /// For `compare-emojis`: the emojis as entries a person can read (number, names in the
        /// requested language) and the decimals as numbers.
        #[serde(skip_serializing_if = "Option::is_none")]
        comparison "comparison": Option<Comparison>,
        /// Why the verification ended, once it has been cancelled or has failed.
        #[serde(skip_serializing_if = "Option::is_none")]
        outcome "outcome": Option<Outcome>,
        /// The other device of the verification, once it is known.
        #[serde(skip_serializing_if = "Option::is_none")]
        other_device "otherDevice": Option<OtherDevice>,
        /// Who asked: `incoming` (the other device) or `outgoing` (this one).
        #[serde(skip_serializing_if = "Option::is_none")]
        direction "direction": Option<VerificationDirection>,
        /// The other ways available now, in the order a screen lists them.
        alternatives "alternatives": Vec<Alternative>,
        /// A sentence to show the user.
        message "message": String,
    }

    /// One change of the setup session, as a watch delivers it: its state, a verification
    /// appearing, changing state or ending.
    own struct Change {
        /// This client's count of changes seen: one more than the change before it.
        sequence "sequence": u64,
        /// The session as the server sent it.
        session "session": Session,
        /// What the app should do now (a verification this client cancelled ends as cancelled
        /// here).
        next_step "nextStep": NextStep,
    }
}

impl Change {
    /// The wire names of its fields, in order, from the declaration: the keys of the JSON a
    /// watch writes by hand (once per change, for every watcher in C).
    pub(crate) fn wire_names() -> [&'static str; 3] {
        let Shape::Struct(fields) = Change::spec().shape else {
            unreachable!("Change is declared as a struct")
        };
        let names: Vec<&'static str> = fields.iter().map(|f| f.wire).collect();
        names
            .try_into()
            .expect("Change is declared with three fields")
    }
}
