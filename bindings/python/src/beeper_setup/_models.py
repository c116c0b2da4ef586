"""``beeper_setup._models``: where the official SDK keeps its models' base class. Code that
checks ``isinstance(x, beeper_desktop_api._models.BaseModel)`` finds ours here."""

from .types import BaseModel

__all__ = ["BaseModel"]
