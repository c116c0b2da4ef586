//! Typed params and responses, camelCase on the wire.
//!
//! Servers add fields and enum values over time, so every response struct keeps the fields it
//! does not know in `extra`, and every enum keeps values it does not know in `Other`.

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

open_enum! {
    /// Where the sign-in and encryption setup stands.
    SessionState {
        /// Nobody is signed in.
        NeedsLogin = "needs-login",
        /// The app is starting up or applying a change.
        Initializing = "initializing",
        /// The account needs its cross-signing identity (create a recovery key).
        NeedsCrossSigningSetup = "needs-cross-signing-setup",
        /// Verify this device from another one (or use the recovery key).
        NeedsVerification = "needs-verification",
        /// Unlock with the recovery key.
        NeedsSecrets = "needs-secrets",
        /// Encrypted messages are syncing for the first time.
        NeedsFirstSync = "needs-first-sync",
        /// Setup is complete.
        Ready = "ready",
    }
}

open_enum! {
    /// Where a device verification stands.
    VerificationState {
        /// Asked, not yet accepted.
        Requested = "requested",
        /// Accepted by both sides; a method can start.
        Ready = "ready",
        /// Emojis are ready to compare.
        SasReady = "sas_ready",
        /// The other device scanned or was scanned; confirm it.
        QrScanned = "qr_scanned",
        /// Verified.
        Done = "done",
        /// Cancelled by either side.
        Cancelled = "cancelled",
        /// Failed.
        Error = "error",
    }
}

open_enum! {
    /// Something the app may do next with a verification.
    VerificationAction {
        /// Accept an incoming request.
        Accept = "accept",
        /// Cancel the verification.
        Cancel = "cancel",
        /// Confirm that the other device scanned this device's QR code.
        QrConfirmScanned = "qr.confirmScanned",
        /// Start emoji comparison.
        SasStart = "sas.start",
        /// Confirm that the emojis match.
        SasConfirm = "sas.confirm",
    }
}

open_enum! {
    /// Who started a verification.
    VerificationDirection {
        /// The other device asked.
        Incoming = "incoming",
        /// This device asked.
        Outgoing = "outgoing",
    }
}

open_enum! {
    /// A way to compare devices.
    VerificationMethod {
        /// Scan a QR code.
        Qr = "qr",
        /// Compare emojis (short authentication string).
        Sas = "sas",
    }
}

open_enum! {
    /// Why a verification exists.
    VerificationPurpose {
        /// Verify this device at sign-in.
        Login = "login",
        /// Verify another device.
        Device = "device",
    }
}

