"""Genre prior: titles sorted into answers / notices / news, and a short news item or notice naming a
topic does not outrank the long service guide for that topic (while it would under plain BM25)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.search.genre import ANSWER, NEWS, NOTICE, OTHER, genre, prior
from storage.search.index import KnowledgeIndex, SearchDoc

NOW = datetime.now(UTC)


@pytest.mark.parametrize(("title", "kind"), [
    ("电费缴纳与居民阶梯电价办事指南", ANSWER),
    ("关于户口迁移（迁出、迁入、准迁证）的办事指引", ANSWER),
    ("高龄津贴答复口径", ANSWER),
    ("被拍了违章怎么查，多久会收到通知？", ANSWER),
    ("江北区居住证受理点和咨询电话", ANSWER),
    ("新华街道召开电费缴纳与居民阶梯电价工作推进会", NEWS),
    ("市人社局走进金桥社区宣讲门诊慢特病待遇认定政策", NEWS),
    ("白鹭镇开展从业人员健康证政策宣传进社区活动", NEWS),
    ("长安街道部分区域计划停水通知（11月26日）", NOTICE),
    ("致望山小区居民：路灯不亮报修须知", NOTICE),
    ("城乡居民医保参保缴费常见问题解答（2026年第2期）", NOTICE),
    ("青龙山景区门票优惠政策", OTHER),
])
def test_genre_from_title(title, kind):
    assert genre(title) == kind


def test_priors_favour_answers():
    assert prior(ANSWER) == 1.0 > prior(OTHER) > prior(NOTICE) > prior(NEWS) > 0
    assert prior("unknown genre") == 1.0


GUIDE_BODY = ("食品、公共场所等行业的从业人员上岗前必须取得健康证明。办理地点为各区疾病预防控制中心和指定的社区卫生"
              "服务中心，携带身份证，空腹体检，体检项目包括胸透、肝功能和粪便检查。体检合格后一般5个工作日内领取，"
              "有效期一年，到期前需重新体检。费用按物价部门核定的标准收取。遗失的可以凭身份证到原体检机构申请补办，"
              "外地办理的证明在本市是否认可，以行业主管部门的规定为准。") * 3 + "以上为健康证办理的一般规定。"


def _docs(n_news: int) -> list[SearchDoc]:
    docs = [SearchDoc("guide", 1, "从业人员健康证办理指南", GUIDE_BODY, "卫生健康", None, (), False,
                      NOW - timedelta(days=400))]
    for i in range(n_news):
        docs.append(SearchDoc(f"news{i}", 1, f"第{i}街道召开从业人员健康证工作推进会",
                              "街道开展健康证政策宣传，会议强调要做好相关工作。", "卫生健康", None, (), False,
                              NOW - timedelta(days=10)))
        docs.append(SearchDoc(f"notice{i}", 1, f"致第{i}小区居民：从业人员健康证须知",
                              "请有关从业人员按时办理健康证，咨询请联系社区。", "卫生健康", None, (), False,
                              NOW - timedelta(days=10)))
    return docs


def test_short_news_naming_a_topic_does_not_outrank_its_guide():
    ix = KnowledgeIndex()
    ix.upsert(_docs(40))
    # plain BM25 (what tantivy returns before our ranking) puts the short items first ...
    from storage.search.query import query_terms, text_query
    searcher = ix._index.searcher()
    raw = searcher.search(text_query(ix._schema, query_terms("健康证")), 100).hits
    raw_ids = [searcher.doc(a)["article_id"][0] for _, a in raw]
    assert raw_ids.index("guide") >= 20
    # ... the genre prior brings the guide to the top even though it sits below the first candidates
    hits = ix.search("健康证", top=5)
    assert hits[0].article_id == "guide"
    assert {h.article_id[:4] for h in hits[1:]} <= {"noti"}  # notices before news
