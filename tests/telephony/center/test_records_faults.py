"""The records' storer through a corrupted spool: the bad record is reported and set aside, the
others (before and after it, and every later one) still reach the real database."""

from __future__ import annotations

import logging
import os
import time

from sqlalchemy import text

from hotline.acd.actions import QueueEvent
from hotline.timezone import now
from telephony.center.records import RecordsWriter
from telephony.center.spool import Spool, encode
from telephony.center.store import open_store


def _events(n: int, call: str) -> list[QueueEvent]:
    at = now()
    return [QueueEvent("queued" if i == 0 else "offered", at, call, "general", "", "13800000001",
                       {"dialled": "12345", "i": i}) for i in range(n)]


def _stored(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(text("SELECT id FROM queue_events")).scalars())


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_corrupted_spool_line_is_reported_and_set_aside_and_the_storer_goes_on(tmp_path, caplog):
    store = open_store(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    spool_dir = tmp_path / "spool"
    first = Spool(spool_dir)  # a director that spooled, then died before the database took them
    before, after = _events(2, "c1"), _events(2, "c2")
    first.write(before)
    first.sync()
    first.close()
    with open(spool_dir / "records.jsonl", "ab") as f:  # a damaged block between two good records
        f.write(b'{"id":"x","kind":"queued","at":"not a time"}\n\x00\x00\x00garbage\n')
    again = Spool(spool_dir)
    again.write(after)
    again.sync()
    again.close()
    caplog.set_level(logging.ERROR, logger="telephony.center")
    writer = RecordsWriter(store, Spool(spool_dir), gather_s=0.02)
    try:
        _wait(lambda: {e.id for e in before + after} <= _stored(store.engine), 10, "the good records stored")
        bad = [r for r in caplog.records if "cannot be read" in r.getMessage()]
        assert len(bad) == 2 and all(r.levelno == logging.ERROR for r in bad)
        assert (spool_dir / "records.bad").read_bytes().count(b"\n") == 2
        later = _events(1, "c3")
        writer.put(later)  # the storer still serves
        _wait(lambda: later[0].id in _stored(store.engine), 10, "a later record stored")
        assert _stored(store.engine) == {e.id for e in before + after + later}
    finally:
        writer.close()
        store.engine.dispose()
    assert os.path.getsize(spool_dir / "records.jsonl") == 0  # all acknowledged: emptied


def test_an_unreadable_spool_file_is_reported_and_retried_not_the_end_of_the_storer(tmp_path, caplog):
    """The spool's file descriptor fails under the storer (closed beneath it): each read error is
    logged, the thread lives, and once the spool reads again the records are stored."""
    store = open_store(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    spool = Spool(tmp_path / "spool")
    caplog.set_level(logging.ERROR, logger="telephony.center")
    writer = RecordsWriter(store, spool, gather_s=0.02)
    try:
        real_fd = spool._fd
        spool._fd = os.open(os.devnull, os.O_WRONLY)  # reads now fail with EBADF
        events = _events(2, "c1")
        os.write(real_fd, b"".join(encode(e) for e in events))
        spool.end = spool.synced = os.fstat(real_fd).st_size
        writer._wake_storer.set()
        _wait(lambda: any("cannot be read" in r.getMessage() for r in caplog.records), 10, "the read error logged")
        assert writer._storer.is_alive()
        bad_fd, spool._fd = spool._fd, real_fd
        os.close(bad_fd)
        _wait(lambda: {e.id for e in events} <= _stored(store.engine), 15, "the records stored after all")
    finally:
        writer.close()
        store.engine.dispose()
