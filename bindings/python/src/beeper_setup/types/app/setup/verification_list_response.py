"""``beeper_setup.types.app.setup.verification_list_response``: the official SDK's module of the answer of ``verifications.list``.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from ... import (
    VerificationListResponse as VerificationListResponse,
    VerificationState as VerificationState,
    VerificationAction as VerificationAction,
    VerificationDirection as VerificationDirection,
    VerificationMethod as VerificationMethod,
    VerificationPurpose as VerificationPurpose,
    VerificationError as VerificationError,
    VerificationOtherDevice as VerificationOtherDevice,
    VerificationQR as VerificationQR,
    VerificationSAS as VerificationSAS,
    Verification as Verification,
)

__all__ = [
    "VerificationListResponse",
    "VerificationState",
    "VerificationAction",
    "VerificationDirection",
    "VerificationMethod",
    "VerificationPurpose",
    "VerificationError",
    "VerificationOtherDevice",
    "VerificationQR",
    "VerificationSAS",
    "Verification",
]
