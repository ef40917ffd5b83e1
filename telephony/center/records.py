"""The director's records on their way to the central database: spooled first, retried, never dropped.

    writer = RecordsWriter(store, Spool(dir))      # store: telephony.center.store.SqlRecordStore
    writer.put(events)                             # plain records: queued, spooled within GATHER_S
    writer.put(events, durable=True)               # returns once they are fsynced in the spool
    writer.close()                                 # spools what is queued; the database gets a few seconds

Two threads besides the caller's. The spooler appends what ``put`` queued to the spool and fsyncs
it, one fsync per group gathered for up to GATHER_S (a durable ``put`` does this at once, in the
caller's thread, taking along what was queued before it, so the spool keeps the director's order).
The storer reads the synced records the database has not acknowledged, appends them to the store
in one transaction per batch and acknowledges; a failing append is retried with backoff (0.5 s
doubling to RETRY_MAX_S) and logged, the batch kept. Records already stored are skipped by event id
(storage.center.CenterRepository.append), so a replay — after a restart, or after a commit whose
answer was lost — stores each record exactly once. The spool is replayed when a writer opens it.

The director puts the records of an action that makes a promise to the caller (a callback
overflow: 预约回拨, a ticket will be made) durably *before* the action's command goes to Kamailio;
all other records go asynchronously, so routing never waits for a disk. Without a spool (unit
tests, a director with no data directory) the records wait in memory and are still retried.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any, Protocol

from hotline.acd.actions import OVERFLOWED, QueueEvent

log = logging.getLogger("telephony.center")
# a call's facts that happen once: their record ids are derived from the call (service.once_ids)
ONCE_PER_CALL = frozenset({"queued", "answered", "abandoned", "overflowed", "ended"})
# their place among the records of one decision (one time): queued first, then the other once-only
# facts, then the rest (offers, agent states) in id order, which is the order they were made in
_RANK = {"queued": 0, "answered": 1, "abandoned": 1, "overflowed": 1, "ended": 1}
GATHER_S = 0.1  # how long the spooler and the storer gather before one fsync / one transaction
RETRY_S = 0.5
RETRY_MAX_S = 10.0
MAX_BATCH = 2000


class RecordStore(Protocol):
    """Where the records go (storage.center in production; a list in a unit test)."""

    def append(self, events: list[Any]) -> None: ...


def makes_promise(events: Iterable[QueueEvent]) -> bool:
    """True when one of ``events`` promises the caller something: a callback reservation."""
    return any(e.kind == OVERFLOWED and e.data.get("kind") == "callback" for e in events)


class RecordsWriter:
    """Spool, then the central database (see the module docstring)."""

    def __init__(self, store: RecordStore, spool: Any = None, gather_s: float = GATHER_S) -> None:
        self.store, self.spool, self.gather_s = store, spool, gather_s
        self._inbox: list[QueueEvent] = []
        self._memory: list[QueueEvent] = []  # without a spool: what the store has not taken yet
        self._lock = threading.Lock()  # guards the lists; never held across I/O
        self._flush_lock = threading.Lock()  # one flusher at a time: the spool keeps the order
        self._wake_spooler = threading.Event()
        self._wake_storer = threading.Event()
        self._closing = threading.Event()
        self._store_deadline = float("inf")
        self.stored = 0
        self.failures = 0
        self._spooler = threading.Thread(target=self._spool_loop, name="center-spool", daemon=True)
        self._storer = threading.Thread(target=self._store_loop, name="center-records", daemon=True)
        self._spooler.start()
        self._storer.start()
        if spool is not None and spool.synced > spool.acked:
            log.warning("replaying %d spooled bytes of records", spool.synced - spool.acked)
            self._wake_storer.set()

    # ------------------------------------------------------------------ in
    def put(self, events: list[QueueEvent], durable: bool = False) -> None:
        """Queue ``events``; with ``durable`` return only once they (and all before) are fsynced."""
        with self._lock:
            self._inbox.extend(events)
        if not durable:
            self._wake_spooler.set()
            return
        try:
            self.flush()
        except OSError as exc:  # the call goes on; the records stay queued for the spooler's retry
            log.error("a callback promise could not be spooled: %s", exc)
            self._wake_spooler.set()

    def flush(self) -> None:
        """Move everything queued into the spool and fsync it (into memory without a spool)."""
        with self._flush_lock:
            with self._lock:
                batch, self._inbox = self._inbox, []
                if self.spool is None:
                    self._memory.extend(batch)
            if batch and self.spool is not None:
                try:
                    self.spool.write(batch)
                except OSError:
                    with self._lock:
                        self._inbox[:0] = batch  # back in front: the order stays
                    raise
                self.spool.sync()
        if batch:
            self._wake_storer.set()

    def _spool_loop(self) -> None:
        while not self._closing.is_set():
            self._wake_spooler.wait()
            self._closing.wait(self.gather_s)  # gather (a durable put flushes by itself meanwhile)
            self._wake_spooler.clear()
            try:
                self.flush()
            except Exception as exc:  # noqa: BLE001 - a full or failing disk: keep the records queued, say so
                log.error("center records not spooled (%s): %s", type(exc).__name__, exc)
                time.sleep(RETRY_S)

    # ------------------------------------------------------------------ out
    def _next(self) -> tuple[int, list[QueueEvent]]:
        if self.spool is not None:
            _, end, events = self.spool.read()
            return end, events
        with self._lock:
            return 0, self._memory[:MAX_BATCH]

    def _done(self, end: int, count: int) -> None:
        if self.spool is not None:
            self.spool.ack(end)
        else:
            with self._lock:
                del self._memory[:count]
        self.stored += count

    def _store_loop(self) -> None:
        delay, streak = RETRY_S, 0
        while True:
            self._wake_storer.wait()
            if not self._closing.is_set():
                time.sleep(self.gather_s)  # group commit: one transaction for what arrives meanwhile
            self._wake_storer.clear()
            while True:
                try:
                    end, batch = self._next()
                except Exception as exc:  # noqa: BLE001 - an unreadable spool: say so, keep the thread, retry
                    self.failures += 1
                    log.error("center records: the spool cannot be read (%s: %s); retry in %.1f s",
                              type(exc).__name__, exc, delay)
                    if self._closing.wait(delay):
                        return
                    delay = min(delay * 2, RETRY_MAX_S)
                    continue
                if not batch:
                    break
                try:
                    self.store.append(batch)
                except Exception as exc:  # noqa: BLE001 - kept and retried: the board is late, say so
                    self.failures += 1
                    streak += 1
                    log.error("center records not stored yet (%d kept, retry in %.1f s): %s",
                              len(batch), delay, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                    if self._closing.is_set():
                        if time.monotonic() + delay > self._store_deadline:
                            return
                        time.sleep(delay)
                    else:
                        self._closing.wait(delay)  # a close cuts the wait short
                    delay = min(delay * 2, RETRY_MAX_S)
                    continue
                if streak:
                    log.warning("center records stored again after %d failed attempts", streak)
                delay, streak = RETRY_S, 0
                self._done(end, len(batch))
            if self._closing.is_set():
                return

    # ------------------------------------------------------------------ end
    def close(self, store_timeout: float = 5.0) -> None:
        """Spool what is queued, give the database ``store_timeout`` s, then stop the threads.

        What the database has not taken stays in the spool for the next start (without a spool it
        is lost, and the log says how many).
        """
        if self._closing.is_set():
            return
        self._store_deadline = time.monotonic() + store_timeout
        self._closing.set()
        self._wake_spooler.set()
        self._spooler.join(5)
        self.flush()
        self._wake_storer.set()
        self._storer.join(store_timeout + 1)
        if self.spool is not None:
            left = self.spool.synced - self.spool.acked
            if left:
                log.warning("%d bytes of records stay in the spool %s for the next start", left, self.spool.dir)
            self.spool.close()
        elif self._memory:
            log.error("center records lost at close (no spool, database unreachable): %d", len(self._memory))

    def pending(self) -> list[QueueEvent]:
        """Records the database has not acknowledged (spooled or in memory)."""
        if self.spool is not None:
            return self.spool.pending()
        with self._lock:
            return list(self._memory) + list(self._inbox)


def rebuild_events(stored: list[QueueEvent], spooled: list[QueueEvent], since: Any) -> list[QueueEvent]:
    """What a restarted director rebuilds from: the stored events and the spooled ones the database
    has not got yet (at or after ``since``), each once, oldest first. Records of one decision share
    its time; among them a call's once-only facts (keyed by call, telephony.center.service.once_ids)
    come first, queued before the others, as the Director emits them; the rest keep their
    (time-ordered) id order."""
    by_id = {e.id: e for e in stored}
    by_id.update({e.id: e for e in spooled if e.at >= since})
    return sorted(by_id.values(), key=lambda e: (e.at, _RANK.get(e.kind, 2), e.id))
