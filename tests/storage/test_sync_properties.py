"""Property-based test of sync: two desks' random interleavings of writes, pushes and pulls converge.

Two SQLite workstation files and a central database (a SQLite file, and the real PostgreSQL) are made
once per test; every hypothesis example opens two new tickets (one made on each desk, both synced),
then runs a random program of steps: a desk writes a random lifecycle step on one of the tickets (with
its own clock skew, refused locally when illegal), pushes, or pulls. After a final push and pull on
both desks, every ticket's view is the same on both desks and at the center, and no event is lost or
stored twice.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline.policy_loader import load_profile
from hotline.tickets import commands as cmd
from hotline.tickets.errors import TransitionError
from storage.sync import pull, push
from storage.tables import EventRow
from storage.uow import UnitOfWork
from tests.hotline.lifecycle_strategies import STEPS, pick
from tests.hotline.test_lifecycle_support import T0
from tests.storage.sync_helpers import central, count, desk, event_ids, views

pytestmark = pytest.mark.property
PROFILE = "liangshan"

OP = st.one_of(
    st.tuples(st.just("write"), st.sampled_from("ab"), st.integers(0, 1), STEPS, st.integers(1, 60 * 24)),
    st.tuples(st.just("push"), st.sampled_from("ab")),
    st.tuples(st.just("pull"), st.sampled_from("ab")),
)


@pytest.fixture
def world(tmp_path, db_url):
    engines = {"a": desk(tmp_path, "a"), "b": desk(tmp_path, "b"), "center": central(db_url)}
    yield engines
    for eng in engines.values():
        eng.dispose()


def _write(engine, event, origin: str) -> bool:
    with UnitOfWork(engine, origin=origin) as uow:
        try:
            uow.tickets.add(event)
        except TransitionError:
            return False  # the desk refuses it; nothing written
        uow.commit()
    return True


def _view(engine, ticket_id: str):
    with UnitOfWork(engine) as uow:
        return uow.tickets.get(ticket_id)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(program=st.lists(OP, min_size=1, max_size=25), skew=st.integers(-120, 120))
def test_random_interleavings_of_two_desks_converge(world, program, skew):
    a, b, center = world["a"], world["b"], world["center"]
    profile = load_profile(PROFILE)
    clocks = {"a": T0, "b": T0 + timedelta(minutes=skew)}  # desk b's clock runs off by up to 2 hours
    tickets = []
    for name in "ab":
        c = cmd.create(f"agent-{name}", number=f"T-{name}", profile=PROFILE, channel="phone", category="投诉",
                       urgency="normal", content="噪音扰民", at=clocks[name], caller_phone="13800000000",
                       origin=f"desk-{name}")
        assert _write(world[name], c, f"desk-{name}")
        tickets.append(c.ticket_id)
    for name in "ab":
        push(world[name], center)
    for name in "ab":
        pull(world[name], center)
    for op in program:
        eng = world[op[1]]
        if op[0] == "push":
            push(eng, center)
        elif op[0] == "pull":
            pull(eng, center)
        else:
            _, name, which, step, minutes = op
            clocks[name] += timedelta(minutes=minutes)
            tid = tickets[which]
            view = _view(eng, tid)
            event, legal = pick(step, view, profile, tid, clocks[name], [], origin=f"desk-{name}")
            if legal:
                assert _write(eng, event, f"desk-{name}")  # what decide() takes, the desk stores
    for _ in range(2):
        for name in "ab":
            push(world[name], center)
            pull(world[name], center)
    va, vb, vc = views(a), views(b), views(center)
    for tid in tickets:
        assert va[tid] == vb[tid] == vc[tid]
        assert len(vc[tid].accepted) + len(vc[tid].rejected) == len(_event_ids_of(center, tid))
    assert sorted(event_ids(a)) == sorted(event_ids(b)) == sorted(event_ids(center))
    assert count(center, EventRow) == len(set(event_ids(center)))


def _event_ids_of(engine, ticket_id: str) -> set[str]:
    from sqlalchemy import select

    with engine.connect() as conn:
        return set(conn.scalars(select(EventRow.id).where(EventRow.ticket_id == ticket_id)))
