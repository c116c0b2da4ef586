"""Typed, immutable results.

Attribute names are the official SDK's (snake_case: ``setup_request_id``, ``e2ee.cross_signing``,
``matrix.access_token``, ``verification.available_actions``, ...). Each result keeps the JSON the
server sent: ``to_dict()`` returns it (camelCase, unknown fields included), ``model_extra`` holds
the fields this version does not know, and enum values this version does not know are kept as
plain strings. Access tokens, recovery keys and lead tokens never appear in ``repr()``.

The models are plain classes driven by a field table (``_fields_``). A result wraps the parsed
JSON and converts a field the first time it is read (nested models likewise), so a call costs
the same whether or not its result is looked at; every value is then cached on the object.
"""

from __future__ import annotations

from _collections_abc import Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Literal, Optional, Tuple, Type, TypeVar, Union

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
    VerificationAction = Literal[
        "accept", "cancel", "qr.confirmScanned", "sas.start", "sas.confirm"
    ]
    VerificationState = Literal[
        "requested", "ready", "sas_ready", "qr_scanned", "done", "cancelled", "error"
    ]

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


def _copy(value: Any) -> Any:
    """A deep copy of a JSON value (dicts and lists copied, scalars shared)."""
    cls = value.__class__
    if cls is dict:
        return {k: _copy(v) for k, v in value.items()}
    if cls is list:
        return [_copy(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


class BaseModel:
    """Base of every result: immutable, compared by value, built from the wire JSON."""

    # Per class, set by _define(): (name, wire key, converter or None, required, secret) in
    # attribute order; name -> (wire key, converter); the known wire keys.
    _fields_: Tuple[Tuple[str, str, Optional[Callable[[Any], Any]], bool, bool], ...] = ()
    _lazy_: Dict[str, Tuple[str, Optional[Callable[[Any], Any]]]] = {}
    _wire_keys_: frozenset = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Builds a model from attribute values (keyword or positional, in field order).
        Results of calls are built from the wire JSON instead."""
        fields = self._fields_
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes at most {len(fields)} positional "
                            f"arguments ({len(args)} given)")
        d = self.__dict__
        for (name, _, _, required, _), value in zip(fields, args):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got multiple values for {name!r}")
            d[name] = value
        for name, _, _, required, _ in fields[len(args):]:
            if name in kwargs:
                d[name] = kwargs.pop(name)
            elif required:
                raise TypeError(f"{type(self).__name__}() missing required argument: {name!r}")
            else:
                d[name] = None
        if kwargs:
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument "
                            f"{next(iter(kwargs))!r}")
        d["_raw"] = None

    @classmethod
    def _wrap(cls: Type[M], raw: Dict[str, Any]) -> M:
        # The parsed JSON is owned by the new object (no copy); fields are converted on access.
        obj = cls.__new__(cls)
        obj.__dict__["_raw"] = raw
        return obj

    @classmethod
    def _from_wire(cls: Type[M], raw: Mapping[str, Any]) -> M:
        """Builds the model from a wire JSON object (as checked by the native library)."""
        if not isinstance(raw, Mapping):
            raise TypeError(f"{cls.__name__} expects a JSON object, got {type(raw).__name__}")
        return cls._wrap(_copy(raw))

    def __getattr__(self, name: str) -> Any:
        # Only reached for a field not read yet (or a missing attribute).
        spec = type(self)._lazy_.get(name)
        d = self.__dict__
        raw = d.get("_raw")
        if spec is None or raw is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = raw.get(spec[0])
        conv = spec[1]
        if value is not None and conv is not None:
            value = conv(value)
        return d.setdefault(name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def _values(self) -> Tuple[Any, ...]:
        return tuple(getattr(self, f[0]) for f in self._fields_)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() != other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    @property
    def model_extra(self) -> Dict[str, Any]:
        """Fields the server sent that this version does not know (wire keys)."""
        raw = self.__dict__.get("_raw")
        if not raw:
            return {}
        known = self._wire_keys_
        return {k: _copy(v) for k, v in raw.items() if k not in known}

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object as the server sent it (camelCase, unknown fields included)."""
        raw = self.__dict__.get("_raw")
        if raw is not None:
            return _copy(raw)
        out: Dict[str, Any] = {}
        for name, wire, _, _, _ in self._fields_:
            value = getattr(self, name)
            if value is not None:
                out[wire] = _to_wire(value)
        return out

    def model_dump(self, *, by_alias: bool = False, exclude_none: bool = True) -> Dict[str, Any]:
        """Like pydantic's: snake_case keys by default, wire keys with ``by_alias=True``.
        Unknown fields are included under their wire keys."""
        if by_alias:
            return self.to_dict()
        out: Dict[str, Any] = {}
        for f in self._fields_:
            value = getattr(self, f[0])
            if value is None and exclude_none:
                continue
            out[f[0]] = _dump(value, exclude_none)
        out.update(self.model_extra)
        return out

    def __repr__(self) -> str:
        parts = []
        for name, _, _, _, secret in self._fields_:
            value = getattr(self, name)
            if secret and value is not None:
                parts.append(f"{name}='***'")
            else:
                parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    __str__ = __repr__


def _to_wire(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_to_wire(v) for v in value]
    return _copy(value)


def _dump(value: Any, exclude_none: bool) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=exclude_none)
    if isinstance(value, tuple):
        return [_dump(v, exclude_none) for v in value]
    return _copy(value)


# ---- the field table ----

# Field kinds: a plain value (JSON scalar, enum values kept as sent), a nested model, a list
# (made a tuple), a list of models.


def _model_conv(model: Type[BaseModel]) -> Callable[[Any], Any]:
    wrap = model._wrap

    def conv(value: Any) -> Any:
        # A value of another shape is kept as sent (the library checks shapes first).
        return wrap(value) if value.__class__ is dict else value

    return conv


def _tuple_conv(value: Any) -> Any:
    return tuple(value) if value.__class__ is list else value


def _model_tuple_conv(model: Type[BaseModel]) -> Callable[[Any], Any]:
    wrap = model._wrap

    def conv(value: Any) -> Any:
        if value.__class__ is not list:
            return value
        return tuple(wrap(v) if v.__class__ is dict else v for v in value)

    return conv


def _define(cls: Type[BaseModel], *fields: Tuple[Any, ...]) -> None:
    """Sets ``cls``'s field table. Each field is ``(name, wire key or None, kind, flags)``:
    kind ``None`` (plain value), a model class, ``tuple`` (list of plain values) or
    ``(model,)`` (list of models); flags: ``"?"`` optional, ``"secret"`` kept out of repr."""
    table = []
    for name, wire, kind, *flags in fields:
        if kind is None:
            conv = None
        elif kind is tuple:
            conv = _tuple_conv
        elif isinstance(kind, tuple):
            conv = _model_tuple_conv(kind[0])
        else:
            conv = _model_conv(kind)
        table.append((name, wire or name, conv, "?" not in flags, "secret" in flags))
    type.__setattr__(cls, "_fields_", tuple(table))
    type.__setattr__(cls, "_lazy_", {t[0]: (t[1], t[2]) for t in table})
    type.__setattr__(cls, "_wire_keys_", frozenset(t[1] for t in table))


# ---- the session ----


class E2EESecrets(BaseModel):
    """Encrypted messaging keys available on this device."""

    master_key: bool
    megolm_backup_key: bool
    recovery_key: bool
    self_signing_key: bool
    user_signing_key: bool


_define(E2EESecrets,
        ("master_key", "masterKey", None),
        ("megolm_backup_key", "megolmBackupKey", None),
        ("recovery_key", "recoveryKey", None),
        ("self_signing_key", "selfSigningKey", None),
        ("user_signing_key", "userSigningKey", None))


class E2EE(BaseModel):
    """Encrypted messaging setup status."""

    cross_signing: bool
    first_sync_done: bool
    has_backed_up_recovery_key: bool
    initialized: bool
    key_backup: bool
    secrets: E2EESecrets
    secret_storage: bool
    verified: bool
    recovery_key_generated_at: Optional[float]


_define(E2EE,
        ("cross_signing", "crossSigning", None),
        ("first_sync_done", "firstSyncDone", None),
        ("has_backed_up_recovery_key", "hasBackedUpRecoveryKey", None),
        ("initialized", None, None),
        ("key_backup", "keyBackup", None),
        ("secrets", None, E2EESecrets),
        ("secret_storage", "secretStorage", None),
        ("verified", None, None),
        ("recovery_key_generated_at", "recoveryKeyGeneratedAt", None, "?"))


class Matrix(BaseModel):
    """Signed-in account details (in a Session). Omitted until sign-in is complete."""

    device_id: str
    homeserver: str
    user_id: str


_define(Matrix,
        ("device_id", "deviceID", None),
        ("homeserver", None, None),
        ("user_id", "userID", None))


class Credentials(BaseModel):
    """Account credentials returned once by sign-in and register. ``access_token`` is secret."""

    access_token: str
    device_id: str
    homeserver: str
    user_id: str


_define(Credentials,
        ("access_token", "accessToken", None, "secret"),
        ("device_id", "deviceID", None),
        ("homeserver", None, None),
        ("user_id", "userID", None))


class VerificationError(BaseModel):
    """Verification error details, if verification stopped."""

    code: str
    reason: str


_define(VerificationError, ("code", None, None), ("reason", None, None))


class VerificationOtherDevice(BaseModel):
    """Other device participating in verification."""

    id: str
    name: Optional[str]


_define(VerificationOtherDevice, ("id", None, None), ("name", None, None, "?"))


class VerificationQR(BaseModel):
    """QR verification data."""

    data: str


_define(VerificationQR, ("data", None, None))


class VerificationSAS(BaseModel):
    """Emoji or number comparison data (``emojis`` is one string)."""

    emojis: str
    decimals: Optional[str]


_define(VerificationSAS, ("emojis", None, None), ("decimals", None, None, "?"))


class Verification(BaseModel):
    """Trusted device verification progress."""

    id: str
    available_actions: Tuple[Union[VerificationAction, str], ...]
    direction: Union[Literal["incoming", "outgoing"], str]
    methods: Tuple[Union[Literal["qr", "sas"], str], ...]
    purpose: Union[Literal["login", "device"], str]
    state: Union[VerificationState, str]
    error: Optional[VerificationError]
    other_device: Optional[VerificationOtherDevice]
    other_user_id: Optional[str]
    qr: Optional[VerificationQR]
    sas: Optional[VerificationSAS]


_define(Verification,
        ("id", None, None),
        ("available_actions", "availableActions", tuple),
        ("direction", None, None),
        ("methods", None, tuple),
        ("purpose", None, None),
        ("state", None, None),
        ("error", None, VerificationError, "?"),
        ("other_device", "otherDevice", VerificationOtherDevice, "?"),
        ("other_user_id", "otherUserID", None, "?"),
        ("qr", None, VerificationQR, "?"),
        ("sas", None, VerificationSAS, "?"))


class Session(BaseModel):
    """The setup state (``GET /v1/app/setup``)."""

    e2ee: E2EE
    state: Union[SessionState, str]
    matrix: Optional[Matrix]
    verification: Optional[Verification]


_define(Session,
        ("e2ee", None, E2EE),
        ("state", None, None),
        ("matrix", None, Matrix, "?"),
        ("verification", None, Verification, "?"))

SetupRetrieveResponse = Session


# ---- sign-in ----


class SetupStartResponse(BaseModel):
    setup_request_id: str
    sign_in_methods: Tuple[str, ...]


_define(SetupStartResponse,
        ("setup_request_id", "setupRequestID", None),
        ("sign_in_methods", "signInMethods", tuple))


class Success(BaseModel):
    """``setup.response`` when the account exists: credentials (``matrix``) and the session."""

    matrix: Credentials
    session: Session


_define(Success, ("matrix", None, Credentials), ("session", None, Session))


class RegistrationRequiredCopy(BaseModel):
    """Copy to display during account creation."""

    submit: str
    terms: str
    title: str
    username_placeholder: str


_define(RegistrationRequiredCopy,
        ("submit", None, None),
        ("terms", None, None),
        ("title", None, None),
        ("username_placeholder", "usernamePlaceholder", None))


class RegistrationRequired(BaseModel):
    """``setup.response`` when a new account must be registered."""

    copy_: RegistrationRequiredCopy
    lead_token: str
    registration_required: bool
    setup_request_id: str
    username_suggestions: Optional[Tuple[str, ...]]


_define(RegistrationRequired,
        ("copy_", "copy", RegistrationRequiredCopy),
        ("lead_token", "leadToken", None, "secret"),
        ("registration_required", "registrationRequired", None),
        ("setup_request_id", "setupRequestID", None),
        ("username_suggestions", "usernameSuggestions", tuple, "?"))


class SetupRegisterResponse(BaseModel):
    matrix: Credentials
    session: Session


_define(SetupRegisterResponse, ("matrix", None, Credentials), ("session", None, Session))


# ---- recovery key ----


class SessionResponse(BaseModel):
    """``{session}``."""

    session: Session


_define(SessionResponse, ("session", None, Session))

RecoveryKeyVerifyResponse = SessionResponse
ResetConfirmResponse = SessionResponse


class ResetCreateResponse(BaseModel):
    """A new recovery key (show it once) and the session. ``recovery_key`` is secret."""

    recovery_key: str
    session: Session


_define(ResetCreateResponse,
        ("recovery_key", "recoveryKey", None, "secret"),
        ("session", None, Session))


# ---- verifications ----


class VerificationListResponse(BaseModel):
    items: Tuple[Verification, ...]


_define(VerificationListResponse, ("items", None, (Verification,)))


class VerificationResponse(BaseModel):
    """``{session, verification?}``: the answer of every verification action."""

    session: Session
    verification: Optional[Verification]


_define(VerificationResponse,
        ("session", None, Session),
        ("verification", None, Verification, "?"))

VerificationCreateResponse = VerificationResponse
VerificationRetrieveResponse = VerificationResponse
VerificationAcceptResponse = VerificationResponse
VerificationCancelResponse = VerificationResponse
QRScanResponse = VerificationResponse
QRConfirmScannedResponse = VerificationResponse
SASStartResponse = VerificationResponse
SASConfirmResponse = VerificationResponse


# ---- flow helpers ----


class NextStep(BaseModel):
    """What the app should do now (from ``client.app.setup.next_step(session)``).

    ``step`` is one of ``sign-in``, ``wait``, ``verify-device``, ``enter-recovery-key``,
    ``create-recovery-key``, ``done``, ``unknown``; ``action`` (for ``verify-device``) one of
    ``create``, ``accept``, ``sas.start``, ``compare-emojis``, ``qr.confirmScanned``,
    ``wait-for-other-device``.
    """

    step: str
    state: str
    message: str
    verification_id: Optional[str]
    action: Optional[str]
    emojis: Optional[str]
    decimals: Optional[str]
    qr_data: Optional[str]


_define(NextStep,
        ("step", None, None),
        ("state", None, None),
        ("message", None, None),
        ("verification_id", "verificationID", None, "?"),
        ("action", None, None, "?"),
        ("emojis", None, None, "?"),
        ("decimals", None, None, "?"),
        ("qr_data", "qrData", None, "?"))


if TYPE_CHECKING:
    SetupResponseResponse = Union[Success, RegistrationRequired]


def parse_response_union(raw: Mapping[str, Any]) -> Union[Success, RegistrationRequired]:
    """Picks ``RegistrationRequired`` or ``Success`` for a ``setup.response`` answer."""
    if isinstance(raw, Mapping) and raw.get("registrationRequired") is True:
        return RegistrationRequired._from_wire(raw)
    return Success._from_wire(raw)


def _wrap_response_union(raw: Dict[str, Any]) -> Union[Success, RegistrationRequired]:
    # parse_response_union for a parsed result the new object owns (no copy).
    if raw.get("registrationRequired") is True:
        return RegistrationRequired._wrap(raw)
    return Success._wrap(raw)


# The typing aliases (typing.Literal / typing.Union objects) are made on first use, so that
# importing this module does not import typing.
_ALIASES = ("SessionState", "VerificationAction", "VerificationState", "SetupResponseResponse")


def __getattr__(name: str) -> Any:
    if name not in _ALIASES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from typing import Literal, Union

    value: Any
    if name == "SessionState":
        value = Literal["needs-login", "initializing", "needs-cross-signing-setup",
                        "needs-verification", "needs-secrets", "needs-first-sync", "ready"]
    elif name == "VerificationAction":
        value = Literal["accept", "cancel", "qr.confirmScanned", "sas.start", "sas.confirm"]
    elif name == "VerificationState":
        value = Literal["requested", "ready", "sas_ready", "qr_scanned", "done", "cancelled",
                        "error"]
    else:
        value = Union[Success, RegistrationRequired]
    globals()[name] = value
    return value
