"""JSON codec for the domain's frozen dataclasses (TicketView and what it holds), driven by type hints.

The ticket projection keeps the whole TicketView as a JSON document next to its query columns, so a
field the lifecycle adds later is stored and read back without a schema change. Datetimes travel as
ISO text with their offset, enums as their values, tuples as lists.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


def dumps(value: Any) -> str:
    """JSON text of ``to_plain(value)``, encoded in one pass by orjson's C encoder where it can.

    orjson writes dataclasses, enums (their values), datetimes and dates (ISO, with the offset) and
    tuples as to_plain does; sets and read-only mappings go through :func:`_orjson_default`. Anything
    it refuses (a mapping with non-text keys, an integer beyond 64 bits) falls back to
    ``json.dumps(to_plain(value))``, so the text always decodes to the same value.
    """
    try:
        return orjson.dumps(value, default=_orjson_default).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(to_plain(value), ensure_ascii=False)


def _orjson_default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return list(value)
    if isinstance(value, types.MappingProxyType):
        return dict(value)
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def to_plain(value: Any) -> Any:
    """A JSON-able copy of ``value`` (dataclasses, enums, datetimes, tuples, mappings)."""
    kind = type(value)
    handler = _plain_handlers.get(kind)
    if handler is None:
        handler = _plain_handlers[kind] = _plain_handler(kind)
    return handler(value)


def _plain_handler(kind: type) -> Callable[[Any], Any]:
    """How to_plain treats a value of exactly this type (the branch depends on the type alone)."""
    names = _field_names(kind)
    if names is not None:
        return lambda value: {name: (v if type(v) in _ATOMS else to_plain(v))
                              for name in names for v in (getattr(value, name),)}
    if issubclass(kind, Enum):
        return lambda value: value.value
    if issubclass(kind, datetime | date):
        return lambda value: value.isoformat()
    if issubclass(kind, list | tuple | set | frozenset):
        return lambda value: [to_plain(v) for v in value]
    if issubclass(kind, dict | types.MappingProxyType):
        return lambda value: {str(k): to_plain(v) for k, v in value.items()}
    return _identity


_plain_handlers: dict[type, Callable[[Any], Any]] = {}
_ATOMS = frozenset({str, int, float, bool, type(None)})  # already JSON-able: no handler look-up


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type (None for any other type, and for classes themselves)."""
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


def from_plain(cls: type[T], raw: Any) -> T:
    """Rebuild a dataclass of type ``cls`` from :func:`to_plain` output; unknown keys are ignored.

    Uses a decoder compiled once per type (:func:`decoder`), so a list of views does not walk the
    type hints again for every field of every row.
    """
    return decoder(cls)(raw)  # type: ignore[no-any-return]


def decoder(hint: Any) -> Callable[[Any], Any]:
    """A function turning :func:`to_plain` output back into ``hint``, built once per hint and cached."""
    try:
        return _decoders[hint]
    except KeyError:
        pass
    except TypeError:  # an unhashable hint: compiled every time, never cached
        return _compile(hint)
    with _decoders_lock:
        built = _decoders.get(hint)
        if built is None:
            built = _compile(hint)
            _decoders[hint] = built
    return built


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


# -- compiled decoders: the branches decided once per hint ------------------------------

_decoders: dict[Any, Callable[[Any], Any]] = {}
_decoders_lock = threading.RLock()


def _compile(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        parts = [decoder(o) for o in options]

        def union(raw: Any) -> Any:
            if raw is None:
                return None
            last: Exception | None = None
            for part in parts:
                try:
                    return part(raw)
                except (TypeError, ValueError) as exc:
                    last = exc
            raise ValueError(f"{raw!r} fits none of {options}") from last

        return union
    if origin is tuple:
        args = typing.get_args(hint)
        item = decoder(args[0] if args else Any)
        return lambda raw: None if raw is None else tuple([item(v) for v in raw])
    if origin in (list, set, frozenset):
        (inner,) = typing.get_args(hint) or (Any,)
        item, make = decoder(inner), origin
        return lambda raw: None if raw is None else make(item(v) for v in raw)
    if origin in (dict, typing.Mapping) or hint in (dict, typing.Mapping):
        args = typing.get_args(hint)
        value = decoder(args[1] if len(args) == 2 else Any)
        return lambda raw: None if raw is None else {k: value(v) for k, v in raw.items()}
    if origin is not None and str(origin).endswith("Mapping"):
        return lambda raw: None if raw is None else dict(raw)
    if hint is Any or hint is object:
        return _identity
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return _dataclass_decoder(hint)
        if issubclass(hint, Enum):
            enum = hint
            return lambda raw: None if raw is None else enum(raw)
        if hint is datetime:
            return _datetime
        if hint is date:
            return lambda raw: None if raw is None else date.fromisoformat(raw)
        if hint is bool:
            return _bool
        if hint in (int, float, str):
            return _scalar(hint)
    return _identity


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    compiled: list[dict[str, Callable[[Any], Any]]] = []

    def build(raw: Any) -> Any:
        if raw is None:
            return None
        if not compiled:  # built on first use, so a dataclass may refer to itself
            hints = _hints(cls)
            compiled.append({f.name: decoder(hints[f.name]) for f in dataclasses.fields(cls) if f.init})
        fields = compiled[0]
        return cls(**{k: fields[k](v) for k, v in raw.items() if k in fields})

    return build


def _identity(raw: Any) -> Any:
    return raw


def _datetime(raw: Any) -> Any:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise TypeError(f"not a datetime: {raw!r}")
    return datetime.fromisoformat(raw)


def _bool(raw: Any) -> Any:
    if raw is None:
        return None
    if not isinstance(raw, bool):
        raise TypeError(f"not a bool: {raw!r}")
    return raw


def _scalar(hint: type) -> Callable[[Any], Any]:
    def scalar(raw: Any) -> Any:
        if raw is None:
            return None
        if hint is float and isinstance(raw, int):
            return float(raw)
        if not isinstance(raw, hint):
            raise TypeError(f"not a {hint.__name__}: {raw!r}")
        return raw

    return scalar
