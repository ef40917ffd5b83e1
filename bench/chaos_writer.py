"""One desk of the central-outage drill, as its own process: writes on its SQLite copy and syncs.

    python -m bench.chaos_writer --db sqlite:///desk-07.sqlite3 --central postgresql://... \
        --origin desk-07 --control DIR [--seed 7] [--write-every 0.8] [--sync-every 2]

Until ``DIR/stop`` exists it writes as a desk does — a ticket (CREATED, then mostly DISPATCHED to a
unit of the demo city) through the ticket service, for most tickets the recording's metadata of its
call (a ``recordings`` row queued as the softphone's spool scan queues it, later marked uploaded),
now and then a knowledge article through the knowledge service (draft, submitted, approved,
published) — and runs the real sync (storage.sync:
push the outbox, pull the center's changes) on its schedule, whether or not the center answers. A
failed sync is counted and retried at the next turn; the outbox keeps every write meanwhile.

Then it drains: it pushes until its outbox is empty, writes ``DIR/<origin>.drained`` and waits for
``DIR/final``; then pulls until it holds the center's last change, writes ``DIR/<origin>.json``
(what it wrote, its sync failures) and exits. Every loop is bounded by ``--lifetime``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotline.knowledge.article import Content
from hotline.knowledge.roles import Actor, Role
from storage.changelog import ChangeRecorder
from storage.db import engine_for
from storage.knowledge.service import KnowledgeService
from storage.recordings import RecordingRepository
from storage.sync import SyncError, pull, push, sync_status
from storage.tables import ChangeRow, OutboxRow
from storage.ticket_service import TicketService

CATEGORIES = ("consult", "help", "complaint", "suggestion")


def _outbox(engine: Any) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(OutboxRow)) or 0


def _central_last(central: Any) -> int:
    with central.connect() as conn:
        return conn.scalar(select(func.max(ChangeRow.seq))) or 0


class Desk:
    """The writing and syncing of one desk (see the module docstring)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.local = engine_for(args.db)
        self.central = engine_for(args.central, connect_args={"connect_timeout": 3})
        self.tickets = TicketService(self.local, origin=args.origin)
        self.knowledge = KnowledgeService(self.local, None, origin=args.origin)
        self.rng = random.Random(args.seed)
        self.units = args.units.split(",")
        self.editor = Actor(f"{args.origin}-editor", Role.UNIT_EDITOR, self.units[0])
        self.reviewer = Actor(f"{args.origin}-reviewer", Role.UNIT_REVIEWER, self.units[0])
        self.wrote: dict[str, list[str]] = {"tickets": [], "articles": [], "recordings": []}
        self.sync_ok = self.sync_failed = 0
        self.failures: list[str] = []

    def write_one(self, n: int) -> None:
        content = f"{self.args.origin} 第{n}件：小区路灯不亮，夜间出行不便"
        view = self.tickets.create(f"agent-{self.args.origin}", seat=self.args.seat, profile="liangshan",
                                   category=self.rng.choice(CATEGORIES), urgency="normal", channel="phone",
                                   content=content, intake={"caller_phone": f"139{self.args.seed:04d}{n:04d}"})
        self.wrote["tickets"].append(view.id)
        if self.rng.random() < 0.7:
            self.record_call(n, view)
        if self.wrote["recordings"] and self.rng.random() < 0.5:
            self.upload_one()
        if self.rng.random() < 0.8:
            self.tickets.dispatch(view.id, f"agent-{self.args.origin}", [self.rng.choice(self.units)])
        if n % 8 == 3:
            body = f"{self.args.origin} 知识第{n}条：路灯报修可拨打12345，城管局三个工作日内处理。"
            article = self.knowledge.create(self.editor, Content(title=f"路灯报修 {self.args.origin}-{n}", body=body,
                                                                 category="市政", unit_id=self.units[0]))
            self.knowledge.submit(self.editor, article.id)
            self.knowledge.approve(self.reviewer, article.id)
            self.knowledge.publish(self.reviewer, article.id)
            self.wrote["articles"].append(article.id)

    def record_call(self, n: int, view: Any) -> None:
        """The recording's metadata of the call that made ticket ``n``, queued as the softphone's
        spool scan does (storage.recordings.RecordingRepository.add_local; the file itself is not sent)."""
        origin = self.args.origin
        call_id = f"{origin}-call-{n}@chaos"
        manifest = {"interaction_id": f"{origin}-ia-{n}", "started_at": view.created_at.isoformat(),
                    "duration_s": round(self.rng.uniform(20, 300), 1), "bytes": self.rng.randint(10_000, 900_000),
                    "sha256": f"{self.rng.getrandbits(256):064x}", "codec": "opus",
                    "legs": [{"sip_call_id": call_id, "caller_number": f"139{self.args.seed:04d}{n:04d}"}]}
        audio = Path(self.args.control) / "spool" / origin / f"{origin}-{n}.opus"
        with Session(self.local) as session, session.begin():
            repo = RecordingRepository(session, ChangeRecorder(session, "desk", origin))
            rid = repo.add_local(manifest, audio_path=audio, manifest_path=audio.with_suffix(".json"),
                                 desk=self.args.seat, origin=origin, queue="12345")
        self.wrote["recordings"].append(rid)

    def upload_one(self) -> None:
        """A queued recording's file reached the store: it moves to ``uploaded`` (a second change of its row)."""
        rid = self.rng.choice(self.wrote["recordings"])
        with Session(self.local) as session, session.begin():
            RecordingRepository(session, ChangeRecorder(session, "desk", self.args.origin)).mark_uploaded(rid)

    def sync(self, *, pulling: bool = True) -> bool:
        try:
            push(self.local, self.central)
            if pulling:
                pull(self.local, self.central)
        except SyncError as exc:
            self.sync_failed += 1
            if len(self.failures) < 3:
                self.failures.append(str(exc)[:200])
            return False
        self.sync_ok += 1
        return True

    def run(self) -> dict[str, Any]:
        control, args = Path(self.args.control), self.args
        deadline = time.monotonic() + args.lifetime
        next_write = next_sync = time.monotonic()
        n = 0
        while not (control / "stop").exists() and time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_write:
                n += 1
                self.write_one(n)
                next_write = now + self.rng.uniform(0.5, 1.5) * args.write_every
            if now >= next_sync:
                self.sync()
                next_sync = now + args.sync_every
            time.sleep(0.05)
        while (_outbox(self.local) or not self.sync(pulling=False)) and time.monotonic() < deadline:
            if _outbox(self.local):
                self.sync(pulling=False)
            time.sleep(0.5)
        (control / f"{args.origin}.drained").write_text(str(_outbox(self.local)))
        while not (control / "final").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        while time.monotonic() < deadline:
            if self.sync() and sync_status(self.local).last_seq >= _central_last(self.central):
                break
            time.sleep(0.5)
        status = sync_status(self.local)
        return {"origin": args.origin, **{k: len(v) for k, v in self.wrote.items()}, "wrote": self.wrote,
                "sync_ok": self.sync_ok, "sync_failed": self.sync_failed, "failures": self.failures,
                "pending": status.pending, "last_seq": status.last_seq}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos_writer")
    parser.add_argument("--db", required=True)
    parser.add_argument("--central", required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--seat", default="001")
    parser.add_argument("--units", required=True, help="unit ids to dispatch to, comma-separated")
    parser.add_argument("--control", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write-every", type=float, default=1.0)
    parser.add_argument("--sync-every", type=float, default=2.0)
    parser.add_argument("--lifetime", type=float, default=900.0)
    args = parser.parse_args(argv)
    desk = Desk(args)
    result = desk.run()
    (Path(args.control) / f"{args.origin}.json").write_text(json.dumps(result, ensure_ascii=False))
    desk.local.dispose()
    desk.central.dispose()
    return 0 if result["pending"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
