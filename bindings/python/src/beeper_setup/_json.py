"""The JSON codec of the package: the text at the C boundary, and the bodies that responses
and models show as text.

It stands alone, importing nothing of the package, so that every module may use it without
loading the library. Nothing heavy is imported (no ``json``): parsing and string escaping go
through the interpreter's C accelerator directly when it exists (the top-level ``_json``
module, not this one).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List

__all__ = ["loads", "dumps", "quote"]

try:
    from _json import encode_basestring as _enc_str
    from _json import make_scanner as _make_scanner
except ImportError:  # pragma: no cover - interpreters without the C accelerator
    import json as _json_mod

    _enc_str = _json_mod.encoder.py_encode_basestring  # type: ignore[attr-defined]

    def loads(text: str) -> Any:
        """Parses one JSON document (``ValueError`` when it is not one)."""
        return _json_mod.loads(text)

else:

    class _ScannerContext:
        # What json.JSONDecoder hands to the C scanner, minus the hooks.
        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_float = float
        parse_int = int
        parse_constant = {"NaN": float("nan"), "Infinity": float("inf"),
                          "-Infinity": float("-inf")}.__getitem__
        memo: Dict[str, str] = {}

    _scan = _make_scanner(_ScannerContext())

    def loads(text: str) -> Any:
        """Parses one JSON document (``ValueError`` when it is not one)."""
        try:
            value, end = _scan(text, 0)
        except StopIteration:
            stripped = text.lstrip(" \t\n\r")
            if stripped and len(stripped) < len(text):
                return loads(stripped)
            raise ValueError("Expecting value: line 1 column 1 (char 0)") from None
        if end != len(text) and text[end:].strip(" \t\n\r"):
            raise ValueError(f"Extra data: char {end}")
        return value


#: A str as a JSON string (quoted, escaped), as :func:`dumps` writes it.
quote = _enc_str


def _dump_into(value: Any, out: List[str], seen: Dict[int, Any]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_enc_str(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        out.append(float.__repr__(value))
    elif isinstance(value, (dict, list, tuple)) or hasattr(value, "items"):
        key = id(value)
        if key in seen:
            raise ValueError("Circular reference detected")
        seen[key] = value
        if isinstance(value, (list, tuple)):
            out.append("[")
            first = True
            for item in value:
                if not first:
                    out.append(",")
                first = False
                _dump_into(item, out, seen)
            out.append("]")
        else:
            out.append("{")
            first = True
            for k, v in value.items():
                if isinstance(k, str):
                    pass
                elif k is True or k is False or k is None or isinstance(k, (int, float)):
                    k = "null" if k is None else "true" if k is True else "false" \
                        if k is False else (int.__repr__(k) if isinstance(k, int)
                                            else float.__repr__(k))
                else:
                    raise TypeError(f"keys must be str, int, float, bool or None, "
                                    f"not {type(k).__name__}")
                if not first:
                    out.append(",")
                first = False
                out.append(_enc_str(k))
                out.append(":")
                _dump_into(v, out, seen)
            out.append("}")
        del seen[key]
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    """Compact JSON text, non-ASCII kept (like ``json.dumps(ensure_ascii=False,
    allow_nan=False)``)."""
    out: List[str] = []
    _dump_into(value, out, {})
    return "".join(out)
