"""``beeper_setup.types.app.setup_start_response``: the official SDK's module of the answer of ``setup.start``.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .. import (
    SetupStartResponse as SetupStartResponse,
)

__all__ = [
    "SetupStartResponse",
]
