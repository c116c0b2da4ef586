"""The methods of each resource's operations, sync and async.

Generated from src/api/operations.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.

The resources of ``_client`` and ``_async_resources`` inherit them. Each takes the
operation's arguments and hands them, with the per-call options, to the resource's
``_call``, which checks them against the table (``_operations``) and runs the call.
"""

from __future__ import annotations

from ._arguments import NOT_GIVEN, _id_arg

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Literal, Optional, Union

    from ._client import Body, HeaderMap, Query
    from .types import (
        QRConfirmScannedResponse,
        QRScanResponse,
        RecoveryKeyVerifyResponse,
        ResetConfirmResponse,
        ResetCreateResponse,
        SASConfirmResponse,
        SASStartResponse,
        SetupRegisterResponse,
        SetupResponseResponse,
        SetupRetrieveResponse,
        SetupStartResponse,
        VerificationAcceptResponse,
        VerificationCancelResponse,
        VerificationCreateResponse,
        VerificationListResponse,
        VerificationRetrieveResponse,
    )


class _Methods:
    """What every method calls: its resource's ``_call`` (``_client._Resource._call``, or
    ``_async_resources._AsyncResource._call``, awaited)."""

    _call: Callable[..., Any]


class _SetupMethods(_Methods):
    """The operations of ``client.app.setup``."""

    def retrieve(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                 extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupRetrieveResponse:
        """
        GET /v1/app/setup: The Session: the setup state, the account and the verification in
        progress. Public before sign-in.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.retrieve", None, None,
            extra_headers, extra_query, extra_body, timeout)

    def start(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
              extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupStartResponse:
        """POST /v1/app/setup/start: Begins a sign-in: {setupRequestID, signInMethods}."""
        return self._call(  # type: ignore[no-any-return]
            "setup.start", None, None,
            extra_headers, extra_query, extra_body, timeout)

    def email(self, *, email: str, setup_request_id: str, extra_headers: HeaderMap = None,
              extra_query: Query = None, extra_body: Body = None, timeout: Any = NOT_GIVEN) -> None:
        """POST /v1/app/setup/email: Emails a sign-in code. Answers nothing ("null")."""
        return self._call(  # type: ignore[no-any-return]
            "setup.email", None, (email, setup_request_id),
            extra_headers, extra_query, extra_body, timeout)

    def response(self, *, response: str, setup_request_id: str, extra_headers: HeaderMap = None,
                 extra_query: Query = None, extra_body: Body = None,
                 timeout: Any = NOT_GIVEN) -> SetupResponseResponse:
        """
        POST /v1/app/setup/response: Signs in with the emailed code: Success {matrix, session}, or
        RegistrationRequired {registrationRequired: true, leadToken, ...} for an email without an
        account. A client without a token adopts the returned one (unless adoptAccessToken is
        false).
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.response", None, (response, setup_request_id),
            extra_headers, extra_query, extra_body, timeout)

    def register(self, *, accept_terms: Literal[True], lead_token: str, setup_request_id: str,
                 username: str, extra_headers: HeaderMap = None, extra_query: Query = None,
                 extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupRegisterResponse:
        """
        POST /v1/app/setup/register: Creates the account after RegistrationRequired: {matrix,
        session}. The token is adopted as for setup.response.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.register", None, (accept_terms, lead_token, setup_request_id, username),
            extra_headers, extra_query, extra_body, timeout)


class _RecoveryKeyMethods(_Methods):
    """The operations of ``client.app.setup.recovery_key``."""

    def verify(self, *, recovery_key: str, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> RecoveryKeyVerifyResponse:
        """
        POST /v1/app/setup/verification/recovery-key: Unlocks encrypted messaging with the account's
        recovery key: {session}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.verify", None, (recovery_key,),
            extra_headers, extra_query, extra_body, timeout)


