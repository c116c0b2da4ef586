"""The client and its resources. The resource methods are made from ``_ffi.OPERATIONS``."""

from __future__ import annotations

import os
from _collections_abc import Mapping
from ctypes import byref as _byref
from ctypes import c_void_p

from . import types as _types
from ._exceptions import ClientClosedError
from ._ffi import OPERATIONS, NativeClient, Operation, call_json, encode_json, encode_str, library
from ._ffi import _enc_str
from ._ffi import dumps as _dumps
from ._ffi import loads as _loads
from ._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterable, List, Literal, Optional, Union

    from .types import (
        NextStep,
        QRConfirmScannedResponse,
        QRScanResponse,
        RecoveryKeyVerifyResponse,
        ResetConfirmResponse,
        ResetCreateResponse,
        SASConfirmResponse,
        SASStartResponse,
        Session,
        SetupRegisterResponse,
        SetupResponseResponse,
        SetupStartResponse,
        VerificationAcceptResponse,
        VerificationCancelResponse,
        VerificationCreateResponse,
        VerificationListResponse,
        VerificationRetrieveResponse,
    )

__all__ = ["Client", "BeeperDesktop", "next_step"]

USER_AGENT = f"beeper-setup-python/{__version__}"


class _NotGiven:
    """Sentinel for "not passed": the native library then applies env and defaults."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()


def _seconds_to_ms(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if value != value or value in (_INF, -_INF) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    ms = value * 1000
    whole = int(ms)
    return max(1, whole if whole == ms else whole + 1)  # ceil, without importing math


_INF = float("inf")
_NO_LIMIT_MS = 24 * 3600 * 1000


def _check_str(name: str, value: Any, *, empty_ok: bool = True) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not empty_ok and not value:
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
    return value


# ---------------------------------------------------------------------------------------------
# Resources


class _Resource:
    def __init__(self, client: "Client") -> None:
        self._client = client


class ResetResource(_Resource):
    """``client.app.setup.recovery_key.reset``: create a new recovery key, then confirm it."""

    if TYPE_CHECKING:

        def create(self, *, existing_recovery_key: Optional[str] = None) -> ResetCreateResponse: ...
        def confirm(self, *, recovery_key: str) -> ResetConfirmResponse: ...


class RecoveryKeyResource(_Resource):
    """``client.app.setup.recovery_key``: unlock with the recovery key, or reset it."""

    def __init__(self, client: "Client") -> None:
        super().__init__(client)
        self.reset = ResetResource(client)

    if TYPE_CHECKING:

        def verify(self, *, recovery_key: str) -> RecoveryKeyVerifyResponse: ...


class QRResource(_Resource):
    """``client.app.setup.verifications.qr``."""

    if TYPE_CHECKING:

        def scan(self, *, data: str) -> QRScanResponse: ...
        def confirm_scanned(self, verification_id: str) -> QRConfirmScannedResponse: ...


class SASResource(_Resource):
    """``client.app.setup.verifications.sas``: emoji comparison."""

    if TYPE_CHECKING:

        def start(self, verification_id: str) -> SASStartResponse: ...
        def confirm(self, verification_id: str) -> SASConfirmResponse: ...


class VerificationsResource(_Resource):
    """``client.app.setup.verifications``: device verification transactions."""

    def __init__(self, client: "Client") -> None:
        super().__init__(client)
        self.qr = QRResource(client)
        self.sas = SASResource(client)

    if TYPE_CHECKING:

        def list(self) -> VerificationListResponse: ...
        def create(
            self,
            *,
            purpose: Optional[Union[Literal["login", "device"], str]] = None,
            user_id: Optional[str] = None,
        ) -> VerificationCreateResponse: ...
        def retrieve(self, verification_id: str) -> VerificationRetrieveResponse: ...
        def accept(self, verification_id: str) -> VerificationAcceptResponse: ...
        def cancel(
            self, verification_id: str, *, code: Optional[str] = None, reason: Optional[str] = None
        ) -> VerificationCancelResponse: ...


class SetupResource(_Resource):
    """``client.app.setup``: sign-in and encryption setup, plus the flow helpers."""

    def __init__(self, client: "Client") -> None:
        super().__init__(client)
        self.recovery_key = RecoveryKeyResource(client)
        self.verifications = VerificationsResource(client)

    if TYPE_CHECKING:

        def retrieve(self) -> Session: ...
        def start(self) -> SetupStartResponse: ...
        def email(self, *, email: str, setup_request_id: str) -> None: ...
        def response(self, *, response: str, setup_request_id: str) -> SetupResponseResponse: ...
        def register(
            self,
            *,
            accept_terms: Literal[True],
            lead_token: str,
            setup_request_id: str,
            username: str,
        ) -> SetupRegisterResponse: ...

    def next_step(self, session: Any) -> "NextStep":
        """What the app should do now, from a Session (or any result with a ``session``, or
        its ``to_dict()``). Pure: no I/O."""
        return next_step(session)

    def wait(
        self,
        *,
        until: Optional[Iterable[str]] = None,
        verification_states: Optional[Iterable[str]] = None,
        timeout: Optional[float] = None,
        interval: Optional[float] = None,
        while_state: Optional[str] = None,
        while_verification_state: Optional[str] = None,
    ) -> "Session":
        """Polls ``GET /v1/app/setup`` until the state is one of ``until`` (default
        ``["ready"]``), or the verification reaches one of ``verification_states``, or the state
        is no longer ``while_state`` (or the verification's state no longer
        ``while_verification_state``): "wait until something changes".

        ``timeout`` (seconds, default 300) ends it with :class:`APITimeoutError`;
        ``client.cancel()`` from another thread (or Ctrl-C in the main thread) ends it with
        :class:`CancelledError` without touching the remote verification. Returns the Session.
        """
        params: Dict[str, Any] = {}
        if until is not None:
            params["until"] = _str_list("until", until)
        if verification_states is not None:
            params["verificationStates"] = _str_list("verification_states", verification_states)
        if timeout is not None:
            params["timeoutMs"] = _seconds_to_ms("timeout", timeout)
        if interval is not None:
            params["intervalMs"] = _seconds_to_ms("interval", interval)
        if while_state is not None:
            params["whileState"] = _check_str("while_state", while_state)
        if while_verification_state is not None:
            params["whileVerificationState"] = _check_str(
                "while_verification_state", while_verification_state)
        body = encode_json(params) if params else None
        raw = self._client._call_interruptible(library().beeper_setup_wait, body)
        if raw.__class__ is not dict:
            _check_failed(raw)
        return _types.Session._wrap(raw)


class AppResource(_Resource):
    """``client.app``."""

    def __init__(self, client: "Client") -> None:
        super().__init__(client)
        self.setup = SetupResource(client)


_RESOURCE_BY_PATH: Dict[str, type] = {
    "": SetupResource,
    "recovery_key": RecoveryKeyResource,
    "recovery_key.reset": ResetResource,
    "verifications": VerificationsResource,
    "verifications.qr": QRResource,
    "verifications.sas": SASResource,
}


def _str_list(name: str, value: Any) -> List[str]:
    if isinstance(value, str):
        return [value]
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"{name} must be a list of str") from None
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} must be a list of str, got an item of {type(item).__name__}")
    return items


# The resource methods: one per table row, with a real signature (keyword-only arguments, as
# the official SDK's), made once at import from source text so that a call pays for no
# argument binding or table lookups. The C function pointers are bound on first use.

_ns: Dict[str, Any] = {}


def _closed() -> ClientClosedError:
    return ClientClosedError("this client is closed", kind="closed")


def _check_failed(raw: Any) -> Any:
    # A successful call whose result is not a JSON object: what _from_wire would say.
    raise TypeError(f"expected a JSON object, got {type(raw).__name__}")


def _id_arg(value: Any) -> bytes:
    return encode_str(_check_str("verification_id", value, empty_ok=False), "verification_id")


def _type_error(name: str, typename: str, value: Any) -> TypeError:
    return TypeError(f"{name} must be a {typename}, got {type(value).__name__}")


def _params(spec: Any, values: Any) -> Optional[bytes]:
    """The JSON body for keyword arguments ``values``: checked against ``spec`` (one
    ``(method, name, "\"wireKey\":", required, literal, type)`` per argument) and encoded."""
    parts = []
    for (method, name, key, required, literal, typ), value in zip(spec, values):
        if value is None:
            if required:
                raise TypeError(f"{method}() argument {name!r} must not be None")
            continue
        if literal is not None:
            if value is not literal:
                raise ValueError(f"{name} must be {literal!r}, got {value!r}")
            parts.append(key + _dumps(literal))
        elif typ is str:
            if not isinstance(value, str):
                raise _type_error(name, "str", value)
            parts.append(key + _enc_str(value))
        else:
            if not isinstance(value, typ) or isinstance(value, bool) != (typ is bool):
                raise _type_error(name, typ.__name__, value)
            parts.append(key + _dumps(value))
    if not parts:
        return None
    return encode_str("{" + ",".join(parts) + "}", "params")


def _method_source(i: int, op: Operation) -> str:
    """Source text of one method: the signature, then one call of the shared helpers."""
    args = ["self"]
    c_args = [f"_fn_{i}"]
    if op.has_id:
        args.append("verification_id")
        c_args.append("_id_arg(verification_id)")
    if op.params is not None:
        args.append("*")
        for p in op.params:
            args.append(p.name if p.required else f"{p.name}=None")
        values = "".join(f"{p.name}, " for p in op.params)
        c_args.append(f"_params(_spec_{i}, ({values}))")
    head = f"def _m{i}({', '.join(args)}):\n    client = self._client\n"
    call = f"client._native.call({', '.join(c_args)})"
    if op.result is None:
        return head + f"    {call}\n"
    wrap = "_wrap_union" if op.result == "SetupResponseResponse" else f"_wrap_{i}"
    body = (f"    raw = {call}\n"
            f"    result = {wrap}(raw) if raw.__class__ is dict else _check_failed(raw)\n")
    if op.result in ("SetupResponseResponse", "SetupRegisterResponse"):
        body += ("    if client._adopt and client._access_token is None and "
                 "isinstance(result, _adopt_types):\n"
                 "        client._access_token = result.matrix.access_token\n")
    return head + body + "    return result\n"


def _make_methods() -> None:
    ns = _ns
    ns.update(
        __name__=__name__, _id_arg=_id_arg, _params=_params,
        _check_failed=_check_failed, _wrap_union=_types._wrap_response_union,
        _adopt_types=(_types.Success, _types.SetupRegisterResponse),
    )
    sources = []
    for i, op in enumerate(OPERATIONS):
        if op.params is not None:
            ns[f"_spec_{i}"] = tuple(
                (op.method, p.name, _enc_str(p.wire) + ":", p.required, p.literal, p.type)
                for p in op.params
            )
        if op.result is not None and op.result != "SetupResponseResponse":
            ns[f"_wrap_{i}"] = getattr(_types, op.result)._wrap
        sources.append(_method_source(i, op))
    # One compilation for every method (the text is small; compiling it is most of the cost).
    scope: Dict[str, Any] = {}
    exec(compile("".join(sources), "<beeper_setup._client methods>", "exec"), ns, scope)
    for i, op in enumerate(OPERATIONS):
        method = scope[f"_m{i}"]
        owner = _RESOURCE_BY_PATH[op.path]
        qualname = f"{owner.__name__}.{op.method}"
        code = method.__code__
        if hasattr(code, "co_qualname"):  # 3.11+: tracebacks show the qualified name
            method.__code__ = code.replace(co_name=op.method, co_qualname=qualname)
        else:
            method.__code__ = code.replace(co_name=op.method)
        method.__name__ = op.method
        method.__qualname__ = qualname
        method.__doc__ = f"{op.doc}\n\nC function: ``{op.cfunc}``."
        setattr(owner, op.method, method)


def _bind(lib: Any) -> None:
    """Puts the C function of each operation where the methods find it."""
    if "_fn_0" not in _ns:
        # All at once (one dict update), so that a client made at the same time in another
        # thread never sees some of them only.
        _ns.update({f"_fn_{i}": getattr(lib, op.cfunc) for i, op in enumerate(OPERATIONS)})


_make_methods()


# ---------------------------------------------------------------------------------------------
# The client


class Client:
    """A client of the app-setup API, over the native library.

    Every argument is optional; what is not given comes from the environment as in the official
    SDK (``BEEPER_BASE_URL`` then ``BEEPER_DESKTOP_BASE_URL``, ``BEEPER_ACCESS_TOKEN``,
    ``BEEPER_CUSTOM_HEADERS``), else the defaults (``http://localhost:23373``, 30 s, 2 retries).
    ``timeout=None`` means no practical limit (a day, the library's longest).
    Unlike the official SDK, no access token is needed to sign in: after a successful
    ``response()`` or ``register()`` a client without a token adopts the returned one (unless
    ``adopt_access_token=False``).

    One client may be used from any number of threads at once. ``close()`` (or leaving a
    ``with`` block) cancels waits in progress, waits for calls in flight, then frees the native
    client; any later call raises :class:`ClientClosedError`.
    """

    app: AppResource

    def __init__(
        self,
        *,
        access_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[float, None, Any] = NOT_GIVEN,
        max_retries: Union[int, Any] = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        connect_timeout: Optional[float] = None,
        adopt_access_token: Optional[bool] = None,
        allow_insecure_http: Optional[bool] = None,
    ) -> None:
        self._native: Optional[NativeClient] = None
        config: Dict[str, Any] = {"userAgent": USER_AGENT}
        if access_token is not None:
            config["accessToken"] = _check_str("access_token", access_token)
        if base_url is not None:
            config["baseURL"] = _check_str("base_url", str(base_url) if not isinstance(
                base_url, (str, bytes)) and hasattr(base_url, "scheme") else base_url)
        if timeout is None:
            # As in the official SDK, None means no time limit: the library's longest, a day.
            config["timeoutMs"] = _NO_LIMIT_MS
        elif timeout is not NOT_GIVEN:
            config["timeoutMs"] = _seconds_to_ms("timeout", timeout)
        if connect_timeout is not None:
            config["connectTimeoutMs"] = _seconds_to_ms("connect_timeout", connect_timeout)
        if max_retries is not NOT_GIVEN:
            if isinstance(max_retries, bool) or not isinstance(max_retries, int):
                raise TypeError(f"max_retries must be an int, got {type(max_retries).__name__}")
            if max_retries < 0:
                raise ValueError(f"max_retries must not be negative, got {max_retries}")
            config["maxRetries"] = max_retries
        if default_headers is not None:
            if not isinstance(default_headers, Mapping):
                raise TypeError("default_headers must be a mapping of str to str")
            headers = {}
            for k, v in default_headers.items():
                headers[_check_str("header name", k)] = _check_str(f"header {k!r}", v)
            config["defaultHeaders"] = headers
        for name, key, value in (
            ("adopt_access_token", "adoptAccessToken", adopt_access_token),
            ("allow_insecure_http", "allowInsecureHttp", allow_insecure_http),
        ):
            if value is not None:
                if not isinstance(value, bool):
                    raise TypeError(f"{name} must be a bool")
                config[key] = value

        lib = library()
        handle = c_void_p()
        call_json(lib.beeper_client_new, encode_json(config, "config"), _byref(handle))
        _bind(lib)
        self._native = NativeClient(lib, handle.value)
        self._access_token = access_token if access_token is not None else (
            os.environ.get("BEEPER_ACCESS_TOKEN") or None)
        self._adopt = adopt_access_token is not False
        # The library applied the environment and its defaults; read back what it settled on.
        settings = self._native.call(lib.beeper_client_settings)
        self._base_url = settings["baseURL"]
        self.timeout: Optional[float] = settings["timeoutMs"] / 1000
        self.max_retries: int = settings["maxRetries"]
        self._default_headers = dict(default_headers or {})
        self.app = AppResource(self)

    # ---- attributes ----

    @property
    def base_url(self) -> str:
        """The base URL this client talks to."""
        return str(self._base_url)

    @property
    def access_token(self) -> Optional[str]:
        """The access token in use (given, from the env, or adopted after sign-in)."""
        return self._access_token

    @property
    def default_headers(self) -> Dict[str, str]:
        """The extra headers given to the constructor."""
        return dict(self._default_headers)

    @property
    def version(self) -> str:
        """The native library's version."""
        return library().beeper_version().decode()

    @property
    def is_closed(self) -> bool:
        native = self._native
        return native is None or native.closed

    def __repr__(self) -> str:
        state = "closed" if self.is_closed else "open"
        token = "set" if self._access_token else "none"
        return f"<beeper_setup.Client base_url={self.base_url!r} access_token=<{token}> {state}>"

    def set_access_token(self, token: Optional[str]) -> None:
        """Replaces the access token (``None`` removes it). Calls in flight keep theirs."""
        data = None if token is None else encode_str(_check_str("token", token), "token")
        self._call(library().beeper_client_set_access_token, data)
        self._access_token = token

    # ---- the native handle (its lifecycle lives in _ffi.NativeClient) ----

    def _call(self, fn: Callable[..., int], *args: Any) -> Any:
        native = self._native
        if native is None:
            raise _closed()
        return native.call(fn, *args)

    def _call_interruptible(self, fn: Callable[..., int], *args: Any) -> Any:
        """Like _call, but in the main thread a Ctrl-C cancels the blocking call (a wait)."""
        native = self._native
        if native is None:
            raise _closed()
        return native.call_interruptible(fn, *args)

    def _after(self, op: Operation, result: Any) -> None:
        if self._adopt and self._access_token is None and isinstance(
            result, (_types.Success, _types.SetupRegisterResponse)
        ):
            self._access_token = result.matrix.access_token

    def cancel(self) -> None:
        """Ends every ``wait`` in progress on this client with :class:`CancelledError`, and any
        call pausing before a retry. A request already sent is not interrupted. Nothing is
        cancelled on the server. A no-op on a closed client."""
        native = self._native
        if native is not None:
            native.cancel()

    def close(self) -> None:
        """Cancels waits in progress, waits for every call in flight, frees the native client.
        Idempotent; later calls raise :class:`ClientClosedError`. Returns promptly: calls in
        flight are plain requests (bounded by their timeout) or waits, which it cancels."""
        native = self._native
        if native is not None:
            native.close()

    def __enter__(self) -> "Client":
        if self.is_closed:
            raise ClientClosedError("this client is closed", kind="closed")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


BeeperDesktop = Client


def next_step(session: Any) -> "NextStep":
    """What the app should do now, from a Session (a result model, or its wire dict; any
    result with a ``session`` field works too). Pure: no I/O, never needs a client."""
    if isinstance(session, _types.BaseModel):
        data: Any = session.__dict__.get("_raw")  # only read, never kept: no copy needed
        if data is None:
            data = session.to_dict()
    elif isinstance(session, Mapping):
        data = dict(session)
    else:
        raise TypeError(f"next_step expects a Session or a dict, got {type(session).__name__}")
    lib = library()
    raw = call_json(lib.beeper_setup_next_step, encode_json(data, "session"))
    if raw.__class__ is not dict:
        _check_failed(raw)
    return _types.NextStep._wrap(raw)
