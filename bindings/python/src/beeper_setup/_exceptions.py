"""Exceptions, with the official SDK's names and hierarchy.

::

    BeeperDesktopError
    ├── APIError
    │   ├── APIStatusError                 (the server answered 4xx/5xx)
    │   │   ├── BadRequestError            400
    │   │   ├── AuthenticationError        401
    │   │   ├── PermissionDeniedError      403
    │   │   ├── NotFoundError              404
    │   │   ├── ConflictError              409
    │   │   ├── UnprocessableEntityError   422
    │   │   ├── RateLimitError             429
    │   │   └── InternalServerError        >= 500
    │   ├── APIConnectionError             (unreachable, connection broke)
    │   │   └── APITimeoutError            (a time limit passed)
    │   └── APIResponseValidationError     (2xx with a body of the wrong shape)
    ├── CancelledError                     (a wait ended by Client.cancel())
    ├── InvalidArgumentError               (also a ValueError: the library refused an argument)
    ├── ClientClosedError                  (also a RuntimeError: the client was closed)
    └── BeeperSetupInternalError           (a bug in the library; the process is unharmed)

Every exception raised from the library carries ``kind`` (the C ABI's error kind), ``message``,
``status_code``, ``code``, ``body`` and ``retries`` (``None`` where they do not apply).

The constructors also take the official SDK's arguments, so that tests written for it raise
these from their mocks: ``APIConnectionError(request=...)``, ``APITimeoutError(request)``,
``NotFoundError("...", response=..., body=...)`` (``status_code`` read from the response),
``APIResponseValidationError(response, body)``.
"""

from __future__ import annotations

from _collections_abc import Mapping  # (collections.abc without importing collections)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Type

__all__ = [
    "BeeperDesktopError",
    "APIError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "CancelledError",
    "InvalidArgumentError",
    "BeeperSetupInternalError",
    "ClientClosedError",
]


