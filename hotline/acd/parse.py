"""Strict readers for TOML tables: each wrong value raises the caller's error naming file, key and problem."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class Reader:
    """Typed getters over plain dicts; ``make_error(file, key, reason)`` builds the exception."""

    def __init__(self, file: str, make_error: Callable[[str, str, str], Exception]) -> None:
        self.file, self.make_error = file, make_error

    def error(self, key: str, reason: str) -> Exception:
        """The error for ``key`` in this file."""
        return self.make_error(self.file, key, reason)

    @staticmethod
    def _key(where: str, name: str) -> str:
        return f"{where}.{name}" if where else name

    def only(self, table: dict[str, Any], allowed: Iterable[str], where: str) -> None:
        """Refuse keys not in ``allowed`` (a typo must not pass silently)."""
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                raise self.error(self._key(where, key), f"unknown key (known: {', '.join(allowed)})")

    def _get(self, table: dict[str, Any], name: str, where: str, default: Any) -> Any:
        if name in table:
            return table[name]
        if default is None:
            raise self.error(self._key(where, name), "missing")
        return default

    def table(self, doc: dict[str, Any], name: str, where: str) -> dict[str, Any]:
        """A required sub-table."""
        value = self._get(doc, name, where, None)
        if not isinstance(value, dict):
            raise self.error(self._key(where, name), f"expected a table, not {type(value).__name__}")
        return value

    def tables(self, doc: dict[str, Any], name: str, where: str, required: bool = True) -> list[dict[str, Any]]:
        """An array of tables (``[[name]]``)."""
        value = self._get(doc, name, where, None if required else [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(self._key(where, name), "expected an array of tables ([[...]])")
        return value

    def text(self, table: dict[str, Any], name: str, where: str, default: str | None = None) -> str:
        """A non-empty string (or ``default`` when absent and a default is given)."""
        value = self._get(table, name, where, default)
        if not isinstance(value, str):
            raise self.error(self._key(where, name), f"expected a string, not {value!r}")
        if not value.strip() and default is None:
            raise self.error(self._key(where, name), "must not be empty")
        return value.strip()

    def strings(self, table: dict[str, Any], name: str, where: str) -> list[str]:
        """A list of non-empty strings."""
        value = self._get(table, name, where, None)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(self._key(where, name), f"expected a list of strings, not {value!r}")
        return [v.strip() for v in value]

    def number(self, table: dict[str, Any], name: str, where: str) -> float:
        """An int or float (not a bool)."""
        value = self._get(table, name, where, None)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(self._key(where, name), f"expected a number, not {value!r}")
        return float(value)

    def seconds(self, table: dict[str, Any], name: str, where: str, minimum: int = 0) -> int:
        """A whole number at least ``minimum``."""
        value = self._get(table, name, where, None)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(self._key(where, name), f"expected a whole number, not {value!r}")
        if value < minimum:
            raise self.error(self._key(where, name), f"must be at least {minimum}, not {value}")
        return value

    def choice(self, table: dict[str, Any], name: str, where: str, choices: tuple[str, ...],
               default: str | None = None) -> str:
        """One of ``choices``."""
        value = self.text(table, name, where, default)
        if value not in choices:
            raise self.error(self._key(where, name), f"expected one of {', '.join(choices)}, not {value!r}")
        return value

    def digits(self, value: str, key: str) -> str:
        """A phone number or SIP user made of digits."""
        if not isinstance(value, str) or not value.isdigit():
            raise self.error(key, f"expected digits, not {value!r}")
        return value
