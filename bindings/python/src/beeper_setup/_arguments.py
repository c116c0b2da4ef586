"""What the sync resources (``_client``) and the async ones (``_async_resources``) share: the
``NOT_GIVEN`` sentinel, the operation table, how a resource answers (its mode), and each call's
arguments checked and encoded as the native library takes them (the JSON body, the id, the
per-call options, a wait's params).

It imports neither resource tree, so that both import it and neither imports the other's
helpers: the imports go one way, ``_client`` -> ``_async_resources`` -> here.
"""

from __future__ import annotations

from _collections_abc import Mapping

from ._ffi import encode_json, encode_str
from ._json import quote as _quote
from ._operations import BY_NAME, Field, Operation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple

    from ._client import _BaseClient


class _NotGiven:
    """Sentinel for "not passed": the native library then applies env and defaults."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()
not_given = NOT_GIVEN

_INF = float("inf")
_NO_LIMIT_MS = 24 * 3600 * 1000
_OPS: Dict[str, Operation] = BY_NAME
# Each body field's JSON key and colon, for _body to write the body without a general encoder.
_KEYS: Dict[Field, str] = {field: _quote(field.wire) + ":"
                           for op in BY_NAME.values() for field in op.fields or ()}

# How a resource answers: the result, a raw response, or a raw response in a `with` block.
_PLAIN, _RAW, _STREAM = 0, 1, 2


def _seconds_to_ms(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if value != value or value in (_INF, -_INF) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    ms = value * 1000
    whole = int(ms)
    return max(1, whole if whole == ms else whole + 1)  # ceil, without importing math


def _timeout_ms(name: str, value: Any) -> int:
    """Milliseconds for a timeout given as seconds, ``None`` (no limit) or an object with a
    ``read`` time (``httpx.Timeout``)."""
    if value is None:
        return _NO_LIMIT_MS
    if hasattr(value, "read") and not isinstance(value, (int, float)):
        return _timeout_ms(name, value.read)
    return _seconds_to_ms(name, value)


def _check_str(name: str, value: Any, *, empty_ok: bool = True) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not empty_ok and not value:
        raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
    return value


def _is_omit(value: Any) -> bool:
    # The official SDK's `Omit` (and `omit`) in extra_headers removes a default header.
    return value is None or type(value).__name__ == "Omit"


def _body(name: str, values: Optional[Tuple[Any, ...]]) -> Optional[bytes]:
    """The JSON body of operation ``name`` from its arguments' ``values`` (``None``: it takes
    none); a ``None`` optional field is left out. Every value is a str except
    ``accept_terms``."""
    if values is None:
        return None
    # Written here as encode_json would write it (compact), with its checks in its order: every
    # argument's type first, then NUL, then Unicode.
    members: List[str] = []
    nul = False
    for field, value in zip(_OPS[name].fields or (), values):
        arg = field.arg
        if value is None:
            if field.required:
                method = name.rsplit(".", 1)[1]
                raise TypeError(f"{method}() argument {arg!r} must not be None")
            continue
        if arg == "accept_terms":
            if value is not True:
                raise ValueError(f"accept_terms must be True, got {value!r}")
            members.append(_KEYS[field] + "true")
            continue
        if not isinstance(value, str):
            raise TypeError(f"{arg} must be a str, got {type(value).__name__}")
        nul = nul or "\x00" in value
        members.append(_KEYS[field] + _quote(value))
    if not members:
        return None
    if nul:
        raise ValueError("params must not contain NUL characters")
    return encode_str("{" + ",".join(members) + "}", "params")


def _id_arg(value: Any) -> str:
    return _check_str("verification_id", value, empty_ok=False)


def _options_of_call(client: "_BaseClient", mode: int, extra_headers: Any, extra_query: Any,
                     extra_body: Any, timeout: Any) -> Optional[Dict[str, Any]]:
    """As :func:`_call_options`, but a call given none of the per-call options gets the
    client's defaults for ``mode``, built once (shared: never changed)."""
    if extra_headers is None and extra_query is None and extra_body is None \
            and timeout is NOT_GIVEN:
        defaults = client._default_options[mode]
        if defaults is not NOT_GIVEN:
            return defaults  # type: ignore[no-any-return]
    return _call_options(client, mode, extra_headers, extra_query, extra_body, timeout)


