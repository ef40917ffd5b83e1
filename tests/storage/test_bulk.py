"""storage.bulk.write_rows on SQLite and PostgreSQL: exact counts, conflicts, order, defaults, types."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from hotline.timezone import CST
from storage.bulk import write_rows
from storage.db import engine_for, upgrade
from storage.tables import ChangeRow
from storage.uow import UnitOfWork

CHANGES = ChangeRow.__table__


@pytest.fixture
def engine(db_url):
    e = engine_for(db_url)
    upgrade(e)
    yield e
    e.dispose()


def _change(i: int, at: datetime) -> dict:
    return {"change_id": f"c{i:04d}", "entity": "event", "entity_id": f"t{i}",
            "payload": {"n": i, "text": "诉求 \"quoted\" \\ back"}, "applied_at": at}


def test_rows_go_in_with_exact_counts_in_order_and_with_defaults(engine):
    at = datetime(2026, 12, 7, 9, 30, 15, 123456, tzinfo=CST)
    rows = [_change(i, at + timedelta(seconds=i % 3)) for i in range(700)][::-1]  # ids not in seq order
    with UnitOfWork(engine) as uow:
        assert write_rows(uow.session, CHANGES, rows) == 700  # origin left out: its default ""
        uow.commit()
    with UnitOfWork(engine) as uow:
        again = rows[:5] + [_change(900, at), _change(901, at)]
        assert write_rows(uow.session, CHANGES, again, keys=["change_id"], on_conflict="nothing") == 2
        uow.commit()
        stored = uow.session.execute(select(ChangeRow).order_by(ChangeRow.seq)).scalars().all()
    assert [r.change_id for r in stored] == [r["change_id"] for r in rows] + ["c0900", "c0901"]
    first = stored[0]
    assert first.origin == ""
    assert first.payload == rows[0]["payload"]
    assert first.applied_at == rows[0]["applied_at"] and first.applied_at.tzinfo is not None
    assert first.applied_at.astimezone(UTC).microsecond == 123456


def test_update_on_conflict_rewrites_the_other_columns(engine):
    at = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with UnitOfWork(engine) as uow:
        write_rows(uow.session, CHANGES, [_change(1, at)])
        changed = {**_change(1, at + timedelta(hours=1)), "payload": {"n": 2}, "origin": "desk9"}
        assert write_rows(uow.session, CHANGES, [changed], keys=["change_id"], on_conflict="update") == 1
        uow.commit()
        row = uow.session.scalars(select(ChangeRow)).one()
    assert (row.payload, row.origin, row.applied_at) == ({"n": 2}, "desk9", at + timedelta(hours=1))


def test_a_duplicate_without_on_conflict_fails_and_bad_input_is_refused(engine):
    at = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with UnitOfWork(engine) as uow:
        with pytest.raises(ValueError):
            write_rows(uow.session, CHANGES, [_change(1, datetime(2026, 12, 7))])  # naive time
        with pytest.raises(ValueError):
            write_rows(uow.session, CHANGES, [{**_change(1, at), "nope": 1}])
        with pytest.raises(ValueError):
            write_rows(uow.session, CHANGES, [_change(1, at)], on_conflict="nothing")  # no keys
    from sqlalchemy.exc import IntegrityError

    with UnitOfWork(engine) as uow, pytest.raises(IntegrityError):
        write_rows(uow.session, CHANGES, [_change(1, at), _change(1, at)])
