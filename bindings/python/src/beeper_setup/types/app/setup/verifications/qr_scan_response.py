"""``beeper_setup.types.app.setup.verifications.qr_scan_response``: the official SDK's module of the answer of ``verifications.qr.scan``.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .... import (
    QRScanResponse as QRScanResponse,
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
    "QRScanResponse",
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
