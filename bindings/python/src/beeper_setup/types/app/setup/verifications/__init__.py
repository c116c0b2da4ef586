"""``beeper_setup.types.app.setup.verifications``: the official SDK's package of these results.

Generated from src/api/models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.
"""

from .qr_confirm_scanned_response import QRConfirmScannedResponse as QRConfirmScannedResponse
from .qr_scan_response import QRScanResponse as QRScanResponse
from .sas_confirm_response import SASConfirmResponse as SASConfirmResponse
from .sas_start_response import SASStartResponse as SASStartResponse
