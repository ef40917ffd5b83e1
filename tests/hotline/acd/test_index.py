"""The agent index the director routes by always matches a full scan, through any sequence of inputs."""

from __future__ import annotations

import random

import pytest

from hotline.acd import AgentState, Director, Record
from hotline.acd.model import RINGING, WAITING
from tests.hotline.acd.helpers import at, plan

USERS = ("1001", "1002", "1003", "1099")
QUEUE_NUMBERS = ("12345", "123452", "123459", "2112345")


def _step(d: Director, rng: random.Random, t: float, n: int) -> list:
    pick = rng.random()
    ringing = [c for c in d.calls.values() if c.status == RINGING]
    talking = [c for c in d.calls.values() if c.status == "talking"]
    if pick < 0.12:
        return d.agent_registered(rng.choice(USERS), at(t))
    if pick < 0.17:
        return d.agent_unregistered(rng.choice(USERS), at(t))
    if pick < 0.27:
        state = rng.choice((AgentState.READY, AgentState.NOT_READY, AgentState.LOGGED_OUT))
        return d.agent_state(rng.choice(USERS[:3]), state, at(t), reason="小休")
    if pick < 0.47:
        return d.call_queued(f"c{n}", caller=str(n), dialled=rng.choice(QUEUE_NUMBERS), at=at(t))
    if pick < 0.60 and ringing:
        c = rng.choice(ringing)
        return d.ring_answered(c.call, c.agent, at(t))
    if pick < 0.70 and ringing:
        c = rng.choice(ringing)
        return d.ring_failed(c.call, c.agent, rng.choice((408, 480, 486, 404, 503)), at(t))
    if pick < 0.80 and talking:
        return d.call_ended(rng.choice(talking).call, at(t))
    if pick < 0.86 and d.calls:
        return d.caller_left(rng.choice(list(d.calls)), at(t))
    return d.tick(at(t))


def _no_idle_agent_beside_a_waiting_call(d: Director) -> None:
    free_skills = {s for _idle, user in d.index.free for s in d.agents[user].skills}
    for c in d.calls.values():
        if c.status == WAITING:
            assert d._queues[c.queue].skill not in free_skills, f"{c.call} waits while an agent with its skill is free"


@pytest.mark.parametrize("seed", range(12))
def test_the_index_matches_a_scan_after_every_input_and_after_a_rebuild(seed: int):
    rng = random.Random(seed)
    p = plan(wrap_up_s=rng.choice((0, 5, 10)))
    d = Director(p, at(0))
    log = []
    t = 0.0
    for n in range(600):
        t += rng.choice((0.0, 0.5, 1.0, 3.0, 12.0))
        out = _step(d, rng, t, n)
        log += [x.event for x in out if isinstance(x, Record)]
        d.index.check(d.agents)
        _no_idle_agent_beside_a_waiting_call(d)
    # a restarted director folds the same events into a fresh index
    registered = [u for u in USERS if (u in d.agents and d.agents[u].registered) or u in d.others]
    again = Director.rebuild(p, log, registered, at(t))
    again.index.check(again.agents)
    again.tick(at(t))
    d.tick(at(t))
    again.index.check(again.agents)
    assert again.index.free == d.index.free
    assert again.index.ringing == d.index.ringing and again.index.wrapping == d.index.wrapping


def test_the_check_notices_an_index_that_missed_a_change():
    d = Director(plan(), at(0))
    d.agent_registered("1001", at(0))
    object.__setattr__(d.agents["1001"], "state", AgentState.NOT_READY)  # behind the index's back
    with pytest.raises(AssertionError, match="agent index out of date"):
        d.index.check(d.agents)
