"""The clients (sync and async) and their resources.

Every resource method is written out below; each checks its arguments, then hands the
operation's name, the JSON body and the per-call options to its client, which runs it through
``beeper_client_call``. The same resource classes serve both clients: on :class:`AsyncClient`
a call returns an awaitable over the native call started without blocking
(``beeper_client_call_async``), which the library's own threads run.
"""

from __future__ import annotations

import os
import sys
from _collections_abc import Mapping
from ctypes import byref as _byref
from ctypes import c_void_p

from . import types as _types
from ._exceptions import ClientClosedError
from ._ffi import (
    OPERATIONS,
    NativeClient,
    Operation,
    call_json,
    cancel_call,
    encode_json,
    encode_str,
    free_call,
    library,
    parse_result,
)
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncStreamedCall,
    Headers,
    Request,
    StreamedCall,
)
from ._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterable, List, Literal, Optional, Tuple, Union

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

    HeaderMap = Optional[Mapping[str, Optional[str]]]
    Query = Optional[Mapping[str, Any]]
    Body = Optional[Mapping[str, Any]]

__all__ = [
    "Client",
    "BeeperDesktop",
    "AsyncClient",
    "AsyncBeeperDesktop",
    "DefaultHttpxClient",
    "DefaultAsyncHttpxClient",
    "DefaultAioHttpClient",
    "NOT_GIVEN",
    "next_step",
]

USER_AGENT = f"beeper-setup-python/{__version__}"


