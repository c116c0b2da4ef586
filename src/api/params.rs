//! The bodies the operations send, each declared once: the Rust params struct a typed method
//! takes, and the [`Field`] list its operations' [`Spec`](super::Spec) checks caller-supplied
//! JSON against (and the generators write into the C, Python and Swift tables). An operation
//! sends the body of the params type its typed method takes (`operations.rs`); one type may
//! serve several operations.
//!
//! To add a body field, add it here: the struct, the checks and every binding's table follow.

use super::model_spec::absent;
use super::models::VerificationPurpose;
use super::spec::{Field, FieldType};
use crate::secret::Secret;
use serde::Serialize;

/// What a body field's Rust type says of it: whether it must be present (every field must,
/// unless its type is an `Option`), whether its value is a secret (a [`Secret`]), and the
/// declared model it is, if any.
trait FieldKind {
    const REQUIRED: bool = true;
    const SECRET: bool = false;
    const MODEL: Option<&'static str> = None;
}

impl FieldKind for String {}
impl FieldKind for Secret {
    const SECRET: bool = true;
}
impl FieldKind for bool {}
impl FieldKind for VerificationPurpose {
    const MODEL: Option<&'static str> = Some("VerificationPurpose");
}
impl<T: FieldKind> FieldKind for Option<T> {
    const REQUIRED: bool = false;
    const SECRET: bool = T::SECRET;
    const MODEL: Option<&'static str> = T::MODEL;
}

