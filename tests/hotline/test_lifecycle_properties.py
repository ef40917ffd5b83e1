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
from hotline.tickets.events import Event, EventKind
from hotline.tickets.lifecycle import fold
from tests.hotline.lifecycle_strategies import STEPS, pick
from tests.hotline.test_lifecycle_support import PROFILES, T0, calendar

pytestmark = pytest.mark.property
PROPS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLOSED = frozenset({TicketState.CLOSED, TicketState.ARCHIVED})
SCRIPT = st.tuples(
    st.sampled_from(PROFILES), st.sampled_from(["投诉", "求助", "咨询", "举报"]),
    st.lists(st.tuples(STEPS, st.integers(min_value=1, max_value=60 * 24 * 4)), min_size=1, max_size=20))


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
    for step, minutes in steps:
        now += timedelta(minutes=minutes)
        chosen = pick(step, fold(events, profile, calendar()), profile, created.ticket_id, now, events)
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
