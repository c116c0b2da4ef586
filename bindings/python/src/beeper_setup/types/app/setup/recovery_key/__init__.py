"""``beeper_setup.types.app.setup.recovery_key``: the official SDK's package of these results.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .reset_confirm_response import ResetConfirmResponse as ResetConfirmResponse
from .reset_create_response import ResetCreateResponse as ResetCreateResponse
