"""What the library's own answers do beyond holding their fields: the classes the generated
models of ``_flow_models`` take on (a watch's ``Change`` knows when setup is done)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._flow_models import NextStep

__all__ = ["ChangeBehaviour"]


class ChangeBehaviour:
    """What a ``Change`` does: it tells whether it is the last of a watch."""

    next_step: NextStep

    @property
    def is_done(self) -> bool:
        """Whether setup is done: a watch ends with this change."""
        return bool(self.next_step.step == "done")
