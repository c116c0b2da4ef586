"""The C ABI: loading the library, the one table of operations, and the ctypes declarations.

Every function of ``include/beeper_setup.h`` is declared here with its argtypes and restype.
Returned strings are received as ``c_void_p`` (not ``c_char_p``, which would copy and lose the
pointer) so that each is freed exactly once with ``beeper_string_free``, even when decoding fails.
"""

from __future__ import annotations

import ctypes
import glob
import json
import os
import sys
import threading
from ctypes import POINTER, c_char_p, c_int32, c_void_p
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

from ._exceptions import BeeperSetupInternalError, error_from_object

__all__ = ["Param", "Operation", "OPERATIONS", "library", "call_json"]

# Marks a required parameter in the table.
REQUIRED = object()


@dataclass(frozen=True)
class Param:
    """One keyword parameter: Python name, wire key, Python type, required or default."""

    name: str
    wire: str
    type: type = str
    required: bool = True
    literal: Any = None  # the only value allowed (e.g. accept_terms=True), when set


@dataclass(frozen=True)
class Operation:
    """One API operation: where it hangs on the client, its C function, and its arguments.

    ``path`` is the attribute path under ``client.app.setup`` ("" for setup itself);
    ``has_id`` adds a positional ``verification_id``; ``params`` are keyword-only arguments sent
    as the JSON body (``None`` for a function without ``params_json``); ``result`` names the
    result model in :mod:`beeper_setup.types` (``None`` for no body).
    """

    name: str
    path: str
    method: str
    cfunc: str
    has_id: bool = False
    params: Optional[Tuple[Param, ...]] = None
    result: Optional[str] = None
    doc: str = ""


def _p(name: str, wire: str, required: bool = True, **kw: Any) -> Param:
    return Param(name, wire, required=required, **kw)


#: The single list of operations; the resource methods and ctypes declarations come from it.
OPERATIONS: Tuple[Operation, ...] = (
    Operation("setup.retrieve", "", "retrieve", "beeper_setup_retrieve",
              result="Session", doc="GET /v1/app/setup: the current Session."),
    Operation("setup.start", "", "start", "beeper_setup_start",
              result="SetupStartResponse", doc="POST /v1/app/setup/start: a new setup request."),
    Operation("setup.email", "", "email", "beeper_setup_email",
              params=(_p("email", "email"), _p("setup_request_id", "setupRequestID")),
              result=None, doc="POST /v1/app/setup/email: emails a sign-in code. Returns None."),
    Operation("setup.response", "", "response", "beeper_setup_response",
              params=(_p("response", "response"), _p("setup_request_id", "setupRequestID")),
              result="SetupResponseResponse",
              doc="POST /v1/app/setup/response: the emailed code; Success or RegistrationRequired."),
    Operation("setup.register", "", "register", "beeper_setup_register",
              params=(_p("accept_terms", "acceptTerms", type=bool, literal=True),
                      _p("lead_token", "leadToken"),
                      _p("setup_request_id", "setupRequestID"),
                      _p("username", "username")),
              result="SetupRegisterResponse",
              doc="POST /v1/app/setup/register: creates the account."),
    Operation("setup.recovery_key.verify", "recovery_key", "verify", "beeper_recovery_key_verify",
              params=(_p("recovery_key", "recoveryKey"),),
              result="RecoveryKeyVerifyResponse",
              doc="POST .../recovery-key: unlocks encryption with the recovery key."),
    Operation("setup.recovery_key.reset.create", "recovery_key.reset", "create",
              "beeper_recovery_key_reset_create",
              params=(_p("existing_recovery_key", "existingRecoveryKey", required=False),),
              result="ResetCreateResponse",
              doc="POST .../recovery-key/reset: a new recovery key (show it once)."),
    Operation("setup.recovery_key.reset.confirm", "recovery_key.reset", "confirm",
              "beeper_recovery_key_reset_confirm",
              params=(_p("recovery_key", "recoveryKey"),),
              result="ResetConfirmResponse",
              doc="POST .../recovery-key/reset/confirm: confirms the new key was saved."),
    Operation("setup.verifications.list", "verifications", "list", "beeper_verifications_list",
              result="VerificationListResponse", doc="GET .../verifications: every verification."),
    Operation("setup.verifications.create", "verifications", "create",
              "beeper_verifications_create",
              params=(_p("purpose", "purpose", required=False),
                      _p("user_id", "userID", required=False)),
              result="VerificationCreateResponse",
              doc="POST .../verifications: asks another device to verify this one."),
    Operation("setup.verifications.retrieve", "verifications", "retrieve",
              "beeper_verifications_retrieve", has_id=True,
              result="VerificationRetrieveResponse",
              doc="GET .../verifications/{id} (\"active\" names the one in progress)."),
    Operation("setup.verifications.accept", "verifications", "accept",
              "beeper_verifications_accept", has_id=True,
              result="VerificationAcceptResponse", doc="POST .../verifications/{id}/accept."),
    Operation("setup.verifications.cancel", "verifications", "cancel",
              "beeper_verifications_cancel", has_id=True,
              params=(_p("code", "code", required=False), _p("reason", "reason", required=False)),
              result="VerificationCancelResponse", doc="POST .../verifications/{id}/cancel."),
    Operation("setup.verifications.qr.scan", "verifications.qr", "scan",
              "beeper_verifications_qr_scan",
              params=(_p("data", "data"),),
              result="QRScanResponse",
              doc="POST .../verifications/qr/scan: the QR payload scanned from the other device."),
    Operation("setup.verifications.qr.confirm_scanned", "verifications.qr", "confirm_scanned",
              "beeper_verifications_qr_confirm_scanned", has_id=True,
              result="QRConfirmScannedResponse",
              doc="POST .../verifications/{id}/qr/confirm-scanned."),
    Operation("setup.verifications.sas.start", "verifications.sas", "start",
              "beeper_verifications_sas_start", has_id=True,
              result="SASStartResponse", doc="POST .../verifications/{id}/sas/start."),
    Operation("setup.verifications.sas.confirm", "verifications.sas", "confirm",
              "beeper_verifications_sas_confirm", has_id=True,
              result="SASConfirmResponse", doc="POST .../verifications/{id}/sas/confirm."),
)

