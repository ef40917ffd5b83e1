"""The kill drill of ``python -m bench chaos`` (bench.chaos_desks), run small against a real desk.

Ten SIGKILLs of a real ``hotline desk`` process mid-ticket: no draft lost, no half-written ticket,
every ticket the desk said it saved is in the working copy. The counting itself is checked on a
made-up history first, so a lost draft is really counted as one.
"""

from __future__ import annotations

import pytest

from bench.chaos_desks import allowed_states, run_kills

pytestmark = pytest.mark.desk


def test_the_drill_counts_a_state_older_than_the_promise_as_lost():
    history = [(0.0, ("", "", "")), (10.0, ("a", "c1", "p")), (11.0, ("ab", "c1", "p")), (13.5, ("abc", "c1", "p"))]
    allowed = allowed_states(history, killed_at=14.0)  # 2 s before the kill: "ab" was on disk by then
    assert allowed == [("ab", "c1", "p"), ("abc", "c1", "p")]
    assert ("a", "c1", "p") not in allowed and ("", "", "") not in allowed


def test_ten_kills_mid_ticket_lose_no_draft_and_half_write_no_ticket(desk_db, tmp_path):
    result = run_kills(tmp_path, 10, db=desk_db, seed=14)
    assert result["desk_kills"] == 10
    assert result["lost"] == [] and result["drafts_lost"] == 0
    assert result["half_written"] == 0 and result["saved_missing"] == 0
    assert result["tickets_saved"] == result["tickets_in_copy"] > 0
