"""The center's plan: queues, the numbers that reach them, agents and skills, timers, the night rule.

``CenterPlan.load(path)`` reads ``resources/center/plan.toml`` (or any file) strictly: an unknown
key, a wrong type, a queue without a skill any agent has, an overflow seat that is not a user, a
number two queues claim — each raises :class:`PlanError` naming the file, the key and the problem.
The format is described in resources/center/README.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotline.acd.parse import Reader
from hotline.paths import resources_dir

OVERFLOW_KINDS = ("callback", "voicemail", "seat")


class PlanError(Exception):
    """The center plan is wrong: names the file, the key and the reason."""

    def __init__(self, file: str, key: str, reason: str) -> None:
        super().__init__(f"{file}: {key}: {reason}")
        self.file, self.key, self.reason = file, key, reason


@dataclass(frozen=True, slots=True)
class QueuePlan:
    """A queue: who may take its calls (``skill``), how urgent it is, how long a caller may wait."""

    name: str
    label: str
    numbers: tuple[str, ...]
    skill: str
    priority: int  # higher is served first
    max_wait_s: int
    overflow: str  # callback | voicemail | seat
    overflow_target: str = ""  # the SIP user for seat
    category: str = "求助"  # the category of a callback reservation's ticket


@dataclass(frozen=True, slots=True)
class District:
    """A district hotline number (two digits + 12345, Ordos 第十一条) and the queue it reaches."""

    number: str
    name: str
    queue: str


@dataclass(frozen=True, slots=True)
class NightRule:
    """What happens to a caller when no agent who could serve the queue is logged in (7×24)."""

    duty_seat: str  # 值班坐席 rung first when registered; "" for none
    fallback: str  # callback | voicemail when the duty seat is not there either
    message: str  # what the caller is told


@dataclass(frozen=True, slots=True)
class CenterPlan:
    """Everything the director needs to know about the center, loaded from one TOML file."""

    name: str
    queues: tuple[QueuePlan, ...]
    districts: tuple[District, ...]
    agents: dict[str, tuple[str, ...]]  # user -> skills
    wrap_up_s: int
    ring_timeout_s: int
    max_misses: int
    service_level_s: int
    answer_target: float
    answer_target_basis: str
    login_state: str  # ready | not-ready: the state a newly registered agent takes
    default_queue: str
    night: NightRule
    callback_message: str
    voicemail_message: str
    profile: str = "national"  # the jurisdiction profile of the tickets a callback reservation makes
    source: str = ""

    @classmethod
    def load(cls, path: str | Path | None = None) -> CenterPlan:
        """The plan in ``path`` (default: the shipped resources/center/plan.toml); PlanError if wrong."""
        file = Path(path) if path is not None else default_plan_path()
        try:
            with file.open("rb") as fh:
                doc = tomllib.load(fh)
        except FileNotFoundError:
            raise PlanError(str(file), "-", "file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise PlanError(str(file), "-", f"not valid TOML: {exc}") from None
        return parse_plan(doc, str(file))

    def queue(self, name: str) -> QueuePlan:
        """The queue called ``name``; KeyError if there is none."""
        for queue in self.queues:
            if queue.name == name:
                return queue
        raise KeyError(name)

    def queue_for(self, dialled: str) -> QueuePlan | None:
        """The queue a dialled number reaches (its own numbers, then district numbers); None if none."""
        number = dialled.strip()
        for queue in self.queues:
            if number in queue.numbers:
                return queue
        for district in self.districts:
            if district.number == number:
                return self.queue(district.queue)
        return None

    def number_map(self) -> dict[str, str]:
        """Every dialled number that reaches a queue (district numbers included) -> the queue's name."""
        numbers = {n: q.name for q in self.queues for n in q.numbers}
        numbers.update({d.number: d.queue for d in self.districts})
        return numbers

    def district_for(self, dialled: str) -> District | None:
        """The district whose hotline number was dialled, if any."""
        return next((d for d in self.districts if d.number == dialled.strip()), None)


def default_plan_path() -> Path:
    """The shipped plan of the demo city."""
    return resources_dir() / "center" / "plan.toml"


_TOP = ("center", "night", "queues", "districts", "agents")
_CENTER = ("name", "wrap_up_s", "ring_timeout_s", "max_misses", "service_level_s", "answer_target",
           "answer_target_basis", "login_state", "default_queue", "callback_message", "voicemail_message", "profile")
_QUEUE = ("name", "label", "numbers", "skill", "priority", "max_wait_s", "overflow", "category")