_OUT = POINTER(c_void_p)


def _operation_argtypes(op: Operation) -> list:
    args: list = [c_void_p]
    if op.has_id:
        args.append(c_char_p)
    if op.params is not None:
        args.append(c_char_p)
    args.append(_OUT)
    return args


def _find_library() -> str:
    override = os.environ.get("BEEPER_SETUP_LIB")
    if override:
        path = os.path.abspath(override)
        if not os.path.isfile(path):
            raise ImportError(f"BEEPER_SETUP_LIB points at {path!r}, which is not a file")
        return path
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.platform == "win32":
        patterns = ["beeper_setup*.dll", "libbeeper_setup*.pyd", "libbeeper_setup*.dll"]
    elif sys.platform == "darwin":
        patterns = ["libbeeper_setup*.dylib", "libbeeper_setup*.so"]
    else:
        patterns = ["libbeeper_setup*.so"]
    for pattern in patterns:
        found = sorted(glob.glob(os.path.join(here, pattern)))
        if found:
            return found[0]
    raise ImportError(
        f"the beeper-setup native library is not in {here}; reinstall the package "
        "(pip install builds it) or set BEEPER_SETUP_LIB to the library's path"
    )


def _load() -> ctypes.CDLL:
    path = _find_library()
    lib = ctypes.CDLL(path)  # CDLL: the GIL is released during every call

    lib.beeper_version.argtypes = []
    lib.beeper_version.restype = c_char_p
    lib.beeper_client_new.argtypes = [c_char_p, POINTER(c_void_p), _OUT]
    lib.beeper_client_new.restype = c_int32
    lib.beeper_client_free.argtypes = [c_void_p]
    lib.beeper_client_free.restype = None
    lib.beeper_string_free.argtypes = [c_void_p]
    lib.beeper_string_free.restype = None
    lib.beeper_client_set_access_token.argtypes = [c_void_p, c_char_p, _OUT]
    lib.beeper_client_set_access_token.restype = c_int32
    lib.beeper_client_cancel.argtypes = [c_void_p]
    lib.beeper_client_cancel.restype = c_int32
    lib.beeper_setup_next_step.argtypes = [c_char_p, _OUT]
    lib.beeper_setup_next_step.restype = c_int32
    lib.beeper_setup_wait.argtypes = [c_void_p, c_char_p, _OUT]
    lib.beeper_setup_wait.restype = c_int32
    for op in OPERATIONS:
        fn = getattr(lib, op.cfunc)
        fn.argtypes = _operation_argtypes(op)
        fn.restype = c_int32
    lib._beeper_path = path  # type: ignore[attr-defined]
    return lib


_lib: Optional[ctypes.CDLL] = None
_lib_lock = threading.Lock()


def library() -> ctypes.CDLL:
    """The loaded library (loaded once, on first use)."""
    global _lib
    lib = _lib
    if lib is None:
        with _lib_lock:
            if _lib is None:
                _lib = _load()
            lib = _lib
    return lib


def take_string(lib: ctypes.CDLL, ptr: c_void_p) -> Optional[bytes]:
    """Copies and frees a string returned by the library (exactly once)."""
    if not ptr.value:
        return None
    try:
        return ctypes.string_at(ptr.value)
    finally:
        lib.beeper_string_free(ptr)
        ptr.value = None


def call_json(fn: Callable[..., int], *args: Any) -> Any:
    """Calls a C function whose last argument is ``char **out_json`` and returns the parsed
    JSON, or raises the exception for its error object."""
    lib = library()
    out = c_void_p()
    try:
        rc = fn(*args, ctypes.byref(out))
    finally:
        raw = take_string(lib, out)
    text: Optional[str] = None
    parsed: Any = None
    decode_error: Optional[Exception] = None
    if raw is not None:
        try:
            text = raw.decode("utf-8")
            parsed = json.loads(text)
        except (UnicodeDecodeError, ValueError) as e:
            decode_error = e
    if rc == 0:
        if raw is None or decode_error is not None:
            raise BeeperSetupInternalError(
                f"the library returned an unreadable result ({decode_error or 'NULL'})"
            )
        return parsed
    raise error_from_object(parsed if decode_error is None else None, rc)


def encode_str(value: str, what: str) -> bytes:
    """UTF-8 for a C string argument; refuses NUL and unencodable text before any call."""
    if "\x00" in value:
        raise ValueError(f"{what} must not contain NUL characters")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"{what} is not valid Unicode text: {e}") from None


def encode_json(obj: Dict[str, Any], what: str = "params") -> bytes:
    try:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{what} cannot be sent as JSON: {e}") from None
    return encode_str(text, what)
