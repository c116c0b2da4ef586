"""Raw responses: what ``with_raw_response`` and ``with_streaming_response`` return.

The native library reads the whole body before it answers, so a "streaming" response is the
same object as a raw one, open until its ``with`` block ends. The attributes are the official
SDK's: ``status_code``, ``headers``, ``http_request``, ``url``, ``method``, ``is_closed``,
``read()``, ``text()``, ``json()``, ``parse()``, ``close()``.
"""

from __future__ import annotations

from _collections_abc import Mapping

from ._generic import Generic, R
from ._json import dumps, loads

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import (
        Any,
        AsyncContextManager,
        Awaitable,
        Callable,
        ContextManager,
        Dict,
        Iterator,
        Optional,
        Tuple,
        Type,
        TypeVar,
        overload,
    )

    from typing_extensions import ParamSpec  # the checkers' own stubs: never imported at run time

    _T = TypeVar("_T")
    _P = ParamSpec("_P")

__all__ = ["Headers", "Request", "APIResponse", "AsyncAPIResponse", "HTTPResponse", "ErrorResponse"]


class Headers(Mapping[str, str]):
    """Read-only headers; names compare without regard to case (as ``httpx.Headers``)."""

    def __init__(self, items: Any = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._items: Dict[str, Tuple[str, str]] = {}
        for name, value in pairs:
            self._items[str(name).lower()] = (str(name), str(value))

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        shown = {name: ("***" if name.lower() in _SECRET else value)
                 for name, value in self._items.values()}
        return f"Headers({shown!r})"


# Credential headers are shown masked.
_SECRET = frozenset(("authorization", "cookie", "set-cookie"))


class Request:
    """The request a response answers: ``method``, ``url`` and the ``headers`` this package
    set on it (its default headers, ``default_headers`` and ``extra_headers``; the library
    adds ``User-Agent``, ``Accept``, ``Content-Type`` and ``Authorization``)."""

    __slots__ = ("method", "url", "headers")

    def __init__(self, method: str, url: str, headers: Headers) -> None:
        self.method = method
        self.url = url
        self.headers = headers

    def __repr__(self) -> str:
        return f"<Request({self.method!r}, {self.url!r})>"


class _BaseResponse:
    __slots__ = ("status_code", "headers", "http_request", "_body", "_text", "_parse",
                 "_closed", "_parsed")

    def __init__(self, raw: Dict[str, Any], request: Request,
                 parse: Callable[[Any], Any], closed: bool = True) -> None:
        status = raw.get("status")
        self.status_code: int = status if isinstance(status, int) else 0
        headers = raw.get("headers")
        self.headers = Headers(headers if isinstance(headers, Mapping) else ())
        self.http_request = request
        self._body = raw.get("body")
        text = raw.get("text")
        self._text: Optional[str] = text if isinstance(text, str) else None
        self._parse = parse
        self._closed = closed
        self._parsed: Any = _UNSET

    @property
    def url(self) -> str:
        """The URL of the request this answers."""
        return self.http_request.url

    @property
    def method(self) -> str:
        """The HTTP method of the request this answers."""
        return self.http_request.method

    @property
    def is_closed(self) -> bool:
        """True once the body is read and the response released (at once for a raw
        response; at the end of the ``with`` block for a streaming one)."""
        return self._closed

    def _text_value(self) -> str:
        if self._text is None:
            self._text = "" if self._body is None else dumps(self._body)
        return self._text

    def _json_value(self) -> Any:
        if self._body is None and self._text:
            return loads(self._text)  # not JSON: ValueError, as json.loads would say
        return self._body

    def _parse_value(self, to: Any) -> Any:
        if to is not None:
            return to.model_validate(self._json_value()) if hasattr(
                to, "model_validate") else to(self._json_value())
        if self._parsed is _UNSET:
            self._parsed = self._parse(self._body)
        return self._parsed

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} [{self.status_code}] "
                f"{self.http_request.method} {self.http_request.url}>")


_UNSET: Any = object()


class APIResponse(_BaseResponse, Generic[R]):
    """The response of a call made through ``with_raw_response`` (or, as a context manager,
    ``with_streaming_response``); ``R`` is what the plain call returns, which ``parse()``
    answers."""

    __slots__ = ()

    @property
    def content(self) -> bytes:
        """The body, as bytes."""
        return self.read()

    def read(self) -> bytes:
        """The body, as bytes (read in full already)."""
        return self._text_value().encode("utf-8")

    def text(self) -> str:
        """The body, as text."""
        return self._text_value()

    def json(self) -> Any:
        """The body, parsed as JSON (``ValueError`` when it is not JSON)."""
        return self._json_value()

    if TYPE_CHECKING:

        @overload
        def parse(self) -> R: ...

        @overload
        def parse(self, *, to: Type[_T]) -> _T: ...

    def parse(self, *, to: Any = None) -> Any:
        """The result the plain call returns (a model, or ``None`` for ``email``); ``to`` a
        model class parses the body as that class instead."""
        return self._parse_value(to)

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body as one chunk of bytes (it is read in full before the answer)."""
        yield self.read()

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The body as one chunk of text."""
        yield self.text()

    def iter_lines(self) -> Iterator[str]:
        """The body's lines."""
        yield from self.text().splitlines()

    def close(self) -> None:
        """Releases the response (``is_closed`` becomes True); nothing is left to free."""
        self._closed = True

    def __enter__(self) -> "APIResponse":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncAPIResponse(_BaseResponse, Generic[R]):
    """:class:`APIResponse` for the async client: ``read``, ``text``, ``json``, ``parse`` and
    ``close`` are awaited."""

    __slots__ = ()

    async def read(self) -> bytes:
        """The body, as bytes."""
        return self._text_value().encode("utf-8")

    async def text(self) -> str:
        """The body, as text."""
        return self._text_value()

    async def json(self) -> Any:
        """The body, parsed as JSON."""
        return self._json_value()

    if TYPE_CHECKING:

        @overload
        async def parse(self) -> R: ...

        @overload
        async def parse(self, *, to: Type[_T]) -> _T: ...

    async def parse(self, *, to: Any = None) -> Any:
        """As :meth:`APIResponse.parse`, awaited."""
        return self._parse_value(to)

    async def close(self) -> None:
        """Releases the response (``is_closed`` becomes True)."""
        self._closed = True

    async def __aenter__(self) -> "AsyncAPIResponse":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._closed = True


