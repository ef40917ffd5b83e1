"""The access rules (every denial) and the QA form's validation (every code)."""

from __future__ import annotations

import pytest

from hotline.accounts import Role
from hotline.qa_form import QaFormError, load_form, parse_form
from hotline.recording_access import (
    AccessDenied,
    RecordingOwner,
    RecordingUnavailable,
    Viewer,
    check_play,
    check_servable,
    search_scope,
)

SUP = Viewer("qa-li", Role.SUPERVISOR)
LEAD = Viewer("lead-a", Role.TEAM_LEAD, "team-a")
AGENT = Viewer("agent1001", Role.AGENT, "team-a", "1001")
OWN = RecordingOwner("1001", "team-a")
OTHER_TEAM = RecordingOwner("1002", "team-b")
TEAMMATE = RecordingOwner("1003", "team-a")


def _denied(viewer, owner, action="play") -> str:
    with pytest.raises(AccessDenied) as err:
        check_play(viewer, owner, action)
    return err.value.code


def test_who_may_play_what():
    for owner in (OWN, OTHER_TEAM, TEAMMATE):
        check_play(SUP, owner, "download")
    check_play(LEAD, OWN)
    check_play(LEAD, TEAMMATE)
    check_play(AGENT, OWN)
    check_play(Viewer("agent1001", Role.AGENT, "team-a"), RecordingOwner("agent1001", "team-a"))  # by login
    assert _denied(LEAD, OTHER_TEAM) == "other-group"
    assert _denied(AGENT, TEAMMATE) == "other-agent"
    assert _denied(AGENT, OTHER_TEAM) == "other-agent"
    for role in (Role.UNIT_HANDLER, Role.SPECIALIST):
        assert _denied(Viewer("u", role, "unit-x", "1001"), OWN) == "role"
    assert _denied(Viewer("lead-b", Role.TEAM_LEAD, None), OWN) == "no-group"
    assert _denied(SUP, OWN, "delete") == "bad-action"
    assert search_scope(AGENT).agents == {"agent1001", "1001"}


@pytest.mark.parametrize("state,code", [(None, "unknown"), ("quarantined", "quarantined"), ("withdrawn", "withdrawn"),
                                        ("pending", "not-verified"), ("uploaded", "not-verified")])
def test_only_verified_recordings_are_served(state, code):
    check_servable("verified")
    with pytest.raises(RecordingUnavailable) as err:
        check_servable(state)
    assert err.value.code == code


def _form(**change):
    item = {"key": "greeting", "label": "开场问候", "weight": 100, "max": 5, **change}
    return {"criterion": [item]}


def test_the_shipped_form_loads_and_totals():
    form = load_form()
    assert [c.key for c in form.criteria] == ["greeting", "identity", "accuracy", "policy", "attitude", "closing"]
    assert sum(c.weight for c in form.criteria) == 100
    full = {c.key: c.max for c in form.criteria}
    assert form.total(full) == 100.0
    assert form.total({**full, "accuracy": 5}) == 85.0


@pytest.mark.parametrize("raw,code", [
    ({}, "no-criteria"),
    (_form(key="Greeting"), "bad-key"),
    (_form(label=" "), "bad-label"),
    (_form(weight=0), "bad-weight"),
    (_form(weight=True), "bad-weight"),
    (_form(weight=90), "weights-sum"),
    (_form(max=0), "bad-max"),
    (_form(colour="red"), "unknown-field"),
    ({"criterion": [_form(weight=50)["criterion"][0]] * 2}, "duplicate-key"),
])
def test_bad_forms_are_refused_with_a_code(raw, code):
    with pytest.raises(QaFormError) as err:
        parse_form(raw)
    assert err.value.code == code


def test_bad_sheets_and_unreadable_file(tmp_path):
    form = parse_form(_form())
    for sheet, code in (({}, "missing"), ({"greeting": 6}, "out-of-range"), ({"greeting": 1, "x": 1},
                                                                            "unknown-criterion")):
        with pytest.raises(QaFormError) as err:
            form.check(sheet)
        assert err.value.code == code
    bad = tmp_path / "c.toml"
    bad.write_text("[[criterion]\n", encoding="utf-8")
    with pytest.raises(QaFormError) as err:
        load_form(bad)
    assert err.value.code == "unreadable"
