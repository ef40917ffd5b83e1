"""``python -m bench screenpop`` end to end on 2,000 tickets: builds, caches, measures, reports every format."""

from __future__ import annotations

import json
import random
from collections import Counter

from bench.__main__ import main as bench_main
from bench.screenpop import FORMATS, caller_slots


def test_callers_have_0_to_30_tickets_each():
    slots, callers = caller_slots(5000, random.Random(1))
    counts = Counter(slots)
    assert len(slots) == 5000 and max(counts.values()) <= 30 and len(counts) <= callers
    assert callers - len(counts) > 0  # some callers have no ticket at all


def test_bench_builds_caches_and_reports(tmp_path, capsys):
    out = tmp_path / "screenpop.json"
    argv = ["screenpop", "--n", "2000", "--queries", "120", "--cache-dir", str(tmp_path), "--out", str(out)]
    assert bench_main(argv) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    result = json.loads(printed[-1])
    assert result == json.loads(out.read_text())
    assert result["n_tickets"] == 2000 and not result["cached_database"]
    assert 0 < result["open_tickets"] < 2000
    assert set(result["screen_pop_query_ms"]) >= {"p50", "p95"}
    assert set(result["formats"]) == set(FORMATS)
    for name, f in result["formats"].items():
        assert f["asked"] == 20 and f["found_rate"] == 1.0, name
        assert f["found_rate_old_path"] == (1.0 if name == "bare" else 0.0), name
    assert bench_main(argv) == 0  # the second run reuses the database it built
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["cached_database"] is True
