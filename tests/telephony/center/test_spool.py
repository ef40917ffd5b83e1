"""The director's spool on a real file: order, a torn last line, acknowledgement, one director per spool."""

from __future__ import annotations

import time

import pytest

from hotline.acd.actions import QueueEvent
from hotline.timezone import now
from telephony.center.records import RecordsWriter
from telephony.center.spool import Spool, SpoolBusy


def _events(n: int, call: str = "c1") -> list[QueueEvent]:
    at = now()
    return [QueueEvent("queued" if i == 0 else "offered", at, call, "general", "", "13800000001",
                       {"dialled": "12345", "i": i}) for i in range(n)]


def test_synced_records_read_back_in_order_and_a_torn_line_is_cut(tmp_path):
    spool = Spool(tmp_path)
    events = _events(3)
    spool.write(events)
    assert spool.read()[2] == []  # written, not yet synced: not handed to the database
    spool.sync()
    start, end, back = spool.read()
    assert (start, [e.id for e in back]) == (0, [e.id for e in events]) and back[0].data == events[0].data
    assert back[0].at == events[0].at
    spool.close()
    with open(tmp_path / "records.jsonl", "ab") as f:  # a crash in the middle of the next write
        f.write(b'{"id":"half')
    again = Spool(tmp_path)
    assert [e.id for e in again.pending()] == [e.id for e in events]
    again.write(_events(1, "c2"))
    again.sync()
    assert len(again.pending()) == 4  # the new line is whole, not glued to the torn one
    again.close()


def test_acknowledged_records_are_not_replayed_and_the_file_empties(tmp_path):
    spool = Spool(tmp_path)
    spool.write(_events(2))
    spool.sync()
    _, end, _ = spool.read()
    spool.write(_events(1, "c2"))
    spool.sync()
    spool.ack(end)
    assert [e.call for e in spool.pending()] == ["c2"]
    spool.close()
    reopened = Spool(tmp_path)
    assert [e.call for e in reopened.pending()] == ["c2"]
    _, end, _ = reopened.read()
    reopened.ack(end)
    assert reopened.pending() == [] and (tmp_path / "records.jsonl").stat().st_size == 0
    reopened.close()


def test_one_director_per_spool(tmp_path):
    first = Spool(tmp_path)
    with pytest.raises(SpoolBusy):
        Spool(tmp_path)
    first.close()
    Spool(tmp_path).close()


class FailingStore:
    """A store that refuses until told otherwise, and counts what it finally takes."""

    def __init__(self) -> None:
        self.up = False
        self.calls = 0
        self.events: list[QueueEvent] = []

    def append(self, events: list[QueueEvent]) -> None:
        self.calls += 1
        if not self.up:
            raise ConnectionError("database down")
        self.events.extend(events)


def test_a_durable_put_is_on_disk_at_return_and_a_failing_store_is_retried_not_dropped(tmp_path):
    store = FailingStore()
    writer = RecordsWriter(store, Spool(tmp_path), gather_s=0.05)
    plain, promise = _events(2), _events(1, "c2")
    writer.put(plain)
    writer.put(promise, durable=True)
    on_disk = (tmp_path / "records.jsonl").read_text(encoding="utf-8")
    assert all(e.id in on_disk for e in plain + promise)  # and in the director's order
    assert on_disk.index(plain[0].id) < on_disk.index(promise[0].id)
    deadline = time.monotonic() + 5
    while store.calls < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert store.calls >= 2 and store.events == []  # retried
    store.up = True
    writer.close(store_timeout=5)
    assert [e.id for e in store.events] == [e.id for e in plain + promise]
