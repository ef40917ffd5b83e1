"""Hypothesis strategies for the lifecycle's property tests (no tests here): random steps of a ticket.

``STEPS`` draws one candidate of every step kind in a random order; :func:`pick` turns such a draw
into one event for a ticket as it stands: the legal candidate of the kind taken least so far (so
random sequences reach reply, callback, redo and archive), else the first refused one.
"""

from __future__ import annotations

from datetime import datetime

from hypothesis import strategies as st

from hotline.policy import Profile
from hotline.tickets import commands as cmd
from hotline.tickets.errors import TransitionError
from hotline.tickets.events import Event
from hotline.tickets.lifecycle import decide
from hotline.tickets.view import TicketView
from tests.hotline.test_lifecycle_support import calendar

UNITS = ("unit-a", "unit-b")

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
STEPS = st.tuples(st.tuples(*BRANCHES), st.permutations(range(len(BRANCHES))))



def pick(step: tuple, view: TicketView | None, profile: Profile, ticket_id: str, at: datetime,
         taken: list[Event], origin: str = "") -> tuple[Event, bool]:
    """One event of the drawn ``step`` for the ticket as ``view`` shows it, and whether it is legal."""
    drawn, order = step
    legal, refused = [], []
    for builder, kw, acting in (drawn[i] for i in order):
        if builder is cmd.chase:
            levels = [s.key for s in profile.supervision_levels]
            kw = {"level": levels[len(kw["level"]) % len(levels)]} if levels else kw
        if acting == "self":  # a unit step: by one of the units the ticket was sent to, when there are any
            units = [a.unit_id for a in view.assignments] if view is not None else []
            units = units or list(UNITS)
            kw = {**kw, "unit_id": units[UNITS.index(kw["unit_id"]) % len(units)]}
        unit_kw = {"unit": kw["unit_id"]} if acting == "self" else {}
        event = builder(ticket_id, "actor", at=at, origin=origin, **kw, **unit_kw)
        try:
            decide(view, event, profile, calendar())
            legal.append(event)
        except TransitionError:
            refused.append(event)
    kinds = [e.kind for e in taken]
    return (min(legal, key=lambda e: kinds.count(e.kind)), True) if legal else (refused[0], False)
