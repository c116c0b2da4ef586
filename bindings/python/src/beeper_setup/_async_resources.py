"""The async client's resources: the tree of ``client.app.setup`` with ``async def`` methods.

The same arguments, checks and options as the sync resources (``_client``; both inherit their
operations' methods from ``_methods``, generated, and take the checks from ``_arguments``), so
that a type checker knows each call is awaited and what it returns. Every call goes through
:meth:`AsyncClient._acall <beeper_setup.AsyncClient._acall>`, by way of ``AsyncClient._arun``
or ``AsyncClient._await_wait``.
"""

from __future__ import annotations

from ._arguments import (
    _OPS,
    _PLAIN,
    _RAW,
    _STREAM,
    _body,
    _options_of_call,
    _wait_params,
    _Watching,
)
from ._generic import Generic, RawView, StreamingView
from ._methods import (
    _AsyncQRMethods,
    _AsyncRecoveryKeyMethods,
    _AsyncResetMethods,
    _AsyncSASMethods,
    _AsyncSetupMethods,
    _AsyncVerificationsMethods,
)
from ._next_step import _next_step
from ._response import AsyncStreamedCall

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, AsyncIterator, Iterable, Optional, Tuple

    from ._client import AsyncClient
    from ._views import (
        AsyncResetResourceWithRawResponse,
        AsyncResetResourceWithStreamingResponse,
        AsyncRecoveryKeyResourceWithRawResponse,
        AsyncRecoveryKeyResourceWithStreamingResponse,
        AsyncQRResourceWithRawResponse,
        AsyncQRResourceWithStreamingResponse,
        AsyncSASResourceWithRawResponse,
        AsyncSASResourceWithStreamingResponse,
        AsyncVerificationsResourceWithRawResponse,
        AsyncVerificationsResourceWithStreamingResponse,
        AsyncSetupResourceWithRawResponse,
        AsyncSetupResourceWithStreamingResponse,
        AsyncAppResourceWithRawResponse,
        AsyncAppResourceWithStreamingResponse,
    )
    from .types import Change, NextStep, Session

__all__ = [
    "AsyncAppResource",
    "AsyncSetupResource",
    "AsyncRecoveryKeyResource",
    "AsyncResetResource",
    "AsyncVerificationsResource",
    "AsyncQRResource",
    "AsyncSASResource",
]


class _AsyncResource(Generic[RawView, StreamingView]):
    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        self._client = client
        self._mode = mode

    @property
    def with_raw_response(self) -> RawView:
        """The same methods, each awaited for an :class:`AsyncAPIResponse` (``status_code``,
        ``headers``, ``await json()``, ``await parse()`` for the result)."""
        return type(self)(self._client, _RAW)  # type: ignore[return-value]

    @property
    def with_streaming_response(self) -> StreamingView:
        """The same methods, each answering an ``async with`` block around an
        :class:`AsyncAPIResponse` (not awaited itself, as in the official SDK)."""
        return _StreamingView(type(self)(self._client, _STREAM))  # type: ignore[return-value]

    async def _call(self, name: str, verification_id: Optional[str],
                    values: Optional[Tuple[Any, ...]], extra_headers: Any, extra_query: Any,
                    extra_body: Any, timeout: Any) -> Any:
        client = self._client
        params = _body(name, values)
        options = _options_of_call(client, self._mode, extra_headers, extra_query, extra_body,
                                   timeout)
        return await client._arun(self._mode, _OPS[name], verification_id, params, options)


class _StreamingView:
    """``with_streaming_response`` of an async resource: its methods return an
    :class:`AsyncStreamedCall` (entered with ``async with``) around the awaited raw call."""

    __slots__ = ("_resource",)

    def __init__(self, resource: _AsyncResource) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._resource, name)
        if isinstance(attr, _AsyncResource):
            return _StreamingView(attr)
        if not callable(attr) or name.startswith("_"):
            return attr

        def streamed(*args: Any, **kwargs: Any) -> AsyncStreamedCall:
            return AsyncStreamedCall(lambda: attr(*args, **kwargs))

        streamed.__doc__ = attr.__doc__
        return streamed