class BeeperDesktopError(Exception):
    """Base of every error this package raises on purpose."""

    kind: str = "internal"
    message: str
    status_code: Optional[int] = None
    code: Optional[str] = None
    body: Optional[object] = None
    retries: Optional[int] = None

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        status_code: Optional[int] = None,
        code: Optional[str] = None,
        body: Optional[object] = None,
        retries: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind
        if status_code is not None:
            self.status_code = status_code
        self.code = code
        self.body = body
        self.retries = retries

    def __repr__(self) -> str:
        parts = [repr(self.message), f"kind={self.kind!r}"]
        if self.status_code is not None:
            parts.append(f"status_code={self.status_code}")
        if self.code is not None:
            parts.append(f"code={self.code!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


class APIError(BeeperDesktopError):
    """An error talking to the API. ``request`` is ``None`` for errors the library raises
    (there is no httpx underneath), else what the constructor was given; ``response`` is the
    error answer on an :class:`APIStatusError`."""

    request: Any = None
    response: Any = None

    def __init__(self, message: str, request: Any = None, *, body: Optional[object] = None) -> None:
        super().__init__(message, body=body)
        self.request = request


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status.

    As in the official SDK, ``str(e)`` and ``e.message`` read ``Error code: 404 - {...}``:
    the status and the server's error body (values of secret fields shown as ``***``);
    ``e.body`` is that body as sent and ``e.response`` the answer, except that a secret the
    call sent (its token, the emailed code, a recovery key) that the server quoted back reads
    ``[redacted]`` in all of them."""

    kind = "api"
    status_code: int = 0

    def __init__(self, message: str, *, response: Any = None, body: Optional[object] = None) -> None:
        super().__init__(message, getattr(response, "request", None), body=body)
        self.response = response
        _take_status(self, response)


class BadRequestError(APIStatusError):
    """400: the request was refused as malformed (``body["details"]["issues"]`` says why)."""

    status_code = 400


class AuthenticationError(APIStatusError):
    """401: no access token, or one the server does not accept."""

    status_code = 401


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but may not do this."""

    status_code = 403


class NotFoundError(APIStatusError):
    """404: no such verification, setup request or path."""

    status_code = 404


class ConflictError(APIStatusError):
    """409: the request does not fit the current state (for example, already signed in)."""

    status_code = 409


class UnprocessableEntityError(APIStatusError):
    """422: the request was understood but cannot be carried out."""

    status_code = 422


class RateLimitError(APIStatusError):
    """429: too many requests; retried with the server's ``retry-after`` before it is raised."""

    status_code = 429


class InternalServerError(APIStatusError):
    """A 5xx answer: the server failed (retried before it is raised)."""


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke."""

    kind = "connection"

    def __init__(self, *, message: str = "Connection error.", request: Any = None) -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """A time limit passed (a request's timeout, or the deadline of ``wait``)."""

    kind = "timeout"

    def __init__(self, request: Any = None) -> None:
        super().__init__(message="Request timed out.", request=request)


class APIResponseValidationError(APIError):
    """The server answered 2xx with a body that is not the documented shape."""

    kind = "decode"

    def __init__(self, response: Any = None, body: Optional[object] = None, *,
                 message: Optional[str] = None) -> None:
        super().__init__(message or "Data returned by API invalid for expected schema.",
                         getattr(response, "request", None), body=body)
        self.response = response
        _take_status(self, response)


def _take_status(error: BeeperDesktopError, response: Any) -> None:
    """The status of the response an error was made with (an ``httpx.Response`` in a test's
    mock), as the official constructors read it."""
    status = getattr(response, "status_code", None)
    if isinstance(status, int):
        error.status_code = status


class CancelledError(BeeperDesktopError):
    """A ``wait`` was ended by ``Client.cancel()`` (or by closing the client)."""

    kind = "cancelled"


class InvalidArgumentError(BeeperDesktopError, ValueError):
    """The library refused an argument; nothing was sent."""

    kind = "invalid_argument"


class BeeperSetupInternalError(BeeperDesktopError):
    """A bug in the native library (for example a caught panic). The process is unharmed."""

    kind = "internal"


class ClientClosedError(BeeperDesktopError, RuntimeError):
    """The client was closed; make a new one."""

    kind = "closed"


_BY_STATUS: Dict[int, Type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

_BY_KIND: Dict[str, Type[BeeperDesktopError]] = {
    "invalid_argument": InvalidArgumentError,
    "connection": APIConnectionError,
    "timeout": APITimeoutError,
    "api": APIStatusError,
    "decode": APIResponseValidationError,
    "cancelled": CancelledError,
    "internal": BeeperSetupInternalError,
}

# The C ABI's status codes, for when the error object itself is unreadable.
_KIND_BY_STATUS_CODE = {
    1: "invalid_argument",
    2: "connection",
    3: "timeout",
    4: "api",
    5: "decode",
    6: "cancelled",
    7: "internal",
}


def _status_class(status: Optional[int]) -> Type[APIStatusError]:
    if status is None:
        return APIStatusError
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


def error_from_object(obj: Any, rc: int) -> BeeperDesktopError:
    """Builds the exception for a C ABI error object (already parsed) and status code ``rc``."""
    if not isinstance(obj, Mapping):
        obj = {}
    kind = obj.get("kind")
    if not isinstance(kind, str) or kind not in _BY_KIND:
        kind = _KIND_BY_STATUS_CODE.get(rc, "internal")
    message = obj.get("message")
    if not isinstance(message, str):
        message = f"beeper-setup error ({kind})"
    status = obj.get("status")
    status = status if isinstance(status, int) and not isinstance(status, bool) else None
    code = obj.get("code")
    code = code if isinstance(code, str) else None
    retries = obj.get("retries")
    retries = retries if isinstance(retries, int) and not isinstance(retries, bool) else None
    response = obj.get("response")
    if kind == "api" and status is not None:
        message = _status_message(status, response if isinstance(response, Mapping) else obj)
    cls: Type[BeeperDesktopError]
    cls = _status_class(status) if kind == "api" else _BY_KIND[kind]
    # Made through the base's initializer: the classes' own constructors take what the
    # official SDK's do (a request, a response), for tests that raise them from mocks.
    error = cls.__new__(cls)
    BeeperDesktopError.__init__(error, message, kind=kind, status_code=status, code=code,
                                body=obj.get("body"), retries=retries)
    if kind == "api" and isinstance(response, Mapping):
        from ._response import ErrorResponse

        error.response = ErrorResponse(response)
    return error


# Fields whose values are secrets wherever they appear in a body (compared in lower case).
_SECRET_FIELDS = frozenset(("accesstoken", "access_token", "recoverykey", "recovery_key",
                            "existingrecoverykey", "existing_recovery_key", "leadtoken",
                            "lead_token", "token", "authorization", "password"))



def _masked(value: Any) -> Any:
    """``value`` with the values of secret fields replaced by ``***``, at any depth."""
    if isinstance(value, Mapping):
        return {k: "***" if isinstance(k, str) and k.lower() in _SECRET_FIELDS and v is not None
                else _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _status_message(status: int, response: Mapping) -> str:
    """The official SDK's text for a status error: ``Error code: 404 - {body}``; the body's text
    alone when it is not JSON, or just the code when there is none."""
    body = response.get("body")
    if body is not None:
        return f"Error code: {status} - {_masked(body)}"
    text = response.get("text")
    if isinstance(text, str) and text.strip():
        return text.strip()
    return f"Error code: {status}"

