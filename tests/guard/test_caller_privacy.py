"""The caller's identity: masked for units unless granted, never for a confidential reporter, every look-up
audited; the same rule in PostgreSQL (unit logins) and in the CLI (show, list, export)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import text

from hotline.privacy import mask_address, mask_name, mask_phone
from tests.guard.conftest import cli

NAME_A, PHONE_A, ADDRESS_A = "张三丰", "13800005678", "青川市城关镇幸福路12号"


def _unit_row(center, role):
    with center.connect_as(role) as conn:
        return conn.execute("SELECT number, caller_name, caller_phone, caller_address, identity_open"
                            " FROM unit_tickets").fetchall()


def _actions(center, subject_id):
    with center.owner() as conn:
        return [(r[0], r[1]) for r in conn.execute(
            "SELECT action, detail FROM audit_log WHERE subject_id = %s ORDER BY seq", (subject_id,))]


VALUES = ["", "1", "1234567", "13800005678", "+86 138 0000 5678", "张", "张三", "欧阳娜娜", "青川市",
          "青川市城关镇幸福路12号", "No. 5, Long Road"]


def test_python_and_postgresql_mask_alike(center):
    with center.owner() as conn:
        for value in VALUES:
            sql = conn.execute("SELECT hotline_mask_phone(%s), hotline_mask_name(%s), hotline_mask_address(%s)",
                               (value, value, value)).fetchone()
            assert tuple(sql) == (mask_phone(value), mask_name(value), mask_address(value)), value
    assert (mask_phone(PHONE_A), mask_name(NAME_A), mask_address(ADDRESS_A)) == ("138****5678", "张**", "青川市城关镇***")


def _reveal(center, role, ticket_id):
    with center.connect_as(role) as conn:
        return conn.execute("SELECT * FROM hotline_reveal_caller(%s)", (ticket_id,)).fetchall()


def test_a_unit_login_reads_the_caller_only_when_granted_and_audited(center, capsys):
    from psycopg import errors
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from storage.audit_chain import verify

    a = center.tickets["A"]
    masked = (a["number"], mask_name(NAME_A), mask_phone(PHONE_A), mask_address(ADDRESS_A))
    assert _unit_row(center, center.role_a) == [(*masked, False)]
    with pytest.raises(errors.InsufficientPrivilege):
        _reveal(center, center.role_a, a["id"])
    code, _, err = cli(capsys, "privacy", "grant", a["number"], "--unit", "qc.cgj", "--reason", "核实现场",
                       "--db", center.url, "--actor", "center-zhao")
    assert code == 0, err
    assert _unit_row(center, center.role_a) == [(*masked, True)]  # the view stays masked; the grant shows
    assert _reveal(center, center.role_a, a["id"]) == [(NAME_A, PHONE_A, PHONE_A, ADDRESS_A)]
    _reveal(center, center.role_a, a["id"])
    with pytest.raises(errors.InsufficientPrivilege):  # a grant to A opens nothing for B
        _reveal(center, center.role_b, a["id"])
    # each reveal is an entry of the unit login's own chain, hashed in SQL exactly as Python hashes
    with center.owner() as conn:
        rows = conn.execute("SELECT actor, seq, origin FROM audit_log WHERE action = 'unmask-caller'"
                            " AND subject_id = %s ORDER BY seq", (a["id"],)).fetchall()
        logged = conn.execute("SELECT count(*) FROM changes WHERE entity = 'audit' AND origin = %s",
                              (center.role_a,)).fetchone()[0]
    assert rows == [(center.role_a, 1, center.role_a), (center.role_a, 2, center.role_a)] and logged == 2
    engine = create_engine(center.url)
    with Session(engine) as session:
        assert verify(session)[1] == []
    engine.dispose()
    code, _, err = cli(capsys, "privacy", "revoke", a["number"], "--unit", "qc.cgj", "--db", center.url)
    assert code == 0, err
    assert _unit_row(center, center.role_a) == [(*masked, False)]
    with pytest.raises(errors.InsufficientPrivilege):
        _reveal(center, center.role_a, a["id"])
    assert [x for x, _ in _actions(center, a["id"])][-2:] == ["grant-caller", "revoke-caller"]


def test_a_revealed_entry_pulled_by_a_desk_keeps_its_chain(center, capsys, tmp_path):
    from sqlalchemy.orm import Session

    from storage.audit_chain import verify
    from storage.db import engine_for, upgrade
    from storage.sync import pull

    a = center.tickets["A"]
    assert cli(capsys, "privacy", "grant", a["number"], "--unit", "qc.cgj", "--db", center.url)[0] == 0
    _reveal(center, center.role_a, a["id"])
    desk_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    upgrade(desk_url)
    desk, central = engine_for(desk_url), engine_for(center.url)
    try:
        pull(desk, central)
        with Session(desk) as session:
            checked, problems = verify(session)
            assert problems == [] and session.scalar(
                text("SELECT count(*) FROM audit_log WHERE action = 'unmask-caller'")) == 1
    finally:
        desk.dispose()
        central.dispose()


def test_a_confidential_reporter_is_never_unmasked(center, capsys):
    b = center.tickets["B"]
    code, _, err = cli(capsys, "privacy", "grant", b["number"], "--unit", "qc.rsj", "--db", center.url)
    assert code == 0, err
    assert _unit_row(center, center.role_b)[0][4] is True and _reveal(center, center.role_b, b["id"])
    code, _, err = cli(capsys, "privacy", "confidential", b["number"], "--reason", "举报人要求保密", "--db", center.url)
    assert code == 0, err
    assert _unit_row(center, center.role_b)[0][1:] == ("李*", mask_phone("13900001111"), "青川市河西区***", False)
    code, _, _ = cli(capsys, "privacy", "grant", b["number"], "--unit", "qc.rsj", "--db", center.url)
    assert code == 2  # refused: confidential
    from psycopg import errors

    with pytest.raises(errors.InsufficientPrivilege):  # the earlier grant no longer opens it
        _reveal(center, center.role_b, b["id"])
    code, out, _ = cli(capsys, "ticket", "show", b["number"], "--as-unit", "qc.rsj", "--db", center.url)
    assert code == 0 and "李四" not in out and "李*" in out


def test_cli_show_as_a_unit_masks_refuses_and_audits(center, capsys):
    a, b = center.tickets["A"], center.tickets["B"]
    code, out, err = cli(capsys, "ticket", "show", a["number"], "--as-unit", "qc.cgj", "--actor", "cgj-li",
                         "--events", "--json", "--db", center.url)
    assert code == 0, err
    shown = json.loads(out)
    assert shown["ticket"]["caller_name"] == mask_name(NAME_A) and PHONE_A not in out and NAME_A not in out
    assert all("caller_phone" not in e["data"] for e in shown["events"])
    assert _actions(center, a["id"])[-1][0] == "view-caller" and _actions(center, a["id"])[-1][1]["masked"] is True
    code, out, _ = cli(capsys, "ticket", "show", b["number"], "--as-unit", "qc.cgj", "--actor", "cgj-li",
                       "--db", center.url)
    assert code == 2 and "李四" not in out
    assert _actions(center, b["id"])[-1][0] == "view-refused"
    assert cli(capsys, "privacy", "grant", a["number"], "--unit", "qc.cgj", "--db", center.url)[0] == 0
    code, out, _ = cli(capsys, "ticket", "show", a["number"], "--as-unit", "qc.cgj", "--actor", "cgj-li",
                       "--db", center.url)
    assert code == 0 and NAME_A in out and PHONE_A in out
    assert _actions(center, a["id"])[-1][0] == "unmask-caller"
    code, out, _ = cli(capsys, "ticket", "show", a["number"], "--db", center.url)  # the center sees it
    assert code == 0 and NAME_A in out


def test_cli_list_and_export_follow_the_same_rule(center, capsys, tmp_path):
    a, b = center.tickets["A"], center.tickets["B"]
    code, out, err = cli(capsys, "ticket", "list", "--as-unit", "qc.cgj", "--json", "--db", center.url)
    assert code == 0, err
    listed = json.loads(out)
    assert [v["number"] for v in listed] == [a["number"]] and listed[0]["caller_name"] == mask_name(NAME_A)
    assert cli(capsys, "ticket", "list", "--as-unit", "qc.cgj", "--phone", PHONE_A, "--db", center.url)[0] == 2
    code, out, err = cli(capsys, "ticket", "export", "--as-unit", "qc.cgj", "--db", center.url)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.strip())))
    assert [r["number"] for r in rows] == [a["number"]]
    assert rows[0]["caller_phone"] == mask_phone(PHONE_A) and NAME_A not in out
    # the center's export: a confidential reporter masked, everyone else as given
    assert cli(capsys, "privacy", "confidential", b["number"], "--db", center.url)[0] == 0
    target = tmp_path / "all.json"
    code, _, err = cli(capsys, "ticket", "export", "--format", "json", "--out", str(target), "--db", center.url)
    assert code == 0, err
    exported = {r["number"]: r for r in json.loads(target.read_text())}
    assert exported[a["number"]]["caller_name"] == NAME_A and exported[b["number"]]["caller_name"] == "李*"
    with center.owner() as conn:
        detail = conn.execute("SELECT detail FROM audit_log WHERE action = 'export' ORDER BY seq DESC, at DESC"
                              " LIMIT 1").fetchone()[0]
    assert a["id"] in detail["unmasked"] and b["id"] not in detail["unmasked"]
