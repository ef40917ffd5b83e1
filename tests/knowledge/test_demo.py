"""The demo knowledge base: the corpus published in the demo city's units, idempotently; bad records named."""

from __future__ import annotations

import json

import pytest

from storage.demo import load_demo, load_units
from storage.knowledge.demo import demo_records, load_articles
from storage.uow import UnitOfWork

RECORDS = [
    {"key": "rsj-dibao", "title": "低保申请条件", "body": "家庭人均收入低于低保标准的可以申请。", "category": "社会救助",
     "unit_code": "qc.rsj", "tags": ["低保"], "standard": True, "effective_from": "2026-01-01",
     "review_by": "2026-12-31", "topic": "extra keys are ignored"},
    {"key": "ybj-jiaofei", "title": "医保缴费", "body": "每人每年400元。", "category": "医疗保障",
     "unit_code": "qc.ybj", "tags": [], "standard": False, "effective_from": "2026-01-01", "review_by": None},
]


def test_a_corpus_is_published_once_in_its_units(engine, tmp_path):
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps({"articles": RECORDS}, ensure_ascii=False), encoding="utf-8")
    load_units(engine)
    assert load_articles(engine, path=path) == 2
    assert load_articles(engine, path=path) == 0
    with UnitOfWork(engine) as uow:
        dibao = uow.knowledge.by_key("rsj-dibao")
        assert dibao.standard and dibao.published_version == 1
        assert uow.units.get(dibao.unit_id).code == "qc.rsj"


def test_a_record_with_an_unknown_unit_names_the_file_and_record(engine, tmp_path):
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps([{**RECORDS[0], "unit_code": "qc.nowhere"}]), encoding="utf-8")
    load_units(engine)
    with pytest.raises(ValueError, match=r"corpus.json: article 1 \('rsj-dibao'\): unit 'qc.nowhere'"):
        load_articles(engine, path=path)


def test_the_shipped_corpus_loads_with_the_demo(sqlite_url):
    from storage.db import engine_for, upgrade

    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    try:
        counts = load_demo(engine)
        assert counts["articles"] == len(demo_records())  # 0 until resources/knowledge/demo_articles.json exists
        if counts["articles"]:
            assert counts["articles"] >= 300
    finally:
        engine.dispose()
