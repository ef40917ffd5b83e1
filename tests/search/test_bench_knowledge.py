"""``python -m bench knowledge`` runs end to end on a small corpus and reports every engine's figures."""

from __future__ import annotations

import json

from bench.knowledge import main
from bench.knowledge_baselines import Fts5Trigram, PlainLike, surface_words
from bench.knowledge_gen import generate


def test_generator_is_deterministic_and_starts_with_the_demo_corpus():
    a, b = list(generate(3000, seed=7)), list(generate(3000, seed=7))
    assert a == b and len(a) == 3000
    demo = [x for x in a if x["kind"] not in ("tip", "news", "local-notice", "noise")]
    assert a[:len(demo)] == demo and len(demo) >= 300
    generated = a[len(demo):]
    assert {x["kind"] for x in generated} == {"tip", "news", "local-notice", "noise"}
    assert all(x["source"] is None for x in generated if x["kind"] != "tip")


def test_baselines_cannot_match_two_characters_with_trigrams(tmp_path):
    articles = [{"key": "a", "title": "低保申请", "body": "申请最低生活保障"},
                {"key": "b", "title": "公积金提取", "body": "租房提取住房公积金"}]
    fts, like = Fts5Trigram(tmp_path / "f.sqlite3"), PlainLike(tmp_path / "l.sqlite3")
    fts.build(articles)
    like.build(articles)
    assert fts.search("低保") == [] and like.search("低保") == ["a"]
    assert fts.search("公积金") == ["b"] and like.search("租房提取公积金需要什么材料") == ["b"]
    assert surface_words("租房提取公积金需要什么材料", 3) == ["租房提取", "公积金"]
    fts.close()
    like.close()


def test_bench_writes_json_and_log(tmp_path, capsys):
    out = tmp_path / "knowledge.json"
    assert main(["--n", "1500", "--rounds", "1", "--out", str(out)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    result = json.loads(last)
    assert result == json.loads(out.read_text())
    assert result["n_articles"] == 1500
    for engine in ("ours", "fts5_trigram", "like"):
        assert {"p50_ms", "p95_ms", "recall", "build_s", "size_mb"} <= set(result[engine])
    assert result["ours"]["recall"] >= 0.95
    assert result["fts5_trigram"]["recall_by_class"]["two_char"] == 0.0
    assert "ours: tantivy + jieba" in out.with_suffix(".log").read_text()
