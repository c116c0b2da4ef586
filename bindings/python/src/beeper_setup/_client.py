"""The clients (sync and async) and the sync resources.

Each operation's method is generated from the declaration (``_methods``, inherited by the
resources below); its resource's ``_call`` checks the arguments, then hands the operation, the
JSON body and the per-call options to its client, which runs it through
``beeper_client_call`` (in the main thread with an interrupt check, so that a Ctrl-C cancels
it at once). The async client has its own resource tree of ``async def`` methods
(``_async_resources``), whose every call goes through :meth:`AsyncClient._acall`: the native
call started without blocking (``beeper_client_call_start``), which the library's own threads
run, its completion taken on the awaiting event loop's thread (``_loops``).
"""

from __future__ import annotations

import sys
from _collections_abc import Mapping
from ctypes import byref as _byref
from ctypes import c_void_p

from . import types as _types
from ._arguments import (
    _OPS,
    _PLAIN,
    _RAW,
    _STREAM,
    NOT_GIVEN,
    _body,
    _call_options,
    _check_str,
    _options_of_call,
    _seconds_to_ms,
    _timeout_ms,
    _wait_params,
    _Watching,
)
from ._exceptions import (
    APIResponseValidationError,
    ClientClosedError,
)
from ._ffi import (
    NativeClient,
    call_json,
    encode_json,
    encode_str,
    library,
    parse_result,
)
from ._next_step import _check_failed, _next_step, next_step
from ._operations import Operation
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncStreamedCall,
    Headers,
    HTTPResponse,
    Request,
    StreamedCall,
)
from ._generic import Generic, RawView, StreamingView
from ._methods import (
    _QRMethods,
    _RecoveryKeyMethods,
    _ResetMethods,
    _SASMethods,
    _SetupMethods,
    _VerificationsMethods,
)
from ._version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterable, Iterator, Optional, Tuple, Union

    from .types import Change, NextStep, Session

    from typing import Type, TypedDict, TypeVar

    from ._async_resources import AsyncAppResource
    from ._views import (
        ResetResourceWithRawResponse,
        ResetResourceWithStreamingResponse,
        RecoveryKeyResourceWithRawResponse,
        RecoveryKeyResourceWithStreamingResponse,
        QRResourceWithRawResponse,
        QRResourceWithStreamingResponse,
        SASResourceWithRawResponse,
        SASResourceWithStreamingResponse,
        VerificationsResourceWithRawResponse,
        VerificationsResourceWithStreamingResponse,
        SetupResourceWithRawResponse,
        SetupResourceWithStreamingResponse,
        AppResourceWithRawResponse,
        AppResourceWithStreamingResponse,
    )

    HeaderMap = Optional[Mapping[str, Optional[str]]]
    Query = Optional[Mapping[str, Any]]
    Body = Optional[Mapping[str, Any]]

    _T = TypeVar("_T")
    _C = TypeVar("_C", bound="_BaseClient")

    class RequestOptions(TypedDict, total=False):
        """The official SDK's per-request options of ``get``/``post``/... (``options=``)."""

        headers: Mapping[str, Optional[str]]
        max_retries: int
        timeout: Optional[float]
        params: Mapping[str, object]
        extra_json: Mapping[str, object]
        idempotency_key: str
        follow_redirects: bool

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


_REQUEST_OPTION_KEYS = frozenset(("headers", "max_retries", "timeout", "params", "extra_json",
                                  "idempotency_key", "follow_redirects", "security"))


