"""The library's own answers: what ``next_step`` advises and what a watch yields.

Generated from src/api/flow_models.rs by `make generate`: do not edit.
`cargo test --workspace` fails when it is out of date.

Offered under ``beeper_setup.types`` too. The library writes them and this version reads them,
so their enums are closed sets (``Literal``); a model takes the fields without a default first.
"""

from __future__ import annotations

from ._flow_behaviour import ChangeBehaviour
from ._models import BaseModel, _define

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import List, Literal, Optional

    from .types import Session, SessionState, VerificationDirection, VerificationOtherDevice

__all__ = [
    "EmojiEntry",
    "Comparison",
    "VerificationOutcome",
    "NextStep",
    "Change",
]


class EmojiEntry(BaseModel):
    """One emoji of a SAS comparison."""

    position: int
    """
    Where it stands in the comparison, from 0. The same emoji may appear twice: with `number`, the
    position tells the entries apart.
    """

    emoji: str
    """The emoji to show (the table's form when it is in the table, else as the server sent it)."""

    number: Optional[int]
    """
    Its number in the Matrix SAS emoji table (0-63); none for an emoji the table does not hold.
    """

    english_name: Optional[str]
    """Its English name; none for an emoji the table does not hold."""

    name: Optional[str]
    """
    Its name in the requested language, else in English; none for an emoji the table does not hold.
    """


_define(EmojiEntry,
        ("position", None, None),
        ("emoji", None, None),
        ("number", None, None, "?"),
        ("english_name", "englishName", None, "?"),
        ("name", None, None, "?"))


class Comparison(BaseModel):
    """A SAS comparison as a screen shows it: the emojis named, and the decimals as numbers."""

    emojis: List[EmojiEntry]
    """The emojis in the order both devices show them."""

    decimals: Optional[List[int]]
    """The decimals as three numbers (1000 to 9191), when the server sent three."""

    language: str
    """
    The table's language the names are in (`de`, `pt_BR`, `zh_Hans`; `en` when the requested one has
    no names, or none was asked for).
    """


_define(Comparison,
        ("emojis", None, (EmojiEntry,), "?"),
        ("decimals", None, list, "?"),
        ("language", None, None, "?"))


class VerificationOutcome(BaseModel):
    """Why a verification ended, for `cancelled` and `error` verifications."""

    kind: Literal[
        "declined",
        "cancelled-here",
        "mismatch",
        "timed-out",
        "accepted-elsewhere",
        "protocol-error",
        "unknown",
    ]
    """What happened."""

    code: Optional[str]
    """The Matrix cancel code as the server sent it (`m.timeout`)."""

    reason: Optional[str]
    """The reason as the server sent it."""

    cancelled_by_us: bool
    """
    Whether this client cancelled it: it sent `verifications.cancel` for it (or the caller said so
    in `cancelledHere`).
    """


_define(VerificationOutcome,
        ("kind", None, None),
        ("code", None, None, "?"),
        ("reason", None, None, "?"),
        ("cancelled_by_us", "cancelledByUs", None, "?"))


class NextStep(BaseModel):
    """What the app should do now, from the session alone: the answer of `next_step`."""

    step: Literal[
        "sign-in",
        "wait",
        "verify-device",
        "enter-recovery-key",
        "create-recovery-key",
        "done",
        "unknown",
    ]
    """The kind of screen."""

    state: SessionState
    """The session state it was made from, as the server sent it."""

    message: str
    """A sentence to show the user."""

    verification_id: Optional[str]
    """The verification to act on."""

    action: Optional[Literal[
        "create",
        "accept",
        "sas.start",
        "compare-emojis",
        "qr.confirmScanned",
        "wait-for-other-device",
    ]]
    """For `verify-device`: the call to make next, or what to show."""

    emojis: Optional[str]
    """For `compare-emojis`: the emojis to show, as the server sent them."""

    decimals: Optional[str]
    """For `compare-emojis`: the same as numbers, as the server sent them."""

    qr_data: Optional[str]
    """This device's QR payload, when the other device can scan it."""

    comparison: Optional[Comparison]
    """
    For `compare-emojis`: the emojis as entries a person can read (number, names in the requested
    language) and the decimals as numbers.
    """

    outcome: Optional[VerificationOutcome]
    """Why the verification ended, once it has been cancelled or has failed."""

    other_device: Optional[VerificationOtherDevice]
    """The other device of the verification, once it is known."""

    direction: Optional[VerificationDirection]
    """Who asked: `incoming` (the other device) or `outgoing` (this one)."""

    alternatives: List[str]
    """The other ways available now, in the order a screen lists them."""


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


class Change(ChangeBehaviour, BaseModel):
    """
    One change of the setup session, as a watch delivers it: its state, a verification appearing,
    changing state or ending.
    """

    sequence: int
    """This client's count of changes seen: one more than the change before it."""

    session: Session
    """The session as the server sent it."""

    next_step: NextStep
    """What the app should do now (a verification this client cancelled ends as cancelled here)."""


_define(Change,
        ("sequence", None, None),
        ("session", None, "Session"),
        ("next_step", "nextStep", NextStep))
