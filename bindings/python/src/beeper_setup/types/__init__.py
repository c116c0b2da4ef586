"""Typed, immutable results: the models of the app-setup API, under the official SDK's names.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.

Attribute names are the official SDK's (snake_case: ``setup_request_id``, ``e2ee.cross_signing``,
``matrix.access_token``, ``verification.available_actions``, ...). Each result keeps the JSON the
server sent: ``to_dict()`` returns it (camelCase, unknown fields included), ``model_extra`` holds
the fields this version does not know, and enum values this version does not know are kept as
plain strings (typed, as by the official SDK, as the closed set of values this version knows).
Access tokens, recovery keys and lead tokens never appear in ``repr()``. The official SDK's
module of each result (``beeper_setup.types.app.setup.verification_list_response``, ...) holds
the same classes.
"""

from __future__ import annotations

from .._models import BaseModel, _define, _union_parsers
from .._models import _raw_of as _raw_of  # noqa: F401 - read by _next_step, _arguments
from .._flow_models import Change, Comparison, EmojiEntry, NextStep, VerificationOutcome

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, List, Literal, Optional, Union

    #: Where the sign-in and encryption setup stands.
    SessionState = Literal[
        "needs-login",
        "initializing",
        "needs-cross-signing-setup",
        "needs-verification",
        "needs-secrets",
        "needs-first-sync",
        "ready",
    ]

    #: Where a device verification stands.
    VerificationState = Literal[
        "requested",
        "ready",
        "sas_ready",
        "qr_scanned",
        "done",
        "cancelled",
        "error",
    ]

    #: Something the app may do next with a verification.
    VerificationAction = Literal["accept", "cancel", "qr.confirmScanned", "sas.start", "sas.confirm"]

    #: Who started a verification.
    VerificationDirection = Literal["incoming", "outgoing"]

    #: A way to compare devices.
    VerificationMethod = Literal["qr", "sas"]

    #: Why a verification exists.
    VerificationPurpose = Literal["login", "device"]

__all__ = [
    "BaseModel",
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
    "SetupStartResponse",
    "Success",
    "RegistrationRequiredCopy",
    "RegistrationRequired",
    "SetupResponseResponse",
    "SessionResponse",
    "ResetCreateResponse",
    "VerificationListResponse",
    "VerificationResponse",
    "SetupRetrieveResponse",
    "SetupRegisterResponse",
    "RecoveryKeyVerifyResponse",
    "ResetConfirmResponse",
    "VerificationCreateResponse",
    "VerificationRetrieveResponse",
    "VerificationAcceptResponse",
    "VerificationCancelResponse",
    "QRScanResponse",
    "QRConfirmScannedResponse",
    "SASStartResponse",
    "SASConfirmResponse",
    "EmojiEntry",
    "Comparison",
    "VerificationOutcome",
    "NextStep",
    "Change",
]


class E2EESecrets(BaseModel):
    """Which encryption keys this device has."""

    master_key: bool
    """The account identity key is available."""

    megolm_backup_key: bool
    """The message backup key is available."""

    recovery_key: bool
    """A recovery key is available."""

    self_signing_key: bool
    """The device trust key is available."""

    user_signing_key: bool
    """The user trust key is available."""


_define(E2EESecrets,
        ("master_key", "masterKey", None),
        ("megolm_backup_key", "megolmBackupKey", None),
        ("recovery_key", "recoveryKey", None),
        ("self_signing_key", "selfSigningKey", None),
        ("user_signing_key", "userSigningKey", None))


class E2EE(BaseModel):
    """Encryption setup status."""

    cross_signing: bool
    """This account can verify trusted devices."""

    first_sync_done: bool
    """The first encrypted sync is complete."""

    has_backed_up_recovery_key: bool
    """The user confirmed saving the recovery key."""

    initialized: bool
    """Encryption setup has started."""

    key_backup: bool
    """Encrypted message backup is available."""

    secrets: E2EESecrets
    """The keys available on this device."""

    secret_storage: bool
    """Secure key storage is available."""

    verified: bool
    """This device is trusted."""

    recovery_key_generated_at: Optional[float]
    """When the recovery key was created (seconds since 1970)."""


_define(E2EE,
        ("cross_signing", "crossSigning", None),
        ("first_sync_done", "firstSyncDone", None),
        ("has_backed_up_recovery_key", "hasBackedUpRecoveryKey", None),
        ("initialized", None, None),
        ("key_backup", "keyBackup", None),
        ("secrets", None, E2EESecrets),
        ("secret_storage", "secretStorage", None),
        ("verified", None, None),
        ("recovery_key_generated_at", "recoveryKeyGeneratedAt", float, "?"))


