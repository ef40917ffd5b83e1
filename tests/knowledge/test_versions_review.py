"""Readable diffs between versions, in-force dates, and review-overdue flags counted per unit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hotline.knowledge import lifecycle as L
from hotline.knowledge.article import Article, ArticleStatus
from hotline.knowledge.diff import diff, sentences
from hotline.knowledge.review import overdue_by_unit, overdue_list, review_overdue
from tests.knowledge.helpers import ADMIN, DIBAO, DIBAO_2027, U1, U2, YIBAO


def test_diff_names_changed_fields_and_sentences():
    change = diff(DIBAO, DIBAO_2027)
    fields = {c.label: (c.old, c.new) for c in change.fields}
    assert fields["标签"] == ("低保、社会救助", "低保、社会救助、网上办理")
    assert fields["复核日期"] == ("2026-12-31", "2027-06-30")
    assert "标题" not in fields
    text = change.text()
    assert "  - 需要身份证、户口簿和收入证明。" in text
    assert "  + 需要身份证和户口簿。" in text
    assert "  + 可以在“青川政务”小程序上在线申请，也可以到乡镇人民政府（街道办事处）提交申请。" in text
    # the unchanged sentence next to a change is shown as context, unmarked
    assert "    家庭人均收入低于当地低保标准、且家庭财产符合规定的，可以申请低保。" in text
    assert diff(DIBAO, DIBAO).empty and diff(DIBAO, DIBAO).text() == "（无变化）"


def test_sentences_split_after_chinese_stops_and_lines():
    assert sentences("第一句。第二句！第三句？\n第四句；第五句") == ["第一句。", "第二句！", "第三句？", "第四句；", "第五句"]


def test_in_force_from_effect_through_expiry():
    c = replace(DIBAO, effective_from=date(2026, 1, 1), expires_on=date(2026, 12, 31))
    assert not c.in_force(date(2025, 12, 31))
    assert c.in_force(date(2026, 1, 1)) and c.in_force(date(2026, 12, 31))
    assert not c.in_force(date(2027, 1, 1))


def live(content, **kw) -> Article:
    article, _ = L.import_published(ADMIN, content)
    return replace(article, **kw)


def test_review_overdue_counts_live_unexpired_articles_per_unit():
    today = date(2026, 11, 22)
    articles = [
        live(replace(DIBAO, review_by=date(2026, 11, 21))),  # one day over: counts for unit 1
        live(replace(DIBAO, title="低保金发放时间", review_by=date(2026, 3, 1))),  # counts for unit 1
        live(replace(DIBAO, title="低保复核当天", review_by=today)),  # due today: not over yet
        live(replace(YIBAO, review_by=date(2026, 6, 30))),  # counts for unit 2
        live(replace(YIBAO, title="已过期", review_by=date(2026, 1, 1), expires_on=date(2026, 10, 1))),  # expired
        replace(live(replace(YIBAO, title="已归档", review_by=date(2026, 1, 1))), status=ArticleStatus.ARCHIVED),
        L.create(ADMIN, replace(YIBAO, title="草稿", review_by=date(2026, 1, 1))),  # never published
        live(replace(YIBAO, title="中心自己的", unit_id=None, review_by=date(2026, 10, 1))),
    ]
    assert overdue_by_unit(articles, today) == {U1: 2, U2: 1, None: 1}
    listed = overdue_list(articles, today)
    assert [o.days_over for o in listed] == sorted((o.days_over for o in listed), reverse=True)
    assert listed[0].title == "低保金发放时间" and listed[0].days_over == 266
    assert not review_overdue(articles[2], today)
