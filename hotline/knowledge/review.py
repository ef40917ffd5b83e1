"""Review-by dates: an article past its 复核 date is flagged, and counts against its unit.

Units must keep their part of the knowledge base up to date (谁提供、谁负责、谁更新, 凉山 第十六条);
a unit that does not is chased by the center (凉山 第二十二条(四): 未按要求及时上传、更新热线知识库的)
and its knowledge-base management is part of its evaluation (凉山 第二十五条, 鄂尔多斯 第二十九条).
Only articles agents can see count: live (published, not archived) and not expired.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from hotline.knowledge.article import Article

ARTICLE = "凉山 第二十二条(四)"


@dataclass(frozen=True)
class ReviewOverdue:
    """One live article past its review date."""

    article_id: str
    title: str
    unit_id: str | None
    review_by: date
    days_over: int


def review_overdue(article: Article, today: date) -> bool:
    """Whether ``article`` is live, still in force by its dates, and past its review date."""
    if not article.live or article.review_by is None:
        return False
    if article.expires_on is not None and article.expires_on < today:
        return False
    return article.review_by < today


def overdue_list(articles: Iterable[Article], today: date) -> list[ReviewOverdue]:
    """The overdue articles, most overdue first."""
    found = [
        ReviewOverdue(a.id, a.title, a.unit_id, a.review_by, (today - a.review_by).days)
        for a in articles if review_overdue(a, today) and a.review_by is not None
    ]
    return sorted(found, key=lambda o: (-o.days_over, o.title))


def overdue_by_unit(articles: Iterable[Article], today: date) -> dict[str | None, int]:
    """How many overdue articles each unit owns (None: the center's own articles)."""
    return dict(Counter(o.unit_id for o in overdue_list(articles, today)))
