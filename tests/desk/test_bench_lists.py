"""``python -m bench desk-lists`` end to end on 2,000 tickets: builds, caches, measures both ways, reports."""

from __future__ import annotations

import json

import pytest

from bench.__main__ import main as bench_main

pytestmark = pytest.mark.desk


def test_bench_measures_the_paged_lists_beside_the_naive_model(tmp_path, capsys, qapp):
    out = tmp_path / "desk_lists.json"
    argv = ["desk-lists", "--n", "2000", "--pages", "3", "--reloads", "2", "--cache-dir", str(tmp_path),
            "--out", str(out)]
    assert bench_main(argv) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result == json.loads(out.read_text(encoding="utf-8"))
    assert result["n_tickets"] == 2000 and not result["cached_database"]
    paged, naive = result["paged"], result["naive"]
    assert paged["rows_per_query"] == 200 and paged["fetch_more_page_ms"]["pages"] == 3
    assert paged["fetch_more_page_ms"]["rows_held"] >= 4 * 200  # the first page and at least three more
    assert set(paged["sort_requery_ms"]) == set(naive["sort_ms"]) == {"number", "state", "category", "caller_phone",
                                                                     "created_at", "due"}
    assert naive["rows_loaded"] == 2000 and paged["overdue_rows_first_page"] > 0
    assert bench_main(argv) == 0  # the second run reuses the database it built
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["cached_database"] is True