class _ResetMethods(_Methods):
    """The operations of ``client.app.setup.recovery_key.reset``."""

    def create(self, *, existing_recovery_key: Optional[str] = None,
               extra_headers: HeaderMap = None, extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> ResetCreateResponse:
        """
        POST /v1/app/setup/verification/recovery-key/reset: Creates a new recovery key, replacing
        the existing one if given: {recoveryKey, session}. Show it to the user once, then confirm
        it.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.reset.create", None, (existing_recovery_key,),
            extra_headers, extra_query, extra_body, timeout)

    def confirm(self, *, recovery_key: str, extra_headers: HeaderMap = None,
                extra_query: Query = None, extra_body: Body = None,
                timeout: Any = NOT_GIVEN) -> ResetConfirmResponse:
        """
        POST /v1/app/setup/verification/recovery-key/reset/confirm: Confirms the new recovery key
        (the user typed it back), completing setup: {session}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.reset.confirm", None, (recovery_key,),
            extra_headers, extra_query, extra_body, timeout)


class _VerificationsMethods(_Methods):
    """The operations of ``client.app.setup.verifications``."""

    def list(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
             extra_body: Body = None, timeout: Any = NOT_GIVEN) -> VerificationListResponse:
        """GET /v1/app/setup/verifications: The active verifications: {items}."""
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.list", None, None,
            extra_headers, extra_query, extra_body, timeout)

    def create(self, *, purpose: Optional[Union[Literal["login", "device"], str]] = None,
               user_id: Optional[str] = None, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> VerificationCreateResponse:
        """
        POST /v1/app/setup/verifications: Asks another device to verify this one: {session,
        verification?}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.create", None, (purpose, user_id),
            extra_headers, extra_query, extra_body, timeout)

    def retrieve(self, verification_id: str, *, extra_headers: HeaderMap = None,
                 extra_query: Query = None, extra_body: Body = None,
                 timeout: Any = NOT_GIVEN) -> VerificationRetrieveResponse:
        """
        GET /v1/app/setup/verifications/{id}: One verification: {session, verification?}. The id
        "active" names the one in progress.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.retrieve", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    def accept(self, verification_id: str, *, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> VerificationAcceptResponse:
        """
        POST /v1/app/setup/verifications/{id}/accept: Accepts a verification requested by another
        device: {session, verification?}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.accept", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    def cancel(self, verification_id: str, *, code: Optional[str] = None,
               reason: Optional[str] = None, extra_headers: HeaderMap = None,
               extra_query: Query = None, extra_body: Body = None,
               timeout: Any = NOT_GIVEN) -> VerificationCancelResponse:
        """
        POST /v1/app/setup/verifications/{id}/cancel: Cancels a verification, with an optional
        user-facing code and reason: {session, verification?}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.cancel", _id_arg(verification_id), (code, reason),
            extra_headers, extra_query, extra_body, timeout)


class _QRMethods(_Methods):
    """The operations of ``client.app.setup.verifications.qr``."""

    def scan(self, *, data: str, extra_headers: HeaderMap = None, extra_query: Query = None,
             extra_body: Body = None, timeout: Any = NOT_GIVEN) -> QRScanResponse:
        """
        POST /v1/app/setup/verifications/qr/scan: Submits the QR payload scanned from the other
        device: {session, verification?}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.qr.scan", None, (data,),
            extra_headers, extra_query, extra_body, timeout)

    def confirm_scanned(self, verification_id: str, *, extra_headers: HeaderMap = None,
                        extra_query: Query = None, extra_body: Body = None,
                        timeout: Any = NOT_GIVEN) -> QRConfirmScannedResponse:
        """
        POST /v1/app/setup/verifications/{id}/qr/confirm-scanned: Confirms that the other device
        scanned this device's QR code: {session, verification?}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.qr.confirm_scanned", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)