def _request_options(client: Any, options: Any) -> Dict[str, Any]:
    """The ``options_json`` of a custom request from the official ``RequestOptions``: always
    raw, so that any answer (JSON or text) can be cast."""
    if not isinstance(options, Mapping):
        raise TypeError("options must be a mapping (RequestOptions)")
    unknown = sorted(set(options) - _REQUEST_OPTION_KEYS)
    if unknown:
        raise TypeError(f"unknown request option(s): {', '.join(map(str, unknown))}")
    if options.get("follow_redirects"):
        raise ValueError("follow_redirects=True is not supported: a redirect is returned as "
                         "the answer, never followed with the token")
    call = _call_options(client, _RAW, options.get("headers"), options.get("params"),
                         options.get("extra_json"), options.get("timeout", NOT_GIVEN))
    assert call is not None  # raw is always set
    call.pop("validateResponse", None)  # nothing to check: the cast does it
    max_retries = options.get("max_retries")
    if max_retries is not None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int):
            raise TypeError(f"max_retries must be an int, got {type(max_retries).__name__}")
        call["maxRetries"] = max_retries
    return call


# ---------------------------------------------------------------------------------------------
# Resources


class _Resource(Generic[RawView, StreamingView]):
    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        self._client = client
        self._mode = mode

    @property
    def with_raw_response(self) -> RawView:
        """The same methods, answering an :class:`APIResponse` (``status_code``, ``headers``,
        ``json()``, ``parse()`` for the result)."""
        return type(self)(self._client, _RAW)  # type: ignore[return-value]

    @property
    def with_streaming_response(self) -> StreamingView:
        """The same methods, answering a context manager around an :class:`APIResponse`."""
        return type(self)(self._client, _STREAM)  # type: ignore[return-value]

    def _call(self, name: str, verification_id: Optional[str],
              values: Optional[Tuple[Any, ...]], extra_headers: Any, extra_query: Any,
              extra_body: Any, timeout: Any) -> Any:
        client = self._client
        params = _body(name, values)
        options = _options_of_call(client, self._mode, extra_headers, extra_query, extra_body,
                                   timeout)
        return client._dispatch(self._mode, _OPS[name], verification_id, params, options)


class ResetResource(_ResetMethods,
                    _Resource["ResetResourceWithRawResponse",
                              "ResetResourceWithStreamingResponse"]):
    """``client.app.setup.recovery_key.reset``: create a new recovery key, then confirm it."""


class RecoveryKeyResource(_RecoveryKeyMethods,
                          _Resource["RecoveryKeyResourceWithRawResponse",
                                    "RecoveryKeyResourceWithStreamingResponse"]):
    """``client.app.setup.recovery_key``: unlock with the recovery key, or reset it."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.reset = ResetResource(client, mode)


class QRResource(_QRMethods,
                 _Resource["QRResourceWithRawResponse",
                           "QRResourceWithStreamingResponse"]):
    """``client.app.setup.verifications.qr``."""


class SASResource(_SASMethods,
                  _Resource["SASResourceWithRawResponse",
                            "SASResourceWithStreamingResponse"]):
    """``client.app.setup.verifications.sas``: emoji comparison."""


class VerificationsResource(_VerificationsMethods,
                            _Resource["VerificationsResourceWithRawResponse",
                                      "VerificationsResourceWithStreamingResponse"]):
    """``client.app.setup.verifications``: device verification transactions."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.qr = QRResource(client, mode)
        self.sas = SASResource(client, mode)


