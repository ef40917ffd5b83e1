"""QA sheets and marks while the center's database is away: kept on the desk, written when it is back, once,
in their place by time; refusals set aside and named (real PostgreSQL behind a loopback proxy that is cut)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from desktop.app.qa_outbox import QaOutbox
from desktop.app.recording_service import RecordingService
from hotline.qa_form import QaFormError
from storage.db import engine_for
from storage.qa_tables import QaScoreRow, RecordingMarkRow
from tests.recordings.people import add_recording
from tests.storage.tcp_proxy import TcpProxy

FULL = {"greeting": 5, "identity": 5, "accuracy": 10, "policy": 10, "attitude": 5, "closing": 5}
LOW = {**FULL, "accuracy": 2}


def _no_grant(_rid: str, _action: str) -> str:
    raise AssertionError("no playback in these tests")


@pytest.fixture
def away(center, pg_url, tmp_path):
    """(direct engine, people, service factory, proxy): services reach PostgreSQL only through the proxy."""
    engine, people = center
    url = make_url(pg_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through = engine_for(url.set(port=proxy.port).render_as_string(hide_password=False))

    def service(login: str) -> RecordingService:
        return RecordingService(through, people[login], _no_grant, outbox=QaOutbox(tmp_path / "outbox" / login))

    yield engine, people, service, proxy
    proxy.cut()
    through.dispose()


def _sheets(engine, rid: str) -> list[QaScoreRow]:
    with Session(engine) as s:
        return list(s.scalars(select(QaScoreRow).where(QaScoreRow.recording_id == rid).order_by(QaScoreRow.scored_at)))


def test_kept_while_away_written_once_when_back(away):
    engine, _people, service, proxy = away
    a, b = add_recording(engine, agent="1001"), add_recording(engine, agent="1001")
    qa = service("qa-li")
    assert qa.score(a, FULL, "好").kept is False  # the center is there: written at once
    assert qa.add_mark(a, 1000, "开场").shown == [(1000, "开场")]
    proxy.cut()
    kept = qa.score(b, LOW, "未核实身份")
    assert kept.kept and kept.shown.startswith("76 ")
    mark = qa.add_mark(a, 61000, "未核实身份")
    assert mark.kept and mark.shown == [(1000, "开场"), (61000, "未核实身份")]  # shown with the others
    with pytest.raises(QaFormError):  # a sheet that does not fit the form is refused now, never kept
        qa.score(b, {"greeting": 9}, "")
    assert len(qa.writer.outbox) == 2
    report = qa.flush_outbox()
    assert (report.written, report.waiting) == (0, 2)  # still away: nothing lost, nothing written
    proxy.restore()
    report = qa.flush_outbox()
    assert (report.written, report.waiting, report.refused) == (2, 0, [])
    assert len(qa.writer.outbox) == 0
    [sheet] = _sheets(engine, b)
    assert (sheet.total, sheet.comment, sheet.current, sheet.scorer) == (76.0, "未核实身份", True, "qa-li")
    with Session(engine) as s:
        assert [m.note for m in s.scalars(select(RecordingMarkRow).where(RecordingMarkRow.recording_id == a)
                                          .order_by(RecordingMarkRow.at_ms))] == ["开场", "未核实身份"]
    assert qa.flush_outbox().written == 0


def test_a_retried_item_is_one_row_and_a_late_sheet_keeps_its_place_by_time(away):
    engine, _people, service, proxy = away
    rid = add_recording(engine, agent="1001")
    lead, qa = service("lead-a"), service("qa-li")
    proxy.cut()
    assert lead.score(rid, LOW, "早").kept
    [(path, item)] = lead.writer.outbox.items()
    proxy.restore()
    assert qa.score(rid, FULL, "晚").kept is False  # a later sheet reaches the center first
    lead.writer.apply(item)  # the commit's answer lost: the same item written again
    assert lead.flush_outbox().written == 1
    sheets = _sheets(engine, rid)
    assert [(s.comment, s.current) for s in sheets] == [("早", False), ("晚", True)]
    assert sheets[0].id == item["id"] and not path.exists()


def test_refused_at_the_flush_and_unreadable_files_are_set_aside_and_named(away, tmp_path):
    engine, _people, service, proxy = away
    theirs = add_recording(engine, agent="1002")  # team B: lead-a may not score it
    lead = service("lead-a")
    proxy.cut()
    assert lead.score(theirs, FULL, "").kept  # the right cannot be checked while away
    assert lead.add_mark("no-such-recording", 5, "x").kept
    box = lead.writer.outbox.dir
    (box / "20261207T000000-broken.json").write_text("{not json", encoding="utf-8")
    (box / ".qa-torn").write_text('{"kind": "sc', encoding="utf-8")  # a write killed before its rename
    proxy.restore()
    report = lead.flush_outbox()
    assert report.written == 0 and report.bad == ["20261207T000000-broken.json"]
    assert sorted(code for _kind, _rid, code in report.refused) == ["other-group", "unknown"]
    refused = sorted(json.loads(p.read_text())["refused"] for p in (box / "refused").glob("*.json"))
    assert refused == ["other-group", "unknown"] and (box / "bad" / "20261207T000000-broken.json").exists()
    assert _sheets(engine, theirs) == [] and len(lead.writer.outbox) == 0


def test_without_an_outbox_the_outage_is_raised(away, center):
    engine, people, _service, proxy = away
    rid = add_recording(engine, agent="1001")
    bare = RecordingService(_service("qa-li").engine, people["qa-li"], _no_grant)
    proxy.cut()
    with pytest.raises(Exception) as err:
        bare.score(rid, FULL, "")
    from desktop.app.qa_writer import unreachable

    assert unreachable(err.value)
