"""A faster ``dataclasses.replace`` for the fold's frozen views (TicketView, AssignmentView, ...).

``dataclasses.replace`` rebuilds the object through its generated ``__init__`` (60 keyword
arguments for a TicketView), which was half of the fold's time when a desk's backlog is pushed. The
views have no ``__post_init__`` and no ``__slots__``, so a copy of the instance dictionary with the
changes applied is the same object ``replace`` would build. Unknown field names still raise
TypeError, as ``replace`` does; a class with ``__post_init__`` or ``__slots__`` goes through
``dataclasses.replace`` itself.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _plain_fields(cls: type) -> frozenset[str] | None:
    """The init field names of ``cls`` when a dictionary copy is a faithful replace, else None."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        return None
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields):
        return None
    return frozenset(f.name for f in fields)


def replace(obj: T, /, **changes: Any) -> T:
    """``obj`` with ``changes``, like :func:`dataclasses.replace` (same result, same TypeError)."""
    cls = type(obj)
    names = _plain_fields(cls)
    if names is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    if not names.issuperset(changes):
        unknown = ", ".join(sorted(set(changes) - names))
        raise TypeError(f"{cls.__name__}.__init__() got an unexpected keyword argument {unknown!r}")
    new = object.__new__(cls)
    state = new.__dict__
    state.update(obj.__dict__)
    state.update(changes)
    return new
