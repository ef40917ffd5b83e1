"""Import of the files units send (.md and .docx built here with python-docx): good files become published
articles, a second import of a changed file the next version; any bad file refuses the whole batch,
naming each file and its problem, and nothing is written. Export writes files that import back the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from hotline.knowledge.article import ArticleStatus
from hotline.knowledge.roles import Actor, Role
from storage.demo import load_units
from storage.knowledge.exporter import export_records, write_markdown
from storage.knowledge.importer import ImportRefused, import_files
from storage.uow import UnitOfWork

ADMIN = Actor("center-zhou", Role.CENTER_ADMIN)

GOOD_MD = """# 城乡居民医保缴费标准
分类: 医疗保障
单位: qc.ybj
标签: 医保, 缴费，城乡居民
标准答案: 是
生效日期: 2026-01-01
失效日期: 2026-12-31
复核日期: 2026-06-30

2026年城乡居民基本医疗保险个人缴费标准为每人每年400元。

可通过税务APP、银行网点缴纳。
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def word(folder: Path, name: str, title: str | None, paragraphs: list[str], heading: bool = True) -> Path:
    document = docx.Document()
    if title is not None:
        if heading:
            document.add_heading(title, level=1)
        else:
            document.add_paragraph(title)
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / name
    document.save(str(path))
    return path


@pytest.fixture
def units(engine):
    load_units(engine)
    return engine


def articles(engine):
    with UnitOfWork(engine) as uow:
        return {a.key: a for a in uow.knowledge.list(limit=None)}


def test_markdown_and_word_files_become_published_articles(units, tmp_path):
    md = write(tmp_path, "jiaofei.md", GOOD_MD)
    doc = word(tmp_path, "取暖补贴.docx", "冬季取暖补贴发放", [
        "分类：社会救助", "单位：qc.rsj", "标签：取暖, 补贴", "",
        "低保户、特困人员每年11月领取冬季取暖补贴。", "补贴直接发放到社会保障卡。"])
    report = import_files(units, [md, doc], ADMIN, origin="center")
    assert len(report.created) == 2 and not report.updated
    stored = articles(units)
    yb = stored["qc.ybj/jiaofei"]
    assert (yb.title, yb.category, yb.tags, yb.standard) == ("城乡居民医保缴费标准", "医疗保障",
                                                             ("医保", "缴费", "城乡居民"), True)
    assert (yb.effective_from, yb.expires_on, yb.review_by) == (date(2026, 1, 1), date(2026, 12, 31),
                                                                date(2026, 6, 30))
    assert yb.body.startswith("2026年城乡居民") and yb.body.endswith("银行网点缴纳。")
    assert (yb.status, yb.published_version) == (ArticleStatus.PUBLISHED, 1)
    mz = stored["qc.rsj/取暖补贴"]
    assert mz.title == "冬季取暖补贴发放" and mz.body == "低保户、特困人员每年11月领取冬季取暖补贴。\n补贴直接发放到社会保障卡。"
    with UnitOfWork(units) as uow:
        assert uow.units.get(mz.unit_id).code == "qc.rsj"
        assert [e.action for e in uow.audit.for_subject("article", mz.id)] == ["kb-import"]


def test_a_word_file_without_heading_style_takes_its_first_paragraph_as_title(units, tmp_path):
    doc = word(tmp_path, "plain.docx", "独生子女父母奖励", ["每月10元，至子女18周岁。"], heading=False)
    report = import_files(units, [doc], ADMIN, category="卫生健康")
    assert report.articles[0].title == "独生子女父母奖励" and report.articles[0].body == "每月10元，至子女18周岁。"
    assert report.articles[0].unit_id is None  # no unit said: the center's own article


def test_reimport_makes_the_next_version_and_the_same_text_changes_nothing(units, tmp_path):
    md = write(tmp_path, "jiaofei.md", GOOD_MD)
    first = import_files(units, [md], ADMIN).articles[0]
    again = import_files(units, [md], ADMIN)
    assert again.unchanged == [first.id] and not again.created and not again.updated
    write(tmp_path, "jiaofei.md", GOOD_MD.replace("400元", "420元"))
    changed = import_files(units, [md], ADMIN)
    assert changed.updated == [first.id]
    with UnitOfWork(units) as uow:
        assert [v.version for v in uow.knowledge.versions(first.id)] == [1, 2]
        assert "420元" in uow.knowledge.version(first.id, 2).body and "400元" in uow.knowledge.version(first.id, 1).body


