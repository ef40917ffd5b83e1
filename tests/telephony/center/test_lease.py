"""The leader lease on the real databases: one holder at a time, epochs that grow, expiry on the database clock."""

from __future__ import annotations

import time

from storage.db import engine_for, upgrade
from telephony.center.lease import Lease


def test_one_holder_at_a_time_and_each_takeover_has_a_higher_epoch(db_url):
    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        a, b = Lease(engine, "a", ttl_s=0.6), Lease(engine, "b", ttl_s=0.6)
        first = a.acquire()
        assert first is not None
        assert b.acquire() is None  # a's lease runs
        assert a.renew(first)
        time.sleep(0.8)  # a paused past its expiry
        second = b.acquire()
        assert second is not None and second > first
        assert not a.renew(first)  # the old holder learns it lost, and cannot renew its way back
        assert a.acquire() is None
        b.release(second)
        third = a.acquire()
        assert third is not None and third > second
        assert Lease(engine, "x").current()["holder"] == "a"
    finally:
        engine.dispose()
