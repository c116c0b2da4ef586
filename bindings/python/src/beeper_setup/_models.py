"""The base of every model (``beeper_setup.types``), where the official SDK keeps its models'
base class: code that checks ``isinstance(x, beeper_desktop_api._models.BaseModel)`` finds ours
here.

The models are plain classes driven by a field table (``_fields_``, set by ``_define`` from the
generated ``types`` package). A result wraps the parsed JSON and converts a field the first time
it is read (nested models likewise), so a call costs the same whether or not its result is
looked at; every value is then cached on the object. Access tokens, recovery keys and lead
tokens never appear in ``repr()``.
"""

from __future__ import annotations

from _collections_abc import Mapping

from ._exceptions import BeeperSetupInternalError
from ._json import dumps as _dumps
from ._json import loads as _loads

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Optional, Tuple, Type, TypeVar, Union

    M = TypeVar("M", bound="BaseModel")
    A = TypeVar("A", bound="BaseModel")
    B = TypeVar("B", bound="BaseModel")

__all__ = ["BaseModel"]


def _copy(value: Any) -> Any:
    """A deep copy of a JSON value (dicts and lists copied, scalars shared)."""
    cls = value.__class__
    if cls is dict:
        return {k: _copy(v) for k, v in value.items()}
    if cls is list:
        return [_copy(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


class _FieldInfo:
    """What ``model_fields`` holds for one field: the parts of pydantic's ``FieldInfo`` that
    code reads (``annotation``, ``alias``, ``default``, ``is_required()``, ``description``)."""

    __slots__ = ("annotation", "alias", "default", "description", "_required")

    def __init__(self, annotation: Any, alias: Optional[str], required: bool,
                 description: Optional[str] = None) -> None:
        self.annotation = annotation
        self.alias = alias
        self.default = ... if required else None
        self.description = description
        self._required = required

    def is_required(self) -> bool:
        return self._required

    def __repr__(self) -> str:
        return (f"FieldInfo(annotation={self.annotation!r}, required={self._required}"
                + (f", alias={self.alias!r}" if self.alias else "") + ")")


class _ModelFields:
    """``Model.model_fields``: made from the class annotations on first use (this imports
    ``typing``, which importing the package does not)."""

    def __get__(self, obj: Any, cls: Any) -> Dict[str, _FieldInfo]:
        fields = cls.__dict__.get("_model_fields_")
        if fields is None:
            fields = _model_fields(cls)
            type.__setattr__(cls, "_model_fields_", fields)
        return fields


class BaseModel:
    """Base of every result: immutable, compared by value, built from the wire JSON.

    The pydantic-v2 methods that code calls on the official SDK's models are here too
    (``model_dump``, ``model_dump_json``, ``model_validate``, ``model_construct``,
    ``model_copy``, ``model_fields``, ``model_extra``, ``model_fields_set``, ``to_dict``,
    ``to_json``), with the same output for the same body, without pydantic.
    """

    # Per class, set by _define(): (name, wire key, converter or None, required, secret) in
    # attribute order; name -> (wire key, converter); the known wire keys.
    _fields_: Tuple[Tuple[str, str, Optional[Callable[[Any], Any]], bool, bool], ...] = ()
    _lazy_: Dict[str, Tuple[str, Optional[Callable[[Any], Any]]]] = {}
    _wire_keys_: frozenset = frozenset()

    model_fields = _ModelFields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Builds a model from attribute values (keyword or positional, in field order).
        Results of calls are built from the wire JSON instead."""
        fields = self._fields_
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes at most {len(fields)} positional "
                            f"arguments ({len(args)} given)")
        d = self.__dict__
        given = set()
        for (name, _, _, required, _), value in zip(fields, args):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got multiple values for {name!r}")
            d[name] = value
            given.add(name)
        for name, _, _, required, _ in fields[len(args):]:
            if name in kwargs:
                d[name] = kwargs.pop(name)
                given.add(name)
            elif required:
                raise TypeError(f"{type(self).__name__}() missing required argument: {name!r}")
            else:
                d[name] = None
        if kwargs:
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument "
                            f"{next(iter(kwargs))!r}")
        d["_raw"] = None
        d["_set"] = given

    @classmethod
    def _wrap(cls: Type[M], raw: Dict[str, Any]) -> M:
        # The parsed JSON is owned by the new object (no copy); fields are converted on access.
        obj = cls.__new__(cls)
        obj.__dict__["_raw"] = raw
        return obj

    @classmethod
    def _wrap_text(cls: Type[M], text: bytes) -> M:
        # A result as the library wrote it (a JSON object, UTF-8), parsed when first read: a
        # call whose result is not read costs no parse (see _raw_of).
        obj = cls.__new__(cls)
        obj.__dict__["_text"] = text
        return obj

    @classmethod
    def _from_wire(cls: Type[M], raw: Mapping[str, Any]) -> M:
        """Builds the model from a wire JSON object (as checked by the native library)."""
        if not isinstance(raw, Mapping):
            raise TypeError(f"{cls.__name__} expects a JSON object, got {type(raw).__name__}")
        return cls._wrap(_copy(raw))

    if not TYPE_CHECKING:  # a type checker sees the declared fields only, so typos are errors

        def __getattr__(self, name: str) -> Any:
            # Only reached for a field not read yet (or a missing attribute).
            spec = type(self)._lazy_.get(name)
            d = self.__dict__
            raw = _raw_of(self) if spec is not None else None
            if spec is None or raw is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            value = raw.get(spec[0])
            conv = spec[1]
            if value is not None and conv is not None:
                value = conv(value)
            return d.setdefault(name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def _values(self) -> Tuple[Any, ...]:
        return tuple(_hashable(getattr(self, f[0])) for f in self._fields_)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() != other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    # ---- the pydantic-v2 surface ----

    @property
    def model_extra(self) -> Dict[str, Any]:
        """Fields the server sent that this version does not know (wire keys)."""
        raw = _raw_of(self)
        if not raw:
            return {}
        known = self._wire_keys_
        return {k: _copy(v) for k, v in raw.items() if k not in known}

    @property
    def model_fields_set(self) -> set:
        """The names of the fields that were given (sent by the server, or passed), unknown
        fields included under their wire keys."""
        raw = _raw_of(self)
        if raw is None:
            return set(self.__dict__.get("_set", ()))
        known = {wire: name for name, wire, _, _, _ in self._fields_}
        return {known.get(key, key) for key in raw}

    def model_dump(
        self,
        *,
        mode: str = "python",
        include: Any = None,
        exclude: Any = None,
        by_alias: Optional[bool] = False,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        round_trip: bool = False,
        warnings: Any = True,
    ) -> Dict[str, Any]:
        """As pydantic's: field names (wire keys with ``by_alias=True``), every field unless
        excluded, unknown fields under their wire keys. ``mode`` "python" and "json" give the
        same here (every value is a JSON value already)."""
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', got {mode!r}")
        flags = (bool(by_alias), exclude_unset, exclude_defaults, exclude_none)
        out = _dump_model(self, flags)
        if include is not None or exclude is not None:
            names = {(wire if by_alias else name): name for name, wire, _, _, _ in self._fields_}
            out = {k: v for k, v in out.items()
                   if (include is None or names.get(k, k) in include)
                   and (exclude is None or names.get(k, k) not in exclude)}
        return out

    def model_dump_json(
        self,
        *,
        indent: Optional[int] = None,
        include: Any = None,
        exclude: Any = None,
        by_alias: Optional[bool] = False,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        round_trip: bool = False,
        warnings: Any = True,
    ) -> str:
        """As pydantic's: compact JSON (``indent`` for pretty), non-ASCII kept."""
        data = self.model_dump(mode="json", include=include, exclude=exclude, by_alias=by_alias,
                               exclude_unset=exclude_unset, exclude_defaults=exclude_defaults,
                               exclude_none=exclude_none)
        return _json_text(data, indent)

    def to_dict(
        self,
        *,
        mode: str = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> Dict[str, Any]:
        """The JSON object as the server sent it (camelCase, unknown fields included); the
        official SDK's ``to_dict`` with the same options."""
        return self.model_dump(mode=mode, by_alias=use_api_names, exclude_unset=exclude_unset,
                               exclude_defaults=exclude_defaults, exclude_none=exclude_none)

    def to_json(
        self,
        *,
        indent: Optional[int] = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """``to_dict()`` as JSON text (indented by 2 unless ``indent=None``)."""
        return self.model_dump_json(indent=indent, by_alias=use_api_names,
                                    exclude_unset=exclude_unset,
                                    exclude_defaults=exclude_defaults, exclude_none=exclude_none)

    @classmethod
    def model_validate(cls: Type[M], obj: Any, *, strict: Optional[bool] = None,
                       from_attributes: Optional[bool] = None, context: Any = None,
                       **_: Any) -> M:
        """Checks ``obj`` (wire keys or field names) against the model and builds it; a value
        of the wrong shape raises ``ValueError`` naming the field (pydantic's
        ``ValidationError`` is a ``ValueError`` too)."""
        if isinstance(obj, cls):
            return obj
        return cls._wrap(_validate(cls, obj, cls.__name__))

    @classmethod
    def model_construct(cls: Type[M], _fields_set: Optional[set] = None, **values: Any) -> M:
        """Builds the model from field names or wire keys without checking them (nested
        dicts become models when read)."""
        lazy = cls._lazy_
        raw: Dict[str, Any] = {}
        for key, value in values.items():
            spec = lazy.get(key)
            raw[spec[0] if spec is not None else key] = _to_wire(value)
        return cls._wrap(raw)

    construct = model_construct

    def model_copy(self: M, *, update: Optional[Mapping[str, Any]] = None,
                   deep: bool = False) -> M:
        """A copy, with ``update`` (field names or wire keys) applied without checks."""
        raw = self.to_dict(exclude_unset=True)
        if update:
            lazy = self._lazy_
            for key, value in update.items():
                spec = lazy.get(key)
                raw[spec[0] if spec is not None else key] = _to_wire(value)
        return type(self)._wrap(raw)

    def __repr__(self) -> str:
        parts = []
        for name, _, _, _, secret in self._fields_:
            value = getattr(self, name)
            if secret and value is not None:
                parts.append(f"{name}='***'")
            else:
                parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    __str__ = __repr__


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if value.__class__ is list else value


def _raw_of(model: BaseModel) -> Optional[Dict[str, Any]]:
    """The wire JSON object a model reads its fields from (``None``: built from values),
    parsed on first use when the model holds the library's text."""
    d = model.__dict__
    raw = d.get("_raw", d)
    if raw is d:  # not parsed yet
        text = d.get("_text")
        if text is None:
            return None
        try:
            parsed = _loads(text.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise BeeperSetupInternalError(
                f"the library returned an unreadable result ({e})") from None
        # setdefault: a thread that parsed it first wins, so every reader sees one object.
        raw = d.setdefault("_raw", parsed)
    return raw  # type: ignore[no-any-return]


def _to_wire(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_to_wire(v) for v in value]
    return _copy(value)


def _dump_model(model: BaseModel, flags: Tuple[bool, bool, bool, bool]) -> Dict[str, Any]:
    by_alias, exclude_unset, exclude_defaults, exclude_none = flags
    out: Dict[str, Any] = {}
    raw = _raw_of(model)
    given = model.__dict__.get("_set", ())
    for name, wire, _, required, _ in model._fields_:
        if exclude_unset and (wire not in raw if raw is not None else name not in given):
            continue
        value = getattr(model, name)
        if value is None and (exclude_none or (exclude_defaults and not required)):
            continue
        out[wire if by_alias else name] = _dump_value(value, flags)
    for key, value in model.model_extra.items():
        if value is None and exclude_none:
            continue
        out[key] = value
    return out


def _dump_value(value: Any, flags: Tuple[bool, bool, bool, bool]) -> Any:
    if isinstance(value, BaseModel):
        return _dump_model(value, flags)
    if isinstance(value, (list, tuple)):
        return [_dump_value(v, flags) for v in value]
    return _copy(value)


def _json_text(data: Any, indent: Optional[int]) -> str:
    if indent is None:
        return _dumps(data)
    import json

    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)


# ---- checking a value against a model (model_validate) ----


def _validate(cls: Type[BaseModel], obj: Any, where: str) -> Dict[str, Any]:
    """The wire JSON object for ``obj``, checked against ``cls``'s fields."""
    if isinstance(obj, BaseModel):
        obj = obj.to_dict()
    if not isinstance(obj, Mapping):
        raise ValueError(f"{where}: expected an object, got {type(obj).__name__}")
    by_name = {name: wire for name, wire, _, _, _ in cls._fields_}
    raw: Dict[str, Any] = {}
    for key, value in obj.items():
        raw[key if key in cls._wire_keys_ else by_name.get(key, key)] = value
    kinds = cls.__dict__.get("_kinds_", {})
    for name, wire, _, required, _ in cls._fields_:
        if wire not in raw or raw[wire] is None:
            if required:
                raise ValueError(f"{where}.{name}: field required")
            continue
        raw[wire] = _check_kind(kinds.get(name), raw[wire], f"{where}.{name}")
    return raw


def _check_kind(kind: Any, value: Any, where: str) -> Any:
    kind = _named(kind)
    if kind is None:
        return _copy(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{where}: expected a number, got {type(value).__name__}")
        return value
    if kind is list or isinstance(kind, tuple):
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"{where}: expected a list, got {type(value).__name__}")
        inner = kind[0] if isinstance(kind, tuple) else None
        return [_check_kind(inner, v, f"{where}[{i}]") for i, v in enumerate(value)]
    return _validate(kind, value, where)


# ---- model_fields: the annotations as typing objects ----


def _model_fields(cls: type) -> Dict[str, _FieldInfo]:
    import sys
    import typing

    module = sys.modules[cls.__module__]
    ns: Dict[str, Any] = dict(_BY_NAME)
    ns.update(vars(module))
    for name in ("Any", "Dict", "List", "Literal", "Optional", "Union"):
        ns[name] = getattr(typing, name)
    # The type aliases of the module, and those of ``types`` (which other modules' models name).
    for source in (module, sys.modules.get(f"{__package__}.types")):
        for name in getattr(source, "_ALIASES", ()):
            ns[name] = getattr(source, name)
    annotations = {}
    for klass in reversed(cls.__mro__):
        annotations.update(klass.__dict__.get("__annotations__", {}))
    out = {}
    for name, wire, _, required, _ in cls._fields_:  # type: ignore[attr-defined]
        annotation = annotations.get(name, "Any")
        if isinstance(annotation, str):
            annotation = eval(annotation, ns)  # the class's own annotation text
        out[name] = _FieldInfo(annotation, None if wire == name else wire, required)
    return out


# ---- the field table ----

# Field kinds: a plain value (JSON scalar, enum values kept as sent), a number (an integer the
# server sent for a float field is a float, as pydantic makes it), a nested model, a list, a
# list of models.


def _model_conv(model: Any) -> Callable[[Any], Any]:
    if isinstance(model, str):  # a model of another module, by name

        def by_name(value: Any) -> Any:
            return _BY_NAME[model]._wrap(value) if value.__class__ is dict else value

        return by_name
    wrap = model._wrap

    def conv(value: Any) -> Any:
        # A value of another shape is kept as sent (the library checks shapes first).
        return wrap(value) if value.__class__ is dict else value

    return conv


def _list_conv(value: Any) -> Any:
    # A copy: the caller may change it, the wire JSON (to_dict) stays as sent.
    return list(value) if value.__class__ is list else value


def _float_conv(value: Any) -> Any:
    return float(value) if value.__class__ is int else value


def _model_list_conv(model: Type[BaseModel]) -> Callable[[Any], Any]:
    wrap = model._wrap

    def conv(value: Any) -> Any:
        if value.__class__ is not list:
            return value
        return [wrap(v) if v.__class__ is dict else v for v in value]

    return conv


# Every model by its class name: a kind may name a model of another module (the library's own
# answers, which are not generated, hold the generated Session), resolved when first used.
_BY_NAME: Dict[str, Type[BaseModel]] = {}


def _named(kind: Any) -> Any:
    return _BY_NAME[kind] if isinstance(kind, str) else kind


def _define(cls: Type[BaseModel], *fields: Tuple[Any, ...]) -> None:
    """Sets ``cls``'s field table. Each field is ``(name, wire key or None, kind, flags)``:
    kind ``None`` (plain value), ``float``, a model class (or its name), ``list`` (list of plain
    values) or ``(model,)`` (list of models); flags: ``"?"`` optional, ``"secret"`` kept out of
    repr."""
    _BY_NAME[cls.__name__] = cls
    table = []
    kinds = {}
    for name, wire, kind, *flags in fields:
        if kind is None:
            conv = None
        elif kind is float:
            conv = _float_conv
        elif kind is list:
            conv = _list_conv
        elif isinstance(kind, tuple):
            conv = _model_list_conv(kind[0])
        else:
            conv = _model_conv(kind)
        kinds[name] = kind
        table.append((name, wire or name, conv, "?" not in flags, "secret" in flags))
    type.__setattr__(cls, "_fields_", tuple(table))
    type.__setattr__(cls, "_kinds_", kinds)
    type.__setattr__(cls, "_lazy_", {t[0]: (t[1], t[2]) for t in table})
    type.__setattr__(cls, "_wire_keys_", frozenset(t[1] for t in table))


def _union_parsers(
    tag: str, tagged: Type[A], other: Type[B]
) -> Tuple[Callable[[Mapping[str, Any]], Union[A, B]], Callable[[Dict[str, Any]], Union[A, B]]]:
    """The two readers of an answer that is one of two models: ``tagged`` when the answer's
    ``tag`` field is true, else ``other``. The first copies a caller's mapping; the second
    wraps a parsed result the new object owns (no copy)."""

    def parse(raw: Mapping[str, Any]) -> Union[A, B]:
        if isinstance(raw, Mapping) and raw.get(tag) is True:
            return tagged._from_wire(raw)
        return other._from_wire(raw)

    def wrap(raw: Dict[str, Any]) -> Union[A, B]:
        if raw.get(tag) is True:
            return tagged._wrap(raw)
        return other._wrap(raw)

    return parse, wrap
