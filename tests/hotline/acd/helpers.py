"""A small center plan and a clock for the director's tests, plus filters over its actions."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from hotline.acd import CenterPlan, Director, Overflow, Record, RouteCall
from hotline.acd.plan import parse_plan
from hotline.timezone import CST

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=CST)

BASE: dict[str, Any] = {
    "center": {
        "name": "测试中心", "wrap_up_s": 10, "ring_timeout_s": 15, "max_misses": 2, "service_level_s": 15,
        "answer_target": 0.95, "login_state": "ready", "default_queue": "general",
        "callback_message": "已为您预约回拨", "voicemail_message": "请留言",
    },
    "night": {"duty_seat": "1099", "fallback": "callback", "message": "夜间值守，已为您预约回拨"},
    "queues": [
        {"name": "general", "label": "综合", "numbers": ["12345"], "skill": "综合", "priority": 1,
         "max_wait_s": 120, "overflow": "callback"},
        {"name": "business", "label": "营商环境", "numbers": ["123452"], "skill": "营商环境", "priority": 5,
         "max_wait_s": 90, "overflow": "voicemail", "category": "投诉"},
        {"name": "emergency", "label": "紧急转接", "numbers": ["123459"], "skill": "紧急", "priority": 9,
         "max_wait_s": 30, "overflow": "seat:1099"},
    ],
    "districts": [{"number": "2112345", "name": "江北区", "queue": "general"}],
    "agents": {
        "1001": {"skills": ["综合"]},
        "1002": {"skills": ["综合", "营商环境"]},
        "1003": {"skills": ["综合", "紧急"]},
    },
}


def plan(**center: Any) -> CenterPlan:
    """The test plan, with ``center`` keys overridden."""
    doc = copy.deepcopy(BASE)
    doc["center"].update(center)
    return parse_plan(doc, "test-plan")


def at(seconds: float) -> datetime:
    """``seconds`` after T0."""
    return T0 + timedelta(seconds=seconds)


def routes(actions: list) -> list[tuple[str, str]]:
    """(call, agent) of every RouteCall."""
    return [(x.call, x.agent) for x in actions if isinstance(x, RouteCall)]


def overflows(actions: list) -> list[Overflow]:
    """Every Overflow."""
    return [x for x in actions if isinstance(x, Overflow)]


def events(actions: list, kind: str | None = None) -> list:
    """The QueueEvents recorded, optionally of one kind."""
    return [x.event for x in actions if isinstance(x, Record) and (kind is None or x.event.kind == kind)]


def director(*ready: str, p: CenterPlan | None = None) -> tuple[Director, list]:
    """A director at T0 with ``ready`` registered (ready) in that order, one second apart; and every action."""
    d = Director(p or plan(), T0)
    log: list = []
    for i, user in enumerate(ready):
        log += d.agent_registered(user, at(i - 100), contact=f"sip:{user}@127.0.0.1")
    return d, log
