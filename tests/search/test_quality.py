"""The demo corpus and question set are well-formed, and search answers the fixed questions."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from bench.knowledge_corpus import compose, load_topics
from hotline.paths import resources_dir
from storage.search.index import KnowledgeIndex
from storage.search.quality import demo_articles, demo_docs, questions, recall
from storage.search.segment import knowledge_dir


@pytest.fixture(scope="module")
def demo_index():
    ix = KnowledgeIndex()
    ix.upsert(demo_docs())
    return ix


def test_demo_corpus_is_complete_and_consistent():
    articles = demo_articles()
    assert len(articles) >= 300
    keys = [a["key"] for a in articles]
    assert len(set(keys)) == len(keys)
    categories = {c["name"] for c in json.loads((knowledge_dir() / "categories.json").read_text())["categories"]}
    units = {u["code"] for u in json.loads((resources_dir() / "demo" / "units.json").read_text())["units"]}
    for a in articles:
        assert a["key"].isascii() and a["title"] and len(a["body"]) >= 80, a["key"]
        assert a["category"] in categories and a["unit_code"] in units, a["key"]
        assert date.fromisoformat(a["effective_from"]) < date.fromisoformat(a["review_by"]), a["key"]
    assert set(Counter(a["category"] for a in articles)) == categories
    assert 10 <= sum(a["standard"] for a in articles) <= 60
    past = [a for a in articles if date.fromisoformat(a["review_by"]) < date(2026, 11, 22)]
    assert 3 <= len(past) <= 30
    guides = [a for a in articles if a["kind"] == "guide"]
    assert all(any(w in g["body"] for w in ("材料",)) for g in guides)


def test_demo_corpus_file_matches_the_topic_sources():
    topics, notices = load_topics()
    assert compose(topics, notices) == demo_articles(), "run: python -m bench.knowledge_corpus"


def test_bad_topic_file_is_named(tmp_path):
    (tmp_path / "x.toml").write_text('[[topic]]\nkey = "a"\nname = "b"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.toml: topic 'a': missing category"):
        load_topics(tmp_path)


def test_question_set_shape():
    qs = questions()
    keys = {a["key"] for a in demo_articles()}
    assert len(qs) >= 60
    classes = Counter(q.cls for q in qs)
    assert set(classes) == {"two_char", "short", "multi_word", "spoken"} and min(classes.values()) >= 10
    for q in qs:
        assert q.accept and q.accept <= keys, q.q
        if q.cls == "two_char":
            assert len(q.q) == 2
    assert "租房提取公积金需要什么材料" in {q.q for q in qs}


def test_search_answers_the_fixed_questions(demo_index):
    qs = questions()
    result = recall(lambda q: [h.article_id for h in demo_index.search(q, top=5)], qs)
    assert result["recall"] >= 0.95, result["missed"]
    assert result["by_class"]["two_char"] == 1.0, result["missed"]


def test_synonym_phrasing_finds_articles_worded_otherwise(demo_index):
    hits = demo_index.search("医疗保险", top=20)
    assert any("医保" in h.title and "医疗保险" not in h.title for h in hits)
    assert [h for h in demo_index.search("新农合") if h.article_id.startswith("yb-resident-enroll")]


def test_filters_on_the_demo_corpus(demo_index):
    hits = demo_index.search("低保", unit_id="qc.jb.cajd")
    assert [h.article_id for h in hits] == ["mz-dibao-qc-jb-cajd"]
    assert all(h.category == "住房公积金" for h in demo_index.search("提取", category="住房公积金", top=20))
