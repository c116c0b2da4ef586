//! Typed params and responses, camelCase on the wire.
//!
//! Servers add fields and enum values over time, so every response struct keeps the fields it
//! does not know in `extra`, and every enum keeps values it does not know in `Other`.
//!
//! The responses are declared once, below (`declare_models!`): the Rust types come from the
//! declaration, and so do the Python and Swift models (`make generate`, through [`catalog`],
//! which lists the library's own answers, declared in `flow_models.rs`, too). To add a field or
//! a model, add it to the declaration and run `make generate`.

use super::model_spec::{absent, declare_models, Declared, Describe};
/// The table's types, for the generators (`make generate`); not part of the Rust API.
#[doc(hidden)]
pub use super::model_spec::{EnumValue, FieldSpec, ModelSpec, Origin, Shape, Ty, Variant};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Declares a string enum that round-trips unknown values through `Other` instead of failing.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the library does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(s) => s,
                }
            }

            /// Every value this version knows.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(s.as_ref()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Every model: the API's, then the library's own answers, each in declaration order. What
/// `make generate` writes the Python and Swift models from.
#[doc(hidden)]
pub fn catalog() -> Vec<ModelSpec> {
    let mut models = server_models();
    models.extend(super::flow_models::library_models());
    models
}

declare_models! {
    fn server_models;

    /// Where the sign-in and encryption setup stands.
    enum SessionState {
        /// Nobody is signed in: sign in by email.
        NeedsLogin = "needs-login",
        /// The app is starting up or applying a change: wait.
        Initializing = "initializing",
        /// The account needs its cross-signing identity: create a recovery key.
        NeedsCrossSigningSetup = "needs-cross-signing-setup",
        /// Verify this device from another one, or with the recovery key.
        NeedsVerification = "needs-verification",
        /// The keys are missing: enter the recovery key.
        NeedsSecrets = "needs-secrets",
        /// Encrypted messages are syncing for the first time: wait.
        NeedsFirstSync = "needs-first-sync",
        /// Setup is complete.
        Ready = "ready",
    }

    /// Where a device verification stands.
    enum VerificationState {
        /// Asked, not yet accepted.
        Requested = "requested",
        /// Accepted by both sides: start a method (the emoji comparison, or a QR code).
        Ready = "ready",
        /// The emojis are ready to compare.
        SasReady = "sas_ready",
        /// A QR code was scanned: confirm it on the device that showed it.
        QrScanned = "qr_scanned",
        /// Verified.
        Done = "done",
        /// Cancelled by either side.
        Cancelled = "cancelled",
        /// Failed.
        Error = "error",
    }

    /// Something the app may do next with a verification.
    enum VerificationAction {
        /// Accept an incoming request (`verifications.accept`).
        Accept = "accept",
        /// Cancel the verification (`verifications.cancel`).
        Cancel = "cancel",
        /// Confirm that the other device scanned this device's QR code
        /// (`verifications.qr.confirmScanned`).
        QrConfirmScanned = "qr.confirmScanned",
        /// Start the emoji comparison (`verifications.sas.start`).
        SasStart = "sas.start",
        /// Confirm that the emojis match (`verifications.sas.confirm`).
        SasConfirm = "sas.confirm",
    }

    /// Who started a verification.
    enum VerificationDirection {
        /// The other device asked.
        Incoming = "incoming",
        /// This device asked.
        Outgoing = "outgoing",
    }

    /// A way to compare devices.
    enum VerificationMethod {
        /// Show or scan a QR code.
        Qr = "qr",
        /// Compare emojis (short authentication string).
        Sas = "sas",
    }

    /// Why a verification exists.
    enum VerificationPurpose {
        /// Verify this device, after signing in on it.
        Login = "login",
        /// Verify another device of the account.
        Device = "device",
    }

    /// Which encryption keys this device has.
    struct Secrets {
        /// The account identity key is available.
        master_key "masterKey": bool,
        /// The message backup key is available.
        megolm_backup_key "megolmBackupKey": bool,
        /// A recovery key is available.
        recovery_key "recoveryKey": bool,
        /// The device trust key is available.
        self_signing_key "selfSigningKey": bool,
        /// The user trust key is available.
        user_signing_key "userSigningKey": bool,
    }

    /// Encryption setup status.
    struct E2ee {
        /// This account can verify trusted devices.
        cross_signing "crossSigning": bool,
        /// The first encrypted sync is complete.
        first_sync_done "firstSyncDone": bool,
        /// The user confirmed saving the recovery key.
        has_backed_up_recovery_key "hasBackedUpRecoveryKey": bool,
        /// Encryption setup has started.
        initialized "initialized": bool,
        /// Encrypted message backup is available.
        key_backup "keyBackup": bool,
        /// The keys available on this device.
        secrets "secrets": Secrets,
        /// Secure key storage is available.
        secret_storage "secretStorage": bool,
        /// This device is trusted.
        verified "verified": bool,
        /// When the recovery key was created (seconds since 1970).
        recovery_key_generated_at "recoveryKeyGeneratedAt": Option<f64> as Time,
    }

    /// The signed-in account (no token). Missing until sign-in is complete.
    struct MatrixAccount {
        /// This device's ID.
        device_id "deviceID": String,
        /// The account's homeserver URL.
        homeserver "homeserver": String,
        /// The account's user ID, e.g. "@me:beeper.com".
        user_id "userID": String,
    }

    /// The account credentials, returned once at sign-in or register.
    struct Credentials {
        /// The Bearer token for later calls (secret: never shown in descriptions).
        access_token "accessToken": Secret,
        /// This device's ID.
        device_id "deviceID": String,
        /// The account's homeserver URL.
        homeserver "homeserver": String,
        /// The account's user ID, e.g. "@me:beeper.com".
        user_id "userID": String,
    }

    /// Why a verification was cancelled or failed.
    struct VerificationError {
        /// A machine-readable code, e.g. "m.user".
        code "code": String,
        /// A user-facing reason.
        reason "reason": String,
    }

    /// The other device in a verification.
    struct OtherDevice {
        /// Its device ID.
        id "id": String,
        /// Its display name, when known.
        name "name": Option<String>,
    }

    /// A QR payload.
    struct Qr {
        /// The payload to render as a QR code (or that the other device shows).
        data "data": String,
    }

    /// The short authentication string: what both devices show to compare.
    struct Sas {
        /// The emojis to compare, as one string.
        emojis "emojis": String,
        /// The same as numbers, as one string, e.g. "1234 5678 9012".
        decimals "decimals": Option<String>,
    }

    /// A device verification and its progress.
    struct Verification {
        /// The id to use in verification paths.
        id "id": String,
        /// Exactly the actions valid now.
        available_actions "availableActions": Vec<VerificationAction>,
        /// Who asked.
        direction "direction": VerificationDirection = r#""outgoing""#,
        /// The methods both sides support.
        methods "methods": Vec<VerificationMethod> = r#"["sas"]"#,
        /// Why it exists.
        purpose "purpose": VerificationPurpose = r#""login""#,
        /// Where it stands.
        state "state": VerificationState = r#""requested""#,
        /// Why it was cancelled or failed.
        error "error": Option<VerificationError>,
        /// The other device, once known.
        other_device "otherDevice": Option<OtherDevice>,
        /// The other user's ID, when it is not this account.
        other_user_id "otherUserID": Option<String>,
        /// This device's QR payload, for the other device to scan.
        qr "qr": Option<Qr>,
        /// The emojis (and numbers) to compare, once both devices have them.
        sas "sas": Option<Sas>,
    }

    /// The setup state: `setup.retrieve`, and `session` in most responses.
    struct Session {
        /// Encryption setup status.
        e2ee "e2ee": E2ee,
        /// Where the setup stands.
        state "state": SessionState,
        /// The signed-in account, once sign-in is complete.
        matrix "matrix": Option<MatrixAccount>,
        /// The verification in progress, if any.
        verification "verification": Option<Verification>,
    }

    /// `setup.start`: the id that ties the sign-in steps together.
    struct StartResponse {
        /// Pass this to the next sign-in step.
        setup_request_id "setupRequestID": String,
        /// The sign-in methods on offer, e.g. ["email"].
        sign_in_methods "signInMethods": Vec<String> = r#"["email"]"#,
    }

    /// Signed in: the credentials and the new session.
    struct SignedIn {
        /// The credentials (returned once; the client adopts the token).
        matrix "matrix": Credentials,
        /// The session after sign-in.
        session "session": Session,
    }

    /// The texts of the account creation screen.
    struct RegistrationCopy {
        /// The submit button's label.
        submit "submit": String,
        /// The terms the user accepts.
        terms "terms": String,
        /// The screen's title.
        title "title": String,
        /// The username field's placeholder.
        username_placeholder "usernamePlaceholder": String,
    }

    /// A new account is needed: call `register` with the lead token and a username.
    struct RegistrationRequired {
        /// Text to show: title, placeholder, terms, submit label.
        copy "copy": RegistrationCopy,
        /// Pass to `register` (secret: never shown in descriptions).
        lead_token "leadToken": Secret,
        /// Always true; tells this answer apart.
        #[serde(deserialize_with = "literal_true")]
        registration_required "registrationRequired": bool as True,
        /// Pass to `register`.
        setup_request_id "setupRequestID": String,
        /// Usernames to offer.
        username_suggestions "usernameSuggestions": Option<Vec<String>>,
    }

    /// `setup.response`: signed in, or a new account must be registered.
    union SignInResponse {
        /// A new account is needed: call `register` with the lead token and a username.
        RegistrationRequired(RegistrationRequired),
        /// Signed in.
        Success(SignedIn),
    }

    /// A response that carries only the session.
    struct SessionResponse {
        /// The session after the call.
        session "session": Session,
    }

    /// `recoveryKey.reset.create`: the new key (show it once, then confirm it) and the session.
    struct RecoveryKeyCreated {
        /// The new recovery key (secret: never shown in descriptions).
        recovery_key "recoveryKey": Secret,
        /// The session after the call.
        session "session": Session,
    }

    /// `verifications.list`.
    struct VerificationList {
        /// The active verifications.
        items "items": Vec<Verification>,
    }

    /// A verification call's answer: the session and the verification, if any.
    struct VerificationResponse {
        /// The session after the call.
        session "session": Session,
        /// The verification after the call.
        verification "verification": Option<Verification>,
    }
}

