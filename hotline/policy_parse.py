"""Strict parsing of one profile document (a TOML table) into a :class:`hotline.policy.Profile`.

Every value must name its article; anything unknown, missing or out of range raises
:class:`hotline.policy.PolicyError` with the file, the dotted key and the reason. The file format
is described in ``resources/policies/README.md``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import time
from types import MappingProxyType
from typing import Any

from hotline.enums import Category, MultiUnitMode, Urgency
from hotline.policy import (
    Cited,
    ClockRule,
    Entry,
    Forbidden,
    GuidanceClass,
    PolicyError,
    Profile,
    Span,
    SupervisionLevel,
    Unset,
)

UNITS = ("working_days", "working_hours", "hours")
STARTS = ("intake", "dispatch", "unit-feedback")
TOP_KEYS = {
    "id", "name", "document", "seed", "working_hours", "due_soon", "clocks", "flags",
    "multi_unit_modes", "supervision_levels", "guidance_classes", "targets", "notes",
}
BOOL_FLAGS = (
    "return_requires_review", "late_return_counts_overdue", "extension_tell_caller",
    "callback_sms_first", "redo_on_unsatisfied", "note_close_allowed", "screening_allowed",
    "terminate_allowed", "three_way_consent",
)
CHOICE_FLAGS = {
    "extension_approver": ("center", "office", ""),
    "repeated_same_matter": ("link", "not-accepted", "explain-and-chase"),
}
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_PERIOD = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class _Ctx:
    """The file being parsed, to name it in every error."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, reason: str) -> PolicyError:
        return PolicyError(self.file, key, reason)

    def table(self, value: object, key: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"must be a table, got {type(value).__name__}")
        return value

    def keys(self, table: Mapping[str, Any], key: str, allowed: set[str], required: set[str]) -> None:
        for name in table:
            if name not in allowed:
                raise self.fail(_join(key, name), f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for name in sorted(required):
            if name not in table:
                raise self.fail(_join(key, name), "missing")

    def text(self, table: Mapping[str, Any], key: str, name: str, empty: bool = False) -> str:
        value = table.get(name)
        if not isinstance(value, str):
            raise self.fail(_join(key, name), "missing" if value is None else "must be a string")
        if not empty and not value.strip():
            raise self.fail(_join(key, name), "must not be empty")
        return value.strip()

    def article(self, table: Mapping[str, Any], key: str) -> str:
        if "article" not in table:
            raise self.fail(_join(key, "article"), "missing article: every value must cite its article")
        return self.text(table, key, "article")


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def parse_profile(data: Mapping[str, Any], file: str) -> Profile:
    """Validate a loaded TOML document and build the Profile; PolicyError on the first fault."""
    c = _Ctx(file)
    c.keys(data, "", TOP_KEYS, {"id", "name", "document", "working_hours", "due_soon", "clocks", "flags"})
    pid = c.text(data, "", "id")
    if not _NAME.match(pid):
        raise c.fail("id", "must be lower-case letters, digits and '-'")
    periods, periods_article = _working_hours(c, data["working_hours"])
    fraction, fraction_article = _due_soon(c, data["due_soon"])
    clocks = _clocks(c, data["clocks"])
    flags = _flags(c, data["flags"])
    return Profile(
        id=pid,
        name=c.text(data, "", "name"),
        document=c.text(data, "", "document"),
        seed=c.text(data, "", "seed", empty=True) if "seed" in data else "",
        working_hours=periods,
        working_hours_article=periods_article,
        clocks=MappingProxyType(clocks),
        due_soon_fraction=fraction,
        multi_unit_modes=MappingProxyType(_modes(c, data.get("multi_unit_modes", {}))),
        supervision_levels=tuple(_supervision(c, data.get("supervision_levels", []))),
        guidance_classes=tuple(_guidance(c, data.get("guidance_classes", []))),
        targets=MappingProxyType(_targets(c, data.get("targets", {}))),
        due_soon_article=fraction_article,
        notes=tuple(_notes(c, data.get("notes", []))),
        **flags,
    )


def _parse_time(c: _Ctx, key: str, hh: str, mm: str) -> time:
    try:
        return time(int(hh), int(mm))
    except ValueError:
        raise c.fail(key, f"bad time {hh}:{mm}") from None


def _working_hours(c: _Ctx, value: object) -> tuple[tuple[tuple[time, time], ...], str]:
    table = c.table(value, "working_hours")
    c.keys(table, "working_hours", {"periods", "article"}, {"periods"})
    article = c.article(table, "working_hours")
    raw = table["periods"]
    if not isinstance(raw, list) or not raw:
        raise c.fail("working_hours.periods", "must be a non-empty list like [\"09:00-12:00\"]")
    periods: list[tuple[time, time]] = []
    for i, text in enumerate(raw):
        key = f"working_hours.periods[{i}]"
        match = _PERIOD.match(text) if isinstance(text, str) else None
        if not match:
            raise c.fail(key, f"bad time period {text!r}, expected HH:MM-HH:MM")
        begin = _parse_time(c, key, match[1], match[2])
        end = _parse_time(c, key, match[3], match[4])
        if not begin < end:
            raise c.fail(key, f"bad time period {text!r}: must end after it begins")
        if periods and begin < periods[-1][1]:
            raise c.fail(key, "periods must be in order and must not overlap")
        periods.append((begin, end))
    return tuple(periods), article


def _fraction(c: _Ctx, value: object, key: str, low_open: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise c.fail(key, "must be a number")
    if value > 1 or value < 0 or (low_open and value == 0):
        raise c.fail(key, f"must be a fraction {'in (0, 1]' if low_open else 'in [0, 1]'}, got {value}")
    return float(value)


def _due_soon(c: _Ctx, value: object) -> tuple[float, str]:
    table = c.table(value, "due_soon")
    c.keys(table, "due_soon", {"fraction", "article"}, {"fraction"})
    article = c.article(table, "due_soon")
    return _fraction(c, table["fraction"], "due_soon.fraction", low_open=True), article


def parse_entry(c: _Ctx, value: object, key: str) -> Entry:
    """One clock entry: a Span (amount+unit), an Unset (unset=reason) or a Forbidden (forbidden=reason)."""
    table = c.table(value, key)
    kinds = [k for k in ("amount", "unset", "forbidden") if k in table]
    if len(kinds) != 1:
        raise c.fail(key, "needs exactly one of amount (a time limit), unset (reason) or forbidden (reason)")
    kind = kinds[0]
    if kind == "amount":
        c.keys(table, key, {"amount", "unit", "article", "note"}, {"unit"})
        article = c.article(table, key)
        amount = table["amount"]
        if isinstance(amount, bool) or not isinstance(amount, int | float) or math.isnan(amount):
            raise c.fail(f"{key}.amount", "must be a number")
        if amount < 0 or math.isinf(amount):
            raise c.fail(f"{key}.amount", f"negative or infinite amount {amount}")
        unit = table["unit"]
        if unit not in UNITS:
            raise c.fail(f"{key}.unit", f"bad unit {unit!r} (expected one of: {', '.join(UNITS)})")
        note = c.text(table, key, "note", empty=True) if "note" in table else ""
        return Span(float(amount), unit, article, note)
    c.keys(table, key, {kind, "article"}, set())
    article = c.article(table, key)
    reason = c.text(table, key, kind)
    return Unset(reason, article) if kind == "unset" else Forbidden(reason, article)


def _clocks(c: _Ctx, value: object) -> dict[str, ClockRule]:
    table = c.table(value, "clocks")
    clocks: dict[str, ClockRule] = {}
    for name, raw in table.items():
        key = f"clocks.{name}"
        if not _NAME.match(name):
            raise c.fail(key, "clock names are lower-case letters, digits and '-'")
        rule = c.table(raw, key)
        c.keys(rule, key, {"title", "starts", "default", "by_category", "by_urgency"}, {"title", "starts"})
        starts = c.text(rule, key, "starts")
        if starts not in STARTS:
            raise c.fail(f"{key}.starts", f"unknown start event {starts!r} (expected one of: {', '.join(STARTS)})")
        default = parse_entry(c, rule["default"], f"{key}.default") if "default" in rule else None
        by_category: dict[Category, Entry] = {}
        for label, entry in c.table(rule.get("by_category", {}), f"{key}.by_category").items():
            try:
                category = Category.parse(label)
            except ValueError as exc:
                raise c.fail(f"{key}.by_category.{label}", f"unknown category: {exc}") from None
            by_category[category] = parse_entry(c, entry, f"{key}.by_category.{label}")
        by_urgency: dict[Urgency, Entry] = {}
        for label, entry in c.table(rule.get("by_urgency", {}), f"{key}.by_urgency").items():
            try:
                urgency = Urgency.parse(label)
            except ValueError as exc:
                raise c.fail(f"{key}.by_urgency.{label}", f"unknown urgency: {exc}") from None
            if urgency is Urgency.NORMAL:
                raise c.fail(f"{key}.by_urgency.{label}", "normal urgency is set by default/by_category")
            by_urgency[urgency] = parse_entry(c, entry, f"{key}.by_urgency.{label}")
        if default is None and not by_category and not by_urgency:
            raise c.fail(key, "a clock needs a default, by_category or by_urgency entry")
        clocks[name] = ClockRule(
            name, c.text(rule, key, "title"), starts, default,
            MappingProxyType(by_category), MappingProxyType(by_urgency),
        )
    if "extension" in clocks and "finish" not in clocks:
        raise c.fail("clocks.extension", "an extension clock needs a finish clock to extend")
    return clocks


def _flags(c: _Ctx, value: object) -> dict[str, Cited]:
    table = c.table(value, "flags")
    names = set(BOOL_FLAGS) | set(CHOICE_FLAGS)
    c.keys(table, "flags", names, names)
    flags: dict[str, Cited] = {}
    for name in sorted(names):
        key = f"flags.{name}"
        item = c.table(table[name], key)
        c.keys(item, key, {"value", "article"}, {"value"})
        article = c.article(item, key)
        flag = item["value"]
        if name in CHOICE_FLAGS:
            if flag not in CHOICE_FLAGS[name]:
                raise c.fail(f"{key}.value", f"bad value {flag!r} (expected one of: {CHOICE_FLAGS[name]})")
        elif not isinstance(flag, bool):
            raise c.fail(f"{key}.value", "must be true or false")
        flags[name] = Cited(flag, article)
    return flags


def _modes(c: _Ctx, value: object) -> dict[MultiUnitMode, str]:
    table = c.table(value, "multi_unit_modes")
    modes: dict[MultiUnitMode, str] = {}
    for label, article in table.items():
        key = f"multi_unit_modes.{label}"
        try:
            mode = MultiUnitMode.parse(label)
        except ValueError as exc:
            raise c.fail(key, f"unknown mode: {exc}") from None
        if not isinstance(article, str) or not article.strip():
            raise c.fail(key, "missing article: the value is the article that allows the mode")
        modes[mode] = article.strip()
    return modes


def _items(c: _Ctx, value: object, key: str) -> list[tuple[str, Mapping[str, Any]]]:
    if not isinstance(value, list):
        raise c.fail(key, "must be an array of tables")
    return [(f"{key}[{i}]", c.table(item, f"{key}[{i}]")) for i, item in enumerate(value)]


def _supervision(c: _Ctx, value: object) -> list[SupervisionLevel]:
    levels = []
    for key, item in _items(c, value, "supervision_levels"):
        c.keys(item, key, {"key", "label", "article"}, {"key", "label"})
        levels.append(SupervisionLevel(c.text(item, key, "key"), c.text(item, key, "label"), c.article(item, key)))
    return levels


def _guidance(c: _Ctx, value: object) -> list[GuidanceClass]:
    classes = []
    for key, item in _items(c, value, "guidance_classes"):
        c.keys(item, key, {"key", "label", "guidance", "article", "kind"}, {"key", "label", "guidance"})
        kind = item.get("kind", "not-accepted")
        if kind not in ("not-accepted", "guide"):
            raise c.fail(f"{key}.kind", f"bad kind {kind!r} (expected not-accepted or guide)")
        classes.append(GuidanceClass(
            c.text(item, key, "key"), c.text(item, key, "label"), c.text(item, key, "guidance"),
            c.article(item, key), kind,
        ))
    return classes


def _targets(c: _Ctx, value: object) -> dict[str, Cited]:
    targets: dict[str, Cited] = {}
    for name, raw in c.table(value, "targets").items():
        key = f"targets.{name}"
        item = c.table(raw, key)
        c.keys(item, key, {"value", "article"}, {"value"})
        article = c.article(item, key)
        targets[name] = Cited(_fraction(c, item["value"], f"{key}.value", low_open=False), article)
    return targets


def _notes(c: _Ctx, value: object) -> list[Cited]:
    notes = []
    for key, item in _items(c, value, "notes"):
        c.keys(item, key, {"text", "article"}, {"text"})
        notes.append(Cited(c.text(item, key, "text"), c.article(item, key)))
    return notes