def parse_plan(doc: dict[str, Any], file: str) -> CenterPlan:
    """Validate a parsed plan document; ``file`` names it in errors."""
    r = Reader(file, PlanError)
    r.only(doc, _TOP, "")
    center = r.table(doc, "center", "")
    r.only(center, _CENTER, "center")
    queues = tuple(_queue(r, q, f"queues[{i}]") for i, q in enumerate(r.tables(doc, "queues", "")))
    if not queues:
        raise PlanError(file, "queues", "at least one queue is needed")
    names = [q.name for q in queues]
    for name in names:
        if names.count(name) > 1:
            raise PlanError(file, "queues", f"queue {name!r} is defined twice")
    agents = _agents(r, r.table(doc, "agents", ""))
    districts = tuple(_district(r, d, f"districts[{i}]", names)
                      for i, d in enumerate(r.tables(doc, "districts", "", required=False)))
    _check_numbers(file, queues, districts)
    skills = {s for user_skills in agents.values() for s in user_skills}
    for i, q in enumerate(queues):
        if q.skill not in skills:
            raise PlanError(file, f"queues[{i}].skill", f"no agent has skill {q.skill!r} of queue {q.name!r}")
    night = _night(r, r.table(doc, "night", ""))
    login = r.choice(center, "login_state", "center", ("ready", "not-ready"), default="ready")
    default_queue = r.text(center, "default_queue", "center", default=queues[0].name)
    if default_queue not in names:
        raise PlanError(file, "center.default_queue", f"no queue {default_queue!r} (queues: {', '.join(names)})")
    target = r.number(center, "answer_target", "center")
    if not 0 < target <= 1:
        raise PlanError(file, "center.answer_target", f"must be a fraction in (0, 1], not {target}")
    return CenterPlan(
        name=r.text(center, "name", "center"),
        queues=queues,
        districts=districts,
        agents=agents,
        wrap_up_s=r.seconds(center, "wrap_up_s", "center", minimum=0),
        ring_timeout_s=r.seconds(center, "ring_timeout_s", "center", minimum=1),
        max_misses=r.seconds(center, "max_misses", "center", minimum=1),
        service_level_s=r.seconds(center, "service_level_s", "center", minimum=1),
        answer_target=float(target),
        answer_target_basis=r.text(center, "answer_target_basis", "center", default=""),
        login_state=login,
        default_queue=default_queue,
        night=night,
        callback_message=r.text(center, "callback_message", "center"),
        voicemail_message=r.text(center, "voicemail_message", "center"),
        profile=r.text(center, "profile", "center", default="national"),
        source=file,
    )


def _queue(r: Reader, q: dict[str, Any], key: str) -> QueuePlan:
    r.only(q, _QUEUE, key)
    overflow = r.text(q, "overflow", key)
    kind, _, target = overflow.partition(":")
    if kind not in OVERFLOW_KINDS or (kind == "seat") != bool(target):
        raise r.error(f"{key}.overflow", f"expected callback, voicemail or seat:<user>, not {overflow!r}")
    return QueuePlan(
        name=r.text(q, "name", key),
        label=r.text(q, "label", key),
        numbers=tuple(r.digits(n, f"{key}.numbers") for n in r.strings(q, "numbers", key)),
        skill=r.text(q, "skill", key),
        priority=r.seconds(q, "priority", key, minimum=0),
        max_wait_s=r.seconds(q, "max_wait_s", key, minimum=1),
        overflow=kind,
        overflow_target=target,
        category=r.text(q, "category", key, default="求助"),
    )


def _district(r: Reader, d: dict[str, Any], key: str, queues: list[str]) -> District:
    r.only(d, ("number", "name", "queue"), key)
    number = r.digits(r.text(d, "number", key), f"{key}.number")
    if len(number) != 7 or not number.endswith("12345"):
        raise r.error(f"{key}.number", f"a district number is two digits + 12345 (Ordos 第十一条), not {number!r}")
    queue = r.text(d, "queue", key)
    if queue not in queues:
        raise r.error(f"{key}.queue", f"no queue {queue!r} (queues: {', '.join(queues)})")
    return District(number=number, name=r.text(d, "name", key), queue=queue)


def _agents(r: Reader, table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    agents: dict[str, tuple[str, ...]] = {}
    for user, value in table.items():
        key = f"agents.{user}"
        r.digits(user, key)
        if not isinstance(value, dict):
            raise r.error(key, "expected a table with skills = [...]")
        r.only(value, ("skills",), key)
        skills = tuple(r.strings(value, "skills", key))
        if not skills:
            raise r.error(f"{key}.skills", "an agent needs at least one skill")
        agents[user] = skills
    if not agents:
        raise r.error("agents", "at least one agent is needed")
    return agents


def _night(r: Reader, table: dict[str, Any]) -> NightRule:
    r.only(table, ("duty_seat", "fallback", "message"), "night")
    seat = r.text(table, "duty_seat", "night", default="")
    if seat:
        r.digits(seat, "night.duty_seat")
    return NightRule(
        duty_seat=seat,
        fallback=r.choice(table, "fallback", "night", ("callback", "voicemail")),
        message=r.text(table, "message", "night"),
    )


def _check_numbers(file: str, queues: tuple[QueuePlan, ...], districts: tuple[District, ...]) -> None:
    owner: dict[str, str] = {}
    for q in queues:
        for n in q.numbers:
            if n in owner:
                raise PlanError(file, f"queues.{q.name}.numbers", f"number {n} already reaches {owner[n]}")
            owner[n] = f"queue {q.name}"
    for d in districts:
        if d.number in owner:
            raise PlanError(file, f"districts.{d.name}", f"number {d.number} already reaches {owner[d.number]}")
        owner[d.number] = f"district {d.name}"
