"""``director_main --lease``: one of a center's directors, standing by until it holds the leader lease.

Its own spool (``--spool``) is opened at once, so the records a previous life of this process left
there are stored now; the Director is built only when the lease is taken, from the records stored
in the database and those in every director's spool (its own, and ``--peer-spool``: the old
leader's, read without its lock), with the registrations of that moment (telephony.center.standby).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import time
from collections import Counter
from datetime import timedelta
from typing import Any

log = logging.getLogger("telephony.center")


def lease_engine(url: str) -> Any:
    """An engine for the lease alone: short timeouts, so a lost database is seen within a lease's length."""
    from sqlalchemy.engine import make_url

    from storage.db import engine_for, normalize_url

    if make_url(normalize_url(url)).get_backend_name() == "postgresql":
        return engine_for(url, pool_size=2, connect_args={"connect_timeout": 1,
                                                           "options": "-c statement_timeout=1000"})
    return engine_for(url)


def _warm(store: Any, plan: Any, center: Any) -> None:
    """Do once, on standby, what a takeover does (imports, the ORM's mappers, a database connection,
    kamcmd), so taking over costs only the reading of the records."""
    from hotline.acd import Director
    from hotline.timezone import now
    from telephony.center.runner import DirectorRunner  # noqa: F401 - imported for the takeover

    try:
        store.events_today()
        Director.rebuild(plan, [], list(center.registered()), now())
    except Exception as exc:  # noqa: BLE001 - the takeover will say what fails
        log.warning("standby warm-up: %s: %s", type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")


def run_standby(args: argparse.Namespace, plan: Any, store: Any, center: Any) -> int:
    """Stand by, lead, and return serve's result (0 stopped, 1 Kamailio gone, 3 fenced)."""
    import os
    import socket

    from hotline.timezone import now
    from telephony.center.lease import Lease
    from telephony.center.records import RecordsWriter, rebuild_events
    from telephony.center.runner import DirectorRunner
    from telephony.center.spool import Spool, peek
    from telephony.center.standby import serve

    records = RecordsWriter(store, Spool(args.spool) if args.spool else None)
    music = None
    if args.music_control:
        from telephony.center.music_control import MusicControl

        music = MusicControl(args.music_control)
    kinds: Counter[str] = Counter()
    runners: list[Any] = []

    def build(link: Any) -> Any:
        try:
            stored = store.events_today()
        except Exception as exc:  # noqa: BLE001 - lead on the spools alone; the records are kept
            log.error("database unreachable at takeover: rebuilding from the spools only (%s)", type(exc).__name__)
            stored = []
        spooled = records.pending() + [e for d in args.peer_spool for e in peek(d)]
        events = rebuild_events(stored, spooled, now() - timedelta(hours=24))
        runner = DirectorRunner(plan, store, center, music=music, events=events, announcer=args.announcer,
                                records=records)
        handle = runner.service.on_event

        def counted(event: dict[str, Any]) -> None:
            kinds[str(event.get("event"))] += 1
            handle(event)

        runner.service.on_event = counted  # type: ignore[method-assign]
        runners.append(runner)
        return runner

    _warm(store, plan, center)
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda s, f: stop.update(now=True))
    signal.signal(signal.SIGINT, lambda s, f: stop.update(now=True))
    end = time.monotonic() + args.seconds
    lease = Lease(lease_engine(args.db), f"{args.lease}@{socket.gethostname()}:{os.getpid()}")
    try:
        code = serve(lease, args.evapi_port, build, lambda: stop["now"] or time.monotonic() > end,
                     lambda line: print(line, flush=True))
    except ConnectionError as exc:
        log.error("standby: %s", exc)
        code = 1
    finally:
        if not runners:
            records.close()
    try:
        print(json.dumps(dict(kinds)), flush=True)
    except BrokenPipeError:
        pass
    return code
