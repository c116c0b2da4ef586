"""``beeper_setup.types.app.setup_response_response``: the official SDK's module of the answer of ``setup.response``.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .. import (
    SetupResponseResponse as SetupResponseResponse,
    SessionState as SessionState,
    VerificationState as VerificationState,
    VerificationAction as VerificationAction,
    VerificationDirection as VerificationDirection,
    VerificationMethod as VerificationMethod,
    VerificationPurpose as VerificationPurpose,
    E2EESecrets as E2EESecrets,
    E2EE as E2EE,
    Matrix as Matrix,
    Credentials as Credentials,
    VerificationError as VerificationError,
    VerificationOtherDevice as VerificationOtherDevice,
    VerificationQR as VerificationQR,
    VerificationSAS as VerificationSAS,
    Verification as Verification,
    Session as Session,
    Success as Success,
    RegistrationRequiredCopy as RegistrationRequiredCopy,
    RegistrationRequired as RegistrationRequired,
)

__all__ = [
    "SetupResponseResponse",
    "SessionState",
    "VerificationState",
    "VerificationAction",
    "VerificationDirection",
    "VerificationMethod",
    "VerificationPurpose",
    "E2EESecrets",
    "E2EE",
    "Matrix",
    "Credentials",
    "VerificationError",
    "VerificationOtherDevice",
    "VerificationQR",
    "VerificationSAS",
    "Verification",
    "Session",
    "Success",
    "RegistrationRequiredCopy",
    "RegistrationRequired",
]