/// The setup state: `setup.retrieve`, and `session` in most responses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The current state.
    pub state: SessionState,
    /// Encryption setup status.
    pub e2ee: E2ee,
    /// The signed-in account, once sign-in is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<MatrixAccount>,
    /// The verification in progress, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Encryption setup status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct E2ee {
    /// This account can verify trusted devices.
    pub cross_signing: bool,
    /// The first encrypted sync is complete.
    pub first_sync_done: bool,
    /// The user confirmed saving the recovery key.
    pub has_backed_up_recovery_key: bool,
    /// Encryption setup has started.
    pub initialized: bool,
    /// Encrypted message backup is available.
    pub key_backup: bool,
    /// Keys available on this device.
    pub secrets: Secrets,
    /// Secure key storage is available.
    pub secret_storage: bool,
    /// This device is trusted.
    pub verified: bool,
    /// When the recovery key was created (Unix time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_key_generated_at: Option<f64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Which encryption keys this device has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secrets {
    /// The account identity key.
    pub master_key: bool,
    /// The message backup key.
    pub megolm_backup_key: bool,
    /// A recovery key.
    pub recovery_key: bool,
    /// The device trust key.
    pub self_signing_key: bool,
    /// The user trust key.
    pub user_signing_key: bool,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The signed-in account (no token).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixAccount {
    /// This device's ID.
    #[serde(rename = "deviceID")]
    pub device_id: String,
    /// The account's homeserver URL.
    pub homeserver: String,
    /// The account's user ID.
    #[serde(rename = "userID")]
    pub user_id: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The account credentials returned once at sign-in or register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    /// The Bearer token for later calls. Redacted in `Debug`.
    #[serde(rename = "accessToken")]
    pub access_token: Secret,
    /// This device's ID.
    #[serde(rename = "deviceID")]
    pub device_id: String,
    /// The account's homeserver URL.
    pub homeserver: String,
    /// The account's user ID.
    #[serde(rename = "userID")]
    pub user_id: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A device verification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The id to use in verification paths.
    pub id: String,
    /// Exactly the actions valid now.
    pub available_actions: Vec<VerificationAction>,
    /// Who asked.
    pub direction: VerificationDirection,
    /// The methods both sides support.
    pub methods: Vec<VerificationMethod>,
    /// Why it exists.
    pub purpose: VerificationPurpose,
    /// Where it stands.
    pub state: VerificationState,
    /// Why it was cancelled or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<VerificationError>,
    /// The other device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_device: Option<OtherDevice>,
    /// The other user's ID.
    #[serde(
        rename = "otherUserID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub other_user_id: Option<String>,
    /// This device's QR payload, for the other device to scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<Qr>,
    /// The emojis (and numbers) to compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sas: Option<Sas>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a verification was cancelled or failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerificationError {
    /// A machine-readable code.
    pub code: String,
    /// A user-facing reason.
    pub reason: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The other device in a verification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OtherDevice {
    /// Its device ID.
    pub id: String,
    /// Its display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A QR payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Qr {
    /// The payload to render as a QR code.
    pub data: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The short authentication string.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sas {
    /// The emojis to compare, as one string.
    pub emojis: String,
    /// The same as numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `setup.start`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StartResponse {
    /// Pass this to the next sign-in step.
    #[serde(rename = "setupRequestID")]
    pub setup_request_id: String,
    /// The sign-in methods on offer.
    #[serde(rename = "signInMethods")]
    pub sign_in_methods: Vec<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `setup.response`: signed in, or a new account must be registered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // Made once per sign-in; boxing would only cost an allocation.
pub enum SignInResponse {
    /// A new account is needed: call `register` with the lead token and a username.
    RegistrationRequired(RegistrationRequired),
    /// Signed in.
    Success(SignedIn),
}

/// Signed in: the credentials and the new session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    /// The credentials (returned once).
    pub matrix: Credentials,
    /// The session after sign-in.
    pub session: Session,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A new account is needed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationRequired {
    /// Always true; tells this variant apart.
    #[serde(rename = "registrationRequired", deserialize_with = "literal_true")]
    pub registration_required: bool,
    /// Pass to `register`.
    #[serde(rename = "leadToken")]
    pub lead_token: Secret,
    /// Pass to `register`.
    #[serde(rename = "setupRequestID")]
    pub setup_request_id: String,
    /// Usernames to offer.
    #[serde(
        rename = "usernameSuggestions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub username_suggestions: Option<Vec<String>>,
    /// Text to show: title, placeholder, terms, submit label.
    pub copy: RegistrationCopy,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn literal_true<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match bool::deserialize(d)? {
        true => Ok(true),
        false => Err(serde::de::Error::custom(
            "registrationRequired must be true",
        )),
    }
}

/// The texts of the account creation screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationCopy {
    /// The submit button's label.
    pub submit: String,
    /// The terms the user accepts.
    pub terms: String,
    /// The screen's title.
    pub title: String,
    /// The username field's placeholder.
    pub username_placeholder: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `setup.register`: the credentials and the new session.
pub type RegisterResponse = SignedIn;

/// A response that carries only the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionResponse {
    /// The session after the call.
    pub session: Session,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `recoveryKey.reset.create`: the new key (show it once) and the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryKeyCreated {
    /// The new recovery key. Redacted in `Debug`.
    #[serde(rename = "recoveryKey")]
    pub recovery_key: Secret,
    /// The session after the call.
    pub session: Session,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `verifications.list`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerificationList {
    /// The active verifications.
    pub items: Vec<Verification>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A verification call's answer: the session and the verification, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerificationResponse {
    /// The session after the call.
    pub session: Session,
    /// The verification after the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Params of `setup.email`.
#[derive(Clone, Debug, Serialize)]
pub struct EmailParams {
    /// Where to send the code.
    pub email: String,
    /// From `setup.start`.
    #[serde(rename = "setupRequestID")]
    pub setup_request_id: String,
}

/// Params of `setup.response`.
#[derive(Clone, Debug, Serialize)]
pub struct ResponseParams {
    /// The emailed code. Redacted in `Debug`.
    pub response: Secret,
    /// From `setup.start`.
    #[serde(rename = "setupRequestID")]
    pub setup_request_id: String,
}

/// Params of `setup.register`.
#[derive(Clone, Debug, Serialize)]
pub struct RegisterParams {
    /// Must be true: the user accepted the terms.
    #[serde(rename = "acceptTerms")]
    pub accept_terms: bool,
    /// From the `RegistrationRequired` answer.
    #[serde(rename = "leadToken")]
    pub lead_token: Secret,
    /// From the `RegistrationRequired` answer.
    #[serde(rename = "setupRequestID")]
    pub setup_request_id: String,
    /// The chosen username (not empty).
    pub username: String,
}

/// Params of `recoveryKey.verify` and `recoveryKey.reset.confirm`.
#[derive(Clone, Debug, Serialize)]
pub struct RecoveryKeyParams {
    /// The recovery key. Redacted in `Debug`.
    #[serde(rename = "recoveryKey")]
    pub recovery_key: Secret,
}

/// Params of `recoveryKey.reset.create`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ResetCreateParams {
    /// The current key, when the user has it. Redacted in `Debug`.
    #[serde(
        rename = "existingRecoveryKey",
        skip_serializing_if = "Option::is_none"
    )]
    pub existing_recovery_key: Option<Secret>,
}

/// Params of `verifications.create`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CreateVerificationParams {
    /// `login` or `device`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<VerificationPurpose>,
    /// The user to verify; defaults to the signed-in user.
    #[serde(rename = "userID", skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// Params of `verifications.cancel`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CancelParams {
    /// A user-facing code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A user-facing reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Params of `verifications.qr.scan`.
#[derive(Clone, Debug, Serialize)]
pub struct QrScanParams {
    /// The payload scanned from the other device.
    pub data: String,
}

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
