"""``hotline kb import | search | export | show | overdue`` on a fresh SQLite file and a fresh PostgreSQL database."""

from __future__ import annotations

import json

import docx

from desktop.cli.main import COMMANDS, main
from storage.db import engine_for, upgrade
from storage.demo import load_units
from storage.knowledge.demo import demo_records

DIBAO_MD = """# 低保申请条件
分类: 社会救助
单位: qc.rsj
标签: 低保, 救助
复核日期: 2026-01-31

家庭人均收入低于当地最低生活保障标准的，可以向户籍所在地乡镇（街道）申请低保。
"""
YIBAO_MD = """# 城乡居民医保缴费
分类: 医疗保障
标准答案: 是

2026年城乡居民医保个人缴费每人每年400元，可在税务APP缴纳。
"""


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def files(tmp_path):
    (tmp_path / "dibao.md").write_text(DIBAO_MD, encoding="utf-8")
    (tmp_path / "yibao.md").write_text(YIBAO_MD, encoding="utf-8")
    document = docx.Document()
    document.add_heading("公积金提取", level=1)
    document.add_paragraph("分类：住房")
    document.add_paragraph("租房提取住房公积金，每年可提取一次，需提供租赁合同。")
    document.save(str(tmp_path / "gjj.docx"))
    return [str(tmp_path / n) for n in ("dibao.md", "yibao.md", "gjj.docx")]


def test_kb_is_a_registered_command():
    assert "kb" in COMMANDS


def with_units(url):
    """Upgrade and load the demo city's units only (seed-demo would also publish the demo corpus)."""
    upgrade(url)
    engine = engine_for(url)
    try:
        load_units(engine)
    finally:
        engine.dispose()