class _SASMethods(_Methods):
    """The operations of ``client.app.setup.verifications.sas``."""

    def start(self, verification_id: str, *, extra_headers: HeaderMap = None,
              extra_query: Query = None, extra_body: Body = None,
              timeout: Any = NOT_GIVEN) -> SASStartResponse:
        """
        POST /v1/app/setup/verifications/{id}/sas/start: Starts the emoji comparison: {session,
        verification?}, with sas.emojis once ready.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.sas.start", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    def confirm(self, verification_id: str, *, extra_headers: HeaderMap = None,
                extra_query: Query = None, extra_body: Body = None,
                timeout: Any = NOT_GIVEN) -> SASConfirmResponse:
        """
        POST /v1/app/setup/verifications/{id}/sas/confirm: Confirms that the emojis match: {session,
        verification?}.
        """
        return self._call(  # type: ignore[no-any-return]
            "setup.verifications.sas.confirm", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)


class _AsyncSetupMethods(_Methods):
    """The operations of ``client.app.setup``, awaited."""

    async def retrieve(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                       extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupRetrieveResponse:
        """
        GET /v1/app/setup: The Session: the setup state, the account and the verification in
        progress. Public before sign-in.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.retrieve", None, None,
            extra_headers, extra_query, extra_body, timeout)

    async def start(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                    extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupStartResponse:
        """POST /v1/app/setup/start: Begins a sign-in: {setupRequestID, signInMethods}."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.start", None, None,
            extra_headers, extra_query, extra_body, timeout)

    async def email(self, *, email: str, setup_request_id: str, extra_headers: HeaderMap = None,
                    extra_query: Query = None, extra_body: Body = None,
                    timeout: Any = NOT_GIVEN) -> None:
        """POST /v1/app/setup/email: Emails a sign-in code. Answers nothing ("null")."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.email", None, (email, setup_request_id),
            extra_headers, extra_query, extra_body, timeout)

    async def response(self, *, response: str, setup_request_id: str,
                       extra_headers: HeaderMap = None, extra_query: Query = None,
                       extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupResponseResponse:
        """
        POST /v1/app/setup/response: Signs in with the emailed code: Success {matrix, session}, or
        RegistrationRequired {registrationRequired: true, leadToken, ...} for an email without an
        account. A client without a token adopts the returned one (unless adoptAccessToken is
        false).
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.response", None, (response, setup_request_id),
            extra_headers, extra_query, extra_body, timeout)

    async def register(self, *, accept_terms: Literal[True], lead_token: str, setup_request_id: str,
                       username: str, extra_headers: HeaderMap = None, extra_query: Query = None,
                       extra_body: Body = None, timeout: Any = NOT_GIVEN) -> SetupRegisterResponse:
        """
        POST /v1/app/setup/register: Creates the account after RegistrationRequired: {matrix,
        session}. The token is adopted as for setup.response.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.register", None, (accept_terms, lead_token, setup_request_id, username),
            extra_headers, extra_query, extra_body, timeout)


