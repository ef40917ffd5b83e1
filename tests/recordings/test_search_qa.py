"""Recording search, QA sheets and marks on a SQLite file and the real PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hotline.qa_form import QaFormError, load_form
from hotline.recording_access import AccessDenied, search_scope
from hotline.timezone import now
from storage.db import engine_for, upgrade
from storage.qa_scores import add_mark, current_score, marks_for, qa_averages, record_score
from storage.qa_tables import QaScoreRow
from storage.recording_search import RecordingQuery, offset_page, search_recordings
from storage.recording_tables import RecordingRow
from storage.tables import TicketCallRow
from storage.uow import UnitOfWork
from tests.recordings.people import add_recording, seed_people
from tests.storage.factories import created

FULL = {"greeting": 5, "identity": 5, "accuracy": 10, "policy": 10, "attitude": 5, "closing": 5}


@pytest.fixture
def engine(db_url):
    upgrade(db_url)
    eng = engine_for(db_url)
    yield eng
    eng.dispose()


def _ids(engine, query, viewer, **kw):
    with UnitOfWork(engine, role="center") as uow:
        return [h.id for h in search_recordings(uow.session, query, search_scope(viewer), **kw)]


def test_scope_filters_and_keyset_pages(engine):
    people = seed_people(engine)
    base = now() - timedelta(days=1)
    mine = [add_recording(engine, agent="1001", started_at=base + timedelta(minutes=i), duration_s=30 + i)
            for i in range(7)]
    other = add_recording(engine, agent="1002", started_at=base + timedelta(minutes=3), caller="13900000009",
                          queue="zwfw")
    everything = RecordingQuery()
    assert _ids(engine, everything, people["qa-li"]) == [*reversed(mine[4:]), other, mine[3], *reversed(mine[:3])]  # a tie: newer id first
    assert set(_ids(engine, everything, people["agent1001"])) == set(mine)
    assert _ids(engine, everything, people["agent1002"]) == [other]
    assert set(_ids(engine, everything, people["lead-a"])) == set(mine)  # team A is 1001 only
    with pytest.raises(AccessDenied) as err:
        search_scope(people["unit-zhao"])
    assert err.value.code == "role"
    # pages: keyset after the last row equals OFFSET, no row twice
    with UnitOfWork(engine, role="center") as uow:
        scope = search_scope(people["qa-li"])
        first = search_recordings(uow.session, everything, scope, limit=3)
        second = search_recordings(uow.session, everything, scope, limit=3, after=first[-1].cursor)
        assert second == offset_page(uow.session, everything, scope, limit=3, offset=3)
        assert not {h.id for h in first} & {h.id for h in second}
    assert _ids(engine, RecordingQuery(caller="13900000009"), people["qa-li"]) == [other]
    assert _ids(engine, RecordingQuery(queue="zwfw"), people["qa-li"]) == [other]
    assert _ids(engine, RecordingQuery(agent="1001", min_duration_s=35), people["qa-li"]) == list(reversed(mine[5:]))
    assert _ids(engine, RecordingQuery(since=base + timedelta(minutes=5), until=base + timedelta(minutes=6)),
                people["qa-li"]) == [mine[5]]


def test_ticket_number_finds_the_tickets_calls(engine):
    people = seed_people(engine)
    rid = add_recording(engine, call_id="c-77")
    add_recording(engine, call_id="c-78")
    event = created(number="T20260301-01-000077")
    with UnitOfWork(engine, role="center") as uow:
        ticket = uow.tickets.add(event)
        uow.session.add(TicketCallRow(ticket_id=ticket.id, call_id="c-77", interaction_id="ia-77", linked_at=now(),
                                      event_id=event.id))
        uow.commit()
    assert _ids(engine, RecordingQuery(ticket_number=ticket.number), people["qa-li"]) == [rid]
    assert _ids(engine, RecordingQuery(ticket_number="20990101-000-0000"), people["qa-li"]) == []


def test_qa_sheets_rescore_averages_and_score_filter(engine):
    people = seed_people(engine)
    form = load_form()
    a1, a2 = add_recording(engine, agent="1001"), add_recording(engine, agent="1001")
    b1 = add_recording(engine, agent="1002")
    with UnitOfWork(engine, role="center") as uow:
        rec = {r.id: r for r in uow.session.scalars(select(RecordingRow))}
        record_score(uow.session, form, rec[a1], scorer="qa-li", scores={**FULL, "accuracy": 5})
        record_score(uow.session, form, rec[a1], scorer="qa-li", scores=FULL)  # re-score replaces
        record_score(uow.session, form, rec[a2], scorer="qa-li", scores={**FULL, "policy": 0})
        record_score(uow.session, form, rec[b1], scorer="qa-li", scores={k: 0 for k in FULL})
        with pytest.raises(QaFormError) as err:
            record_score(uow.session, form, rec[b1], scorer="qa-li", scores={**FULL, "closing": 6})
        assert err.value.code == "out-of-range"
        uow.commit()
    with UnitOfWork(engine, role="center") as uow:
        assert current_score(uow.session, a1).total == 100.0
        assert current_score(uow.session, a1).scorer == "qa-li"
        assert len(uow.session.scalars(select(QaScoreRow).where(QaScoreRow.recording_id == a1)).all()) == 2
        averages = qa_averages(uow.session, now() - timedelta(hours=1), now() + timedelta(minutes=1))
    assert [(a.agent, a.count, a.average) for a in averages] == [("1001", 2, 90.0), ("1002", 1, 0.0)]
    assert _ids(engine, RecordingQuery(min_score=85), people["qa-li"]) == [a1]
    assert set(_ids(engine, RecordingQuery(max_score=85), people["qa-li"])) == {a2, b1}
    scored = RecordingQuery(min_score=0)  # pages walk the scores in the recordings' order
    whole = _ids(engine, scored, people["qa-li"])
    assert whole == _ids(engine, RecordingQuery(), people["qa-li"])  # every recording here is scored
    with UnitOfWork(engine, role="center") as uow:
        scope = search_scope(people["qa-li"])
        first = search_recordings(uow.session, scored, scope, limit=2)
        rest = search_recordings(uow.session, scored, scope, limit=2, after=first[-1].cursor)
        assert [h.id for h in first + rest] == whole and rest == offset_page(uow.session, scored, scope, limit=2,
                                                                             offset=2)
    assert _ids(engine, RecordingQuery(min_score=0, agent="1002"), people["agent1001"]) == []


def test_marks_are_kept_in_time_order(engine):
    seed_people(engine)
    rid = add_recording(engine)
    with UnitOfWork(engine, role="center") as uow:
        add_mark(uow.session, rid, at_ms=9000, note="结束语缺失", author="qa-li")
        add_mark(uow.session, rid, at_ms=1500, note=" 未核实身份 ", author="qa-li")
        with pytest.raises(ValueError):
            add_mark(uow.session, rid, at_ms=-1, note="x", author="qa-li")
        uow.commit()
    with UnitOfWork(engine, role="center") as uow:
        marks = marks_for(uow.session, rid)
    assert [(m.at_ms, m.note) for m in marks] == [(1500, "未核实身份"), (9000, "结束语缺失")]