BROKEN = {
    "no-title.md": ("正文没有标题。\n", "the first line must be '# ' and the title"),
    "empty-title.md": ("#\n\n正文\n", "the title after '# ' is empty"),
    "no-body.md": ("# 只有标题\n分类: 社会救助\n", "has no body text"),
    "bad-date.md": ("# 标题\n分类: 社会救助\n生效日期: 2026-13-01\n\n正文\n", "'2026-13-01' is not a date"),
    "bad-unit.md": ("# 标题\n分类: 社会救助\n单位: qc.nowhere\n\n正文\n", "unit 'qc.nowhere' is not in"),
    "no-category.md": ("# 标题\n\n正文\n", "no category"),
    "twice.md": ("# 标题\n分类: a\n分类: b\n\n正文\n", "given twice"),
    "standard.md": ("# 标题\n分类: a\n标准答案: 也许\n\n正文\n", "标准答案 must be 是 or 否"),
    "expiry.md": ("# 标题\n分类: a\n生效日期: 2026-05-01\n失效日期: 2026-01-01\n\n正文\n", "expires 2026-01-01 before"),
    "notes.txt": ("# 标题\n\n正文\n", "unsupported file type '.txt'"),
}


def test_every_bad_file_is_named_with_its_problem_and_nothing_is_imported(units, tmp_path):
    good = write(tmp_path, "jiaofei.md", GOOD_MD)
    bad = [write(tmp_path, name, text) for name, (text, _) in BROKEN.items()]
    gbk = tmp_path / "gbk.md"
    gbk.write_bytes("# 标题\n分类: a\n\n正文\n".encode("gbk"))
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    empty_doc = word(tmp_path, "empty.docx", None, [])
    with pytest.raises(ImportRefused) as refused:
        import_files(units, [good, *bad, gbk, corrupt, empty_doc, tmp_path / "missing.md"], ADMIN)
    message = str(refused.value)
    for name, (_, problem) in BROKEN.items():
        line = next(p for p in refused.value.problems if Path(p.path).name == name)
        assert problem in str(line), (name, str(line))
    assert "gbk.md" in message and "not UTF-8" in message
    assert "corrupt.docx: not a readable Word .docx document" in message
    assert "empty.docx: the file is empty" in message
    assert "missing.md: no such file" in message
    assert len(refused.value.problems) == len(BROKEN) + 4
    assert articles(units) == {}  # the good file was not imported either


def test_duplicate_keys_in_one_batch_are_refused(units, tmp_path):
    (tmp_path / "a").mkdir()
    one = write(tmp_path, "jiaofei.md", GOOD_MD)
    two = write(tmp_path / "a", "jiaofei.md", GOOD_MD)
    with pytest.raises(ImportRefused, match="is also the key of"):
        import_files(units, [one, two], ADMIN)


def test_a_unit_reviewer_imports_only_for_their_own_unit(units, tmp_path):
    with UnitOfWork(units) as uow:
        mzj = uow.units.by_code("qc.rsj").id
    md = write(tmp_path, "jiaofei.md", GOOD_MD)  # says 单位: qc.ybj
    with pytest.raises(ImportRefused, match="WrongUnit"):
        import_files(units, [md], Actor("mz-wang", Role.UNIT_REVIEWER, mzj))


def test_export_writes_files_that_import_back_the_same(units, tmp_path):
    md = write(tmp_path, "jiaofei.md", GOOD_MD)
    doc = word(tmp_path, "取暖.docx", "冬季取暖补贴", ["分类：社会救助", "", "每年11月发放。"])
    import_files(units, [md, doc], ADMIN)
    records = export_records(units)
    assert {r["key"] for r in records} == {"qc.ybj/jiaofei", "center/取暖"}
    assert next(r for r in records if r["key"] == "qc.ybj/jiaofei")["unit_code"] == "qc.ybj"
    files = write_markdown(records, tmp_path / "out")
    before = {k: a.content for k, a in articles(units).items()}
    report = import_files(units, files, ADMIN)
    assert len(report.unchanged) == 2  # same keys, same texts: nothing to change
    assert {k: a.content for k, a in articles(units).items()} == before
