"""The director alone, as a process beside a running center Kamailio (benchmarks, a split deployment).

    python -m telephony.center.director_main --evapi-port P --ctl-socket SOCK --domain 127.0.0.1:5060
        [--plan FILE] [--agents 3000-3159] [--standby USER:NUMBER] [--wrap-up-s S] [--db URL]
        [--music-control PORT] [--announcer HOST:PORT] [--spool DIR] [--rebuild] [--no-upgrade]
        [--seconds N] [--lease HOLDER [--peer-spool DIR]...]

Runs :class:`~telephony.center.runner.DirectorRunner` (hotline.acd.Director, records to the
database on a writer thread; default: an SQLite file in a temporary directory) until SIGTERM,
SIGINT or ``--seconds``. ``--agents FROM-TO`` replaces the plan's agents with that range of users,
every one with every queue's skill (load tests with many generated agents). ``--longwait
FROM-TO:NUMBER:MAX_WAIT_S`` adds a queue "longwait" only those users serve (the bench's long waits:
they start on 示忙, callers wait until they free up or the queue overflows). ``--standby USER:NUMBER``
adds a queue "standby" on NUMBER that only USER serves (load tests put USER on not-ready, so its
callers wait, and the impatient ones abandon). ``--music-control`` is a music server's control port
(telephony.center.music): queued callers get the greeting and hold music; ``--announcer`` is where
callback and voicemail overflows go. ``--spool DIR`` spools the records there before the database
(telephony.center.records; replayed at start); ``--rebuild`` rebuilds the Director from the last 24
hours of stored and spooled records plus the registrations — how ``hotline center run`` starts and
restarts it as its child. Prints ``READY`` once linked to evapi and, when it stops, one JSON line:
the events it handled by kind. Exits 1 if Kamailio closed the link. ``--lease HOLDER`` runs it as
one of several directors of one center (telephony.center.standby_main): READY once it watches as a
standby, ``LEADING <epoch>`` once it took the lease and serves; exit 3 when it was fenced.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

log = logging.getLogger("telephony.center")


class _Center:
    """What DirectorRunner needs of a running Kamailio it did not start."""

    def __init__(self, domain: str, evapi_port: int, ctl_socket: Path) -> None:
        self.host = domain
        self.evapi_port = evapi_port
        self.ctl_socket = ctl_socket

    def registered(self) -> dict[str, list[str]]:
        from telephony.center.kamailio import registered_users

        return registered_users(self.ctl_socket)


def _plan(path: str | None, agents: str | None, wrap_up_s: int | None = None, standby: str | None = None,
          longwait: str | None = None) -> Any:
    from hotline.acd.plan import default_plan_path, parse_plan

    source = Path(path) if path else default_plan_path()
    doc = tomllib.loads(source.read_text(encoding="utf-8"))
    if agents:
        first, _, last = agents.partition("-")
        skills = sorted({q["skill"] for q in doc["queues"]})
        doc["agents"] = {str(u): {"skills": skills} for u in range(int(first), int(last or first) + 1)}
    if standby:
        user, _, number = standby.partition(":")
        doc["queues"].append({"name": "standby", "label": "候补", "numbers": [number], "skill": "候补",
                              "priority": 1, "max_wait_s": 600, "overflow": "callback"})
        doc["agents"][user] = {"skills": ["候补"]}
    if longwait:
        users, number, max_wait = longwait.split(":")
        first, _, last = users.partition("-")
        doc["queues"].append({"name": "longwait", "label": "长等待", "numbers": [number], "skill": "长等待",
                              "priority": 1, "max_wait_s": int(max_wait), "overflow": "voicemail"})
        for u in range(int(first), int(last or first) + 1):
            doc["agents"][str(u)] = {"skills": ["长等待"]}
    if wrap_up_s is not None:
        doc["center"]["wrap_up_s"] = wrap_up_s
    return parse_plan(doc, str(source))


def _records(store: Any, spool_dir: Path | None, rebuild: bool) -> tuple[Any, list[Any] | None]:
    """The records' writer (spooled when ``spool_dir``) and the events to rebuild from (None: fresh)."""
    from datetime import timedelta

    from hotline.timezone import now
    from telephony.center.records import RecordsWriter, rebuild_events
    from telephony.center.spool import Spool

    spool = Spool(spool_dir) if spool_dir else None
    events = None
    if rebuild:
        try:
            stored = store.events_today()
        except Exception as exc:  # noqa: BLE001 - routing goes on without the database
            log.error("database unreachable at start: rebuilding from the spool only (%s)",
                      str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            stored = []
        events = rebuild_events(stored, spool.pending() if spool else [], now() - timedelta(hours=24))
    return RecordsWriter(store, spool), events


def _store(url: str, upgrade: bool = True) -> Any:
    """The database, upgraded; if it is unreachable now, the store anyway (the writer retries)."""
    from storage.db import engine_for
    from telephony.center.store import SqlRecordStore, open_store

    if not upgrade:
        return SqlRecordStore(engine_for(url))
    try:
        return open_store(url)
    except Exception as exc:  # noqa: BLE001 - the records are spooled until it returns
        log.error("database unreachable at start (%s)", str(exc).splitlines()[0] if str(exc) else exc)
        return SqlRecordStore(engine_for(url))


def main(argv: list[str]) -> int:
    """Run the director until stopped; see the module docstring."""
    from telephony.center.runner import DirectorRunner

    ap = argparse.ArgumentParser(prog="python -m telephony.center.director_main")
    ap.add_argument("--evapi-port", type=int, required=True)
    ap.add_argument("--ctl-socket", type=Path, required=True)
    ap.add_argument("--domain", required=True, help="the center's SIP host:port")
    ap.add_argument("--plan")
    ap.add_argument("--agents", help="FROM-TO: these users are the agents (all skills)")
    ap.add_argument("--standby", help="USER:NUMBER: a queue on NUMBER that only USER serves")
    ap.add_argument("--longwait", help="FROM-TO:NUMBER:MAX_WAIT_S: a queue on NUMBER served only by those users")
    ap.add_argument("--wrap-up-s", type=int, help="override the plan's wrap-up time (load tests: 0)")
    ap.add_argument("--db")
    ap.add_argument("--music-control", type=int, default=0, help="a music server's control port")
    ap.add_argument("--announcer", help="HOST:PORT of the announcer (callback / voicemail overflows)")
    ap.add_argument("--spool", type=Path, help="spool the records in this directory before the database")
    ap.add_argument("--rebuild", action="store_true", help="rebuild from stored + spooled records")
    ap.add_argument("--no-upgrade", action="store_true", help="the database is upgraded already (a restart)")
    ap.add_argument("--seconds", type=float, default=3600.0)
    ap.add_argument("--lease", metavar="HOLDER", help="lead only under the database's leader lease (a standby "
                    "until then; telephony.center.standby); exits 3 when another director took over")
    ap.add_argument("--peer-spool", action="append", default=[], type=Path,
                    help="another director's spool, read when taking over (repeatable)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s director[%(process)d] %(levelname)s %(message)s")
    from hotline.secrets import install_log_masking

    install_log_masking()
    if args.lease:
        if not args.db:
            ap.error("--lease needs --db (the database that holds the lease)")
        from telephony.center.standby_main import run_standby

        return run_standby(args, _plan(args.plan, args.agents, args.wrap_up_s, args.standby, args.longwait),
                           _store(args.db, upgrade=not args.no_upgrade), _Center(args.domain, args.evapi_port,
                                                                                  args.ctl_socket))
    with tempfile.TemporaryDirectory(prefix="director-") as tmp:
        store = _store(args.db or f"sqlite:///{Path(tmp) / 'center.sqlite3'}", upgrade=not args.no_upgrade)
        records, events = _records(store, args.spool, args.rebuild)
        music = None
        if args.music_control:
            from telephony.center.music_control import MusicControl

            music = MusicControl(args.music_control)
        runner = DirectorRunner(_plan(args.plan, args.agents, args.wrap_up_s, args.standby, args.longwait), store,
                                _Center(args.domain, args.evapi_port, args.ctl_socket), music=music,
                                events=events, announcer=args.announcer, records=records)
        kinds: Counter[str] = Counter()
        service = runner.service
        handle = service.on_event

        def counted(event: dict[str, Any]) -> None:
            kinds[str(event.get("event"))] += 1
            handle(event)

        service.on_event = counted  # type: ignore[method-assign]
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda s, f: stop.update(now=True))
        signal.signal(signal.SIGINT, lambda s, f: stop.update(now=True))
        try:
            runner.start()
        except ConnectionError as exc:
            print(f"director: {exc}", file=sys.stderr, flush=True)
            runner.stop()
            return 1
        print("READY", flush=True)
        end = time.monotonic() + args.seconds
        while not stop["now"] and time.monotonic() < end and not runner.error:
            time.sleep(0.1)
        runner.stop()
        try:
            print(json.dumps(dict(kinds)), flush=True)
        except BrokenPipeError:  # the parent that read READY is gone
            pass
    return 1 if runner.error else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
