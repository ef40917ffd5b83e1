"""The board's agents carry their QA average over the last 30 days (current sheets only), on SQLite and
PostgreSQL; an agent nobody scored shows none."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.timezone import now
from storage.board_read import QA_DAYS, read_board
from storage.board_tables import BoardAgentRow
from storage.db import engine_for, upgrade
from storage.qa_tables import QaScoreRow


def _sheet(agent, total, days_ago, *, current=True):
    at = now() - timedelta(days=days_ago)
    return QaScoreRow(id=new_id(), recording_id=new_id(), agent=agent, started_at=at, scorer="qa-li", scored_at=at,
                      scores={}, total=total, current=current)


def test_the_agents_line_has_the_average_of_its_current_sheets_in_the_window(db_url):
    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        with Session(engine) as s:
            for agent in ("3001", "3002"):
                s.add(BoardAgentRow(agent=agent, state="idle", since=now(), published_at=now()))
            s.add_all([_sheet("3001", 80.0, 1), _sheet("3001", 90.0, 2),
                       _sheet("3001", 10.0, 3, current=False),  # replaced by a re-score: not counted
                       _sheet("3001", 20.0, QA_DAYS + 5)])  # outside the window
            s.commit()
        with Session(engine) as s:
            view = read_board(s, now())
        lines = {a.agent: a for a in view.agents}
        assert (lines["3001"].qa_avg, lines["3001"].qa_n) == (85.0, 2)
        assert (lines["3002"].qa_avg, lines["3002"].qa_n) == (None, 0)
    finally:
        engine.dispose()