fn literal_true<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match bool::deserialize(d)? {
        true => Ok(true),
        false => Err(serde::de::Error::custom(
            "registrationRequired must be true",
        )),
    }
}

/// `setup.register`: the credentials and the new session.
pub type RegisterResponse = SignedIn;

// The params the typed methods take, declared in `params.rs` with the body fields they send.
pub use super::params::*;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn session_json(state: &str) -> Value {
        json!({"state": state, "e2ee": {"crossSigning": false, "firstSyncDone": false,
            "hasBackedUpRecoveryKey": false, "initialized": false, "keyBackup": false,
            "secretStorage": false, "verified": false, "futureFlag": 1,
            "secrets": {"masterKey": false, "megolmBackupKey": false, "recoveryKey": false,
                "selfSigningKey": false, "userSigningKey": false}}, "newField": [1, 2]})
    }

    #[test]
    fn unknown_states_and_fields_survive_a_round_trip() {
        let raw = session_json("needs-something-new");
        let s: Session = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(s.state, SessionState::Other("needs-something-new".into()));
        assert_eq!(s.extra["newField"], json!([1, 2]));
        assert_eq!(serde_json::to_value(&s).unwrap(), raw);
    }

    #[test]
    fn the_sign_in_union_picks_its_variant() {
        let reg = json!({"registrationRequired": true, "leadToken": "lt", "setupRequestID": "r",
            "copy": {"submit": "s", "terms": "t", "title": "x", "usernamePlaceholder": "u"}});
        assert!(matches!(
            serde_json::from_value::<SignInResponse>(reg).unwrap(),
            SignInResponse::RegistrationRequired(_)
        ));
        let ok = json!({"matrix": {"accessToken": "tok", "deviceID": "D", "homeserver": "h",
            "userID": "@u:h"}, "session": session_json("ready")});
        let SignInResponse::Success(s) = serde_json::from_value(ok).unwrap() else {
            panic!("expected success")
        };
        assert_eq!(s.matrix.access_token.expose(), "tok");
        assert!(!format!("{s:?}").contains("tok\""));
    }
}
