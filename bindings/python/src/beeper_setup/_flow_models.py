"""The library's own answers, which are not models of the API (so not generated from its
declaration, as ``beeper_setup.types`` is, which holds these too): ``NextStep``, what
``client.app.setup.next_step(session)`` advises, and ``Change``, what a watch yields."""

from __future__ import annotations

from ._models import BaseModel, _define

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import List, Optional

    from .types import Session, VerificationOtherDevice

__all__ = ["NextStep", "Change", "EmojiEntry", "Comparison", "VerificationOutcome"]


# The parts of NextStep that say why a verification ended, name the emojis and list the ways
# out (the JSON of beeper_setup_next_step_with).


class EmojiEntry(BaseModel):
    """One emoji of a comparison. ``position`` (0-6) tells apart an emoji shown twice;
    ``number`` is its number in the Matrix SAS table (0-63), ``None`` (and no names) for an
    emoji the table does not hold; ``name`` is in the requested language, else English."""

    position: int
    emoji: str
    number: Optional[int]
    english_name: Optional[str]
    name: Optional[str]


_define(EmojiEntry,
        ("position", None, None),
        ("emoji", None, None),
        ("number", None, None, "?"),
        ("english_name", "englishName", None, "?"),
        ("name", None, None, "?"))


class Comparison(BaseModel):
    """The emojis of a SAS comparison as a screen shows them, the decimals as three numbers,
    and the table language the names are in (``en`` when the requested one has none)."""

    emojis: List[EmojiEntry]
    decimals: Optional[List[int]]
    language: str


_define(Comparison,
        ("emojis", None, (EmojiEntry,)),
        ("decimals", None, list, "?"),
        ("language", None, None))


class VerificationOutcome(BaseModel):
    """Why a verification ended. ``kind`` is one of ``declined`` (on the other device),
    ``cancelled-here``, ``mismatch``, ``timed-out``, ``accepted-elsewhere``,
    ``protocol-error``, ``unknown`` (the raw ``code`` and ``reason`` are kept);
    ``cancelled_by_us``: this client sent the cancel."""

    kind: str
    code: Optional[str]
    reason: Optional[str]
    cancelled_by_us: bool


_define(VerificationOutcome,
        ("kind", None, None),
        ("code", None, None, "?"),
        ("reason", None, None, "?"),
        ("cancelled_by_us", "cancelledByUs", None))


class NextStep(BaseModel):
    """What the app should do now (from ``client.app.setup.next_step(session)``).

    ``step`` is one of ``sign-in``, ``wait``, ``verify-device``, ``enter-recovery-key``,
    ``create-recovery-key``, ``done``, ``unknown``; ``action`` (for ``verify-device``) one of
    ``create``, ``accept``, ``sas.start``, ``compare-emojis``, ``qr.confirmScanned``,
    ``wait-for-other-device``. ``comparison`` names the emojis (for ``compare-emojis``),
    ``outcome`` says why a verification ended, ``other_device`` and ``direction`` who is asking,
    and ``alternatives`` the other ways available now, in the order a screen lists them
    (``other-device``, ``qr``, ``enter-recovery-key``, ``create-recovery-key``).
    """

    step: str
    state: str
    message: str
    verification_id: Optional[str]
    action: Optional[str]
    emojis: Optional[str]
    decimals: Optional[str]
    qr_data: Optional[str]
    comparison: Optional[Comparison]
    outcome: Optional[VerificationOutcome]
    other_device: Optional[VerificationOtherDevice]
    direction: Optional[str]
    alternatives: List[str]


_define(NextStep,
        ("step", None, None),
        ("state", None, None),
        ("message", None, None),
        ("verification_id", "verificationID", None, "?"),
        ("action", None, None, "?"),
        ("emojis", None, None, "?"),
        ("decimals", None, None, "?"),
        ("qr_data", "qrData", None, "?"),
        ("comparison", None, Comparison, "?"),
        ("outcome", None, VerificationOutcome, "?"),
        ("other_device", "otherDevice", "VerificationOtherDevice", "?"),
        ("direction", None, None, "?"),
        ("alternatives", None, list, "?"))


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
