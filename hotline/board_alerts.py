"""The board's thresholds and alerts: which tile is amber or red, and which alert fires when.

    rules = BoardRules.load(None)                    # resources/center/board.toml, strictly
    level = rules.queue_level(figures)               # "ok" | "warn" | "alert"
    fired = watcher.check(view)                      # the alerts that fired now (each once per crossing)

Pure: plain values in, plain values out. An alert fires when its value crosses the threshold and
fires again only after the value went back below it (an agent: after leaving 示忙).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

OK, WARN, ALERT = "ok", "warn", "alert"


class BoardRulesError(ValueError):
    """A threshold file value is wrong: ``key`` names it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


@dataclass(frozen=True)
class Thresholds:
    waiting: int
    longest_wait_s: float
    answer_rate_below: float
    not_ready_minutes: float = 0.0


@dataclass(frozen=True)
class BoardRules:
    """Thresholds for alerts and warnings, the page size, whether to sound."""

    alert: Thresholds
    warn: Thresholds
    page_size: int = 50
    sound: bool = True

    @classmethod
    def load(cls, path: str | Path | None = None) -> BoardRules:
        from hotline.paths import resources_dir

        source = Path(path) if path else resources_dir() / "center" / "board.toml"
        return parse_rules(tomllib.loads(source.read_text(encoding="utf-8")))

    def queue_level(self, q: Any) -> str:
        """The tile's colour level for a storage.center.QueueFigures."""
        if self._crossed(q, self.alert):
            return ALERT
        return WARN if self._crossed(q, self.warn) else OK

    @staticmethod
    def _crossed(q: Any, t: Thresholds) -> bool:
        rate = q.answer_rate
        return q.waiting > t.waiting or q.longest_wait_s > t.longest_wait_s or (
            rate is not None and rate < t.answer_rate_below)

    def agent_alert(self, state: str, in_state_s: float | None) -> bool:
        return state == "not-ready" and in_state_s is not None and in_state_s > self.alert.not_ready_minutes * 60


def _number(section: dict[str, Any], key: str, where: str, minimum: float = 0.0) -> float:
    value = section.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise BoardRulesError(f"{where}.{key}", f"must be a number ≥ {minimum}, not {value!r}")
    return float(value)


def parse_rules(doc: dict[str, Any]) -> BoardRules:
    """BoardRules from the parsed TOML; BoardRulesError names the first bad key."""
    known = {"alerts", "warn", "display"}
    for key in doc:
        if key not in known:
            raise BoardRulesError(key, "unknown section")
    out = {}
    for where in ("alerts", "warn"):
        s = doc.get(where, {})
        rate = _number(s, "answer_rate_below", where)
        if rate > 1:
            raise BoardRulesError(f"{where}.answer_rate_below", "must be a fraction ≤ 1")
        out[where] = Thresholds(int(_number(s, "waiting", where)), _number(s, "longest_wait_s", where), rate,
                                _number(s, "not_ready_minutes", where) if where == "alerts" else 0.0)
    display = doc.get("display", {})
    page = int(_number(display, "page_size", "display", 1)) if "page_size" in display else 50
    return BoardRules(out["alerts"], out["warn"], page, bool(display.get("sound", True)))


@dataclass(frozen=True)
class Fired:
    """An alert that fired: when, what kind, about which queue or agent, the value."""

    at: datetime
    kind: str  # waiting | longest-wait | answer-rate | not-ready
    subject: str
    value: float


class AlertWatcher:
    """Remembers which alerts are on, so each fires once per crossing."""

    def __init__(self, rules: BoardRules) -> None:
        self.rules = rules
        self.on: set[tuple[str, str]] = set()

    def check(self, view: Any) -> list[Fired]:
        """The alerts that fired in a storage.board_read.BoardView (agents: its ``long_not_ready``,
        read over all pages; a view without it: the agents on its page)."""
        t, now_on, fired = self.rules.alert, set(), []
        values: list[tuple[str, str, float, bool]] = []
        for q in view.queues:
            values += [("waiting", q.queue, q.waiting, q.waiting > t.waiting),
                       ("longest-wait", q.queue, q.longest_wait_s, q.longest_wait_s > t.longest_wait_s)]
            if q.answer_rate is not None:
                values.append(("answer-rate", q.queue, q.answer_rate, q.answer_rate < t.answer_rate_below))
        long_nr = getattr(view, "long_not_ready", None)
        if long_nr is not None:  # read over every agent for the alerts
            for agent, seconds in long_nr:  # the query applied the threshold
                values.append(("not-ready", agent, seconds / 60, True))
        else:
            for a in view.agents:
                values.append(("not-ready", a.agent, (a.in_state_s or 0.0) / 60,
                                self.rules.agent_alert(a.state, a.in_state_s)))
        for kind, subject, value, over in values:
            if not over:
                continue
            now_on.add((kind, subject))
            if (kind, subject) not in self.on:
                fired.append(Fired(view.at, kind, subject, round(float(value), 3)))
        self.on = now_on
        return fired
