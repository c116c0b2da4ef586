"""The operations of the app-setup API, as the resource methods of ``_client`` run them.

Generated from src/api/operations.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Dict, Optional, Tuple


class Field:
    """A body field: the method's argument, its wire key, whether it is required."""

    __slots__ = ("arg", "wire", "required")

    def __init__(self, arg: str, wire: str, required: bool) -> None:
        self.arg, self.wire, self.required = arg, wire, required


class Operation:
    """One operation: ``name`` is the dotted path of its method under ``client.app``,
    ``abi`` the name ``beeper_client_call`` knows it by (UTF-8, as C takes it), ``result``
    the result model in :mod:`beeper_setup.types` (``None``: no body), ``fields`` its body
    fields in the method's argument order (``None``: it sends no body)."""

    __slots__ = ("name", "abi", "method", "path", "result", "fields")

    def __init__(self, name: str, abi: str, method: str, path: str, result: "Optional[str]",
                 fields: "Optional[Tuple[Field, ...]]") -> None:
        self.name, self.abi, self.method, self.path = name, abi.encode(), method, path
        self.result, self.fields = result, fields

    def __repr__(self) -> str:
        return f"Operation({self.name!r}, {self.method} {self.path})"


OPERATIONS: "Tuple[Operation, ...]" = (
    Operation(
        "setup.retrieve", "setup.retrieve",
        "GET", "/v1/app/setup",
        "SetupRetrieveResponse",
        None,
    ),
    Operation(
        "setup.start", "setup.start",
        "POST", "/v1/app/setup/start",
        "SetupStartResponse",
        None,
    ),
    Operation(
        "setup.email", "setup.email",
        "POST", "/v1/app/setup/email",
        None,
        (
            Field("email", "email", True),
            Field("setup_request_id", "setupRequestID", True),
        ),
    ),
    Operation(
        "setup.response", "setup.response",
        "POST", "/v1/app/setup/response",
        "SetupResponseResponse",
        (
            Field("response", "response", True),
            Field("setup_request_id", "setupRequestID", True),
        ),
    ),
    Operation(
        "setup.register", "setup.register",
        "POST", "/v1/app/setup/register",
        "SetupRegisterResponse",
        (
            Field("accept_terms", "acceptTerms", True),
            Field("lead_token", "leadToken", True),
            Field("setup_request_id", "setupRequestID", True),
            Field("username", "username", True),
        ),
    ),
    Operation(
        "setup.recovery_key.verify", "recoveryKey.verify",
        "POST", "/v1/app/setup/verification/recovery-key",
        "RecoveryKeyVerifyResponse",
        (
            Field("recovery_key", "recoveryKey", True),
        ),
    ),
    Operation(
        "setup.recovery_key.reset.create", "recoveryKey.reset.create",
        "POST", "/v1/app/setup/verification/recovery-key/reset",
        "ResetCreateResponse",
        (
            Field("existing_recovery_key", "existingRecoveryKey", False),
        ),
    ),
    Operation(
        "setup.recovery_key.reset.confirm", "recoveryKey.reset.confirm",
        "POST", "/v1/app/setup/verification/recovery-key/reset/confirm",
        "ResetConfirmResponse",
        (
            Field("recovery_key", "recoveryKey", True),
        ),
    ),
    Operation(
        "setup.verifications.list", "verifications.list",
        "GET", "/v1/app/setup/verifications",
        "VerificationListResponse",
        None,
    ),
    Operation(
        "setup.verifications.create", "verifications.create",
        "POST", "/v1/app/setup/verifications",
        "VerificationCreateResponse",
        (
            Field("purpose", "purpose", False),
            Field("user_id", "userID", False),
        ),
    ),
    Operation(
        "setup.verifications.retrieve", "verifications.retrieve",
        "GET", "/v1/app/setup/verifications/{id}",
        "VerificationRetrieveResponse",
        None,
    ),
    Operation(
        "setup.verifications.accept", "verifications.accept",
        "POST", "/v1/app/setup/verifications/{id}/accept",
        "VerificationAcceptResponse",
        None,
    ),
    Operation(
        "setup.verifications.cancel", "verifications.cancel",
        "POST", "/v1/app/setup/verifications/{id}/cancel",
        "VerificationCancelResponse",
        (
            Field("code", "code", False),
            Field("reason", "reason", False),
        ),
    ),
    Operation(
        "setup.verifications.qr.scan", "verifications.qr.scan",
        "POST", "/v1/app/setup/verifications/qr/scan",
        "QRScanResponse",
        (
            Field("data", "data", True),
        ),
    ),
    Operation(
        "setup.verifications.qr.confirm_scanned", "verifications.qr.confirmScanned",
        "POST", "/v1/app/setup/verifications/{id}/qr/confirm-scanned",
        "QRConfirmScannedResponse",
        None,
    ),
    Operation(
        "setup.verifications.sas.start", "verifications.sas.start",
        "POST", "/v1/app/setup/verifications/{id}/sas/start",
        "SASStartResponse",
        None,
    ),
    Operation(
        "setup.verifications.sas.confirm", "verifications.sas.confirm",
        "POST", "/v1/app/setup/verifications/{id}/sas/confirm",
        "SASConfirmResponse",
        None,
    ),
)

#: The operations by ``name``.
BY_NAME: "Dict[str, Operation]" = {op.name: op for op in OPERATIONS}
