"""beeper_setup: a native client for the app-setup API of Beeper Desktop and Beeper Server.

A drop-in for the setup part of the official ``beeper_desktop_api`` package::

    from beeper_setup import BeeperDesktop   # instead of: from beeper_desktop_api import BeeperDesktop

    with BeeperDesktop() as client:
        session = client.app.setup.retrieve()
        print(client.app.setup.next_step(session).message)

The work is done by the ``beeper-setup`` native library (Rust, C ABI), loaded with ctypes from
inside this package (or from ``BEEPER_SETUP_LIB``). No runtime dependencies.
"""

from . import types
from ._arguments import NOT_GIVEN, not_given
from ._client import (
    AsyncBeeperDesktop,
    AsyncClient,
    BeeperDesktop,
    Client,
    DefaultAioHttpClient,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BeeperDesktopError,
    BeeperSetupInternalError,
    CancelledError,
    ClientClosedError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._ffi import set_worker_threads
from ._next_step import next_step
from ._response import APIResponse, AsyncAPIResponse
from ._version import __title__, __version__


def library_version() -> str:
    """The version of the loaded native library."""
    from ._ffi import library

    return library().beeper_version().decode()


def library_path() -> str:
    """The absolute path of the loaded native library."""
    from ._ffi import library

    return library()._beeper_path  # type: ignore[no-any-return]


# Written out (not built from the submodules' lists), so that type checkers see every name as
# exported: `from beeper_setup import NotFoundError` passes `mypy --strict`.
__all__ = [
    "types",
    "__title__",
    "__version__",
    "Client",
    "BeeperDesktop",
    "AsyncClient",
    "AsyncBeeperDesktop",
    "DefaultHttpxClient",
    "DefaultAsyncHttpxClient",
    "DefaultAioHttpClient",
    "NOT_GIVEN",
    "not_given",
    "APIResponse",
    "AsyncAPIResponse",
    "next_step",
    "library_version",
    "library_path",
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
    "set_worker_threads",
]