class Matrix(BaseModel):
    """The signed-in account (no token). Missing until sign-in is complete."""

    device_id: str
    """This device's ID."""

    homeserver: str
    """The account's homeserver URL."""

    user_id: str
    """The account's user ID, e.g. "@me:beeper.com"."""


_define(Matrix,
        ("device_id", "deviceID", None),
        ("homeserver", None, None),
        ("user_id", "userID", None))


class Credentials(BaseModel):
    """The account credentials, returned once at sign-in or register."""

    access_token: str
    """The Bearer token for later calls (secret: never shown in descriptions)."""

    device_id: str
    """This device's ID."""

    homeserver: str
    """The account's homeserver URL."""

    user_id: str
    """The account's user ID, e.g. "@me:beeper.com"."""


_define(Credentials,
        ("access_token", "accessToken", None, "secret"),
        ("device_id", "deviceID", None),
        ("homeserver", None, None),
        ("user_id", "userID", None))


class VerificationError(BaseModel):
    """Why a verification was cancelled or failed."""

    code: str
    """A machine-readable code, e.g. "m.user"."""

    reason: str
    """A user-facing reason."""


_define(VerificationError,
        ("code", None, None),
        ("reason", None, None))


class VerificationOtherDevice(BaseModel):
    """The other device in a verification."""

    id: str
    """Its device ID."""

    name: Optional[str]
    """Its display name, when known."""


_define(VerificationOtherDevice,
        ("id", None, None),
        ("name", None, None, "?"))


class VerificationQR(BaseModel):
    """A QR payload."""

    data: str
    """The payload to render as a QR code (or that the other device shows)."""


_define(VerificationQR,
        ("data", None, None))


class VerificationSAS(BaseModel):
    """The short authentication string: what both devices show to compare."""

    emojis: str
    """The emojis to compare, as one string."""

    decimals: Optional[str]
    """The same as numbers, as one string, e.g. "1234 5678 9012"."""


_define(VerificationSAS,
        ("emojis", None, None),
        ("decimals", None, None, "?"))


class Verification(BaseModel):
    """A device verification and its progress."""

    id: str
    """The id to use in verification paths."""

    available_actions: List[VerificationAction]
    """Exactly the actions valid now."""

    direction: VerificationDirection
    """Who asked."""

    methods: List[VerificationMethod]
    """The methods both sides support."""

    purpose: VerificationPurpose
    """Why it exists."""

    state: VerificationState
    """Where it stands."""

    error: Optional[VerificationError]
    """Why it was cancelled or failed."""

    other_device: Optional[VerificationOtherDevice]
    """The other device, once known."""

    other_user_id: Optional[str]
    """The other user's ID, when it is not this account."""

    qr: Optional[VerificationQR]
    """This device's QR payload, for the other device to scan."""

    sas: Optional[VerificationSAS]
    """The emojis (and numbers) to compare, once both devices have them."""


_define(Verification,
        ("id", None, None),
        ("available_actions", "availableActions", list),
        ("direction", None, None),
        ("methods", None, list),
        ("purpose", None, None),
        ("state", None, None),
        ("error", None, VerificationError, "?"),
        ("other_device", "otherDevice", VerificationOtherDevice, "?"),
        ("other_user_id", "otherUserID", None, "?"),
        ("qr", None, VerificationQR, "?"),
        ("sas", None, VerificationSAS, "?"))


class Session(BaseModel):
    """The setup state: `setup.retrieve`, and `session` in most responses."""

    e2ee: E2EE
    """Encryption setup status."""

    state: SessionState
    """Where the setup stands."""

    matrix: Optional[Matrix]
    """The signed-in account, once sign-in is complete."""

    verification: Optional[Verification]
    """The verification in progress, if any."""


_define(Session,
        ("e2ee", None, E2EE),
        ("state", None, None),
        ("matrix", None, Matrix, "?"),
        ("verification", None, Verification, "?"))


class SetupStartResponse(BaseModel):
    """`setup.start`: the id that ties the sign-in steps together."""

    setup_request_id: str
    """Pass this to the next sign-in step."""

    sign_in_methods: List[str]
    """The sign-in methods on offer, e.g. ["email"]."""


_define(SetupStartResponse,
        ("setup_request_id", "setupRequestID", None),
        ("sign_in_methods", "signInMethods", list))


class Success(BaseModel):
    """Signed in: the credentials and the new session."""

    matrix: Credentials
    """The credentials (returned once; the client adopts the token)."""

    session: Session
    """The session after sign-in."""


_define(Success,
        ("matrix", None, Credentials),
        ("session", None, Session))