class _AsyncRecoveryKeyMethods(_Methods):
    """The operations of ``client.app.setup.recovery_key``, awaited."""

    async def verify(self, *, recovery_key: str, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> RecoveryKeyVerifyResponse:
        """
        POST /v1/app/setup/verification/recovery-key: Unlocks encrypted messaging with the account's
        recovery key: {session}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.verify", None, (recovery_key,),
            extra_headers, extra_query, extra_body, timeout)


class _AsyncResetMethods(_Methods):
    """The operations of ``client.app.setup.recovery_key.reset``, awaited."""

    async def create(self, *, existing_recovery_key: Optional[str] = None,
                     extra_headers: HeaderMap = None, extra_query: Query = None,
                     extra_body: Body = None, timeout: Any = NOT_GIVEN) -> ResetCreateResponse:
        """
        POST /v1/app/setup/verification/recovery-key/reset: Creates a new recovery key, replacing
        the existing one if given: {recoveryKey, session}. Show it to the user once, then confirm
        it.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.reset.create", None, (existing_recovery_key,),
            extra_headers, extra_query, extra_body, timeout)

    async def confirm(self, *, recovery_key: str, extra_headers: HeaderMap = None,
                      extra_query: Query = None, extra_body: Body = None,
                      timeout: Any = NOT_GIVEN) -> ResetConfirmResponse:
        """
        POST /v1/app/setup/verification/recovery-key/reset/confirm: Confirms the new recovery key
        (the user typed it back), completing setup: {session}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.recovery_key.reset.confirm", None, (recovery_key,),
            extra_headers, extra_query, extra_body, timeout)


class _AsyncVerificationsMethods(_Methods):
    """The operations of ``client.app.setup.verifications``, awaited."""

    async def list(self, *, extra_headers: HeaderMap = None, extra_query: Query = None,
                   extra_body: Body = None, timeout: Any = NOT_GIVEN) -> VerificationListResponse:
        """GET /v1/app/setup/verifications: The active verifications: {items}."""
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.list", None, None,
            extra_headers, extra_query, extra_body, timeout)

    async def create(self, *, purpose: Optional[Union[Literal["login", "device"], str]] = None,
                     user_id: Optional[str] = None, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> VerificationCreateResponse:
        """
        POST /v1/app/setup/verifications: Asks another device to verify this one: {session,
        verification?}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.create", None, (purpose, user_id),
            extra_headers, extra_query, extra_body, timeout)

    async def retrieve(self, verification_id: str, *, extra_headers: HeaderMap = None,
                       extra_query: Query = None, extra_body: Body = None,
                       timeout: Any = NOT_GIVEN) -> VerificationRetrieveResponse:
        """
        GET /v1/app/setup/verifications/{id}: One verification: {session, verification?}. The id
        "active" names the one in progress.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.retrieve", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    async def accept(self, verification_id: str, *, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> VerificationAcceptResponse:
        """
        POST /v1/app/setup/verifications/{id}/accept: Accepts a verification requested by another
        device: {session, verification?}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.accept", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    async def cancel(self, verification_id: str, *, code: Optional[str] = None,
                     reason: Optional[str] = None, extra_headers: HeaderMap = None,
                     extra_query: Query = None, extra_body: Body = None,
                     timeout: Any = NOT_GIVEN) -> VerificationCancelResponse:
        """
        POST /v1/app/setup/verifications/{id}/cancel: Cancels a verification, with an optional
        user-facing code and reason: {session, verification?}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.cancel", _id_arg(verification_id), (code, reason),
            extra_headers, extra_query, extra_body, timeout)


class _AsyncQRMethods(_Methods):
    """The operations of ``client.app.setup.verifications.qr``, awaited."""

    async def scan(self, *, data: str, extra_headers: HeaderMap = None, extra_query: Query = None,
                   extra_body: Body = None, timeout: Any = NOT_GIVEN) -> QRScanResponse:
        """
        POST /v1/app/setup/verifications/qr/scan: Submits the QR payload scanned from the other
        device: {session, verification?}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.qr.scan", None, (data,),
            extra_headers, extra_query, extra_body, timeout)

    async def confirm_scanned(self, verification_id: str, *, extra_headers: HeaderMap = None,
                              extra_query: Query = None, extra_body: Body = None,
                              timeout: Any = NOT_GIVEN) -> QRConfirmScannedResponse:
        """
        POST /v1/app/setup/verifications/{id}/qr/confirm-scanned: Confirms that the other device
        scanned this device's QR code: {session, verification?}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.qr.confirm_scanned", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)


class _AsyncSASMethods(_Methods):
    """The operations of ``client.app.setup.verifications.sas``, awaited."""

    async def start(self, verification_id: str, *, extra_headers: HeaderMap = None,
                    extra_query: Query = None, extra_body: Body = None,
                    timeout: Any = NOT_GIVEN) -> SASStartResponse:
        """
        POST /v1/app/setup/verifications/{id}/sas/start: Starts the emoji comparison: {session,
        verification?}, with sas.emojis once ready.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.sas.start", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)

    async def confirm(self, verification_id: str, *, extra_headers: HeaderMap = None,
                      extra_query: Query = None, extra_body: Body = None,
                      timeout: Any = NOT_GIVEN) -> SASConfirmResponse:
        """
        POST /v1/app/setup/verifications/{id}/sas/confirm: Confirms that the emojis match: {session,
        verification?}.
        """
        return await self._call(  # type: ignore[no-any-return]
            "setup.verifications.sas.confirm", _id_arg(verification_id), None,
            extra_headers, extra_query, extra_body, timeout)
