"""``beeper_setup.types.app.setup``: the official SDK's package of these results.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .recovery_key_verify_response import RecoveryKeyVerifyResponse as RecoveryKeyVerifyResponse
from .verification_accept_response import VerificationAcceptResponse as VerificationAcceptResponse
from .verification_cancel_response import VerificationCancelResponse as VerificationCancelResponse
from .verification_create_response import VerificationCreateResponse as VerificationCreateResponse
from .verification_list_response import VerificationListResponse as VerificationListResponse
from .verification_retrieve_response import VerificationRetrieveResponse as VerificationRetrieveResponse
