"""The director's live board published to the central database: the callers waiting now, every agent now.

    publisher = BoardPublisher(engine)        # its own writer thread
    service.board = publisher                 # DirectorService.apply calls publisher.changed(director)
    publisher.close()

``changed(director)`` runs on the director's thread after every input it applied (a tick included,
every 0.25 s): it copies the director's callers (not yet talking: waiting or being rung, in service
order) and agents (state, reason, since, the call, its queue and start) into plain tuples — at most
once per ``min_interval_s`` (a burst of events is copied once, the next input or tick copies what is
left) — and hands the copy to the writer thread. The writer keeps only the newest copy, writes the
difference from what it wrote last (rows gone are deleted, rows changed upserted) in one transaction
with ``NOTIFY hotline_board`` (PostgreSQL), so a board LISTENing repaints when it commits. A failing
write is retried with backoff (0.2 s doubling to 5 s) with whatever copy is newest by then, written
in full: the mirror converges on the director's memory, it never keeps a stale row. The director
never waits for the database.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from hotline.timezone import now

log = logging.getLogger("telephony.center.board")
Waiting = tuple[str, str, str, int, int, str, str, datetime]  # call queue caller priority position status agent at
Agent = tuple[str, str, str, Any, bool, str, str, Any]  # agent state reason since registered call queue started


def copy_director(director: Any) -> tuple[dict[str, Waiting], dict[str, Agent]]:
    """The director's callers not yet talking and its agents, as plain tuples keyed by id."""
    from hotline.acd.model import TALKING

    live = sorted((c for c in director.calls.values() if c.status != TALKING),
                  key=lambda c: (-c.priority, c.queued_at, c.seq))
    waiting = {c.call: (c.call, c.queue, c.caller, c.priority, i, c.status, c.agent, c.queued_at)
               for i, c in enumerate(live, 1)}
    agents: dict[str, Agent] = {}
    for r in director.agents.values():
        c = director.calls.get(r.call) if r.call else None
        started = (c.answered_at or c.offered_at) if c is not None else None
        agents[r.user] = (r.user, r.state.value, r.reason, r.since, r.registered, r.call,
                          c.queue if c is not None else "", started)
    return waiting, agents


class BoardPublisher:
    """Mirrors the director's callers and agents into board_waiting / board_agents (module docstring)."""

    def __init__(self, engine: Any, min_interval_s: float = 0.02) -> None:
        self.engine, self.min_interval_s = engine, min_interval_s
        self._latest: tuple[dict[str, Waiting], dict[str, Agent], float] | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._last_copy = 0.0
        self._pending = False
        self._director: Any = None  # the director of a skipped copy (close() copies it)
        self._written: tuple[dict[str, Waiting], dict[str, Agent]] | None = None  # None: write in full
        self.writes = 0
        self.failures = 0
        self.last_written_mono = 0.0  # time.monotonic() of the copy in the last committed write
        self.last_commit_mono = 0.0  # time.monotonic() when it committed
        self._thread = threading.Thread(target=self._run, name="board-publish", daemon=True)
        self._thread.start()

    @classmethod
    def for_store(cls, store: Any) -> BoardPublisher | None:
        """A publisher over ``store``'s engine (telephony.center.store.SqlRecordStore), or None."""
        engine = getattr(store, "engine", None)
        return cls(engine) if engine is not None else None

    def changed(self, director: Any) -> None:
        """After an input the director applied: copy its state (at most once per min_interval_s)."""
        mono = time.monotonic()
        if mono - self._last_copy < self.min_interval_s:
            self._pending, self._director = True, director
            return
        self._last_copy, self._pending = mono, False
        waiting, agents = copy_director(director)
        with self._lock:
            self._latest = (waiting, agents, mono)
        self._wake.set()

    def _run(self) -> None:
        delay = 0.2
        while not self._closing.is_set():
            self._wake.wait(0.5)
            self._wake.clear()
            with self._lock:
                latest, self._latest = self._latest, None
            if latest is None:
                continue
            try:
                self._write(latest[0], latest[1])
            except Exception as exc:  # noqa: BLE001 - retried with the newest copy, in full
                self.failures += 1
                self._written = None
                with self._lock:
                    if self._latest is None:
                        self._latest = latest
                log.error("board not published yet (retry in %.1f s): %s", delay,
                          str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                self._closing.wait(delay)
                delay = min(delay * 2, 5.0)
                self._wake.set()
                continue
            delay = 0.2
            self.writes += 1
            self.last_written_mono = latest[2]
            self.last_commit_mono = time.monotonic()

    def _write(self, waiting: dict[str, Waiting], agents: dict[str, Agent]) -> None:
        from storage.board_tables import BoardAgentRow, BoardWaitingRow
        from storage.upsert import dialect_insert

        old_w, old_a = self._written if self._written is not None else ({}, {})
        full = self._written is None
        at = now()
        with Session(self.engine) as session, session.begin():
            gone_w = [k for k in old_w if k not in waiting]
            if full:
                session.execute(delete(BoardWaitingRow))
            elif gone_w:
                session.execute(delete(BoardWaitingRow).where(BoardWaitingRow.call_id.in_(gone_w)))
            rows_w = [dict(zip(_W, v, strict=True), published_at=at) for k, v in waiting.items() if old_w.get(k) != v]
            if rows_w:
                ins = dialect_insert(session, BoardWaitingRow)
                session.execute(ins.on_conflict_do_update(
                    index_elements=["call_id"], set_={c: ins.excluded[c] for c in (*_W[1:], "published_at")}), rows_w)
            if full:
                session.execute(delete(BoardAgentRow).where(BoardAgentRow.agent.not_in(list(agents) or [""])))
            rows_a = [dict(zip(_A, v, strict=True), published_at=at) for k, v in agents.items() if old_a.get(k) != v]
            if rows_a:
                ins = dialect_insert(session, BoardAgentRow)
                session.execute(ins.on_conflict_do_update(
                    index_elements=["agent"], set_={c: ins.excluded[c] for c in (*_A[1:], "published_at")}), rows_a)
            if session.get_bind().dialect.name == "postgresql" and (full or gone_w or rows_w or rows_a):
                session.execute(text("SELECT pg_notify('hotline_board', '{\"board\": true}')"))
        self._written = (waiting, agents)

    def close(self, timeout: float = 3.0) -> None:
        """Write what is queued (within ``timeout``) and stop the thread (on the director's thread)."""
        if self._pending and self._director is not None:
            self._last_copy = 0.0
            self.changed(self._director)
        deadline = time.monotonic() + timeout
        while self._latest is not None and time.monotonic() < deadline and self.failures == 0:
            self._wake.set()
            time.sleep(0.02)
        self._closing.set()
        self._wake.set()
        self._thread.join(timeout)


_W = ("call_id", "queue", "caller", "priority", "position", "status", "agent", "queued_at")
_A = ("agent", "state", "reason", "since", "registered", "call_id", "call_queue", "call_started")