class RegistrationRequiredCopy(BaseModel):
    """The texts of the account creation screen."""

    submit: str
    """The submit button's label."""

    terms: str
    """The terms the user accepts."""

    title: str
    """The screen's title."""

    username_placeholder: str
    """The username field's placeholder."""


_define(RegistrationRequiredCopy,
        ("submit", None, None),
        ("terms", None, None),
        ("title", None, None),
        ("username_placeholder", "usernamePlaceholder", None))


class RegistrationRequired(BaseModel):
    """A new account is needed: call `register` with the lead token and a username."""

    copy_: RegistrationRequiredCopy
    """Text to show: title, placeholder, terms, submit label."""

    lead_token: str
    """Pass to `register` (secret: never shown in descriptions)."""

    registration_required: bool
    """Always true; tells this answer apart."""

    setup_request_id: str
    """Pass to `register`."""

    username_suggestions: Optional[List[str]]
    """Usernames to offer."""


_define(RegistrationRequired,
        ("copy_", "copy", RegistrationRequiredCopy),
        ("lead_token", "leadToken", None, "secret"),
        ("registration_required", "registrationRequired", None),
        ("setup_request_id", "setupRequestID", None),
        ("username_suggestions", "usernameSuggestions", list, "?"))


#: Reads SetupResponseResponse answer: ``RegistrationRequired`` when ``registrationRequired`` is true, else ``Success``.
parse_response_union, _wrap_response_union = _union_parsers("registrationRequired", RegistrationRequired, Success)


class SessionResponse(BaseModel):
    """A response that carries only the session."""

    session: Session
    """The session after the call."""


_define(SessionResponse,
        ("session", None, Session))


class ResetCreateResponse(BaseModel):
    """`recoveryKey.reset.create`: the new key (show it once, then confirm it) and the session."""

    recovery_key: str
    """The new recovery key (secret: never shown in descriptions)."""

    session: Session
    """The session after the call."""


_define(ResetCreateResponse,
        ("recovery_key", "recoveryKey", None, "secret"),
        ("session", None, Session))


class VerificationListResponse(BaseModel):
    """`verifications.list`."""

    items: List[Verification]
    """The active verifications."""


_define(VerificationListResponse,
        ("items", None, (Verification,)))


class VerificationResponse(BaseModel):
    """A verification call's answer: the session and the verification, if any."""

    session: Session
    """The session after the call."""

    verification: Optional[Verification]
    """The verification after the call."""


_define(VerificationResponse,
        ("session", None, Session),
        ("verification", None, Verification, "?"))


if TYPE_CHECKING:
    SetupResponseResponse = Union[RegistrationRequired, Success]


# The official SDK's name for each operation's result.
SetupRetrieveResponse = Session
SetupRegisterResponse = Success
RecoveryKeyVerifyResponse = SessionResponse
ResetConfirmResponse = SessionResponse
VerificationCreateResponse = VerificationResponse
VerificationRetrieveResponse = VerificationResponse
VerificationAcceptResponse = VerificationResponse
VerificationCancelResponse = VerificationResponse
QRScanResponse = VerificationResponse
QRConfirmScannedResponse = VerificationResponse
SASStartResponse = VerificationResponse
SASConfirmResponse = VerificationResponse

# The type aliases, made on first use (this imports `typing`, which importing the
# package does not). Type checkers read the declarations above instead.
_ALIASES = (
    "SessionState",
    "VerificationState",
    "VerificationAction",
    "VerificationDirection",
    "VerificationMethod",
    "VerificationPurpose",
    "SetupResponseResponse",
)

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name not in _ALIASES:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from typing import Literal, Union  # noqa: F401 - read by eval

        value = eval(_ALIAS_TEXT[name])
        globals()[name] = value
        return value

    _ALIAS_TEXT = {
        "SessionState": "Literal[\"needs-login\", \"initializing\", \"needs-cross-signing-setup\", \"needs-verification\", \"needs-secrets\", \"needs-first-sync\", \"ready\"]",
        "VerificationState": "Literal[\"requested\", \"ready\", \"sas_ready\", \"qr_scanned\", \"done\", \"cancelled\", \"error\"]",
        "VerificationAction": "Literal[\"accept\", \"cancel\", \"qr.confirmScanned\", \"sas.start\", \"sas.confirm\"]",
        "VerificationDirection": "Literal[\"incoming\", \"outgoing\"]",
        "VerificationMethod": "Literal[\"qr\", \"sas\"]",
        "VerificationPurpose": "Literal[\"login\", \"device\"]",
        "SetupResponseResponse": "Union[RegistrationRequired, Success]",
    }
