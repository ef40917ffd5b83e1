"""Two directors recording the same call (a leader, and the standby that queued the call again after
taking over) store its once-only facts once, on the real databases; the rebuild still reads a
decision's records in the order the Director made them."""

from __future__ import annotations

import time

from sqlalchemy import text

from hotline.acd import Director
from hotline.timezone import now
from telephony.center.records import RecordsWriter, rebuild_events
from telephony.center.service import DirectorService
from telephony.center.store import open_store
from tests.telephony.center.test_director import _plan

QUEUED = {"event": "queued", "tindex": 7, "tlabel": 99, "callid": "call-1@test", "caller": "13800000001",
          "verified": 1, "trusted": 0, "src": "127.0.0.1", "dialled": "12345", "queue": "general", "sdp": ""}


def test_the_same_fact_from_two_directors_is_stored_once_and_rebuilt_in_order(db_url):
    store = open_store(db_url)
    plan = _plan()
    services = []
    try:
        for _ in range(2):  # the old leader, then the director that took over
            director = Director(plan, now())
            director.agent_registered("1002", now())
            service = DirectorService(director, store, "127.0.0.1:5060", records=RecordsWriter(store, gather_s=0.01))
            service.on_event(dict(QUEUED))
            service.close()  # its records stored before the next director's
            services.append(service)
        with store.engine.connect() as conn:
            kinds = [k for (k,) in conn.execute(text("SELECT kind FROM queue_events WHERE call_id = 'call-1@test'"))]
        assert kinds.count("queued") == 1 and kinds.count("offered") == 2  # offered: two real offers
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(store.events_today()) < 3:
            time.sleep(0.05)
        ordered = [e.kind for e in rebuild_events(store.events_today(), [], now().replace(year=2000))
                   if e.call == "call-1@test"]
        assert ordered[0] == "queued", ordered
    finally:
        store.engine.dispose()
