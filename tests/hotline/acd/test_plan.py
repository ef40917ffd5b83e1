"""The shipped plan of 青川市 and the strict loader's refusals (file, key, problem)."""

from __future__ import annotations

import copy

import pytest

from hotline.acd import CenterPlan, PlanError
from hotline.acd.plan import parse_plan
from tests.hotline.acd.helpers import BASE


def test_the_shipped_plan_of_the_demo_city():
    plan = CenterPlan.load()
    assert [q.label for q in plan.queues] == ["紧急转接", "老年人关爱", "营商环境", "12345综合"]
    assert plan.queue_for("12345").name == "general"
    assert plan.queue_for("123452").label == "营商环境"
    assert plan.queue_for("2212345").name == "general" and plan.district_for("2212345").name == "河西区"
    assert plan.queue_for("110") is None
    assert sorted(plan.agents) == [str(n) for n in range(1001, 1009)]
    assert plan.service_level_s == 15 and plan.answer_target == 0.95 and "第十条" in plan.answer_target_basis
    assert plan.queue("emergency").priority > plan.queue("elderly").priority > plan.queue("general").priority
    assert plan.queue("emergency").overflow == "seat" and plan.queue("emergency").overflow_target == "1099"
    assert plan.night.duty_seat == "1099" and plan.night.fallback == "callback"


def _broken(path: tuple, value, delete: bool = False) -> dict:
    doc = copy.deepcopy(BASE)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "delete", "key", "words"),
    [
        (("center", "wrap_up_sec"), 5, False, "center.wrap_up_sec", "unknown key"),
        (("center", "ring_timeout_s"), None, True, "center.ring_timeout_s", "missing"),
        (("center", "ring_timeout_s"), "15", False, "center.ring_timeout_s", "whole number"),
        (("center", "answer_target"), 95, False, "center.answer_target", "fraction"),
        (("center", "default_queue"), "nope", False, "center.default_queue", "no queue"),
        (("center", "login_state"), "busy", False, "center.login_state", "expected one of"),
        (("queues", 0, "overflow"), "seat", False, "queues[0].overflow", "seat:<user>"),
        (("queues", 1, "skill"), "外语", False, "queues[1].skill", "no agent has skill"),
        (("queues", 1, "numbers"), ["12345"], False, "queues.business.numbers", "already reaches"),
        (("districts", 0, "number"), "212345", False, "districts[0].number", "two digits + 12345"),
        (("districts", 0, "queue"), "x", False, "districts[0].queue", "no queue"),
        (("agents", "1001", "skills"), [], False, "agents.1001.skills", "at least one skill"),
        (("night", "fallback"), "seat", False, "night.fallback", "expected one of"),
    ],
)
def test_a_bad_plan_is_refused_naming_file_key_and_problem(path, value, delete, key, words):
    with pytest.raises(PlanError) as info:
        parse_plan(_broken(path, value, delete), "plan.toml")
    assert info.value.file == "plan.toml" and info.value.key == key and words in info.value.reason


def test_a_missing_or_broken_file_is_named(tmp_path):
    with pytest.raises(PlanError, match="file not found"):
        CenterPlan.load(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[center\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"bad\.toml: -: not valid TOML"):
        CenterPlan.load(bad)