/// Declares each params struct once: the public Rust struct (serde, the wire names, `None`
/// left out) and, as its `FIELDS`, the body fields its operations' rows list. One item:
///
/// ```text
/// /// What it is.
/// #[derive(Default)]                            (optional: when every field is optional)
/// struct Name {
///     /// What it holds.
///     rust_name "wireName": RustType,           (Option<T>: may be left out; else required;
///                                               Secret: kept out of errors)
///     other "other": String as NonEmptyString,  (`as`: a check beyond "a string")
/// }
/// ```
macro_rules! declare_params {
    ($(
        $(#[doc = $doc:literal])+
        $(#[derive($($derive:ident),+)])?
        struct $name:ident {$(
            $(#[doc = $fdoc:literal])+
            $field:ident $wire:literal: $ty:ty $(as $check:ident)?,
        )+}
    )+) => {$(
        $(#[doc = $doc])+
        #[derive(Clone, Debug, Serialize $($(, $derive)+)?)]
        pub struct $name {$(
            $(#[doc = $fdoc])+
            #[serde(rename = $wire, skip_serializing_if = "absent")]
            pub $field: $ty,
        )+}

        impl $name {
            /// The body fields, in declaration order, as the operations' rows list them.
            pub(crate) const FIELDS: &'static [Field] = &[$(Field {
                name: $wire,
                ty: declare_params!(@check $($check)?),
                required: <$ty as FieldKind>::REQUIRED,
                secret: <$ty as FieldKind>::SECRET,
                model: <$ty as FieldKind>::MODEL,
                doc: concat!($($fdoc, "\n"),+),
            }),+];
        }
    )+};

    (@check) => { FieldType::String };
    (@check $check:ident) => { FieldType::$check };
}

declare_params! {
    /// Params of `setup.email`.
    struct EmailParams {
        /// The account's email address, where the code is sent.
        email "email": String,
        /// From `setup.start`.
        setup_request_id "setupRequestID": String,
    }

    /// Params of `setup.response`.
    struct ResponseParams {
        /// The emailed code: a secret, never in an error, a log or `Debug`.
        response "response": Secret,
        /// From `setup.start`.
        setup_request_id "setupRequestID": String,
    }

    /// Params of `setup.register`.
    struct RegisterParams {
        /// Must be true: the user accepted the terms shown with `RegistrationRequired` (ask
        /// first).
        accept_terms "acceptTerms": bool as True,
        /// From the `RegistrationRequired` answer: a secret, never in an error, a log or `Debug`.
        lead_token "leadToken": Secret,
        /// From the `RegistrationRequired` answer.
        setup_request_id "setupRequestID": String,
        /// The chosen username (not empty).
        username "username": String as NonEmptyString,
    }

    /// Params of `recoveryKey.verify` and `recoveryKey.reset.confirm`.
    struct RecoveryKeyParams {
        /// The recovery key: a secret, never in an error, a log or `Debug`.
        recovery_key "recoveryKey": Secret,
    }

    /// Params of `recoveryKey.reset.create`.
    #[derive(Default)]
    struct ResetCreateParams {
        /// The current key, when the user has it: a secret, never in an error, a log or `Debug`.
        existing_recovery_key "existingRecoveryKey": Option<Secret>,
    }

    /// Params of `verifications.create`.
    #[derive(Default)]
    struct CreateVerificationParams {
        /// `login` (this device) or `device`; the server's default when left out.
        purpose "purpose": Option<VerificationPurpose>,
        /// The user whose devices to ask; the signed-in user when left out.
        user_id "userID": Option<String>,
    }

    /// Params of `verifications.cancel`.
    #[derive(Default)]
    struct CancelParams {
        /// A reason code for the other device (`m.user`).
        code "code": Option<String>,
        /// A sentence for the other device.
        reason "reason": Option<String>,
    }

    /// Params of `verifications.qr.scan`.
    struct QrScanParams {
        /// The content of the other device's QR code, scanned by this one.
        data "data": String,
    }
}

#[cfg(test)]
mod tests {
    use crate::models::*;
    use crate::{Operation, Secret};
    use serde::Serialize;
    use serde_json::{json, Value};

    /// What a typed method sends for `op` is `expected`, passes the operation's check of a
    /// caller's JSON, and holds every field the operation's row lists.
    fn sends<P: Serialize>(op: Operation, params: &P, expected: Value) {
        let text = serde_json::to_string(params).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            expected,
            "{op:?}"
        );
        let checked = op.spec().check_params(Some(&text)).unwrap();
        assert_eq!(checked.as_deref(), Some(text.as_str()), "{op:?}");
        let mut names: Vec<_> = op.spec().body.unwrap().iter().map(|f| f.name).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            expected.as_object().unwrap().keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn each_struct_sends_the_wire_names_its_operations_check() {
        let email = EmailParams {
            email: "a@b.c".into(),
            setup_request_id: "r".into(),
        };
        let expected = json!({"email": "a@b.c", "setupRequestID": "r"});
        sends(Operation::SetupEmail, &email, expected);
        let response = ResponseParams {
            response: Secret::new("123456"),
            setup_request_id: "r".into(),
        };
        let expected = json!({"response": "123456", "setupRequestID": "r"});
        sends(Operation::SetupResponse, &response, expected);
        let register = RegisterParams {
            accept_terms: true,
            lead_token: "l".into(),
            setup_request_id: "r".into(),
            username: "u".into(),
        };
        let expected =
            json!({"acceptTerms": true, "leadToken": "l", "setupRequestID": "r", "username": "u"});
        sends(Operation::SetupRegister, &register, expected);
        let key = RecoveryKeyParams {
            recovery_key: "k".into(),
        };
        sends(
            Operation::RecoveryKeyVerify,
            &key,
            json!({"recoveryKey": "k"}),
        );
        sends(
            Operation::RecoveryKeyResetConfirm,
            &key,
            json!({"recoveryKey": "k"}),
        );
        let reset = ResetCreateParams {
            existing_recovery_key: Some("k".into()),
        };
        let expected = json!({"existingRecoveryKey": "k"});
        sends(Operation::RecoveryKeyResetCreate, &reset, expected);
        let create = CreateVerificationParams {
            purpose: Some(VerificationPurpose::Device),
            user_id: Some("@u:h".into()),
        };
        let expected = json!({"purpose": "device", "userID": "@u:h"});
        sends(Operation::VerificationsCreate, &create, expected);
        let cancel = CancelParams {
            code: Some("m.user".into()),
            reason: Some("no".into()),
        };
        let expected = json!({"code": "m.user", "reason": "no"});
        sends(Operation::VerificationsCancel, &cancel, expected);
        let scan = QrScanParams { data: "qr".into() };
        sends(Operation::VerificationsQrScan, &scan, json!({"data": "qr"}));
        let with_body = Operation::ALL.iter().filter(|op| op.spec().body.is_some());
        assert_eq!(
            with_body.count(),
            9,
            "every operation with a body is checked above"
        );
    }

    #[test]
    fn optional_fields_left_out_are_not_sent_and_not_required() {
        let reset = ResetCreateParams::default();
        let create = CreateVerificationParams::default();
        let cancel = CancelParams::default();
        for (op, text) in [
            (
                Operation::RecoveryKeyResetCreate,
                serde_json::to_string(&reset),
            ),
            (
                Operation::VerificationsCreate,
                serde_json::to_string(&create),
            ),
            (
                Operation::VerificationsCancel,
                serde_json::to_string(&cancel),
            ),
        ] {
            assert_eq!(text.unwrap(), "{}", "{op:?}");
            assert!(!op.spec().requires_params(), "{op:?}");
            assert!(
                op.spec().body.unwrap().iter().all(|f| !f.required),
                "{op:?}"
            );
        }
        let register = Operation::SetupRegister.spec().body.unwrap();
        assert!(register.iter().all(|f| f.required));
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let response = ResponseParams {
            response: "hush-code".into(),
            setup_request_id: "r".into(),
        };
        let register = RegisterParams {
            accept_terms: true,
            lead_token: "hush-lead".into(),
            setup_request_id: "r".into(),
            username: "u".into(),
        };
        let key = RecoveryKeyParams {
            recovery_key: "hush-key".into(),
        };
        let reset = ResetCreateParams {
            existing_recovery_key: Some("hush-old".into()),
        };
        let debug = format!("{response:?} {register:?} {key:?} {reset:?}");
        assert!(!debug.contains("hush"), "{debug}");
        assert!(debug.contains("setup_request_id: \"r\""), "{debug}");
    }

    #[test]
    fn each_field_names_its_declared_enum_and_has_a_doc() {
        use crate::models::{catalog, Shape};
        let models = catalog();
        for op in Operation::ALL {
            for field in op.spec().body.unwrap_or_default() {
                assert!(!field.doc.trim().is_empty(), "{}", field.name);
                let Some(model) = field.model else { continue };
                let declared = models.iter().find(|m| m.name == model);
                assert!(
                    matches!(declared.map(|m| &m.shape), Some(Shape::Enum(_))),
                    "{}: {model} is not a declared enum",
                    field.name
                );
            }
        }
        let purpose = Operation::VerificationsCreate.spec().body.unwrap()[0];
        assert_eq!(purpose.model, Some("VerificationPurpose"));
    }
}
