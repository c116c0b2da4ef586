"""Typed, immutable results.

Attribute names are the official SDK's (snake_case: ``setup_request_id``, ``e2ee.cross_signing``,
``matrix.access_token``, ``verification.available_actions``, ...). Each result keeps the JSON the
server sent: ``to_dict()`` returns it (camelCase, unknown fields included), ``model_extra`` holds
the fields this version does not know, and enum values this version does not know are kept as
plain strings. Access tokens, recovery keys and lead tokens never appear in ``repr()``.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
from dataclasses import dataclass, field
from typing import (
    Any,
    ClassVar,
    Dict,
    List,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    get_type_hints,
)

if sys.version_info >= (3, 8):
    from typing import Literal, get_args, get_origin
else:  # pragma: no cover
    from typing_extensions import Literal, get_args, get_origin

__all__ = [
    "BaseModel",
    "Session",
    "SetupRetrieveResponse",
    "E2EE",
    "E2EESecrets",
    "Matrix",
    "Credentials",
    "Verification",
    "VerificationError",
    "VerificationOtherDevice",
    "VerificationQR",
    "VerificationSAS",
    "SetupStartResponse",
    "Success",
    "RegistrationRequired",
    "RegistrationRequiredCopy",
    "SetupResponseResponse",
    "SetupRegisterResponse",
    "SessionResponse",
    "RecoveryKeyVerifyResponse",
    "ResetCreateResponse",
    "ResetConfirmResponse",
    "VerificationListResponse",
    "VerificationResponse",
    "VerificationCreateResponse",
    "VerificationRetrieveResponse",
    "VerificationAcceptResponse",
    "VerificationCancelResponse",
    "QRScanResponse",
    "QRConfirmScannedResponse",
    "SASStartResponse",
    "SASConfirmResponse",
    "NextStep",
]

M = TypeVar("M", bound="BaseModel")

SessionState = Literal[
    "needs-login",
    "initializing",
    "needs-cross-signing-setup",
    "needs-verification",
    "needs-secrets",
    "needs-first-sync",
    "ready",
]
VerificationAction = Literal["accept", "cancel", "qr.confirmScanned", "sas.start", "sas.confirm"]
VerificationState = Literal[
    "requested", "ready", "sas_ready", "qr_scanned", "done", "cancelled", "error"
]


def _f(alias: Optional[str] = None, *, default: Any = dataclasses.MISSING, secret: bool = False) -> Any:
    """A model field: ``alias`` is the wire key when it differs from the attribute name."""
    return field(default=default, metadata={"alias": alias, "secret": secret})


class _Unset:
    pass


@dataclass(frozen=True)
class BaseModel:
    """Base of every result: frozen, compared by value, built from the wire JSON."""

    _wire_cache: ClassVar[Dict[type, List[Tuple[str, str, Any]]]] = {}

    # Set by _from_wire (object.__setattr__), never passed by callers.
    def __post_init__(self) -> None:
        if not hasattr(self, "_raw"):
            object.__setattr__(self, "_raw", None)

    @classmethod
    def _spec(cls) -> List[Tuple[str, str, Any]]:
        spec = BaseModel._wire_cache.get(cls)
        if spec is None:
            hints = get_type_hints(cls)
            spec = []
            for f in dataclasses.fields(cls):
                alias = f.metadata.get("alias") or f.name
                spec.append((f.name, alias, hints[f.name]))
            BaseModel._wire_cache[cls] = spec
        return spec

    @classmethod
    def _from_wire(cls: Type[M], raw: Mapping[str, Any]) -> M:
        """Builds the model from a wire JSON object (as checked by the native library)."""
        if not isinstance(raw, Mapping):
            raise TypeError(f"{cls.__name__} expects a JSON object, got {type(raw).__name__}")
        kwargs: Dict[str, Any] = {}
        known = set()
        for name, alias, hint in cls._spec():
            known.add(alias)
            if alias in raw:
                kwargs[name] = _convert(hint, raw[alias])
            else:
                kwargs[name] = None  # optional fields (required ones are checked natively)
        obj = cls(**kwargs)
        object.__setattr__(obj, "_raw", dict(raw))
        object.__setattr__(
            obj, "_extra", {k: copy.deepcopy(v) for k, v in raw.items() if k not in known}
        )
        return obj

    @property
    def model_extra(self) -> Dict[str, Any]:
        """Fields the server sent that this version does not know (wire keys)."""
        return dict(getattr(self, "_extra", None) or {})

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object as the server sent it (camelCase, unknown fields included)."""
        raw = getattr(self, "_raw", None)
        if raw is not None:
            return copy.deepcopy(raw)
        out: Dict[str, Any] = {}
        for name, alias, _ in self._spec():
            value = getattr(self, name)
            if value is not None:
                out[alias] = _to_wire(value)
        return out

    def model_dump(self, *, by_alias: bool = False, exclude_none: bool = True) -> Dict[str, Any]:
        """Like pydantic's: snake_case keys by default, wire keys with ``by_alias=True``.
        Unknown fields are included under their wire keys."""
        if by_alias:
            return self.to_dict()
        out: Dict[str, Any] = {}
        for name, _, _ in self._spec():
            value = getattr(self, name)
            if value is None and exclude_none:
                continue
            out[name] = _dump(value, exclude_none)
        out.update(self.model_extra)
        return out

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("secret") and value is not None:
                parts.append(f"{f.name}='***'")
            else:
                parts.append(f"{f.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    __str__ = __repr__


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin is Union:
        args = [a for a in get_args(hint) if a is not type(None)]
        models = [a for a in args if _is_model(a)]
        if len(models) == 1:
            return _convert(models[0], value)
        if len(args) == 1:
            return _convert(args[0], value)
        return value
    if origin in (tuple, Tuple):
        (inner, *_rest) = get_args(hint)
        if isinstance(value, list):
            return tuple(_convert(inner, v) for v in value)
        return value
    if _is_model(hint) and isinstance(value, Mapping):
        return hint._from_wire(value)
    # Literals and primitives: kept as sent, so unknown enum values survive as strings.
    return value


def _to_wire(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_to_wire(v) for v in value]
    return copy.deepcopy(value)


def _dump(value: Any, exclude_none: bool) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=exclude_none)
    if isinstance(value, tuple):
        return [_dump(v, exclude_none) for v in value]
    return copy.deepcopy(value)


