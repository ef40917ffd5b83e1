"""The director alone, as a process beside a running center Kamailio (benchmarks, a split deployment).

    python -m telephony.center.director_main --evapi-port P --ctl-socket SOCK --domain 127.0.0.1:5060
        [--plan FILE] [--agents 3000-3159] [--standby USER:NUMBER] [--wrap-up-s S] [--db URL]
        [--music-control PORT] [--seconds N]

Runs :class:`~telephony.center.runner.DirectorRunner` (hotline.acd.Director, records to the
database on a writer thread; default: an SQLite file in a temporary directory) until SIGTERM,
SIGINT or ``--seconds``. ``--agents FROM-TO`` replaces the plan's agents with that range of users,
every one with every queue's skill (load tests with many generated agents). ``--standby USER:NUMBER``
adds a queue "standby" on NUMBER that only USER serves (load tests put USER on not-ready, so its
callers wait, and the impatient ones abandon). ``--music-control`` is a music server's control port
(telephony.center.music): queued callers get the greeting and hold music. Prints ``READY`` once
linked to evapi and, when it stops, one JSON line: the events it handled by kind.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any


class _Center:
    """What DirectorRunner needs of a running Kamailio it did not start."""

    def __init__(self, domain: str, evapi_port: int, ctl_socket: Path) -> None:
        self.host = domain
        self.evapi_port = evapi_port
        self.ctl_socket = ctl_socket

    def registered(self) -> dict[str, list[str]]:
        from telephony.center.kamailio import registered_users

        return registered_users(self.ctl_socket)


def _plan(path: str | None, agents: str | None, wrap_up_s: int | None = None, standby: str | None = None) -> Any:
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
    if wrap_up_s is not None:
        doc["center"]["wrap_up_s"] = wrap_up_s
    return parse_plan(doc, str(source))


def main(argv: list[str]) -> int:
    """Run the director until stopped; see the module docstring."""
    from telephony.center.runner import DirectorRunner
    from telephony.center.store import open_store

    ap = argparse.ArgumentParser(prog="python -m telephony.center.director_main")
    ap.add_argument("--evapi-port", type=int, required=True)
    ap.add_argument("--ctl-socket", type=Path, required=True)
    ap.add_argument("--domain", required=True, help="the center's SIP host:port")
    ap.add_argument("--plan")
    ap.add_argument("--agents", help="FROM-TO: these users are the agents (all skills)")
    ap.add_argument("--standby", help="USER:NUMBER: a queue on NUMBER that only USER serves")
    ap.add_argument("--wrap-up-s", type=int, help="override the plan's wrap-up time (load tests: 0)")
    ap.add_argument("--db")
    ap.add_argument("--music-control", type=int, default=0, help="a music server's control port")
    ap.add_argument("--seconds", type=float, default=3600.0)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="director-") as tmp:
        store = open_store(args.db or f"sqlite:///{Path(tmp) / 'center.sqlite3'}")
        music = None
        if args.music_control:
            from telephony.center.music_control import MusicControl

            music = MusicControl(args.music_control)
        runner = DirectorRunner(_plan(args.plan, args.agents, args.wrap_up_s, args.standby), store,
                                _Center(args.domain, args.evapi_port, args.ctl_socket), music=music)
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
        runner.start()
        print("READY", flush=True)
        end = time.monotonic() + args.seconds
        while not stop["now"] and time.monotonic() < end and not runner.error:
            time.sleep(0.1)
        runner.stop()
        print(json.dumps(dict(kinds)), flush=True)
    return 1 if runner.error else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