class AsyncResetResource(_AsyncResetMethods,
                         _AsyncResource["AsyncResetResourceWithRawResponse",
                                        "AsyncResetResourceWithStreamingResponse"]):
    """``client.app.setup.recovery_key.reset``: create a new recovery key, then confirm it."""


class AsyncRecoveryKeyResource(_AsyncRecoveryKeyMethods,
                               _AsyncResource["AsyncRecoveryKeyResourceWithRawResponse",
                                              "AsyncRecoveryKeyResourceWithStreamingResponse"]):
    """``client.app.setup.recovery_key``: unlock with the recovery key, or reset it."""

    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.reset = AsyncResetResource(client, mode)


class AsyncQRResource(_AsyncQRMethods,
                      _AsyncResource["AsyncQRResourceWithRawResponse",
                                     "AsyncQRResourceWithStreamingResponse"]):
    """``client.app.setup.verifications.qr``."""


class AsyncSASResource(_AsyncSASMethods,
                       _AsyncResource["AsyncSASResourceWithRawResponse",
                                      "AsyncSASResourceWithStreamingResponse"]):
    """``client.app.setup.verifications.sas``: emoji comparison."""


class AsyncVerificationsResource(_AsyncVerificationsMethods,
                                 _AsyncResource["AsyncVerificationsResourceWithRawResponse",
                                                "AsyncVerificationsResourceWithStreamingResponse"]):
    """``client.app.setup.verifications``: device verification transactions."""

    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.qr = AsyncQRResource(client, mode)
        self.sas = AsyncSASResource(client, mode)


class AsyncSetupResource(_AsyncSetupMethods,
                         _AsyncResource["AsyncSetupResourceWithRawResponse",
                                        "AsyncSetupResourceWithStreamingResponse"]):
    """``client.app.setup``: sign-in and encryption setup, plus the flow helpers."""

    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.recovery_key = AsyncRecoveryKeyResource(client, mode)
        self.verifications = AsyncVerificationsResource(client, mode)

    def next_step(self, session: Any, *, language: Optional[str] = None,
                  cancelled_here: Optional[Iterable[str]] = None) -> "NextStep":
        """What the app should do now, from a Session (or any result with a ``session``, or
        its ``to_dict()``). No I/O, so not awaited. The verifications this client cancelled
        (and those in ``cancelled_here``) end as ``cancelled-here``; ``language`` names the
        emojis (see :func:`beeper_setup.next_step`)."""
        return _next_step(self._client._native, session, language, cancelled_here)

    async def wait(
        self,
        *,
        until: Optional[Iterable[str]] = None,
        verification_states: Optional[Iterable[str]] = None,
        timeout: Optional[float] = None,
        interval: Optional[float] = None,
        while_state: Optional[str] = None,
        while_verification_state: Optional[str] = None,
    ) -> "Session":
        """As the sync ``wait``; cancelling the awaiting task ends it (and, as
        ``client.cancel()``, the other waits in progress on this client)."""
        return await self._client._await_wait(_wait_params(  # type: ignore[no-any-return]
            until, verification_states, timeout, interval, while_state,
            while_verification_state))

    def watch(self, *, timeout: Optional[float] = None, interval: Optional[float] = None,
              after: Any = None) -> "AsyncIterator[Change]":
        """As the sync ``watch``, for ``async for``; each change is awaited as any call of
        this client is, and cancelling the task that iterates ends it (that watch only)."""
        watching = _Watching(timeout, interval, after)
        client = self._client

        async def changes() -> "AsyncIterator[Change]":
            while True:
                change = await client._await_next_change(watching.params())
                yield change
                if change.is_done:
                    return
                watching.saw(change)

        return changes()

    async def next_change(self, after: Any = None, *, timeout: Optional[float] = None,
                          interval: Optional[float] = None) -> "Change":
        """As the sync ``next_change``."""
        return await self._client._await_next_change(
            _Watching(timeout, interval, after).params())


class AsyncAppResource(_AsyncResource["AsyncAppResourceWithRawResponse",
                                      "AsyncAppResourceWithStreamingResponse"]):
    """``client.app`` of the async client."""

    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.setup = AsyncSetupResource(client, mode)