# ---- the session ----


@dataclass(frozen=True, repr=False)
class E2EESecrets(BaseModel):
    """Encrypted messaging keys available on this device."""

    master_key: bool = _f("masterKey")
    megolm_backup_key: bool = _f("megolmBackupKey")
    recovery_key: bool = _f("recoveryKey")
    self_signing_key: bool = _f("selfSigningKey")
    user_signing_key: bool = _f("userSigningKey")


@dataclass(frozen=True, repr=False)
class E2EE(BaseModel):
    """Encrypted messaging setup status."""

    cross_signing: bool = _f("crossSigning")
    first_sync_done: bool = _f("firstSyncDone")
    has_backed_up_recovery_key: bool = _f("hasBackedUpRecoveryKey")
    initialized: bool = _f()
    key_backup: bool = _f("keyBackup")
    secrets: E2EESecrets = _f()
    secret_storage: bool = _f("secretStorage")
    verified: bool = _f()
    recovery_key_generated_at: Optional[float] = _f("recoveryKeyGeneratedAt", default=None)


@dataclass(frozen=True, repr=False)
class Matrix(BaseModel):
    """Signed-in account details (in a Session). Omitted until sign-in is complete."""

    device_id: str = _f("deviceID")
    homeserver: str = _f()
    user_id: str = _f("userID")


@dataclass(frozen=True, repr=False)
class Credentials(BaseModel):
    """Account credentials returned once by sign-in and register. ``access_token`` is secret."""

    access_token: str = _f("accessToken", secret=True)
    device_id: str = _f("deviceID")
    homeserver: str = _f()
    user_id: str = _f("userID")


@dataclass(frozen=True, repr=False)
class VerificationError(BaseModel):
    """Verification error details, if verification stopped."""

    code: str = _f()
    reason: str = _f()


@dataclass(frozen=True, repr=False)
class VerificationOtherDevice(BaseModel):
    """Other device participating in verification."""

    id: str = _f()
    name: Optional[str] = _f(default=None)


@dataclass(frozen=True, repr=False)
class VerificationQR(BaseModel):
    """QR verification data."""

    data: str = _f()


@dataclass(frozen=True, repr=False)
class VerificationSAS(BaseModel):
    """Emoji or number comparison data (``emojis`` is one string)."""

    emojis: str = _f()
    decimals: Optional[str] = _f(default=None)


@dataclass(frozen=True, repr=False)
class Verification(BaseModel):
    """Trusted device verification progress."""

    id: str = _f()
    available_actions: Tuple[Union[VerificationAction, str], ...] = _f("availableActions")
    direction: Union[Literal["incoming", "outgoing"], str] = _f()
    methods: Tuple[Union[Literal["qr", "sas"], str], ...] = _f()
    purpose: Union[Literal["login", "device"], str] = _f()
    state: Union[VerificationState, str] = _f()
    error: Optional[VerificationError] = _f(default=None)
    other_device: Optional[VerificationOtherDevice] = _f("otherDevice", default=None)
    other_user_id: Optional[str] = _f("otherUserID", default=None)
    qr: Optional[VerificationQR] = _f(default=None)
    sas: Optional[VerificationSAS] = _f(default=None)


