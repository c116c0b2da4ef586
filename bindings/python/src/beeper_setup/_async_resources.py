"""The async client's resources: the tree of ``client.app.setup`` with ``async def`` methods.

The same arguments, checks and options as the sync resources (``_client``; both take them from
``_arguments``), so that a type checker knows each call is awaited and what it returns. Every call goes through
:meth:`AsyncClient._acall <beeper_setup.AsyncClient._acall>`, by way of ``AsyncClient._arun``
or ``AsyncClient._await_wait``.
"""

from __future__ import annotations

from ._arguments import (
    _OPS,
    _PLAIN,
    _RAW,
    _STREAM,
    NOT_GIVEN,
    _body,
    _id_arg,
    _options_of_call,
    _wait_params,
    _Watching,
)
from ._generic import Generic, RawView, StreamingView
from ._next_step import _next_step
from ._response import AsyncStreamedCall

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, AsyncIterator, Iterable, Literal, Optional, Tuple, Union

    from ._client import AsyncClient, Body, HeaderMap, Query
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
    from .types import (
        Change,
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


class AsyncResetResource(_AsyncResource["AsyncResetResourceWithRawResponse",
                                        "AsyncResetResourceWithStreamingResponse"]):
    """``client.app.setup.recovery_key.reset``: create a new recovery key, then confirm it."""

    async def create(self, *, existing_recovery_key: Optional[str] = None,
                     extra_headers: HeaderMap = None, extra_query: Query = None,
                     extra_body: Body = None, timeout: Any = NOT_GIVEN) -> ResetCreateResponse:
        """POST .../recovery-key/reset: a new recovery key (show it once)."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.reset.create", None, (existing_recovery_key,),
            extra_headers, extra_query, extra_body, timeout)

    async def confirm(self, *, recovery_key: str, extra_headers: HeaderMap = None,
                      extra_query: Query = None, extra_body: Body = None,
                      timeout: Any = NOT_GIVEN) -> ResetConfirmResponse:
        """POST .../recovery-key/reset/confirm: confirms the new key was saved."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.reset.confirm", None, (recovery_key,),
            extra_headers, extra_query, extra_body, timeout)


