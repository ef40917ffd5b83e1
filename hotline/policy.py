"""Jurisdiction profiles: the rules of one regulation as data, each value citing its article.

A profile is loaded from ``resources/policies/<id>.toml`` by :mod:`hotline.policy_loader`; this module
holds only the frozen shapes. The lifecycle (hotline.tickets) reads the flags, the deadline engine
(hotline.deadlines) reads the clocks.

Clock resolution for a ticket: an entry for the ticket's urgency (when not normal) wins, then an
entry for its category, then the clock's default. An entry may be a :class:`Span` (a time limit), a
:class:`Unset` (the regulation gives no number: "per law", "in the set time") or a
:class:`Forbidden` (the regulation forbids it, e.g. extending a Liangshan 咨询, 第十二条(三)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Literal

from hotline.enums import Category, MultiUnitMode, Urgency

SpanUnit = Literal["working_days", "working_hours", "hours"]


class PolicyError(Exception):
    """A profile file is wrong: names the file, the key and the reason."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file, self.key, self.reason = file, key, reason


class ClockUnavailable(Exception):
    """A clock the profile does not have, or does not set for this ticket, or forbids."""

    def __init__(self, profile: str, clock: str, reason: str, article: str = "") -> None:
        where = f" ({article})" if article else ""
        super().__init__(f"profile {profile}: clock {clock}: {reason}{where}")
        self.profile, self.clock, self.reason, self.article = profile, clock, reason, article


@dataclass(frozen=True)
class Span:
    """A time limit: ``amount`` of working days, working hours or plain clock hours."""

    amount: float
    unit: SpanUnit
    article: str
    note: str = ""


@dataclass(frozen=True)
class Unset:
    """The regulation names the step but sets no number (the center sets it, or the law does)."""

    reason: str
    article: str


@dataclass(frozen=True)
class Forbidden:
    """The regulation forbids this clock for the ticket (e.g. no extension for 咨询)."""

    reason: str
    article: str


Entry = Span | Unset | Forbidden


@dataclass(frozen=True)
class ClockRule:
    """One named clock of a profile: when it starts and how long it runs."""

    name: str
    title: str  # Chinese name shown to people, e.g. 签收时限
    starts: str  # the event that starts it: intake, dispatch, reply, unit-feedback, ...
    default: Entry | None
    by_category: Mapping[Category, Entry] = field(default_factory=dict)
    by_urgency: Mapping[Urgency, Entry] = field(default_factory=dict)

    def entry_for(self, category: Category, urgency: Urgency = Urgency.NORMAL) -> Entry | None:
        """The entry that applies to a ticket of this category and urgency (None: nothing applies)."""
        if urgency is not Urgency.NORMAL and urgency in self.by_urgency:
            return self.by_urgency[urgency]
        if category in self.by_category:
            return self.by_category[category]
        return self.default


@dataclass(frozen=True)
class Cited:
    """A value together with the article that sets it."""

    value: object
    article: str


@dataclass(frozen=True)
class GuidanceClass:
    """A class of request the hotline does not accept (不予受理) or only guides (引导), with the text."""

    key: str
    label: str
    guidance: str
    article: str
    kind: Literal["not-accepted", "guide"] = "not-accepted"


@dataclass(frozen=True)
class SupervisionLevel:
    """One rung of supervision (督办/催办), lowest first."""

    key: str
    label: str
    article: str


@dataclass(frozen=True)
class Profile:
    """Everything one jurisdiction's regulation fixes, as data."""

    id: str
    name: str
    document: str
    seed: str
    working_hours: tuple[tuple[time, time], ...]
    working_hours_article: str
    clocks: Mapping[str, ClockRule]
    due_soon_fraction: float
    # lifecycle flags, each with its article
    multi_unit_modes: Mapping[MultiUnitMode, str]  # mode -> article that allows it
    return_requires_review: Cited  # bool: Hohhot 派单异议审核 第十五条(四)
    late_return_counts_overdue: Cited  # bool: Liangshan 第十二条(二)
    extension_approver: Cited  # str: "center" | "office" | "" (who grants)
    extension_tell_caller: Cited  # bool: Ordos 第十九条(八)
    callback_sms_first: Cited  # bool: Liangshan 第十三条(一)
    redo_on_unsatisfied: Cited  # bool
    note_close_allowed: Cited  # bool: 备注办结, Liangshan 第十三条(三)
    screening_allowed: Cited  # bool: 甄别 of disputed ratings, Liangshan 第十三条(三)
    terminate_allowed: Cited  # bool: 终结办理 for a repeated same matter, Liangshan 第十三条(四)
    three_way_consent: Cited  # bool: a three-way call, transfer or expert seat needs the caller's consent, Liangshan 第十一条(一)
    repeated_same_matter: Cited  # str: "link" | "not-accepted" | "explain-and-chase"
    supervision_levels: tuple[SupervisionLevel, ...]
    guidance_classes: tuple[GuidanceClass, ...]
    targets: Mapping[str, Cited]  # answer_rate, callback_rate, ... (fractions)
    due_soon_article: str = ""  # where the due-soon reminder comes from (Changzhi 三(四)1)
    notes: tuple[Cited, ...] = ()  # rules shown to agents that no clock or flag encodes

    def clock(self, name: str) -> ClockRule:
        """The named clock; ClockUnavailable when the profile has none."""
        try:
            return self.clocks[name]
        except KeyError:
            raise ClockUnavailable(self.id, name, "this profile has no such clock") from None

    def span(self, name: str, category: Category, urgency: Urgency = Urgency.NORMAL) -> Span:
        """The time limit of a clock for a ticket; ClockUnavailable says why there is none."""
        rule = self.clock(name)
        entry = rule.entry_for(category, urgency)
        if entry is None:
            raise ClockUnavailable(
                self.id, name, f"not set for {category.label}/{urgency.label}"
            )
        if isinstance(entry, Span):
            return entry
        return _raise(self.id, name, entry)

    def allows_mode(self, mode: MultiUnitMode) -> bool:
        """Whether this profile allows sending a ticket to several units in this way."""
        return mode in self.multi_unit_modes


def _raise(profile: str, clock: str, entry: Unset | Forbidden) -> Span:
    kind = "forbidden" if isinstance(entry, Forbidden) else "not set"
    raise ClockUnavailable(profile, clock, f"{kind}: {entry.reason}", entry.article)
