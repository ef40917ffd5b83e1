"""Run the director service on its own thread beside a running center Kamailio.

    runner = DirectorRunner(plan, store, kamailio)   # rebuilds from the store and registrations
    runner.start(); ...; runner.stop()

With ``records=RecordsWriter(store, Spool(dir))`` the records are spooled on disk before the
database (telephony.center.records); without, they wait in memory until the store takes them.

Used by ``hotline center run`` and by the tests. ``stop()`` closes the evapi link; the calls
still suspended in Kamailio stay there, so a new runner (a restarted director) resumes them. If
Kamailio closes the link, ``error`` says so and the thread ends.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from datetime import datetime
from typing import Any

from hotline.timezone import now
from telephony.center.records import RecordStore, RecordsWriter
from telephony.center.service import DirectorService

log = logging.getLogger("telephony.center")
SWITCH_INTERVAL_S = 0.0002


def kamailio_queues(plan: Any) -> dict[str, str]:
    """Every number Kamailio must hand to the director: queue numbers, 12345 and the districts."""
    numbers = {n: q.name for q in plan.queues for n in q.numbers}
    numbers.update({d.number: d.queue for d in plan.districts})
    return numbers


class DirectorRunner:
    """The director service on its own thread (see the module docstring)."""

    def __init__(self, plan: Any, store: RecordStore, kamailio: Any, *, events: list[Any] | None = None,
                 at: datetime | None = None, announcer: str | None = None, music: Any = None,
                 records: RecordsWriter | None = None) -> None:
        from hotline.acd import Director

        at = at or now()
        registered = kamailio.registered()
        director = Director.rebuild(plan, events, list(registered), at) if events else Director(plan, at)
        self.service = DirectorService(director, store, kamailio.host, announcer=announcer, music=music,
                                       records=records)
        self._board(store)
        if not events:  # a fresh start: whoever is registered already is logged in (their records kept)
            for user in registered:
                self.service.apply(director.agent_registered(user, at))
        self.kamailio = kamailio
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="director", daemon=True)
        self._link: Any = None
        self.error = ""

    def _board(self, store: RecordStore) -> None:
        """The live board's mirror and the team leads' requests, when the records go to a database."""
        from telephony.center.board_publish import BoardPublisher
        from telephony.center.lead_actions import LeadActions, accounts_lookup

        self.service.board = BoardPublisher.for_store(store)
        engine = getattr(store, "engine", None)
        if engine is not None:
            self.service.leads = LeadActions(accounts_lookup(engine))

    def _run(self) -> None:
        try:
            self.service.run("127.0.0.1", self.kamailio.evapi_port, self._stopped, link=self._link)
        except Exception as exc:  # noqa: BLE001 - reported through .error
            self.error = str(exc) or type(exc).__name__
            log.error("director stopped: %s", self.error)

    def start(self, timeout: float = 10.0, link: Any = None) -> None:
        """Serve on the director's thread (on ``link`` when given: a standby's, already connected)."""
        self._link = link
        # the records' writer thread must not hold the GIL for a whole default 5 ms switch interval
        # while a call waits to be routed (the same reasoning as the softphone's pjsua2 thread)
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while self.service.link is None and not self.error and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.service.link is None:
            self._stopped.set()
            raise ConnectionError(self.error or "the director could not reach Kamailio's evapi")

    def snapshot(self) -> Any:
        return self.service.director.snapshot(now())

    def stop(self) -> None:
        self._stopped.set()
        self.service.wake()
        if self._thread.is_alive():
            self._thread.join(5)
        self.service.close()