class AsyncRecoveryKeyResource(_AsyncResource["AsyncRecoveryKeyResourceWithRawResponse",
                                              "AsyncRecoveryKeyResourceWithStreamingResponse"]):
    """``client.app.setup.recovery_key``: unlock with the recovery key, or reset it."""

    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.reset = AsyncResetResource(client, mode)

    async def verify(self, *, recovery_key: str, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> RecoveryKeyVerifyResponse:
        """POST .../recovery-key: unlocks encryption with the recovery key."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.verify", None, (recovery_key,),
            extra_headers, extra_query, extra_body, timeout)


class AsyncQRResource(_AsyncResource["AsyncQRResourceWithRawResponse",
                                     "AsyncQRResourceWithStreamingResponse"]):
    """``client.app.setup.verifications.qr``."""

    async def scan(self, *, data: str, extra_headers: HeaderMap = None,
                   extra_query: Query = None, extra_body: Body = None,
                   timeout: Any = NOT_GIVEN) -> QRScanResponse:
        """POST .../verifications/qr/scan: the QR payload scanned from the other device."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.qr.scan", None, (data,),
            extra_headers, extra_query, extra_body, timeout)

    async def confirm_scanned(self, verification_id: str, *, extra_headers: HeaderMap = None,
                              extra_query: Query = None, extra_body: Body = None,
                              timeout: Any = NOT_GIVEN) -> QRConfirmScannedResponse:
        """POST .../verifications/{id}/qr/confirm-scanned."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.qr.confirm_scanned", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)


class AsyncSASResource(_AsyncResource["AsyncSASResourceWithRawResponse",
                                      "AsyncSASResourceWithStreamingResponse"]):
    """``client.app.setup.verifications.sas``: emoji comparison."""

    async def start(self, verification_id: str, *, extra_headers: HeaderMap = None,
                    extra_query: Query = None, extra_body: Body = None,
                    timeout: Any = NOT_GIVEN) -> SASStartResponse:
        """POST .../verifications/{id}/sas/start."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.sas.start", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    async def confirm(self, verification_id: str, *, extra_headers: HeaderMap = None,
                      extra_query: Query = None, extra_body: Body = None,
                      timeout: Any = NOT_GIVEN) -> SASConfirmResponse:
        """POST .../verifications/{id}/sas/confirm."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.sas.confirm", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)


class AsyncVerificationsResource(_AsyncResource["AsyncVerificationsResourceWithRawResponse",
                                                "AsyncVerificationsResourceWithStreamingResponse"]):
    """``client.app.setup.verifications``: device verification transactions."""

    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.qr = AsyncQRResource(client, mode)
        self.sas = AsyncSASResource(client, mode)

    async def list(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                   extra_body: Body = None,
                   timeout: Any = NOT_GIVEN) -> VerificationListResponse:
        """GET .../verifications: every verification."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.list", None, None,
            extra_headers, extra_query, extra_body, timeout)

    async def create(self, *, purpose: Optional[Union[Literal["login", "device"], str]] = None,
                     user_id: Optional[str] = None, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> VerificationCreateResponse:
        """POST .../verifications: asks another device to verify this one."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.create", None, (purpose, user_id),
            extra_headers, extra_query, extra_body, timeout)

    async def retrieve(self, verification_id: str, *, extra_headers: HeaderMap = None,
                       extra_query: Query = None, extra_body: Body = None,
                       timeout: Any = NOT_GIVEN) -> VerificationRetrieveResponse:
        """GET .../verifications/{id} ("active" names the one in progress)."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.retrieve", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    async def accept(self, verification_id: str, *, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> VerificationAcceptResponse:
        """POST .../verifications/{id}/accept."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.accept", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    async def cancel(self, verification_id: str, *, code: Optional[str] = None,
                     reason: Optional[str] = None, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> VerificationCancelResponse:
        """POST .../verifications/{id}/cancel."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.cancel", _id_arg(verification_id), (code, reason),
            extra_headers, extra_query, extra_body, timeout)


class AsyncSetupResource(_AsyncResource["AsyncSetupResourceWithRawResponse",
                                        "AsyncSetupResourceWithStreamingResponse"]):
    """``client.app.setup``: sign-in and encryption setup, plus the flow helpers."""

    def __init__(self, client: "AsyncClient", mode: int = _PLAIN) -> None:
        super().__init__(client, mode)
        self.recovery_key = AsyncRecoveryKeyResource(client, mode)
        self.verifications = AsyncVerificationsResource(client, mode)

    async def retrieve(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                       extra_body: Body = None, timeout: Any = NOT_GIVEN) -> Session:
        """The current Session: the setup state. Public before sign-in."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.retrieve", None, None, extra_headers, extra_query, extra_body, timeout)

    async def start(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                    extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupStartResponse:
        """Begins a sign-in: a new setup request."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.start", None, None, extra_headers, extra_query, extra_body, timeout)

    async def email(self, *, email: str, setup_request_id: str,
                    extra_headers: HeaderMap = None, extra_query: Query = None,
                    extra_body: Body = None, timeout: Any = NOT_GIVEN) -> None:
        """Emails a sign-in code. Returns None."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.email", None, (email, setup_request_id),
            extra_headers, extra_query, extra_body, timeout)

    async def response(self, *, response: str, setup_request_id: str,
                       extra_headers: HeaderMap = None, extra_query: Query = None,
                       extra_body: Body = None,
                       timeout: Any = NOT_GIVEN) -> SetupResponseResponse:
        """Sends the emailed code; Success or RegistrationRequired."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.response", None, (response, setup_request_id),
            extra_headers, extra_query, extra_body, timeout)

    async def register(self, *, accept_terms: Literal[True], lead_token: str,
                       setup_request_id: str, username: str, extra_headers: HeaderMap = None,
                       extra_query: Query = None, extra_body: Body = None,
                       timeout: Any = NOT_GIVEN) -> SetupRegisterResponse:
        """Creates the account after RegistrationRequired."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.register", None, (accept_terms, lead_token, setup_request_id, username),
            extra_headers, extra_query, extra_body, timeout)

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
