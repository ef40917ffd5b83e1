"""Segmentation: user-dictionary words stay whole, synonyms meet, PostgreSQL sees the same tokens."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy import create_engine, text

from storage.search.segment import (
    Segmenter,
    index_tokens,
    query_tokens,
    read_synonyms,
    read_userdict,
    segmenter,
    tsquery_source,
    tsvector_source,
)


@pytest.mark.parametrize("word", ["低保", "医保", "公积金", "居住证", "不动产登记", "营业执照", "灵活就业",
                                  "新农合", "城乡居民医保", "退役军人", "残疾人证", "廉租房", "公租房", "积分入学",
                                  "燃气", "供暖"])
def test_user_dictionary_words_stay_whole(word):
    sentence = f"请问{word}在哪里办理"
    assert segmenter().normalize(word) in index_tokens(sentence)
    assert segmenter().normalize(word) in query_tokens(word)


def test_search_mode_also_yields_sub_words():
    tokens = index_tokens("城乡居民医保参保登记")
    assert {"城乡", "居民", "医保", "参保", "登记"} <= set(tokens)


@pytest.mark.parametrize(("a", "b"), [("医保", "医疗保险"), ("社保", "社会保险"), ("公积金", "住房公积金"),
                                      ("低保", "最低生活保障"), ("暖气", "供暖"), ("新农合", "新型农村合作医疗")])
def test_synonyms_meet(a, b):
    assert set(query_tokens(a)) & set(index_tokens(f"关于{b}的说明"))
    assert set(query_tokens(b)) & set(index_tokens(f"关于{a}的说明"))


def test_latin_and_digits_lower_cased_punctuation_dropped():
    tokens = index_tokens("拨打 12345 或登录 APP，查询ETC！")
    assert "12345" in tokens and "app" in tokens and "etc" in tokens
    assert not any(t in tokens for t in ("，", "！", " "))


def test_spoken_question_keeps_the_content_words():
    tokens = query_tokens("租房提取公积金需要什么材料")
    assert {"租房", "提取", "公积金", "材料"} <= set(tokens)
    assert "什么" not in tokens and "需要" not in tokens
    assert query_tokens("") == [] and query_tokens("   ") == []


def test_tsquery_source_quotes_and_joins():
    assert tsquery_source("医疗保险怎么报销") == "'医疗' | '保险' | '医保' | '报销'"
    assert tsquery_source("医保 报销", mode="and") == "'医保' & '报销'"
    assert tsquery_source("") == ""
    with pytest.raises(ValueError, match="mode"):
        tsquery_source("医保", mode="xor")


def test_tsvector_source_is_space_joined_tokens_without_tsquery_syntax():
    src = tsvector_source("医保报销", "a&b|c's (x)")
    assert src.split()[:2] == ["医保", "报销"]
    assert not any(ch in src for ch in "&|'()")


def test_segmenter_is_built_once_across_threads():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(segmenter())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen}) == 1
    assert seen[0].init_seconds > 0


def test_loading_is_quiet_on_stderr():
    code = "from storage.search.segment import index_tokens; print(index_tokens('医保报销'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stderr == ""
    assert "医保" in done.stdout


def test_bad_dictionary_files_are_named(tmp_path):
    bad = tmp_path / "syn.txt"
    bad.write_text("医保 医疗保险\n孤单\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"syn\.txt:2"):
        read_synonyms(bad)
    clash = tmp_path / "clash.txt"
    clash.write_text("医保 医疗保险\n社保 医疗保险\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"clash\.txt:2.*医疗保险"):
        read_synonyms(clash)
    ud = tmp_path / "ud.txt"
    ud.write_text("# comment\n低保 10 n\n医保 many\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"ud\.txt:3"):
        read_userdict(ud)
    with pytest.raises(FileNotFoundError, match="missing"):
        Segmenter(userdict=tmp_path / "nope.txt")


@pytest.mark.postgres
def test_postgres_tsvector_matches_two_char_and_synonym_queries(pg_url):
    engine = create_engine(pg_url)
    docs = {"a": "城乡居民医疗保险住院报销比例", "b": "申请最低生活保障的条件", "c": "燃气开通流程"}
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE kb (key text primary key, tsv tsvector)"))
            conn.execute(text("CREATE INDEX kb_tsv ON kb USING gin (tsv)"))
            for key, body in docs.items():
                conn.execute(text("INSERT INTO kb VALUES (:k, to_tsvector('simple', :src))"),
                             {"k": key, "src": tsvector_source(body)})
            def hits(q):
                rows = conn.execute(text("SELECT key FROM kb WHERE tsv @@ to_tsquery('simple', :q) ORDER BY key"),
                                    {"q": tsquery_source(q)})
                return [r[0] for r in rows]
            assert hits("医保") == ["a"]
            assert hits("低保") == ["b"]
            assert hits("天然气") == ["c"]
            assert hits("医疗保险怎么报销") == ["a"]
    finally:
        engine.dispose()
