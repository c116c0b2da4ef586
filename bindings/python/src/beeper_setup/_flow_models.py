"""The library's own answers, which are not models of the API (so not generated from its
declaration, as ``beeper_setup.types`` is, which holds these too): ``NextStep``, what
``client.app.setup.next_step(session)`` advises, and ``Change``, what a watch yields."""

from __future__ import annotations

from ._models import BaseModel, _define

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

    from .types import Session

__all__ = ["NextStep", "Change"]


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


class Change(BaseModel):
    """One change of the setup session, as ``client.app.setup.watch()`` yields it: its
    ``sequence`` (one more than the change before it, on this client), the ``session`` as the
    server sent it, and its ``next_step``."""

    sequence: int
    session: Session
    next_step: NextStep

    @property
    def is_done(self) -> bool:
        """Whether setup is done: a watch ends with this change."""
        return bool(self.next_step.step == "done")


_define(Change,
        ("sequence", None, None),
        ("session", None, "Session"),
        ("next_step", "nextStep", NextStep))
