"""``beeper_setup.types.app``: the official SDK's package of these results.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .setup_register_response import SetupRegisterResponse as SetupRegisterResponse
from .setup_response_response import SetupResponseResponse as SetupResponseResponse
from .setup_retrieve_response import SetupRetrieveResponse as SetupRetrieveResponse
from .setup_start_response import SetupStartResponse as SetupStartResponse
