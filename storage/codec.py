"""JSON codec for the domain's frozen dataclasses (TicketView and what it holds), driven by type hints.

The ticket projection keeps the whole TicketView as a JSON document next to its query columns, so a
field the lifecycle adds later is stored and read back without a schema change. Datetimes travel as
ISO text with their offset, enums as their values, tuples as lists.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """A JSON-able copy of ``value`` (dataclasses, enums, datetimes, tuples, mappings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(v) for v in value]
    if isinstance(value, dict | types.MappingProxyType):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(cls: type[T], raw: Any) -> T:
    """Rebuild a dataclass of type ``cls`` from :func:`to_plain` output; unknown keys are ignored."""
    return _convert(cls, raw)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        last: Exception | None = None
        for option in options:
            try:
                return _convert(option, raw)
            except (TypeError, ValueError) as exc:
                last = exc
        raise ValueError(f"{raw!r} fits none of {options}") from last
    if origin is tuple:
        args = typing.get_args(hint)
        inner = args[0] if args else Any
        return tuple(_convert(inner, v) for v in raw)
    if origin in (list, set, frozenset):
        (inner,) = typing.get_args(hint) or (Any,)
        return origin(_convert(inner, v) for v in raw)
    if origin in (dict, typing.Mapping) or hint in (dict, typing.Mapping):
        args = typing.get_args(hint)
        inner = args[1] if len(args) == 2 else Any
        return {k: _convert(inner, v) for k, v in raw.items()}
    if origin is not None and str(origin).endswith("Mapping"):
        return dict(raw)
    if hint is Any or hint is object:
        return raw
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            hints = _hints(hint)
            names = {f.name for f in dataclasses.fields(hint) if f.init}
            return hint(**{k: _convert(hints[k], v) for k, v in raw.items() if k in names})
        if issubclass(hint, Enum):
            return hint(raw)
        if hint is datetime:
            if not isinstance(raw, str):
                raise TypeError(f"not a datetime: {raw!r}")
            return datetime.fromisoformat(raw)
        if hint is date:
            return date.fromisoformat(raw)
        if hint is bool:
            if not isinstance(raw, bool):
                raise TypeError(f"not a bool: {raw!r}")
            return raw
        if hint in (int, float, str):
            if hint is float and isinstance(raw, int):
                return float(raw)
            if not isinstance(raw, hint):
                raise TypeError(f"not a {hint.__name__}: {raw!r}")
            return raw
    return raw
