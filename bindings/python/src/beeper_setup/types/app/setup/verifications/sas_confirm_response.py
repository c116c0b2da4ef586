"""``beeper_setup.types.app.setup.verifications.sas_confirm_response``: the official SDK's module of the answer of ``verifications.sas.confirm``.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .... import (
    SASConfirmResponse as SASConfirmResponse,
    SessionState as SessionState,
    VerificationState as VerificationState,
    VerificationAction as VerificationAction,
    VerificationDirection as VerificationDirection,
    VerificationMethod as VerificationMethod,
    VerificationPurpose as VerificationPurpose,
    E2EESecrets as E2EESecrets,
    E2EE as E2EE,
    Matrix as Matrix,
    VerificationError as VerificationError,
    VerificationOtherDevice as VerificationOtherDevice,
    VerificationQR as VerificationQR,
    VerificationSAS as VerificationSAS,
    Verification as Verification,
    Session as Session,
    VerificationResponse as VerificationResponse,
)

__all__ = [
    "SASConfirmResponse",
    "SessionState",
    "VerificationState",
    "VerificationAction",
    "VerificationDirection",
    "VerificationMethod",
    "VerificationPurpose",
    "E2EESecrets",
    "E2EE",
    "Matrix",
    "VerificationError",
    "VerificationOtherDevice",
    "VerificationQR",
    "VerificationSAS",
    "Verification",
    "Session",
    "VerificationResponse",
]
