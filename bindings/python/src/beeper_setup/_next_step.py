"""``next_step``: what the app should do now, which the native library decides from a Session
(pure: no I/O, no client), and the check of a result's shape that it shares with the clients."""

from __future__ import annotations

from _collections_abc import Mapping

from . import types as _types
from ._exceptions import ClientClosedError
from ._ffi import call_json, encode_json, library

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, Optional

    from .types import NextStep


def _check_failed(raw: Any) -> Any:
    # A successful call whose result is not a JSON object: what _from_wire would say.
    raise TypeError(f"expected a JSON object, got {type(raw).__name__}")


def next_step(session: Any, *, language: Optional[str] = None,
              cancelled_here: Optional[Iterable[str]] = None) -> "NextStep":
    """What the app should do now, from a Session (a result model, or its wire dict; any
    result with a ``session`` field works too). Pure: no I/O, never needs a client.

    ``language`` (a BCP-47 tag such as ``"de-DE"``, or a POSIX locale such as
    ``"de_DE.UTF-8"``) names the emojis of ``comparison`` in that language, falling back to
    another variant of it, then to English; ``cancelled_here`` lists verification ids this app
    cancelled itself (``client.app.setup.next_step`` adds those its client cancelled)."""
    return _next_step(None, session, language, cancelled_here)


def _next_step(native: Any, session: Any, language: Optional[str],
               cancelled_here: Optional[Iterable[str]]) -> "NextStep":
    """``next_step`` through ``native`` (a NativeClient whose own cancels count), or none."""
    if isinstance(session, _types.BaseModel):
        data: Any = _types._raw_of(session)  # only read, never kept: no copy needed
        if data is None:
            data = session.to_dict()
    elif isinstance(session, Mapping):
        data = dict(session)
    else:
        raise TypeError(f"next_step expects a Session or a dict, got {type(session).__name__}")
    lib = library()
    encoded = encode_json(data, "session")
    if native is None and language is None and cancelled_here is None:
        raw = call_json(lib.beeper_setup_next_step, encoded)
    else:
        options: Dict[str, Any] = {}
        if language is not None:
            options["language"] = language
        if cancelled_here is not None:
            if isinstance(cancelled_here, str):
                raise TypeError("cancelled_here must be a list of verification ids, not a str")
            options["cancelledHere"] = list(cancelled_here)
        encoded_options = encode_json(options, "options")
        raw = None
        if native is not None and not native.closed:
            try:
                raw = native.call(lib.beeper_setup_next_step_with, encoded, encoded_options)
            except ClientClosedError:
                pass  # closed meanwhile: the advice needs no client, only its memory is gone
        if raw is None:
            raw = call_json(lib.beeper_setup_next_step_with, None, encoded, encoded_options)
    if raw.__class__ is not dict:
        _check_failed(raw)
    return _types.NextStep._wrap(raw)