class _NotGiven:
    """Sentinel for "not passed": the native library then applies env and defaults."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()
not_given = NOT_GIVEN

_INF = float("inf")
_NO_LIMIT_MS = 24 * 3600 * 1000
_OPS: Dict[str, Operation] = {op.name: op for op in OPERATIONS}

# How a resource answers: the result, a raw response, or a raw response in a `with` block.
_PLAIN, _RAW, _STREAM = 0, 1, 2


def _seconds_to_ms(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if value != value or value in (_INF, -_INF) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    ms = value * 1000
    whole = int(ms)
    return max(1, whole if whole == ms else whole + 1)  # ceil, without importing math


def _timeout_ms(name: str, value: Any) -> int:
    """Milliseconds for a timeout given as seconds, ``None`` (no limit) or an object with a
    ``read`` time (``httpx.Timeout``)."""
    if value is None:
        return _NO_LIMIT_MS
    if hasattr(value, "read") and not isinstance(value, (int, float)):
        return _timeout_ms(name, value.read)
    return _seconds_to_ms(name, value)


def _check_str(name: str, value: Any, *, empty_ok: bool = True) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not empty_ok and not value:
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
    return value


def _is_omit(value: Any) -> bool:
    # The official SDK's `Omit` (and `omit`) in extra_headers removes a default header.
    return value is None or type(value).__name__ == "Omit"


def _params(method: str, fields: Tuple[Tuple[str, str, Any, bool], ...]) -> Optional[bytes]:
    """The JSON body of a call: one ``(argument name, wire key, value, required)`` per field;
    a ``None`` optional field is left out. Every value is a str except ``accept_terms``."""
    body: Dict[str, Any] = {}
    for name, wire, value, required in fields:
        if value is None:
            if required:
                raise TypeError(f"{method}() argument {name!r} must not be None")
            continue
        if name == "accept_terms":
            if value is not True:
                raise ValueError(f"accept_terms must be True, got {value!r}")
        elif not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}")
        body[wire] = value
    return encode_json(body) if body else None


def _id_arg(value: Any) -> str:
    return _check_str("verification_id", value, empty_ok=False)


def _call_options(client: "Client", mode: int, extra_headers: Any, extra_query: Any,
                  extra_body: Any, timeout: Any) -> Optional[Dict[str, Any]]:
    """The ``options_json`` object of one call (``None`` when there is nothing to say)."""
    options: Dict[str, Any] = {}
    if mode != _PLAIN:
        options["raw"] = True
    if not client._strict:
        options["validateResponse"] = False
    if timeout is not NOT_GIVEN:
        options["timeoutMs"] = _timeout_ms("timeout", timeout)
    if extra_headers:
        if not isinstance(extra_headers, Mapping):
            raise TypeError("extra_headers must be a mapping of str to str")
        options["extraHeaders"] = {
            _check_str("header name", k): None if _is_omit(v) else _check_str(f"header {k!r}", v)
            for k, v in extra_headers.items()
        }
    query = client._default_query
    if extra_query:
        if not isinstance(extra_query, Mapping):
            raise TypeError("extra_query must be a mapping")
        query = {**query, **extra_query}
    if query:
        options["extraQuery"] = {_check_str("query name", k): v for k, v in query.items()}
    if extra_body:
        if not isinstance(extra_body, Mapping):
            raise TypeError("extra_body must be a mapping")
        options["extraBody"] = dict(extra_body)
    return options or None


# ---------------------------------------------------------------------------------------------
# Resources


class _Resource:
    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        self._client = client
        self._mode = mode

    @property
    def with_raw_response(self) -> Any:
        """The same methods, answering an :class:`APIResponse` (``status_code``, ``headers``,
        ``json()``, ``parse()`` for the result)."""
        return type(self)(self._client, _RAW)

    @property
    def with_streaming_response(self) -> Any:
        """The same methods, answering a context manager around an :class:`APIResponse`."""
        return type(self)(self._client, _STREAM)

    def _call(self, name: str, verification_id: Optional[str], params: Optional[bytes],
              extra_headers: Any, extra_query: Any, extra_body: Any, timeout: Any) -> Any:
        client = self._client
        options = _call_options(client, self._mode, extra_headers, extra_query, extra_body,
                                timeout)
        return client._dispatch(self._mode, _OPS[name], verification_id, params, options)


class ResetResource(_Resource):
    """``client.app.setup.recovery_key.reset``: create a new recovery key, then confirm it."""

    def create(self, *, existing_recovery_key: Optional[str] = None,
               extra_headers: HeaderMap = None, extra_query: Query = None,
               extra_body: Body = None, timeout: Any = NOT_GIVEN) -> ResetCreateResponse:
        """POST .../recovery-key/reset: a new recovery key (show it once)."""
        params = _params("create", (
            ("existing_recovery_key", "existingRecoveryKey", existing_recovery_key, False),))
        return self._call("setup.recovery_key.reset.create", None, params,
                          extra_headers, extra_query, extra_body, timeout)

    def confirm(self, *, recovery_key: str, extra_headers: HeaderMap = None,
                extra_query: Query = None, extra_body: Body = None,
                timeout: Any = NOT_GIVEN) -> ResetConfirmResponse:
        """POST .../recovery-key/reset/confirm: confirms the new key was saved."""
        params = _params("confirm", (("recovery_key", "recoveryKey", recovery_key, True),))
        return self._call("setup.recovery_key.reset.confirm", None, params,
                          extra_headers, extra_query, extra_body, timeout)


class RecoveryKeyResource(_Resource):
    """``client.app.setup.recovery_key``: unlock with the recovery key, or reset it."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.reset = ResetResource(client, mode)

    def verify(self, *, recovery_key: str, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> RecoveryKeyVerifyResponse:
        """POST .../recovery-key: unlocks encryption with the recovery key."""
        params = _params("verify", (("recovery_key", "recoveryKey", recovery_key, True),))
        return self._call("setup.recovery_key.verify", None, params,
                          extra_headers, extra_query, extra_body, timeout)


class QRResource(_Resource):
    """``client.app.setup.verifications.qr``."""

    def scan(self, *, data: str, extra_headers: HeaderMap = None, extra_query: Query = None,
             extra_body: Body = None, timeout: Any = NOT_GIVEN) -> QRScanResponse:
        """POST .../verifications/qr/scan: the QR payload scanned from the other device."""
        params = _params("scan", (("data", "data", data, True),))
        return self._call("setup.verifications.qr.scan", None, params,
                          extra_headers, extra_query, extra_body, timeout)

    def confirm_scanned(self, verification_id: str, *, extra_headers: HeaderMap = None,
                        extra_query: Query = None, extra_body: Body = None,
                        timeout: Any = NOT_GIVEN) -> QRConfirmScannedResponse:
        """POST .../verifications/{id}/qr/confirm-scanned."""
        return self._call("setup.verifications.qr.confirm_scanned", _id_arg(verification_id),
                          None, extra_headers, extra_query, extra_body, timeout)


class SASResource(_Resource):
    """``client.app.setup.verifications.sas``: emoji comparison."""

    def start(self, verification_id: str, *, extra_headers: HeaderMap = None,
              extra_query: Query = None, extra_body: Body = None,
              timeout: Any = NOT_GIVEN) -> SASStartResponse:
        """POST .../verifications/{id}/sas/start."""
        return self._call("setup.verifications.sas.start", _id_arg(verification_id), None,
                          extra_headers, extra_query, extra_body, timeout)

    def confirm(self, verification_id: str, *, extra_headers: HeaderMap = None,
                extra_query: Query = None, extra_body: Body = None,
                timeout: Any = NOT_GIVEN) -> SASConfirmResponse:
        """POST .../verifications/{id}/sas/confirm."""
        return self._call("setup.verifications.sas.confirm", _id_arg(verification_id), None,
                          extra_headers, extra_query, extra_body, timeout)


class VerificationsResource(_Resource):
    """``client.app.setup.verifications``: device verification transactions."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.qr = QRResource(client, mode)
        self.sas = SASResource(client, mode)

    def list(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
             extra_body: Body = None, timeout: Any = NOT_GIVEN) -> VerificationListResponse:
        """GET .../verifications: every verification."""
        return self._call("setup.verifications.list", None, None,
                          extra_headers, extra_query, extra_body, timeout)

    def create(self, *, purpose: Optional[Union[Literal["login", "device"], str]] = None,
               user_id: Optional[str] = None, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> VerificationCreateResponse:
        """POST .../verifications: asks another device to verify this one."""
        params = _params("create", (("purpose", "purpose", purpose, False),
                                    ("user_id", "userID", user_id, False)))
        return self._call("setup.verifications.create", None, params,
                          extra_headers, extra_query, extra_body, timeout)

    def retrieve(self, verification_id: str, *, extra_headers: HeaderMap = None,
                 extra_query: Query = None, extra_body: Body = None,
                 timeout: Any = NOT_GIVEN) -> VerificationRetrieveResponse:
        """GET .../verifications/{id} ("active" names the one in progress)."""
        return self._call("setup.verifications.retrieve", _id_arg(verification_id), None,
                          extra_headers, extra_query, extra_body, timeout)

    def accept(self, verification_id: str, *, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> VerificationAcceptResponse:
        """POST .../verifications/{id}/accept."""
        return self._call("setup.verifications.accept", _id_arg(verification_id), None,
                          extra_headers, extra_query, extra_body, timeout)

    def cancel(self, verification_id: str, *, code: Optional[str] = None,
               reason: Optional[str] = None, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> VerificationCancelResponse:
        """POST .../verifications/{id}/cancel."""
        vid = _id_arg(verification_id)
        params = _params("cancel", (("code", "code", code, False),
                                    ("reason", "reason", reason, False)))
        return self._call("setup.verifications.cancel", vid, params,
                          extra_headers, extra_query, extra_body, timeout)


class SetupResource(_Resource):
    """``client.app.setup``: sign-in and encryption setup, plus the flow helpers."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.recovery_key = RecoveryKeyResource(client, mode)
        self.verifications = VerificationsResource(client, mode)

    def retrieve(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                 extra_body: Body = None, timeout: Any = NOT_GIVEN) -> Session:
        """GET /v1/app/setup: the current Session."""
        return self._call("setup.retrieve", None, None,
                          extra_headers, extra_query, extra_body, timeout)

    def start(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
              extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupStartResponse:
        """POST /v1/app/setup/start: a new setup request."""
        return self._call("setup.start", None, None,
                          extra_headers, extra_query, extra_body, timeout)

    def email(self, *, email: str, setup_request_id: str, extra_headers: HeaderMap = None,
              extra_query: Query = None, extra_body: Body = None,
              timeout: Any = NOT_GIVEN) -> None:
        """POST /v1/app/setup/email: emails a sign-in code. Returns None."""
        params = _params("email", (("email", "email", email, True),
                                   ("setup_request_id", "setupRequestID", setup_request_id, True)))
        return self._call("setup.email", None, params,  # type: ignore[no-any-return]
                          extra_headers, extra_query, extra_body, timeout)

    def response(self, *, response: str, setup_request_id: str, extra_headers: HeaderMap = None,
                 extra_query: Query = None, extra_body: Body = None,
                 timeout: Any = NOT_GIVEN) -> SetupResponseResponse:
        """POST /v1/app/setup/response: the emailed code; Success or RegistrationRequired."""
        params = _params("response", (
            ("response", "response", response, True),
            ("setup_request_id", "setupRequestID", setup_request_id, True)))
        return self._call("setup.response", None, params,
                          extra_headers, extra_query, extra_body, timeout)

    def register(self, *, accept_terms: Literal[True], lead_token: str, setup_request_id: str,
                 username: str, extra_headers: HeaderMap = None, extra_query: Query = None,
                 extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupRegisterResponse:
        """POST /v1/app/setup/register: creates the account."""
        params = _params("register", (
            ("accept_terms", "acceptTerms", accept_terms, True),
            ("lead_token", "leadToken", lead_token, True),
            ("setup_request_id", "setupRequestID", setup_request_id, True),
            ("username", "username", username, True)))
        return self._call("setup.register", None, params,
                          extra_headers, extra_query, extra_body, timeout)

    def next_step(self, session: Any) -> "NextStep":
        """What the app should do now, from a Session (or any result with a ``session``, or
        its ``to_dict()``). Pure: no I/O (not awaited, on the async client too)."""
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
        ``client.cancel()`` from another thread (or Ctrl-C in the main thread, or cancelling
        the awaiting task on the async client) ends it with :class:`CancelledError` without
        touching the remote verification. Returns the Session.
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
        return self._client._wait(encode_json(params) if params else None)  # type: ignore


class AppResource(_Resource):
    """``client.app``."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.setup = SetupResource(client, mode)


def _str_list(name: str, value: Any) -> List[str]:
    if isinstance(value, str):
        return [value]
    try:
        items = [*value]
    except TypeError:
        raise TypeError(f"{name} must be a list of str") from None
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} must be a list of str, got an item of {type(item).__name__}")
    return items


def _closed() -> ClientClosedError:
    return ClientClosedError("this client is closed", kind="closed")


def _check_failed(raw: Any) -> Any:
    # A successful call whose result is not a JSON object: what _from_wire would say.
    raise TypeError(f"expected a JSON object, got {type(raw).__name__}")


# ---------------------------------------------------------------------------------------------
# Transports: the official SDK's names for "the default HTTP client"


class _DefaultTransport:
    """The native library's own HTTP transport, under the official SDK's name for the default
    one. Options for another HTTP client are refused: this package has no httpx or aiohttp."""

    def __init__(self, **options: Any) -> None:
        if options:
            raise TypeError(
                f"{type(self).__name__}() takes no options here ({', '.join(sorted(options))} "
                "given): beeper_setup's HTTP transport is native, configure it through the "
                "client (timeout, max_retries, default_headers)")

    def close(self) -> None:
        """Nothing to close: the client owns its connections."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class DefaultHttpxClient(_DefaultTransport):
    """``http_client=DefaultHttpxClient()`` means the default transport (native here)."""


class DefaultAsyncHttpxClient(_DefaultTransport):
    """``http_client=DefaultAsyncHttpxClient()`` means the default transport (native here)."""


class DefaultAioHttpClient(_DefaultTransport):
    """``http_client=DefaultAioHttpClient()`` means the default transport (native here)."""


def _check_http_client(http_client: Any) -> None:
    if http_client is None or isinstance(http_client, _DefaultTransport):
        return
    raise TypeError(
        f"http_client={type(http_client).__name__}(...) cannot be used: beeper_setup makes its "
        "requests through its native library, not through httpx or aiohttp; pass None or "
        "DefaultHttpxClient()/DefaultAsyncHttpxClient()/DefaultAioHttpClient()")


def _platform_headers(async_: str) -> Dict[str, str]:
    # The platform headers the official SDK sends (the server sees the same kind of client).
    impl = sys.implementation
    return {
        "X-Stainless-Lang": "python",
        "X-Stainless-Package-Version": __version__,
        "X-Stainless-Runtime": "CPython" if impl.name == "cpython" else impl.name,
        "X-Stainless-Runtime-Version": ".".join(str(p) for p in sys.version_info[:3]),
        "X-Stainless-Async": async_,
    }


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
    ``adopt_access_token=False``). ``_strict_response_validation`` defaults to True (a 2xx body
    of the wrong shape raises :class:`APIResponseValidationError`); False returns it as sent.

    One client may be used from any number of threads at once. ``close()`` (or leaving a
    ``with`` block) cancels waits in progress, waits for calls in flight, then frees the native
    client; any later call raises :class:`ClientClosedError`.
    """

    app: AppResource
    _async_header = "false"

    def __init__(
        self,
        *,
        access_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[float, None, Any] = NOT_GIVEN,
        max_retries: Union[int, Any] = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Any = None,
        connect_timeout: Optional[float] = None,
        adopt_access_token: Optional[bool] = None,
        allow_insecure_http: Optional[bool] = None,
        ca_certificates_pem: Optional[str] = None,
        _strict_response_validation: bool = True,
    ) -> None:
        self._native: Optional[NativeClient] = None
        _check_http_client(http_client)
        self._init = dict(
            access_token=access_token, base_url=base_url, timeout=timeout,
            max_retries=max_retries, default_headers=default_headers,
            default_query=default_query, http_client=http_client,
            connect_timeout=connect_timeout, adopt_access_token=adopt_access_token,
            allow_insecure_http=allow_insecure_http, ca_certificates_pem=ca_certificates_pem,
            _strict_response_validation=_strict_response_validation)
        config: Dict[str, Any] = {"userAgent": USER_AGENT}
        if access_token is not None:
            config["accessToken"] = _check_str("access_token", access_token)
        if base_url is not None:
            config["baseURL"] = _check_str("base_url", str(base_url) if not isinstance(
                base_url, (str, bytes)) and hasattr(base_url, "scheme") else base_url)
        if timeout is not NOT_GIVEN:
            if hasattr(timeout, "connect") and timeout.connect is not None \
                    and connect_timeout is None:
                connect_timeout = timeout.connect
            config["timeoutMs"] = _timeout_ms("timeout", timeout)
        if ca_certificates_pem is not None:
            config["caCertificatesPem"] = _check_str("ca_certificates_pem", ca_certificates_pem)
        if connect_timeout is not None:
            config["connectTimeoutMs"] = _seconds_to_ms("connect_timeout", connect_timeout)
        if max_retries is not NOT_GIVEN:
            if isinstance(max_retries, bool) or not isinstance(max_retries, int):
                raise TypeError(f"max_retries must be an int, got {type(max_retries).__name__}")
            if max_retries < 0:
                raise ValueError(f"max_retries must not be negative, got {max_retries}")
            config["maxRetries"] = max_retries
        headers = _platform_headers(self._async_header)
        if default_headers is not None:
            if not isinstance(default_headers, Mapping):
                raise TypeError("default_headers must be a mapping of str to str")
            for k, v in default_headers.items():
                headers[_check_str("header name", k)] = _check_str(f"header {k!r}", v)
        config["defaultHeaders"] = headers
        if default_query is not None and not isinstance(default_query, Mapping):
            raise TypeError("default_query must be a mapping")
        self._default_query: Dict[str, Any] = dict(default_query or {})
        if not isinstance(_strict_response_validation, bool):
            raise TypeError("_strict_response_validation must be a bool")
        self._strict = _strict_response_validation
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
        self._native = NativeClient(lib, handle.value)
        self._call_fn = lib.beeper_client_call
        self._start_fn = lib.beeper_client_call_async
        self._access_token = access_token if access_token is not None else (
            os.environ.get("BEEPER_ACCESS_TOKEN") or None)
        self._adopt = adopt_access_token is not False
        # The library applied the environment and its defaults; read back what it settled on.
        settings = self._native.call(lib.beeper_client_settings)
        self._base_url = settings["baseURL"]
        self.timeout: Optional[float] = settings["timeoutMs"] / 1000
        self.max_retries: int = settings["maxRetries"]
        self._default_headers = dict(default_headers or {})
        self._sent_headers = headers  # what this package puts on every request
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
    def default_query(self) -> Dict[str, object]:
        """The query parameters added to every request."""
        return dict(self._default_query)

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
        return (f"<beeper_setup.{type(self).__name__} base_url={self.base_url!r} "
                f"access_token=<{token}> {state}>")

    def set_access_token(self, token: Optional[str]) -> None:
        """Replaces the access token (``None`` removes it). Calls in flight keep theirs."""
        data = None if token is None else encode_str(_check_str("token", token), "token")
        self._call(library().beeper_client_set_access_token, data)
        self._access_token = token

    def copy(
        self,
        *,
        access_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[float, None, Any] = NOT_GIVEN,
        http_client: Any = None,
        max_retries: Union[int, Any] = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        _extra_kwargs: Mapping[str, Any] = {},
    ) -> Any:
        """A new client with this one's options, some replaced (as the official SDK's):
        ``default_headers`` / ``default_query`` are merged into this client's,
        ``set_default_headers`` / ``set_default_query`` replace them."""
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("The `default_headers` and `set_default_headers` arguments are "
                             "mutually exclusive")
        if default_query is not None and set_default_query is not None:
            raise ValueError("The `default_query` and `set_default_query` arguments are "
                             "mutually exclusive")
        kw = dict(self._init)
        kw["access_token"] = access_token if access_token is not None else self._access_token
        if base_url is not None:
            kw["base_url"] = base_url
        if timeout is not NOT_GIVEN:
            kw["timeout"] = timeout
        if http_client is not None:
            kw["http_client"] = http_client
        if max_retries is not NOT_GIVEN:
            kw["max_retries"] = max_retries
        if set_default_headers is not None:
            kw["default_headers"] = dict(set_default_headers)
        elif default_headers is not None:
            kw["default_headers"] = {**self._default_headers, **default_headers}
        if set_default_query is not None:
            kw["default_query"] = dict(set_default_query)
        elif default_query is not None:
            kw["default_query"] = {**self._default_query, **default_query}
        kw.update(_extra_kwargs)
        return type(self)(**kw)

    with_options = copy

    # ---- calls ----

    def _invoke(self, op: Operation, verification_id: Optional[str], params: Optional[bytes],
                options: Optional[Dict[str, Any]]) -> Any:
        """Runs one operation through ``beeper_client_call``; the parsed answer."""
        native = self._native
        if native is None:
            raise _closed()
        vid = None if verification_id is None else encode_str(verification_id,
                                                              "verification_id")
        opts = None if options is None else encode_json(options, "options")
        return native.run(self._call_fn, self._start_fn, op.abi.encode(), vid, params, opts)

    def _result(self, op: Operation, body: Any) -> Any:
        """The model for an operation's answer body (``None`` for ``email``)."""
        if op.result is None:
            return None
        if body.__class__ is not dict:
            if self._strict:
                _check_failed(body)
            return body  # lenient: as sent
        if op.result == "SetupResponseResponse":
            result = _types._wrap_response_union(body)
        else:
            result = getattr(_types, op.result)._wrap(body)
        if self._adopt and self._access_token is None and isinstance(
                result, (_types.Success, _types.SetupRegisterResponse)):
            token = result.matrix.access_token if hasattr(result.matrix, "access_token") \
                else None
            if isinstance(token, str):
                self._access_token = token
        return result

    def _request_of(self, op: Operation, verification_id: Optional[str],
                    options: Optional[Dict[str, Any]]) -> Request:
        """What a raw response reports as its request: method, URL, the headers we set."""
        from urllib.parse import quote, urlencode

        method, path = op.http
        if verification_id is not None:
            path = path.replace("{id}", quote(verification_id, safe=""))
        url = self.base_url.rstrip("/") + path
        options = options or {}
        query = {k: v for k, v in (options.get("extraQuery") or {}).items() if v is not None}
        if query:
            url += "?" + urlencode({k: (str(v).lower() if isinstance(v, bool) else v)
                                    for k, v in query.items()})
        headers = dict(self._sent_headers)
        lower = {k.lower(): k for k in headers}
        for name, value in (options.get("extraHeaders") or {}).items():
            old = lower.pop(name.lower(), None)
            if old is not None:
                del headers[old]
            if value is not None:
                headers[name] = value
                lower[name.lower()] = name
        return Request(method, url, Headers(headers))

    def _raw_response(self, op: Operation, verification_id: Optional[str],
                      params: Optional[bytes], options: Optional[Dict[str, Any]],
                      cls: Any = APIResponse, closed: bool = True) -> Any:
        raw = self._invoke(op, verification_id, params, options)
        return self._wrap_raw(op, verification_id, options, raw, cls, closed)

    def _wrap_raw(self, op: Operation, verification_id: Optional[str],
                  options: Optional[Dict[str, Any]], raw: Any, cls: Any, closed: bool) -> Any:
        if raw.__class__ is not dict:
            _check_failed(raw)
        return cls(raw, self._request_of(op, verification_id, options),
                   lambda body: self._result(op, body), closed)

    def _dispatch(self, mode: int, op: Operation, verification_id: Optional[str],
                  params: Optional[bytes], options: Optional[Dict[str, Any]]) -> Any:
        if mode == _PLAIN:
            return self._result(op, self._invoke(op, verification_id, params, options))
        if mode == _RAW:
            return self._raw_response(op, verification_id, params, options)
        return StreamedCall(lambda: self._raw_response(
            op, verification_id, params, options, APIResponse, False))

    def _wait(self, params: Optional[bytes]) -> Any:
        lib = library()
        raw = self._run(lib.beeper_setup_wait, lib.beeper_setup_wait_async, params)
        return self._session(raw)

    @staticmethod
    def _session(raw: Any) -> Any:
        if raw.__class__ is not dict:
            _check_failed(raw)
        return _types.Session._wrap(raw)

    # ---- the native handle (its lifecycle lives in _ffi.NativeClient) ----

    def _call(self, fn: Callable[..., int], *args: Any) -> Any:
        native = self._native
        if native is None:
            raise _closed()
        return native.call(fn, *args)

    def _run(self, blocking: Callable[..., int], starting: Callable[..., int],
             *args: Any) -> Any:
        """Like _call, but in the main thread a Ctrl-C cancels the call at once."""
        native = self._native
        if native is None:
            raise _closed()
        return native.run(blocking, starting, *args)

    def cancel(self) -> None:
        """Ends every ``wait`` in progress on this client with :class:`CancelledError`, and any
        call pausing before a retry. A request a blocking call (of a thread other than the
        main one) has sent is not interrupted; any other call ends at once, and the server may
        still act on a request it had sent. Nothing is cancelled on the server. A no-op on a
        closed client."""
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


class AsyncClient(Client):
    """The async client: the same resources, each call awaited.

    A call is started without blocking in the library (no thread of Python's is used) and its
    completion resolves a future on the event loop. Cancelling the task that awaits a call
    cancels that call only, at any point: nothing is sent when it had not gone out, a retry
    pause or a wait ends at once, and a request in flight ends without its answer (the server
    may still act on it). ``next_step`` is pure and not awaited.
    """

    _async_header = "async:asyncio"

    async def _native_call(self, starting: Callable[..., int], *args: Any) -> Any:
        """The one way an async call reaches the library: starts it, awaits its completion,
        cancels it when the awaiting task is cancelled; the parsed answer."""
        import asyncio

        native = self._native
        if native is None:
            raise _closed()
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def on_done(status: int, raw: Optional[bytes]) -> None:
            # On a library thread; never an exception on the future, so a task cancelled
            # meanwhile leaves nothing unretrieved.
            loop.call_soon_threadsafe(_settle, future, (status, raw))

        call = c_void_p()
        try:
            native.start(starting, args, on_done, call)
            status, raw = await future
        except BaseException:
            cancel_call(call)
            raise
        finally:
            free_call(call)
        return parse_result(raw, status)

    async def _invoke_async(self, op: Operation, verification_id: Optional[str],
                            params: Optional[bytes], options: Optional[Dict[str, Any]]) -> Any:
        vid = None if verification_id is None else encode_str(verification_id,
                                                              "verification_id")
        opts = None if options is None else encode_json(options, "options")
        return await self._native_call(self._start_fn, op.abi.encode(), vid, params, opts)

    async def _result_async(self, op: Operation, verification_id: Optional[str],
                            params: Optional[bytes], options: Optional[Dict[str, Any]]) -> Any:
        return self._result(op, await self._invoke_async(op, verification_id, params, options))

    async def _raw_async(self, op: Operation, verification_id: Optional[str],
                         params: Optional[bytes], options: Optional[Dict[str, Any]],
                         closed: bool = True) -> Any:
        raw = await self._invoke_async(op, verification_id, params, options)
        return self._wrap_raw(op, verification_id, options, raw, AsyncAPIResponse, closed)

    def _dispatch(self, mode: int, op: Operation, verification_id: Optional[str],
                  params: Optional[bytes], options: Optional[Dict[str, Any]]) -> Any:
        if mode == _PLAIN:
            return self._result_async(op, verification_id, params, options)
        if mode == _RAW:
            return self._raw_async(op, verification_id, params, options)
        return AsyncStreamedCall(lambda: self._raw_async(
            op, verification_id, params, options, False))

    def _wait(self, params: Optional[bytes]) -> Any:
        async def run() -> Any:
            return self._session(
                await self._native_call(library().beeper_setup_wait_async, params))

        return run()

    async def close(self) -> None:  # type: ignore[override]
        """As :meth:`Client.close`; returns at once, the calls in flight ending cancelled."""
        native = self._native
        if native is not None:
            native.close()

    async def __aenter__(self) -> "AsyncClient":
        if self.is_closed:
            raise ClientClosedError("this client is closed", kind="closed")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    def __enter__(self) -> Any:
        raise TypeError("use `async with` with AsyncClient")


AsyncBeeperDesktop = AsyncClient


def _settle(future: Any, outcome: Any) -> None:
    if not future.done():
        future.set_result(outcome)


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

