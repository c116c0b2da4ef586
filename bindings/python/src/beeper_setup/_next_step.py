"""``next_step``: what the app should do now, which the native library decides from a Session
(pure: no I/O, no client), and the check of a result's shape that it shares with the clients."""

from __future__ import annotations

from _collections_abc import Mapping

from . import types as _types
from ._ffi import call_json, encode_json, library

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .types import NextStep


def _check_failed(raw: Any) -> Any:
    # A successful call whose result is not a JSON object: what _from_wire would say.
    raise TypeError(f"expected a JSON object, got {type(raw).__name__}")


def next_step(session: Any) -> "NextStep":
    """What the app should do now, from a Session (a result model, or its wire dict; any
    result with a ``session`` field works too). Pure: no I/O, never needs a client."""
    if isinstance(session, _types.BaseModel):
        data: Any = _types._raw_of(session)  # only read, never kept: no copy needed
        if data is None:
            data = session.to_dict()
    elif isinstance(session, Mapping):
        data = dict(session)
    else:
        raise TypeError(f"next_step expects a Session or a dict, got {type(session).__name__}")
    lib = library()
    raw = call_json(lib.beeper_setup_next_step, encode_json(data, "session"))
    if raw.__class__ is not dict:
        _check_failed(raw)
    return _types.NextStep._wrap(raw)
