"""``NextStep``: what ``client.app.setup.next_step(session)`` answers, the library's own advice
(not a model of the API, so not generated with them; ``beeper_setup.types`` holds it too)."""

from __future__ import annotations

from ._models import BaseModel, _define

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

__all__ = ["NextStep"]


class NextStep(BaseModel):
    """What the app should do now (from ``client.app.setup.next_step(session)``).

    ``step`` is one of ``sign-in``, ``wait``, ``verify-device``, ``enter-recovery-key``,
    ``create-recovery-key``, ``done``, ``unknown``; ``action`` (for ``verify-device``) one of
    ``create``, ``accept``, ``sas.start``, ``compare-emojis``, ``qr.confirmScanned``,
    ``wait-for-other-device``.
    """

    step: str
    state: str
    message: str
    verification_id: Optional[str]
    action: Optional[str]
    emojis: Optional[str]
    decimals: Optional[str]
    qr_data: Optional[str]


_define(NextStep,
        ("step", None, None),
        ("state", None, None),
        ("message", None, None),
        ("verification_id", "verificationID", None, "?"),
        ("action", None, None, "?"),
        ("emojis", None, None, "?"),
        ("decimals", None, None, "?"),
        ("qr_data", "qrData", None, "?"))