@dataclass(frozen=True, repr=False)
class Session(BaseModel):
    """The setup state (``GET /v1/app/setup``)."""

    e2ee: E2EE = _f()
    state: Union[SessionState, str] = _f()
    matrix: Optional[Matrix] = _f(default=None)
    verification: Optional[Verification] = _f(default=None)


SetupRetrieveResponse = Session


# ---- sign-in ----


@dataclass(frozen=True, repr=False)
class SetupStartResponse(BaseModel):
    setup_request_id: str = _f("setupRequestID")
    sign_in_methods: Tuple[str, ...] = _f("signInMethods")


@dataclass(frozen=True, repr=False)
class Success(BaseModel):
    """``setup.response`` when the account exists: credentials (``matrix``) and the session."""

    matrix: Credentials = _f()
    session: Session = _f()


@dataclass(frozen=True, repr=False)
class RegistrationRequiredCopy(BaseModel):
    """Copy to display during account creation."""

    submit: str = _f()
    terms: str = _f()
    title: str = _f()
    username_placeholder: str = _f("usernamePlaceholder")


@dataclass(frozen=True, repr=False)
class RegistrationRequired(BaseModel):
    """``setup.response`` when a new account must be registered."""

    copy_: RegistrationRequiredCopy = _f("copy")
    lead_token: str = _f("leadToken", secret=True)
    registration_required: bool = _f("registrationRequired")
    setup_request_id: str = _f("setupRequestID")
    username_suggestions: Optional[Tuple[str, ...]] = _f("usernameSuggestions", default=None)


SetupResponseResponse = Union[Success, RegistrationRequired]


@dataclass(frozen=True, repr=False)
class SetupRegisterResponse(BaseModel):
    matrix: Credentials = _f()
    session: Session = _f()


# ---- recovery key ----


@dataclass(frozen=True, repr=False)
class SessionResponse(BaseModel):
    """``{session}``."""

    session: Session = _f()


RecoveryKeyVerifyResponse = SessionResponse
ResetConfirmResponse = SessionResponse


@dataclass(frozen=True, repr=False)
class ResetCreateResponse(BaseModel):
    """A new recovery key (show it once) and the session. ``recovery_key`` is secret."""

    recovery_key: str = _f("recoveryKey", secret=True)
    session: Session = _f()


# ---- verifications ----


@dataclass(frozen=True, repr=False)
class VerificationListResponse(BaseModel):
    items: Tuple[Verification, ...] = _f()


@dataclass(frozen=True, repr=False)
class VerificationResponse(BaseModel):
    """``{session, verification?}``: the answer of every verification action."""

    session: Session = _f()
    verification: Optional[Verification] = _f(default=None)


VerificationCreateResponse = VerificationResponse
VerificationRetrieveResponse = VerificationResponse
VerificationAcceptResponse = VerificationResponse
VerificationCancelResponse = VerificationResponse
QRScanResponse = VerificationResponse
QRConfirmScannedResponse = VerificationResponse
SASStartResponse = VerificationResponse
SASConfirmResponse = VerificationResponse


# ---- flow helpers ----


@dataclass(frozen=True, repr=False)
class NextStep(BaseModel):
    """What the app should do now (from ``client.app.setup.next_step(session)``).

    ``step`` is one of ``sign-in``, ``wait``, ``verify-device``, ``enter-recovery-key``,
    ``create-recovery-key``, ``done``, ``unknown``; ``action`` (for ``verify-device``) one of
    ``create``, ``accept``, ``sas.start``, ``compare-emojis``, ``qr.confirmScanned``,
    ``wait-for-other-device``.
    """

    step: str = _f()
    state: str = _f()
    message: str = _f()
    verification_id: Optional[str] = _f("verificationID", default=None)
    action: Optional[str] = _f(default=None)
    emojis: Optional[str] = _f(default=None)
    decimals: Optional[str] = _f(default=None)
    qr_data: Optional[str] = _f("qrData", default=None)


def parse_response_union(raw: Mapping[str, Any]) -> Union[Success, RegistrationRequired]:
    """Picks ``RegistrationRequired`` or ``Success`` for a ``setup.response`` answer."""
    if isinstance(raw, Mapping) and raw.get("registrationRequired") is True:
        return RegistrationRequired._from_wire(raw)
    return Success._from_wire(raw)