class SetupResource(_SetupMethods,
                    _Resource["SetupResourceWithRawResponse",
                              "SetupResourceWithStreamingResponse"]):
    """``client.app.setup``: sign-in and encryption setup, plus the flow helpers."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.recovery_key = RecoveryKeyResource(client, mode)
        self.verifications = VerificationsResource(client, mode)

    def next_step(self, session: Any, *, language: Optional[str] = None,
                  cancelled_here: Optional[Iterable[str]] = None) -> "NextStep":
        """What the app should do now, from a Session (or any result with a ``session``, or
        its ``to_dict()``). No I/O (not awaited, on the async client too). The verifications
        this client cancelled (and those in ``cancelled_here``) end as ``cancelled-here``;
        ``language`` names the emojis (see :func:`beeper_setup.next_step`)."""
        return _next_step(self._client._native, session, language, cancelled_here)

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
        """Polls ``setup.retrieve`` until the state is one of ``until`` (default
        ``["ready"]``), or the verification reaches one of ``verification_states``, or the state
        is no longer ``while_state`` (or the verification's state no longer
        ``while_verification_state``): "wait until something changes".

        ``timeout`` (seconds, default 300) ends it with :class:`APITimeoutError`;
        ``client.cancel()`` from another thread (or Ctrl-C in the main thread, or cancelling
        the awaiting task on the async client) ends it with :class:`CancelledError` without
        touching the remote verification. Returns the Session.
        """
        return self._client._wait(_wait_params(  # type: ignore[no-any-return]
            until, verification_states, timeout, interval, while_state,
            while_verification_state))

    def watch(self, *, timeout: Optional[float] = None, interval: Optional[float] = None,
              after: Any = None) -> "Iterator[Change]":
        """The changes of the setup session, each once, in order: the session as it is now
        first (or, with ``after``, a Change or Session, the first change after it), then each
        change of its state or of the verification's (appearing, changing, ending), as a
        :class:`~beeper_setup.types.Change` (``sequence``, ``session``, ``next_step``). It ends
        after the change where setup is done (``change.is_done``); ``timeout`` (seconds,
        default none) ends it with :class:`APITimeoutError`, ``client.cancel()`` (or Ctrl-C in
        the main thread) with :class:`CancelledError`. It polls no faster than ``interval``
        (seconds, default 0.5), rides out Beeper restarting, and shares the client's polls
        with its other watches. Leaving the loop early is fine."""
        watching = _Watching(timeout, interval, after)
        client = self._client

        def changes() -> "Iterator[Change]":
            while True:
                change = client._next_change(watching.params())
                yield change
                if change.is_done:
                    return
                watching.saw(change)

        return changes()

    def next_change(self, after: Any = None, *, timeout: Optional[float] = None,
                    interval: Optional[float] = None) -> "Change":
        """The first change after ``after`` (a Change or Session; without it, the session as
        it is now): one step of :meth:`watch`."""
        return self._client._next_change(_Watching(timeout, interval, after).params())


class AppResource(_Resource["AppResourceWithRawResponse",
                            "AppResourceWithStreamingResponse"]):
    """``client.app``."""

    def __init__(self, client: "Client", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.setup = SetupResource(client, mode)


def _default_call_options(client: "_BaseClient") -> Tuple[Tuple[Any, ...], Dict[int, bytes]]:
    """The options of every call given no per-call ones, per mode, and their JSON keyed by the
    options' id: the same for each such call of this client (its strictness and default query
    never change). A default query that cannot be sent leaves ``NOT_GIVEN`` for every mode, so
    that each call reports it, as before."""
    options: Tuple[Any, ...] = ()
    encoded: Dict[int, bytes] = {}
    try:
        for mode in (_PLAIN, _RAW, _STREAM):
            built = _call_options(client, mode, None, None, None, NOT_GIVEN)
            if built is not None:
                encoded[id(built)] = encode_json(built, "options")
            options += (built,)
    except (TypeError, ValueError):
        return (NOT_GIVEN, NOT_GIVEN, NOT_GIVEN), {}
    return options, encoded


def _closed() -> ClientClosedError:
    return ClientClosedError("this client is closed", kind="closed")


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


class _BaseClient:
    """What :class:`Client` and :class:`AsyncClient` share: construction (the arguments are
    described on :class:`Client`), the native handle, the options, and how a call's answer
    becomes its result."""

    _async_header = "false"

    def __init__(
        self,
        *,
        access_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[float, None, Any] = NOT_GIVEN,
        max_retries: int = NOT_GIVEN,
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
        self._default_options, self._default_options_json = _default_call_options(self)
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
        self._start_fn = lib._beeper_held.beeper_client_call_start  # type: ignore[attr-defined]
        # The last token read from the library, for a closed client (the library decides
        # which token the client holds, adopted ones included; see `access_token`).
        self._access_token: Optional[str] = None
        # The library applied the environment and its defaults; read back what it settled on.
        settings = self._native.call(lib.beeper_client_settings)
        self._base_url = settings["baseURL"]
        self.timeout: Optional[float] = settings["timeoutMs"] / 1000
        self.max_retries: int = settings["maxRetries"]
        self._default_headers = dict(default_headers or {})
        self._sent_headers = headers  # what this package puts on every request
        self._init_resources()

    def _init_resources(self) -> None:
        raise NotImplementedError

    # ---- attributes ----

    @property
    def base_url(self) -> str:
        """The base URL this client talks to."""
        return str(self._base_url)

    @property
    def access_token(self) -> Optional[str]:
        """The access token in use: given, from ``BEEPER_ACCESS_TOKEN``, set with
        :meth:`set_access_token`, or adopted after a sign-in (a raw or streaming one too).
        Read from the native client, which alone decides; the last one known once closed."""
        native = self._native
        if native is not None and not native.closed:
            try:
                token = native.call(library().beeper_client_access_token)
            except ClientClosedError:
                pass
            else:
                self._access_token = token if isinstance(token, str) else None
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

    def is_closed(self) -> bool:
        """Whether :meth:`close` has been called (a method, as in the official SDK)."""
        native = self._native
        return native is None or native.closed

    def __repr__(self) -> str:
        state = "closed" if self.is_closed() else "open"
        token = "set" if self.access_token else "none"
        return (f"<beeper_setup.{type(self).__name__} base_url={self.base_url!r} "
                f"access_token=<{token}> {state}>")

    def set_access_token(self, token: Optional[str]) -> None:
        """Replaces the access token (``None`` removes it). Calls in flight keep theirs."""
        data = None if token is None else encode_str(_check_str("token", token), "token")
        self._call(library().beeper_client_set_access_token, data)
        self._access_token = token

    def copy(
        self: _C,
        *,
        access_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[float, None, Any] = NOT_GIVEN,
        http_client: Any = None,
        max_retries: int = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        _extra_kwargs: Mapping[str, Any] = {},
    ) -> _C:
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
        kw["access_token"] = access_token if access_token is not None else self.access_token
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

    def _call_args(self, op: Operation, verification_id: Optional[str],
                   params: Optional[bytes], options: Optional[Dict[str, Any]]) -> Tuple[Any, ...]:
        """The native arguments (after the handle) of one operation, for ``beeper_client_call``
        and ``beeper_client_call_start`` alike."""
        vid = None if verification_id is None else encode_str(verification_id,
                                                              "verification_id")
        if options is None:
            opts = None
        else:
            opts = self._default_options_json.get(id(options))
            if opts is None:
                opts = encode_json(options, "options")
        return (op.abi, vid, params, opts)

    def _invoke(self, op: Operation, verification_id: Optional[str], params: Optional[bytes],
                options: Optional[Dict[str, Any]], text_ok: bool = False) -> Any:
        """Runs one operation through ``beeper_client_call``; the parsed answer (``text_ok``: a
        JSON object unparsed, for :meth:`_result`)."""
        args = self._call_args(op, verification_id, params, options)
        native = self._native
        if native is None:
            raise _closed()
        return native.call(self._call_fn, *args, text_ok=text_ok)

    def _result(self, op: Operation, body: Any) -> Any:
        """The model for an operation's answer body (``None`` for ``email``): the parsed JSON,
        or a JSON object as the library wrote it (bytes), which the model parses when read."""
        if op.result is None:
            return None
        if body.__class__ is bytes:
            if op.result != "SetupResponseResponse":
                return getattr(_types, op.result)._wrap_text(body)
            body = parse_result(body, 0)  # its class depends on what it holds
        if body.__class__ is not dict:
            if self._strict:
                _check_failed(body)
            return body  # lenient: as sent
        # The token a sign-in returns is adopted by the library itself (see `access_token`).
        if op.result == "SetupResponseResponse":
            return _types._wrap_response_union(body)
        return getattr(_types, op.result)._wrap(body)

    def _request_of(self, raw: Dict[str, Any], options: Optional[Dict[str, Any]]) -> Request:
        """What a raw response reports as its request: the method and URL as the library sent
        them (its answer's ``request``, encoded as on the wire), and the headers we set."""
        sent = raw.get("request")
        if sent.__class__ is not dict:
            sent = {}
        headers = dict(self._sent_headers)
        lower = {k.lower(): k for k in headers}
        for name, value in ((options or {}).get("extraHeaders") or {}).items():
            old = lower.pop(name.lower(), None)
            if old is not None:
                del headers[old]
            if value is not None:
                headers[name] = value
                lower[name.lower()] = name
        return Request(str(sent.get("method", "")), str(sent.get("url", "")), Headers(headers))

    def _raw_response(self, op: Operation, verification_id: Optional[str],
                      params: Optional[bytes], options: Optional[Dict[str, Any]],
                      cls: Any = APIResponse, closed: bool = True) -> Any:
        raw = self._invoke(op, verification_id, params, options)
        return self._wrap_raw(op, options, raw, cls, closed)

    def _wrap_raw(self, op: Operation, options: Optional[Dict[str, Any]], raw: Any, cls: Any,
                  closed: bool) -> Any:
        """The response object of a raw answer (``{status, headers, request, body}``)."""
        if raw.__class__ is not dict:
            _check_failed(raw)
        return cls(raw, self._request_of(raw, options), lambda body: self._result(op, body),
                   closed)

    # ---- custom requests (get, post, patch, put, delete) ----

    def _custom_request(self, method: str, path: Any, cast_to: Any, body: Any, options: Any,
                        content: Any, files: Any, stream: Any) -> Any:
        """Runs a custom request through ``beeper_client_request`` (the library's pipeline and
        guards) and casts its answer as the official SDK does."""
        args, call_options = self._custom_args(method, path, body, options, content, files,
                                               stream)
        raw = self._call(library().beeper_client_request, *args)
        return self._custom_result(cast_to, call_options, raw)

    def _custom_args(self, method: str, path: Any, body: Any, options: Any, content: Any,
                     files: Any, stream: Any) -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
        """A custom request checked: its native arguments (after the handle: the method, the
        path, the body and the options, for ``beeper_client_request`` and
        ``beeper_client_request_start`` alike), and its call options."""
        if stream:
            raise TypeError("stream=True is not supported: the answers are read in full")
        if content is not None or files is not None:
            raise TypeError("content= and files= are not supported: the body is JSON (body=)")
        if isinstance(path, str) and path and not path.startswith(("/", "?")) \
                and "://" not in path:
            path = "/" + path  # as httpx joins a relative path onto the base URL
        path_arg = encode_str(_check_str("path", path), "path")
        body_arg = None if body is None else encode_json(body, "body")
        call_options = _request_options(self, options)
        args = (method.encode(), path_arg, body_arg, encode_json(call_options, "options"))
        return args, call_options

    def _custom_result(self, cast_to: Any, call_options: Dict[str, Any], raw: Any) -> Any:
        if raw.__class__ is not dict:
            _check_failed(raw)
        return self._cast(cast_to, APIResponse(raw, self._request_of(raw, call_options),
                                               lambda b: b))

    def _cast(self, cast_to: Any, response: APIResponse) -> Any:
        """The answer as ``cast_to``: ``None``, ``str``, ``bytes``, a number, ``object`` / ``dict``
        / ``list`` (the JSON), a model of :mod:`beeper_setup.types` (checked unless
        ``_strict_response_validation=False``), or any class with ``model_validate``."""
        if cast_to is None or cast_to is type(None):
            return None
        if cast_to is str:
            return response.text()
        if cast_to is bytes:
            return response.read()
        if cast_to in (int, float):
            return cast_to(response.text())
        if cast_to is bool:
            return response.text().strip().lower() == "true"
        if cast_to is APIResponse:
            return response
        if getattr(cast_to, "__name__", None) == "Response" and str(
                getattr(cast_to, "__module__", "")).startswith("httpx"):
            # The official README's `cast_to=httpx.Response`: the answer itself, without httpx.
            return HTTPResponse({"status": response.status_code, "headers": response.headers,
                                 "body": response._body, "text": response._text},
                                response.http_request)
        if response._body is None and response._text is not None:
            return response.text()  # not JSON: its text, whatever was asked for
        data = response.json()
        if cast_to is _types.SetupResponseResponse:
            return self._validated(data, _types._wrap_response_union)
        if isinstance(cast_to, type) and issubclass(cast_to, _types.BaseModel):
            wrap = cast_to.model_validate if self._strict else cast_to._wrap
            return self._validated(data, wrap)
        origin = getattr(cast_to, "__origin__", None)
        if cast_to in (object, dict, list) or origin is not None or repr(cast_to) == "typing.Any":
            return data
        if hasattr(cast_to, "model_validate"):
            return cast_to.model_validate(data)
        raise TypeError(f"cast_to={cast_to!r} is not supported: use a model of beeper_setup."
                        "types, object, dict, str, bytes or None")

    def _validated(self, data: Any, wrap: Callable[[Any], Any]) -> Any:
        if data.__class__ is not dict:
            if self._strict:
                raise APIResponseValidationError(
                    message="Data returned by API invalid for expected schema: a JSON object "
                    f"was expected, got {type(data).__name__}")
            return data
        try:
            return wrap(data)
        except (TypeError, ValueError) as e:
            raise APIResponseValidationError(
                message=f"Data returned by API invalid for expected schema: {e}") from None

    # ---- the native handle (its lifecycle lives in _ffi.NativeClient) ----

    def _call(self, fn: Callable[..., int], *args: Any) -> Any:
        native = self._native
        if native is None:
            raise _closed()
        return native.call(fn, *args)

    def cancel(self) -> None:
        """Ends every ``wait`` in progress on this client with :class:`CancelledError`, and any
        call pausing before a retry. A request already sent is not interrupted. Nothing is
        cancelled on the server. A no-op on a closed client."""
        native = self._native
        if native is not None:
            native.cancel()


class Client(_BaseClient):
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

    def _init_resources(self) -> None:
        self.app = AppResource(self)

    def _dispatch(self, mode: int, op: Operation, verification_id: Optional[str],
                  params: Optional[bytes], options: Optional[Dict[str, Any]]) -> Any:
        if mode == _PLAIN:
            return self._result(op, self._invoke(op, verification_id, params, options, True))
        if mode == _RAW:
            return self._raw_response(op, verification_id, params, options)
        return StreamedCall(lambda: self._raw_response(
            op, verification_id, params, options, APIResponse, False))

    def _wait(self, params: Optional[bytes]) -> Any:
        lib = library()
        raw = self._call(lib.beeper_setup_wait, params)
        if raw.__class__ is not dict:
            _check_failed(raw)
        return _types.Session._wrap(raw)

    def _next_change(self, params: bytes) -> "Change":
        raw = self._call(library().beeper_setup_next_change, params)
        if raw.__class__ is not dict:
            _check_failed(raw)
        return _types.Change._wrap(raw)

    # ---- custom requests, as the official client's ----

    def get(self, path: str, *, cast_to: Type[_T], options: RequestOptions = {},
            stream: bool = False, stream_cls: Any = None) -> _T:
        """GET ``path`` (relative to the base URL) through the library's pipeline, the answer
        cast to ``cast_to``. ``options``: ``headers``, ``params`` (query), ``timeout``,
        ``max_retries``, ``extra_json``. The token goes along when the client has one."""
        return self._custom_request(  # type: ignore[no-any-return]
            "GET", path, cast_to, None, options, None, None, stream)

    def post(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
             content: Any = None, options: RequestOptions = {}, files: Any = None,
             stream: bool = False, stream_cls: Any = None) -> _T:
        """POST ``path`` with ``body`` (JSON) through the library's pipeline; as :meth:`get`."""
        return self._custom_request(  # type: ignore[no-any-return]
            "POST", path, cast_to, body, options, content, files, stream)

    def patch(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
              content: Any = None, files: Any = None, options: RequestOptions = {}) -> _T:
        """PATCH ``path`` with ``body`` (JSON); as :meth:`get`."""
        return self._custom_request(  # type: ignore[no-any-return]
            "PATCH", path, cast_to, body, options, content, files, False)

    def put(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
            content: Any = None, files: Any = None, options: RequestOptions = {}) -> _T:
        """PUT ``path`` with ``body`` (JSON); as :meth:`get`."""
        return self._custom_request(  # type: ignore[no-any-return]
            "PUT", path, cast_to, body, options, content, files, False)

    def delete(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
               content: Any = None, options: RequestOptions = {}) -> _T:
        """DELETE ``path`` (with ``body``, JSON, if given); as :meth:`get`."""
        return self._custom_request(  # type: ignore[no-any-return]
            "DELETE", path, cast_to, body, options, content, None, False)

    def close(self) -> None:
        """Cancels waits in progress, waits for every call in flight, frees the native client.
        Idempotent; later calls raise :class:`ClientClosedError`. Returns promptly: calls in
        flight are plain requests (bounded by their timeout) or waits, which it cancels."""
        native = self._native
        if native is not None:
            self.access_token  # noqa: B018 - kept for reading after close
            native.close()

    def __enter__(self) -> "Client":
        if self.is_closed():
            raise ClientClosedError("this client is closed", kind="closed")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


BeeperDesktop = Client


class AsyncClient(_BaseClient):
    """The async client: the same options and resources as :class:`Client`, each call an
    ``async def`` to await.

    Every call goes through :meth:`_acall`, which starts the one native call it makes in the
    library without blocking (no thread of Python's is used) and awaits its completion, which
    the event loop takes on its own thread; checking the arguments before it and building the
    result after it happen on the loop. It runs under asyncio and trio, and so under anyio on
    either backend. Cancelling the task that awaits a call cancels that call
    only, at any point: nothing is sent when it had not gone out, a retry pause or a wait ends at
    once, and a request in flight ends without its answer (the server may still act on it).
    ``next_step`` is pure and not awaited.
    """

    app: AsyncAppResource
    _async_header = "async:asyncio"
    #: The module that runs calls on the event loop, imported by the first call (it imports
    #: asyncio, which a program making a client only should not pay for).
    _loops: Any = None

    def _init_resources(self) -> None:
        # Imported here, not at the top, so that a program using only the sync client does not
        # build the async tree when it imports the package (about 2 ms of its start).
        from ._async_resources import AsyncAppResource

        self.app = AsyncAppResource(self)

    async def _acall(self, starting: Callable[..., int], *args: Any,
                     text_ok: bool = False) -> Any:
        """The one way an async call reaches the library: ``starting(handle, *args, queue, key,
        &call, &out)`` starts it into the running loop's completion queue, its completion is
        awaited, and a cancelled task cancels it; the parsed answer (``text_ok``: as
        ``parse_result``), or its exception. Under asyncio or trio (anyio on either)."""
        native = self._native
        if native is None:
            raise _closed()
        status, raw = await (AsyncClient._loops or _import_loops()).current_queue().complete(
            native, starting, args)
        return parse_result(raw, status, text_ok)

    async def _arun(self, mode: int, op: Operation, verification_id: Optional[str],
                    params: Optional[bytes], options: Optional[Dict[str, Any]]) -> Any:
        """One operation in ``mode``: the result, or an :class:`AsyncAPIResponse` (open until
        its ``async with`` block ends when streaming)."""
        args = self._call_args(op, verification_id, params, options)
        raw = await self._acall(self._start_fn, *args, text_ok=mode == _PLAIN)
        if mode == _PLAIN:
            return self._result(op, raw)
        return self._wrap_raw(op, options, raw, AsyncAPIResponse, mode == _RAW)

    async def _await_wait(self, params: Optional[bytes]) -> Any:
        # Off the loop the call is not interruptible by signals; task cancellation is.
        start = library()._beeper_held.beeper_setup_wait_start  # type: ignore[attr-defined]
        raw = await self._acall(start, params)
        if raw.__class__ is not dict:
            _check_failed(raw)
        return _types.Session._wrap(raw)

    async def _await_next_change(self, params: bytes) -> "Change":
        start = library()._beeper_held.beeper_setup_next_change_start  # type: ignore[attr-defined]
        raw = await self._acall(start, params)
        if raw.__class__ is not dict:
            _check_failed(raw)
        return _types.Change._wrap(raw)

    async def _custom(self, method: str, path: Any, cast_to: Any, body: Any, options: Any,
                      content: Any, files: Any, stream: Any) -> Any:
        args, call_options = self._custom_args(method, path, body, options, content, files,
                                               stream)
        start = library()._beeper_held.beeper_client_request_start  # type: ignore[attr-defined]
        raw = await self._acall(start, *args)
        return self._custom_result(cast_to, call_options, raw)

    # ---- custom requests, as the official async client's ----

    async def get(self, path: str, *, cast_to: Type[_T], options: RequestOptions = {},
                  stream: bool = False, stream_cls: Any = None) -> _T:
        """As :meth:`Client.get`, awaited."""
        return await self._custom(  # type: ignore[no-any-return]
            "GET", path, cast_to, None, options, None, None, stream)

    async def post(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
                   content: Any = None, options: RequestOptions = {}, files: Any = None,
                   stream: bool = False, stream_cls: Any = None) -> _T:
        """As :meth:`Client.post`, awaited."""
        return await self._custom(  # type: ignore[no-any-return]
            "POST", path, cast_to, body, options, content, files, stream)

    async def patch(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
                    content: Any = None, files: Any = None,
                    options: RequestOptions = {}) -> _T:
        """As :meth:`Client.patch`, awaited."""
        return await self._custom(  # type: ignore[no-any-return]
            "PATCH", path, cast_to, body, options, content, files, False)

    async def put(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
                  content: Any = None, files: Any = None, options: RequestOptions = {}) -> _T:
        """As :meth:`Client.put`, awaited."""
        return await self._custom(  # type: ignore[no-any-return]
            "PUT", path, cast_to, body, options, content, files, False)

    async def delete(self, path: str, *, cast_to: Type[_T], body: Optional[Body] = None,
                     content: Any = None, options: RequestOptions = {}) -> _T:
        """As :meth:`Client.delete`, awaited."""
        return await self._custom(  # type: ignore[no-any-return]
            "DELETE", path, cast_to, body, options, content, None, False)

    async def close(self) -> None:
        """As :meth:`Client.close`; returns at once, the calls in flight ending cancelled."""
        native = self._native
        if native is not None:
            self.access_token  # noqa: B018 - kept for reading after close
            native.close()

    async def __aenter__(self) -> "AsyncClient":
        if self.is_closed():
            raise ClientClosedError("this client is closed", kind="closed")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    def __enter__(self) -> Any:
        raise TypeError("use `async with` with AsyncClient")


AsyncBeeperDesktop = AsyncClient


def _import_loops() -> Any:
    from . import _loops

    AsyncClient._loops = _loops
    return _loops