def _call_options(client: "_BaseClient", mode: int, extra_headers: Any, extra_query: Any,
                  extra_body: Any, timeout: Any) -> Optional[Dict[str, Any]]:
    """The ``options_json`` object of one call (``None`` when there is nothing to say)."""
    options: Dict[str, Any] = {}
    if mode != _PLAIN:
        options["raw"] = True
    if not client._strict:
        options["validateResponse"] = False
    if timeout is not NOT_GIVEN:
        options["timeoutMs"] = _timeout_ms("timeout", timeout)
    if extra_headers:
        if not isinstance(extra_headers, Mapping):
            raise TypeError("extra_headers must be a mapping of str to str")
        options["extraHeaders"] = {
            _check_str("header name", k): None if _is_omit(v) else _check_str(f"header {k!r}", v)
            for k, v in extra_headers.items()
        }
    query = client._default_query
    if extra_query:
        if not isinstance(extra_query, Mapping):
            raise TypeError("extra_query must be a mapping")
        query = {**query, **extra_query}
    if query:
        options["extraQuery"] = {_check_str("query name", k): v for k, v in query.items()}
    if extra_body:
        if not isinstance(extra_body, Mapping):
            raise TypeError("extra_body must be a mapping")
        options["extraBody"] = dict(extra_body)
    return options or None


def _wait_params(until: Any, verification_states: Any, timeout: Any, interval: Any,
                 while_state: Any, while_verification_state: Any) -> Optional[bytes]:
    """The params_json of ``beeper_setup_wait`` from ``wait()``'s arguments."""
    params: Dict[str, Any] = {}
    if until is not None:
        params["until"] = _str_list("until", until)
    if verification_states is not None:
        params["verificationStates"] = _str_list("verification_states", verification_states)
    if timeout is not None:
        params["timeoutMs"] = _seconds_to_ms("timeout", timeout)
    if interval is not None:
        params["intervalMs"] = _seconds_to_ms("interval", interval)
    if while_state is not None:
        params["whileState"] = _check_str("while_state", while_state)
    if while_verification_state is not None:
        params["whileVerificationState"] = _check_str(
            "while_verification_state", while_verification_state)
    return encode_json(params) if params else None


class _Watching:
    """A watch's arguments, checked, and where it has got: each of its changes is a
    ``beeper_setup_next_change`` after the one before, within what is left of its timeout."""

    __slots__ = ("_deadline", "_params")

    def __init__(self, timeout: Any, interval: Any, after: Any) -> None:
        from time import monotonic

        self._params: Dict[str, Any] = {}
        self._deadline: Optional[float] = None
        if timeout is not None:
            self._deadline = monotonic() + _seconds_to_ms("timeout", timeout) / 1000
        if interval is not None:
            self._params["intervalMs"] = _seconds_to_ms("interval", interval)
        if after is not None:
            self._params["after"] = _wire_of("after", after)

    def params(self) -> bytes:
        """The params of the next change (its deadline what is left of the watch's)."""
        if self._deadline is not None:
            from time import monotonic

            left = int((self._deadline - monotonic()) * 1000)
            self._params["timeoutMs"] = max(left, 1)
        return encode_json(self._params)

    def saw(self, change: Any) -> None:
        """The next change comes after this one."""
        self._params["after"] = _wire_of("change", change)


def _wire_of(name: str, value: Any) -> Dict[str, Any]:
    from . import types as _types

    if isinstance(value, _types.BaseModel):
        raw = _types._raw_of(value)
        return dict(raw) if raw is not None else value.to_dict()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{name} must be a Change, a Session or a dict, got {type(value).__name__}")


def _str_list(name: str, value: Any) -> List[str]:
    if isinstance(value, str):
        return [value]
    try:
        items = [*value]
    except TypeError:
        raise TypeError(f"{name} must be a list of str") from None
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} must be a list of str, got an item of {type(item).__name__}")
    return items
