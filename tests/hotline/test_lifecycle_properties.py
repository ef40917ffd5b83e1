"""Property-based tests of the ticket lifecycle: random command sequences keep its invariants.

A sequence of random steps (dispatch, sign, return, extension, reply, review, callback, redo, close,
archive, chases, ...) is drawn under one of the six profiles; each step is decided against the fold
of the steps before it and logged whether legal or not (the fold must keep a refused one, marked).
Invariants: any arrival order folds to the same view; once closed a ticket stays closed (or archived);
a granted extension never moves a unit's finish due earlier; a refused step is never counted as
accepted.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline.enums import TicketState
from hotline.tickets import commands as cmd
from hotline.tickets.errors import TransitionError
from hotline.tickets.events import Event, EventKind
from hotline.tickets.lifecycle import decide, fold
from tests.hotline.test_lifecycle_support import PROFILES, T0, calendar

pytestmark = pytest.mark.property
PROPS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
UNITS = ("unit-a", "unit-b")
CLOSED = frozenset({TicketState.CLOSED, TicketState.ARCHIVED})

unit = st.sampled_from(UNITS)  # in unit steps: resolved to one of the ticket's units at play time
days = st.sampled_from([0.5, 1, 2, 3, 5, 10, 15, 30])
# one step: (builder, keyword arguments, acting unit or None for the center)
BRANCHES = (
    st.tuples(st.just(cmd.dispatch), st.fixed_dictionaries(
        {"units": st.lists(unit, min_size=1, max_size=2, unique=True),
         "mode": st.sampled_from(["single", "lead-assist", "dual", "countersign"])}), st.none()),
    st.tuples(st.just(cmd.sign), st.fixed_dictionaries({"unit_id": unit}), st.just("self")),
    st.tuples(st.just(cmd.return_ticket), st.fixed_dictionaries(
        {"unit_id": unit, "reason": st.just("非本单位职责"), "legal_basis": st.just("三定方案")}), st.just("self")),
    st.tuples(st.just(cmd.review_return), st.fixed_dictionaries({"approved": st.booleans()}), st.none()),
    st.tuples(st.just(cmd.request_extension), st.fixed_dictionaries(
        {"unit_id": unit, "days": days, "reason": st.just("情况复杂")}), st.just("self")),
    st.tuples(st.just(cmd.decide_extension), st.fixed_dictionaries(
        {"granted": st.booleans(), "days": st.one_of(st.none(), days)}), st.none()),
    st.tuples(st.just(cmd.report_progress), st.fixed_dictionaries({"unit_id": unit}), st.just("self")),
    st.tuples(st.just(cmd.assist_reply), st.fixed_dictionaries({"unit_id": unit}), st.just("self")),
    st.tuples(st.just(cmd.reply), st.fixed_dictionaries({"unit_id": unit, "text": st.just("已办理")}),
              st.just("self")),
    st.tuples(st.just(cmd.review), st.fixed_dictionaries({"accepted": st.booleans()}), st.none()),
    st.tuples(st.just(cmd.call_back), st.fixed_dictionaries(
        {"method": st.sampled_from(["sms", "phone"]), "reached": st.booleans(),
         "satisfaction": st.sampled_from(["满意", "基本满意", "不满意"]), "resolved": st.booleans()}), st.none()),
    st.tuples(st.just(cmd.order_redo), st.fixed_dictionaries({"reason": st.just("诉求合理")}), st.none()),
    st.tuples(st.just(cmd.note_close), st.fixed_dictionaries({"reason": st.just("已解释")}), st.none()),
    st.tuples(st.just(cmd.terminate), st.fixed_dictionaries({"reason": st.just("书面意见")}), st.none()),
    st.tuples(st.just(cmd.chase), st.fixed_dictionaries({"level": st.sampled_from(["system", "center"])}),
              st.none()),
    st.tuples(st.just(cmd.classify), st.fixed_dictionaries(
        {"category": st.sampled_from(["投诉", "求助", "咨询", "建议", "举报"])}), st.none()),
    st.tuples(st.just(cmd.archive), st.just({}), st.none()),
)
# each step draws one candidate of every kind, in a random order: the legal candidate of the kind taken
# least so far is logged (so sequences reach reply, callback, redo and archive), else the first refused one
SCRIPT = st.tuples(
    st.sampled_from(PROFILES), st.sampled_from(["投诉", "求助", "咨询", "举报"]),
    st.lists(st.tuples(st.tuples(*BRANCHES), st.permutations(range(len(BRANCHES))),
                       st.integers(min_value=1, max_value=60 * 24 * 4)), min_size=1, max_size=20))


def _play(script) -> tuple[object, list[Event], list[tuple[Event, bool]]]:
    """Log one step per entry of ``script`` (legal or not); returns the profile, the events and (event, legal)."""
    from hotline.policy_loader import load_profile

    profile_id, category, steps = script
    profile = load_profile(profile_id)
    now = T0
    created = cmd.create("agent-1", number="2025030300001", profile=profile_id, channel="phone",
                         category=category, urgency="normal", content="小区路灯不亮", at=now,
                         caller_phone="13800000000")
    events, log = [created], []
    for drawn, order, minutes in steps:
        candidates = [drawn[i] for i in order]
        now += timedelta(minutes=minutes)
        view = fold(events, profile, calendar())
        legal, refused = [], []
        for builder, kw, acting in candidates:
            if builder is cmd.chase:
                levels = [s.key for s in profile.supervision_levels]
                kw = {"level": levels[len(kw["level"]) % len(levels)]} if levels else kw
            if acting == "self":  # a unit step: by one of the units the ticket was sent to, when there are any
                units = [a.unit_id for a in view.assignments] or list(UNITS)
                kw = {**kw, "unit_id": units[UNITS.index(kw["unit_id"]) % len(units)]}
            unit_kw = {"unit": kw["unit_id"]} if acting == "self" else {}
            event = builder(created.ticket_id, "actor", at=now, **kw, **unit_kw)
            try:
                decide(view, event, profile, calendar())
                legal.append(event)
            except TransitionError:
                refused.append(event)
        # the legal candidate of the kind taken least so far: sequences move on to the late states
        taken = [e.kind for e in events]
        chosen = (min(legal, key=lambda e: taken.count(e.kind)), True) if legal else (refused[0], False)
        events.append(chosen[0])
        log.append(chosen)
    return profile, events, log


@PROPS
@given(script=SCRIPT, order=st.randoms(use_true_random=False))
def test_any_arrival_order_folds_to_the_same_ticket(script, order):
    profile, events, _ = _play(script)
    expected = fold(events, profile, calendar())
    shuffled = events[:]
    order.shuffle(shuffled)
    assert fold(shuffled + shuffled[: len(shuffled) // 2], profile, calendar()) == expected  # duplicates too
    assert len(expected.accepted) + len(expected.rejected) == len(events)


@PROPS
@given(script=SCRIPT)
def test_legal_steps_are_accepted_refused_ones_kept_and_closed_stays_closed(script):
    profile, events, log = _play(script)
    seen_closed = False
    for i, (event, legal) in enumerate(log, start=2):
        view = fold(events[:i], profile, calendar())
        assert (event.id in view.accepted) is legal
        assert (event.id in {r.event_id for r in view.rejected}) is not legal
        if seen_closed:
            assert view.state in CLOSED, f"{event.kind.value} reopened a {view.state.value} ticket"
        seen_closed = view.state in CLOSED


@PROPS
@given(script=SCRIPT)
def test_an_extension_never_moves_a_deadline_earlier(script):
    profile, events, log = _play(script)
    for i, (event, legal) in enumerate(log, start=2):
        if not legal or event.kind is not EventKind.EXTENSION_DECIDED or not event.data["granted"]:
            continue
        before = {a.unit_id: a.finish_due for a in fold(events[: i - 1], profile, calendar()).assignments
                  if a.is_live}
        after = fold(events[:i], profile, calendar())
        for part in after.assignments:
            if part.is_live and before.get(part.unit_id) is not None:
                assert part.finish_due >= before[part.unit_id], (profile.id, part)
