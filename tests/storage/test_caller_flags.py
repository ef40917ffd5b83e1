"""Caller flags: set and cleared at the center, pulled by desks, refused from desks, found in any number form,
one indexed query in the screen pop; the table at head is what storage.flag_tables declares.

The center runs on a SQLite file and on the real PostgreSQL (db_url); desks are SQLite files.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, insert, select

from hotline.caller_flags import FlagError, FlagKind
from hotline.ids import new_id
from hotline.timezone import now
from storage.flag_tables import CallerFlagRow
from storage.screenpop import ScreenPop
from storage.sync import SyncError, pull, push
from storage.tables import AuditRow, ChangeRow, OutboxRow
from storage.uow import UnitOfWork
from tests.storage.sync_helpers import central, count, desk

REASON = "一周内拨打40余次，辱骂话务员"


@pytest.fixture
def center(db_url):
    eng = central(db_url)
    yield eng
    eng.dispose()


def _set(engine, number="+86 137-0000-0066", reason=REASON, actor="wangadmin", **kw):
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        record = uow.caller_flags.set(number, reason, actor=actor, **kw)
        uow.commit()
        return record


def _clear(engine, number="13700000066", actor="liadmin", **kw):
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        records = uow.caller_flags.clear(number, actor=actor, **kw)
        uow.commit()
        return records


def _pop(engine, number):
    with UnitOfWork(engine, origin="desk-07") as uow:
        pop = ScreenPop(uow, actor="agent-07").for_caller(number, queue="12345")
        uow.commit()
        return pop


def test_set_at_the_center_is_canonical_audited_and_in_the_change_log(center):
    record = _set(center)
    assert (record.number, record.kind, record.reason, record.set_by) == ("13700000066", FlagKind.NUISANCE, REASON,
                                                                         "wangadmin")
    assert record.article == "内蒙古第二十六条；凉山第二十四条" and record.active
    with UnitOfWork(center) as uow:
        assert [r.id for r in uow.caller_flags.active_for("008613700000066")] == [record.id]
        entries = uow.audit.for_subject("caller", "13700000066")
    assert [(e.actor, e.action) for e in entries] == [("wangadmin", "flag-caller")]
    assert entries[0].detail["flag_id"] == record.id and entries[0].detail["reason"] == REASON
    assert count(center, ChangeRow, entity="caller_flag") == 1


def test_bad_input_is_refused_by_name_and_nothing_is_written(center):
    for number, reason, actor, kind, code in (
        ("abc", REASON, "wang", "nuisance", "bad-number"),
        ("12", REASON, "wang", "nuisance", "bad-number"),
        ("13700000066", "   ", "wang", "nuisance", "empty-reason"),
        ("13700000066", REASON, " ", "nuisance", "bad-actor"),
        ("13700000066", REASON, "wang", "vip", "bad-kind"),
    ):
        with pytest.raises(FlagError) as err:
            _set(center, number, reason, actor, kind=kind)
        assert err.value.code == code
    _set(center, kind="骚扰电话")  # the Chinese label names the kind
    with pytest.raises(FlagError) as err:
        _set(center, "13700000066")
    assert err.value.code == "already-flagged" and "已有骚扰电话标记" in str(err.value)
    with pytest.raises(FlagError) as err:
        _clear(center, "13700000067")
    assert err.value.code == "not-flagged"
    assert count(center, CallerFlagRow) == 1 and count(center, ChangeRow, entity="caller_flag") == 1


def test_a_desk_cannot_write_a_flag_and_a_forged_push_is_refused_whole(tmp_path, center):
    a = desk(tmp_path, "a")
    with UnitOfWork(a, role="desk") as uow:
        with pytest.raises(FlagError) as err:
            uow.caller_flags.set("13700000066", REASON, actor="agent-07")
        assert err.value.code == "center-only" and "中心" in str(err.value)
        with pytest.raises(FlagError) as err:
            uow.caller_flags.clear("13700000066", actor="agent-07")
        assert err.value.code == "center-only"
        with pytest.raises(ValueError, match="center only"):
            uow.recorder.record("caller_flag", new_id(), {})
    forged = {"id": new_id(), "number": "13700000001", "kind": "nuisance", "reason": "forged", "article": "",
              "set_by": "intruder", "set_at": now().isoformat(), "cleared_by": None, "cleared_at": None,
              "clear_reason": ""}
    with a.begin() as conn:  # a tampered outbox
        conn.execute(insert(OutboxRow.__table__), [{"change_id": new_id(), "entity": "caller_flag",
                                                    "entity_id": forged["id"], "payload": forged, "created_at": now()}])
    with pytest.raises(SyncError, match="center only"):
        push(a, center)
    assert count(center, CallerFlagRow) == 0 and count(center, ChangeRow) == 0 and count(a, OutboxRow) == 1
    a.dispose()


def test_pulled_by_a_desk_shown_in_its_pop_then_cleared_and_gone_with_the_history_kept(tmp_path, center):
    a = desk(tmp_path, "a")
    record = _set(center, "0086 137 0000 0066")
    assert pull(a, center) == 2  # the flag and its audit entry
    pop = _pop(a, "+86 137-0000-0066")
    assert pop.number == "13700000066" and pop.flag is not None
    assert (pop.flag.kind, pop.flag.note, pop.flag.set_by, pop.flag.label) == ("nuisance", REASON, "wangadmin",
                                                                               "骚扰电话")
    assert pop.flag.since == record.set_at and pop.flag.article == record.article
    assert _pop(a, "13700000067").flag is None
    _clear(center, "+8613700000066", reason="来电人已致歉")
    pull(a, center)
    assert _pop(a, "13700000066").flag is None
    with UnitOfWork(a) as uow:
        assert uow.caller_flags.active_for("13700000066") == []
        (kept,) = uow.caller_flags.history_for("+86 13700000066")
    assert (kept.id, kept.reason, kept.set_by, kept.cleared_by, kept.clear_reason) == (
        record.id, REASON, "wangadmin", "liadmin", "来电人已致歉")
    assert kept.cleared_at is not None and not kept.active
    _set(center, "13700000066", reason="再次骚扰")  # flagged again: a new row, the old one kept
    pull(a, center)
    with UnitOfWork(a) as uow:
        assert [r.reason for r in uow.caller_flags.history_for("13700000066")] == [REASON, "再次骚扰"]
    assert _pop(a, "13700000066").flag.note == "再次骚扰"
    with a.connect() as conn:
        actions = conn.scalars(select(AuditRow.action).where(AuditRow.subject_id == "13700000066")
                               .order_by(AuditRow.at)).all()
    assert [x for x in actions if x != "view-caller"] == ["flag-caller", "unflag-caller", "flag-caller"]
    assert count(a, OutboxRow) == 4  # only the desk's own four pops' audits go up
    a.dispose()


def test_the_pop_shows_the_setters_name_and_its_flag_look_up_is_one_indexed_query(center):
    from hotline.accounts import Role

    with UnitOfWork(center, origin="admin", role="center") as uow:
        uow.accounts.create("wangadmin", "Admin-pass-42", Role.CENTER_ADMIN, display_name="王主任")
        uow.commit()
    _set(center)
    statements: list[tuple[str, object]] = []
    listener = lambda *a: statements.append((a[2], a[3]))  # noqa: E731
    event.listen(center, "before_cursor_execute", listener)
    pop = _pop(center, "137 0000 0066")
    event.remove(center, "before_cursor_execute", listener)
    assert pop.flag is not None and pop.flag.set_by_name == "王主任"
    flag_reads = [(sql, params) for sql, params in statements if "FROM caller_flags" in sql]
    assert len(flag_reads) == 1 and "users" in flag_reads[0][0]
    if center.dialect.name == "sqlite":  # the plan on PostgreSQL depends on its statistics
        with center.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + flag_reads[0][0],
                                                                       tuple(flag_reads[0][1])))
        assert "ix_caller_flags_number_set_at" in plan and "TEMP B-TREE" not in plan


def test_the_table_at_head_is_what_flag_tables_declares(center):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.tables import Base

    with center.connect() as conn:
        def include(obj, name, kind, reflected, compare_to):
            return (name if kind == "table" else obj.table.name) == "caller_flags"

        context = MigrationContext.configure(conn, opts={"include_object": include})
        assert compare_metadata(context, Base.metadata) == []


def test_0007_goes_down_to_0006_and_up_again(center):
    from alembic import command
    from sqlalchemy import inspect

    from storage.db import alembic_config, head_revision, upgrade

    _set(center)
    with center.begin() as conn:
        command.downgrade(alembic_config(conn), "0006")
    assert "caller_flags" not in inspect(center).get_table_names()
    assert upgrade(center) == head_revision()
    assert "caller_flags" in inspect(center).get_table_names()