class StreamedCall:
    """``with_streaming_response.<method>(...)``: makes the call when its ``with`` block
    starts and closes the response when it ends."""

    __slots__ = ("_run", "_response")

    def __init__(self, run: Callable[[], APIResponse]) -> None:
        self._run = run
        self._response: Optional[APIResponse] = None

    def __enter__(self) -> APIResponse:
        self._response = self._run()
        return self._response

    def __exit__(self, *exc: Any) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamedCall:
    """The async :class:`StreamedCall` (``async with``)."""

    __slots__ = ("_run", "_response")

    def __init__(self, run: Callable[[], Any]) -> None:
        self._run = run
        self._response: Optional[AsyncAPIResponse] = None

    async def __aenter__(self) -> AsyncAPIResponse:
        self._response = await self._run()
        return self._response

    async def __aexit__(self, *exc: Any) -> None:
        if self._response is not None:
            self._response._closed = True


class HTTPResponse:
    """An answer shaped as the ``httpx.Response`` the official SDK hands out (``status_code``,
    ``headers``, ``text``, ``content``, ``json()``, ``is_success``, ``is_error``, ``request``):
    what a custom request with ``cast_to=httpx.Response`` returns, read in full."""

    __slots__ = ("status_code", "headers", "_body", "_text", "request")

    def __init__(self, raw: Mapping, request: Optional[Request] = None) -> None:
        status = raw.get("status")
        self.status_code: int = status if isinstance(status, int) else 0
        headers = raw.get("headers")
        self.headers = Headers(headers if isinstance(headers, Mapping) else ())
        self._body = raw.get("body")
        text = raw.get("text")
        self._text: Optional[str] = text if isinstance(text, str) else None
        self.request: Optional[Request] = request

    @property
    def text(self) -> str:
        """The body, as text."""
        if self._body is None and self._text is not None:
            return self._text
        return "" if self._body is None else dumps(self._body)

    @property
    def content(self) -> bytes:
        """The body, as bytes."""
        return self.text.encode("utf-8")

    def read(self) -> bytes:
        """The body, as bytes (read in full already)."""
        return self.content

    def json(self) -> Any:
        """The body, parsed as JSON (``ValueError`` when it is not JSON)."""
        if self._body is None and self._text:
            return loads(self._text)
        return self._body

    @property
    def is_success(self) -> bool:
        """True when the status is 2xx."""
        return 200 <= self.status_code < 300

    @property
    def is_error(self) -> bool:
        """True when the status is 4xx or 5xx."""
        return self.status_code >= 400

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


class ErrorResponse(HTTPResponse):
    """``APIStatusError.response``: the error answer, shaped as the ``httpx.Response`` the
    official SDK puts there. ``json()`` is the parsed error body, ``None`` when it was not
    JSON (its excerpt is in ``text``)."""

    __slots__ = ()

    def json(self) -> Any:
        """The error body, parsed (``None`` when it was not JSON)."""
        return self._body


if TYPE_CHECKING:
    # How the views of `_views` type each method: the plain method's arguments, its result
    # inside the response. Only type checkers read these.

    def to_raw_response_wrapper(method: Callable[_P, _T]) -> Callable[_P, APIResponse[_T]]:
        """``with_raw_response.<method>``."""
        raise NotImplementedError

    def to_streamed_response_wrapper(
            method: Callable[_P, _T]) -> Callable[_P, ContextManager[APIResponse[_T]]]:
        """``with_streaming_response.<method>``: a ``with`` block around the response."""
        raise NotImplementedError

    def async_to_raw_response_wrapper(
            method: Callable[_P, Awaitable[_T]]) -> Callable[_P, Awaitable[AsyncAPIResponse[_T]]]:
        """The async client's ``with_raw_response.<method>``: awaited for the response."""
        raise NotImplementedError

    def async_to_streamed_response_wrapper(
            method: Callable[_P, Awaitable[_T]],
    ) -> Callable[_P, AsyncContextManager[AsyncAPIResponse[_T]]]:
        """The async client's ``with_streaming_response.<method>``: an ``async with`` block."""
        raise NotImplementedError
