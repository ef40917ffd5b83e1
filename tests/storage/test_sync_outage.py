"""The central PostgreSQL goes away in the middle of a push, through a TCP proxy we cut, and comes back.

Between batches (the progress hook cuts the link after the first delivered batch) and inside a
batch's central transaction (a statement hook cuts it while rows are being written): the push
fails cleanly, the proxy is restored, the next push delivers the rest, the center holds every event
exactly once, the outbox is empty, and a second workstation pulls every event once.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from storage.db import engine_for
from storage.sync import SyncError, pull, push, sync_status
from storage.tables import ChangeRow, EventRow, OutboxRow, TicketRow
from storage.uow import UnitOfWork
from tests.storage.factories import created
from tests.storage.sync_helpers import central, count, desk, event_ids, views
from tests.storage.tcp_proxy import TcpProxy

TICKETS = 240
BATCH = 60


@pytest.fixture
def link(pg_url):
    """(direct engine on the central database, engine through a cuttable proxy, the proxy)."""
    direct = central(pg_url)
    url = make_url(pg_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = engine_for(url.set(port=proxy.port).render_as_string(hide_password=False))
    yield direct, through, proxy
    proxy.cut()
    through.dispose()
    direct.dispose()


def _fill(engine) -> list[str]:
    with UnitOfWork(engine, origin="desk-a") as uow:
        ids = [uow.tickets.add(created(f"1500000{i:04d}")).id for i in range(TICKETS)]
        uow.commit()
    return ids


def _assert_all_delivered_once(a, direct, tmp_path):
    assert count(a, OutboxRow) == 0
    with direct.connect() as conn:
        per_event = Counter(conn.scalars(select(ChangeRow.entity_id)))
    assert len(per_event) == TICKETS and set(per_event.values()) == {1}
    assert count(direct, EventRow) == TICKETS and count(direct, TicketRow) == TICKETS
    assert sorted(event_ids(direct)) == sorted(event_ids(a))
    b = desk(tmp_path, "b")
    assert pull(b, direct, batch=BATCH) == TICKETS
    assert sorted(event_ids(b)) == sorted(event_ids(a))
    assert count(b, EventRow) == TICKETS and count(b, OutboxRow) == 0
    assert views(b) == views(a)
    b.dispose()


def test_link_cut_between_batches(tmp_path, link):
    direct, through, proxy = link
    a = desk(tmp_path, "a")
    _fill(a)
    delivered: list[int] = []

    def cut_after_first(total: int) -> None:
        delivered.append(total)
        if total == BATCH:
            proxy.cut()

    with pytest.raises(SyncError, match="push failed after 60 changes"):
        push(a, through, batch=BATCH, after_batch=cut_after_first)
    assert delivered == [BATCH]
    assert count(a, OutboxRow) == TICKETS - BATCH
    assert count(direct, EventRow) == BATCH and count(direct, ChangeRow) == BATCH
    status = sync_status(a)
    assert status.pending == TICKETS - BATCH and "push failed" in status.last_error

    proxy.restore()
    assert push(a, through, batch=BATCH) == TICKETS - BATCH
    assert sync_status(a).ok
    _assert_all_delivered_once(a, direct, tmp_path)
    a.dispose()


def test_link_cut_inside_a_central_transaction(tmp_path, link):
    direct, through, proxy = link
    a = desk(tmp_path, "a")
    _fill(a)
    seen = {"batches": 0}

    def cut_mid_batch(conn, cursor, statement, parameters, context, executemany) -> None:
        # the bulk writes go to psycopg's pipeline, under SQLAlchemy's events (storage.pipeline): the
        # reads around them are seen here. A batch takes the change-log lock, appends to the log, then
        # reads its tickets' stored events before it writes any
        if "pg_advisory_xact_lock" in statement:
            seen["batches"] += 1
        elif seen["batches"] == 2 and statement.startswith("SELECT ticket_events.id"):
            proxy.cut()  # the second batch's change-log rows are written, its events not yet

    event.listen(through, "before_cursor_execute", cut_mid_batch)
    with pytest.raises(SyncError, match="push failed after 60 changes"):
        push(a, through, batch=BATCH)
    event.remove(through, "before_cursor_execute", cut_mid_batch)
    # the first batch is in; the half-written second one was rolled back by the server
    assert count(direct, ChangeRow) == BATCH and count(direct, EventRow) == BATCH
    assert count(a, OutboxRow) == TICKETS - BATCH
    with pytest.raises(SyncError):  # still cut: refused at once, nothing changes
        push(a, through, batch=BATCH)
    assert count(a, OutboxRow) == TICKETS - BATCH

    proxy.restore()
    assert push(a, through, batch=BATCH) == TICKETS - BATCH
    _assert_all_delivered_once(a, direct, tmp_path)
    assert proxy.connections >= 2
    a.dispose()


def test_a_status_that_cannot_be_recorded_is_logged_not_silent(tmp_path, caplog):
    """Issue 14 item 3: sync's _note used to swallow its own failure."""
    from storage.db import engine_for
    from storage.sync import _note

    bare = engine_for(f"sqlite:///{tmp_path / 'not-upgraded.sqlite3'}")  # no sync_state table
    try:
        with caplog.at_level("ERROR", logger="storage.sync"):
            _note(bare, pushed=True, error="中心不可达")
        assert any("sync status not recorded" in r.getMessage() and "中心不可达" in r.getMessage()
                   for r in caplog.records)
    finally:
        bare.dispose()