def test_import_search_export_on_a_fresh_database(db_url, tmp_path, capsys):
    with_units(db_url)
    code, out, err = run(capsys, "kb", "import", *files(tmp_path), "--db", db_url, "--json")
    assert code == 0, err
    imported = json.loads(out)
    assert len(imported["created"]) == 3 and {a["status"] for a in imported["articles"]} == {"published"}
    ids = {a["title"]: a["id"] for a in imported["articles"]}

    code, out, err = run(capsys, "kb", "search", "低保", "--db", db_url, "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert [h["id"] for h in hits] == [ids["低保申请条件"]] and hits[0]["title"] == "低保申请条件"
    code, out, _ = run(capsys, "kb", "search", "医疗保险交多少钱", "--top", "1", "--db", db_url, "--json")
    assert [h["title"] for h in json.loads(out)] == ["城乡居民医保缴费"]  # synonym 医疗保险 → 医保
    code, out, _ = run(capsys, "kb", "search", "租房提取公积金", "--db", db_url)
    assert "公积金提取" in out and "(1 篇)" in out

    code, out, _ = run(capsys, "kb", "export", "--db", db_url)
    records = json.loads(out)
    assert {r["title"] for r in records} == set(ids)
    assert next(r for r in records if r["title"] == "低保申请条件")["unit_code"] == "qc.rsj"
    code, out, _ = run(capsys, "kb", "export", "--db", db_url, "--out", str(tmp_path / "out"))
    assert code == 0 and len(list((tmp_path / "out").glob("*.md"))) == 3

    code, out, _ = run(capsys, "kb", "show", ids["低保申请条件"], "--db", db_url, "--json")
    assert json.loads(out)["review_overdue"]  # 复核日期 2026-01-31 has passed
    code, out, _ = run(capsys, "kb", "overdue", "--db", db_url, "--today", "2026-11-22", "--json")
    overdue = json.loads(out)
    assert overdue["per_unit"] == {"青川市人力资源和社会保障局": 1}


def test_import_on_a_database_never_upgraded_and_a_new_version(sqlite_url, tmp_path, capsys):
    path = tmp_path / "yibao.md"
    path.write_text(YIBAO_MD, encoding="utf-8")
    code, out, err = run(capsys, "kb", "import", str(path), "--db", sqlite_url, "--json")
    assert code == 0, err
    article_id = json.loads(out)["created"][0]
    code, out, _ = run(capsys, "kb", "search", "医保缴费", "--db", sqlite_url, "--json")
    assert [(h["id"], h["version"]) for h in json.loads(out)] == [(article_id, 1)]
    path.write_text(YIBAO_MD.replace("400元", "420元"), encoding="utf-8")
    code, out, _ = run(capsys, "kb", "import", str(path), "--db", sqlite_url, "--json")
    assert json.loads(out)["updated"] == [article_id]
    code, out, _ = run(capsys, "kb", "search", "医保缴费", "--db", sqlite_url, "--json")
    assert [(h["id"], h["version"]) for h in json.loads(out)] == [(article_id, 2)]
    assert "420" in json.loads(out)[0]["snippet"]
    code, out, _ = run(capsys, "kb", "show", "center/yibao", "--db", sqlite_url, "--history", "--diff", "1:2")
    assert code == 0 and "- 2026年城乡居民医保个人缴费每人每年400元" in out and "v2" in out


def test_a_bad_file_refuses_the_whole_import(sqlite_url, tmp_path, capsys):
    good = tmp_path / "yibao.md"
    good.write_text(YIBAO_MD, encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("没有标题的正文\n", encoding="utf-8")
    code, out, err = run(capsys, "kb", "import", str(good), str(bad), "--db", sqlite_url)
    assert code == 2
    assert f"{bad}:1: the first line must be '# ' and the title" in err and "nothing imported" in err
    code, out, _ = run(capsys, "kb", "export", "--db", sqlite_url)
    assert json.loads(out) == []


def test_the_center_search_runs_on_postgresql_and_says_so_on_sqlite(pg_url, sqlite_url, tmp_path, capsys):
    paths = files(tmp_path)
    with_units(pg_url)
    assert run(capsys, "kb", "import", *paths, "--db", pg_url)[0] == 0
    code, out, err = run(capsys, "kb", "search", "医疗保险缴费", "--center", "--db", pg_url, "--json")
    assert code == 0, err
    assert [h["title"] for h in json.loads(out)] == ["城乡居民医保缴费"]
    code, out, _ = run(capsys, "kb", "search", "低保", "--center", "--db", pg_url, "--json")
    assert [h["title"] for h in json.loads(out)] == ["低保申请条件"]
    code, _, err = run(capsys, "kb", "search", "低保", "--center", "--db", sqlite_url)
    assert code == 2 and "PostgreSQL only" in err


def test_an_unreachable_database_is_a_clear_error(capsys):
    code, _, err = run(capsys, "kb", "search", "低保", "--db", "postgresql://postgres@127.0.0.1:1/none")
    assert code == 2 and "cannot reach" in err


def test_seed_demo_publishes_the_corpus_and_search_finds_it(sqlite_url, capsys):
    code, out, err = run(capsys, "db", "seed-demo", "--db", sqlite_url)
    assert code == 0, err
    published = int(out.split(" knowledge articles")[0].rsplit(" ", 1)[1])
    assert published == len(demo_records())
    code, out, _ = run(capsys, "kb", "export", "--db", sqlite_url)
    assert len(json.loads(out)) == published
    if published:
        code, out, _ = run(capsys, "kb", "search", "公积金", "--top", "5", "--db", sqlite_url, "--json")
        hits = json.loads(out)
        assert len(hits) == 5 and all("公积金" in h["title_highlighted"] + h["snippet"] for h in hits)


def test_editorial_steps_from_the_command_line_with_refusals(sqlite_url, tmp_path, capsys):
    with_units(sqlite_url)
    path = tmp_path / "dibao.md"
    path.write_text(DIBAO_MD, encoding="utf-8")
    assert run(capsys, "kb", "import", str(path), "--db", sqlite_url)[0] == 0
    key = "qc.rsj/dibao"
    new = tmp_path / "dibao-2027.md"
    new.write_text("# 低保申请条件\n复核日期: 2027-06-30\n\n可以在小程序上在线申请低保。\n", encoding="utf-8")
    editor = ("--actor", "rsj-li", "--role", "单位采编", "--unit", "qc.rsj")
    reviewer = ("--actor", "rsj-wang", "--role", "unit-reviewer", "--unit", "qc.rsj")

    code, _, err = run(capsys, "kb", "edit", key, str(new), "--db", sqlite_url, "--actor", "a7", "--role", "agent")
    assert code == 3 and "NotPermitted" in err
    code, _, err = run(capsys, "kb", "edit", key, str(new), "--db", sqlite_url, "--actor", "yb", "--role",
                       "unit-editor", "--unit", "qc.ybj")
    assert code == 3 and "WrongUnit" in err and "凉山 第十六条" in err
    code, out, err = run(capsys, "kb", "edit", key, str(new), *editor, "--db", sqlite_url, "--note", "网上申请")
    assert code == 0, err
    assert run(capsys, "kb", "submit", key, *editor, "--db", sqlite_url)[0] == 0
    code, _, err = run(capsys, "kb", "publish", key, *reviewer, "--db", sqlite_url)
    assert code == 3 and "NotApproved" in err
    code, _, err = run(capsys, "kb", "approve", key, "--actor", "rsj-li", "--role", "unit-reviewer", "--unit",
                       "qc.rsj", "--db", sqlite_url)
    assert code == 3 and "SelfApproval" in err
    assert run(capsys, "kb", "approve", key, *reviewer, "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "kb", "publish", key, *reviewer, "--db", sqlite_url, "--json")
    assert code == 0, err
    published = json.loads(out)
    assert (published["published_version"], published["category"], published["review_by"]) == (2, "社会救助",
                                                                                               "2027-06-30")
    code, out, _ = run(capsys, "kb", "search", "小程序", "--db", sqlite_url, "--json")
    assert [(h["title"], h["version"]) for h in json.loads(out)] == [("低保申请条件", 2)]
    code, _, err = run(capsys, "kb", "archive", key, *editor, "--db", sqlite_url)
    assert code == 3 and "NotPermitted" in err
    assert run(capsys, "kb", "archive", key, *reviewer, "--reason", "政策调整", "--db", sqlite_url)[0] == 0
    code, out, _ = run(capsys, "kb", "search", "低保", "--db", sqlite_url, "--json")
    assert json.loads(out) == []
