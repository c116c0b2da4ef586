"""What ``with_raw_response`` and ``with_streaming_response`` are to a type checker.

Generated from src/api/operations.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.

A view of each resource whose methods answer an :class:`APIResponse` of the plain method's
result (in a ``with`` block when streaming), with the plain method's arguments. At run time
they are the resources themselves, answering in that mode; this module is never imported.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._client import (
        AppResource,
        SetupResource,
        RecoveryKeyResource,
        ResetResource,
        VerificationsResource,
        QRResource,
        SASResource,
    )
    from ._async_resources import (
        AsyncAppResource,
        AsyncSetupResource,
        AsyncRecoveryKeyResource,
        AsyncResetResource,
        AsyncVerificationsResource,
        AsyncQRResource,
        AsyncSASResource,
    )
    from ._response import (
        async_to_raw_response_wrapper,
        async_to_streamed_response_wrapper,
        to_raw_response_wrapper,
        to_streamed_response_wrapper,
    )

    class AppResourceWithRawResponse:
        """``client.app.with_raw_response``."""

        def __init__(self, resource: AppResource) -> None:
            self.setup = SetupResourceWithRawResponse(resource.setup)

    class SetupResourceWithRawResponse:
        """``client.app.setup.with_raw_response``."""

        def __init__(self, resource: SetupResource) -> None:
            self.recovery_key = RecoveryKeyResourceWithRawResponse(resource.recovery_key)
            self.verifications = VerificationsResourceWithRawResponse(resource.verifications)
            self.retrieve = to_raw_response_wrapper(resource.retrieve)
            self.start = to_raw_response_wrapper(resource.start)
            self.email = to_raw_response_wrapper(resource.email)
            self.response = to_raw_response_wrapper(resource.response)
            self.register = to_raw_response_wrapper(resource.register)

    class RecoveryKeyResourceWithRawResponse:
        """``client.app.setup.recovery_key.with_raw_response``."""

        def __init__(self, resource: RecoveryKeyResource) -> None:
            self.reset = ResetResourceWithRawResponse(resource.reset)
            self.verify = to_raw_response_wrapper(resource.verify)

    class ResetResourceWithRawResponse:
        """``client.app.setup.recovery_key.reset.with_raw_response``."""

        def __init__(self, resource: ResetResource) -> None:
            self.create = to_raw_response_wrapper(resource.create)
            self.confirm = to_raw_response_wrapper(resource.confirm)

    class VerificationsResourceWithRawResponse:
        """``client.app.setup.verifications.with_raw_response``."""

        def __init__(self, resource: VerificationsResource) -> None:
            self.qr = QRResourceWithRawResponse(resource.qr)
            self.sas = SASResourceWithRawResponse(resource.sas)
            self.list = to_raw_response_wrapper(resource.list)
            self.create = to_raw_response_wrapper(resource.create)
            self.retrieve = to_raw_response_wrapper(resource.retrieve)
            self.accept = to_raw_response_wrapper(resource.accept)
            self.cancel = to_raw_response_wrapper(resource.cancel)

    class QRResourceWithRawResponse:
        """``client.app.setup.verifications.qr.with_raw_response``."""

        def __init__(self, resource: QRResource) -> None:
            self.scan = to_raw_response_wrapper(resource.scan)
            self.confirm_scanned = to_raw_response_wrapper(resource.confirm_scanned)

    class SASResourceWithRawResponse:
        """``client.app.setup.verifications.sas.with_raw_response``."""

        def __init__(self, resource: SASResource) -> None:
            self.start = to_raw_response_wrapper(resource.start)
            self.confirm = to_raw_response_wrapper(resource.confirm)

    class AppResourceWithStreamingResponse:
        """``client.app.with_streaming_response``."""

        def __init__(self, resource: AppResource) -> None:
            self.setup = SetupResourceWithStreamingResponse(resource.setup)

    class SetupResourceWithStreamingResponse:
        """``client.app.setup.with_streaming_response``."""

        def __init__(self, resource: SetupResource) -> None:
            self.recovery_key = RecoveryKeyResourceWithStreamingResponse(resource.recovery_key)
            self.verifications = VerificationsResourceWithStreamingResponse(resource.verifications)
            self.retrieve = to_streamed_response_wrapper(resource.retrieve)
            self.start = to_streamed_response_wrapper(resource.start)
            self.email = to_streamed_response_wrapper(resource.email)
            self.response = to_streamed_response_wrapper(resource.response)
            self.register = to_streamed_response_wrapper(resource.register)

    class RecoveryKeyResourceWithStreamingResponse:
        """``client.app.setup.recovery_key.with_streaming_response``."""

        def __init__(self, resource: RecoveryKeyResource) -> None:
            self.reset = ResetResourceWithStreamingResponse(resource.reset)
            self.verify = to_streamed_response_wrapper(resource.verify)

    class ResetResourceWithStreamingResponse:
        """``client.app.setup.recovery_key.reset.with_streaming_response``."""

        def __init__(self, resource: ResetResource) -> None:
            self.create = to_streamed_response_wrapper(resource.create)
            self.confirm = to_streamed_response_wrapper(resource.confirm)

    class VerificationsResourceWithStreamingResponse:
        """``client.app.setup.verifications.with_streaming_response``."""

        def __init__(self, resource: VerificationsResource) -> None:
            self.qr = QRResourceWithStreamingResponse(resource.qr)
            self.sas = SASResourceWithStreamingResponse(resource.sas)
            self.list = to_streamed_response_wrapper(resource.list)
            self.create = to_streamed_response_wrapper(resource.create)
            self.retrieve = to_streamed_response_wrapper(resource.retrieve)
            self.accept = to_streamed_response_wrapper(resource.accept)
            self.cancel = to_streamed_response_wrapper(resource.cancel)

    class QRResourceWithStreamingResponse:
        """``client.app.setup.verifications.qr.with_streaming_response``."""

        def __init__(self, resource: QRResource) -> None:
            self.scan = to_streamed_response_wrapper(resource.scan)
            self.confirm_scanned = to_streamed_response_wrapper(resource.confirm_scanned)

    class SASResourceWithStreamingResponse:
        """``client.app.setup.verifications.sas.with_streaming_response``."""

        def __init__(self, resource: SASResource) -> None:
            self.start = to_streamed_response_wrapper(resource.start)
            self.confirm = to_streamed_response_wrapper(resource.confirm)

    class AsyncAppResourceWithRawResponse:
        """``client.app.with_raw_response``."""

        def __init__(self, resource: AsyncAppResource) -> None:
            self.setup = AsyncSetupResourceWithRawResponse(resource.setup)

    class AsyncSetupResourceWithRawResponse:
        """``client.app.setup.with_raw_response``."""

        def __init__(self, resource: AsyncSetupResource) -> None:
            self.recovery_key = AsyncRecoveryKeyResourceWithRawResponse(resource.recovery_key)
            self.verifications = AsyncVerificationsResourceWithRawResponse(resource.verifications)
            self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
            self.start = async_to_raw_response_wrapper(resource.start)
            self.email = async_to_raw_response_wrapper(resource.email)
            self.response = async_to_raw_response_wrapper(resource.response)
            self.register = async_to_raw_response_wrapper(resource.register)

    class AsyncRecoveryKeyResourceWithRawResponse:
        """``client.app.setup.recovery_key.with_raw_response``."""

        def __init__(self, resource: AsyncRecoveryKeyResource) -> None:
            self.reset = AsyncResetResourceWithRawResponse(resource.reset)
            self.verify = async_to_raw_response_wrapper(resource.verify)

    class AsyncResetResourceWithRawResponse:
        """``client.app.setup.recovery_key.reset.with_raw_response``."""

        def __init__(self, resource: AsyncResetResource) -> None:
            self.create = async_to_raw_response_wrapper(resource.create)
            self.confirm = async_to_raw_response_wrapper(resource.confirm)

    class AsyncVerificationsResourceWithRawResponse:
        """``client.app.setup.verifications.with_raw_response``."""

        def __init__(self, resource: AsyncVerificationsResource) -> None:
            self.qr = AsyncQRResourceWithRawResponse(resource.qr)
            self.sas = AsyncSASResourceWithRawResponse(resource.sas)
            self.list = async_to_raw_response_wrapper(resource.list)
            self.create = async_to_raw_response_wrapper(resource.create)
            self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
            self.accept = async_to_raw_response_wrapper(resource.accept)
            self.cancel = async_to_raw_response_wrapper(resource.cancel)

    class AsyncQRResourceWithRawResponse:
        """``client.app.setup.verifications.qr.with_raw_response``."""

        def __init__(self, resource: AsyncQRResource) -> None:
            self.scan = async_to_raw_response_wrapper(resource.scan)
            self.confirm_scanned = async_to_raw_response_wrapper(resource.confirm_scanned)

    class AsyncSASResourceWithRawResponse:
        """``client.app.setup.verifications.sas.with_raw_response``."""

        def __init__(self, resource: AsyncSASResource) -> None:
            self.start = async_to_raw_response_wrapper(resource.start)
            self.confirm = async_to_raw_response_wrapper(resource.confirm)

    class AsyncAppResourceWithStreamingResponse:
        """``client.app.with_streaming_response``."""

        def __init__(self, resource: AsyncAppResource) -> None:
            self.setup = AsyncSetupResourceWithStreamingResponse(resource.setup)

    class AsyncSetupResourceWithStreamingResponse:
        """``client.app.setup.with_streaming_response``."""

        def __init__(self, resource: AsyncSetupResource) -> None:
            self.recovery_key = AsyncRecoveryKeyResourceWithStreamingResponse(resource.recovery_key)
            self.verifications = AsyncVerificationsResourceWithStreamingResponse(resource.verifications)
            self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)
            self.start = async_to_streamed_response_wrapper(resource.start)
            self.email = async_to_streamed_response_wrapper(resource.email)
            self.response = async_to_streamed_response_wrapper(resource.response)
            self.register = async_to_streamed_response_wrapper(resource.register)

    class AsyncRecoveryKeyResourceWithStreamingResponse:
        """``client.app.setup.recovery_key.with_streaming_response``."""

        def __init__(self, resource: AsyncRecoveryKeyResource) -> None:
            self.reset = AsyncResetResourceWithStreamingResponse(resource.reset)
            self.verify = async_to_streamed_response_wrapper(resource.verify)

    class AsyncResetResourceWithStreamingResponse:
        """``client.app.setup.recovery_key.reset.with_streaming_response``."""

        def __init__(self, resource: AsyncResetResource) -> None:
            self.create = async_to_streamed_response_wrapper(resource.create)
            self.confirm = async_to_streamed_response_wrapper(resource.confirm)

    class AsyncVerificationsResourceWithStreamingResponse:
        """``client.app.setup.verifications.with_streaming_response``."""

        def __init__(self, resource: AsyncVerificationsResource) -> None:
            self.qr = AsyncQRResourceWithStreamingResponse(resource.qr)
            self.sas = AsyncSASResourceWithStreamingResponse(resource.sas)
            self.list = async_to_streamed_response_wrapper(resource.list)
            self.create = async_to_streamed_response_wrapper(resource.create)
            self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)
            self.accept = async_to_streamed_response_wrapper(resource.accept)
            self.cancel = async_to_streamed_response_wrapper(resource.cancel)

    class AsyncQRResourceWithStreamingResponse:
        """``client.app.setup.verifications.qr.with_streaming_response``."""

        def __init__(self, resource: AsyncQRResource) -> None:
            self.scan = async_to_streamed_response_wrapper(resource.scan)
            self.confirm_scanned = async_to_streamed_response_wrapper(resource.confirm_scanned)

    class AsyncSASResourceWithStreamingResponse:
        """``client.app.setup.verifications.sas.with_streaming_response``."""

        def __init__(self, resource: AsyncSASResource) -> None:
            self.start = async_to_streamed_response_wrapper(resource.start)
            self.confirm = async_to_streamed_response_wrapper(resource.confirm)
