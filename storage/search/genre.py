"""The genre of a knowledge article, read from its title, and the ranking prior each genre carries.

A caller at the hotline asks how to get something done; the article that answers is a service guide
(办事指南/办事指引), an answer script (答复口径) or a question-shaped FAQ. Notices, tips and periodic Q&A
digests (通知、公示、温馨提示、须知、政策问答) restate or announce a matter, and work news (召开…推进会、开展…
宣传活动、走进…宣讲) only names it. Under BM25 a short notice or news item whose title is the topic name
outscores the long guide for that topic (length normalization favours short fields), so the index
multiplies each score by the genre's prior: answers 1.0, notices 0.8, news 0.55, anything else 0.9.

The genre comes from the title's own wording — the way government sites file 办事指南 apart from 通知公告
and 工作动态 — so it needs no extra field on the article and applies to every article alike.
"""

from __future__ import annotations

import re

ANSWER, NOTICE, NEWS, OTHER = "answer", "notice", "news", "other"
PRIOR = {ANSWER: 1.0, NOTICE: 0.8, NEWS: 0.55, OTHER: 0.9}

_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_ANSWER = re.compile(r"(指南|指引|口径|流程|说明|受理点和咨询电话|[？?])$")
_NEWS = re.compile(r"(召开|举办|举行|部署|宣讲|座谈|调研|走访|推进会|工作会|会议|组织开展|开展.{0,12}(活动|行动)|活动$)")
_NOTICE = re.compile(r"(通知|公告|通告|公示|公布|提示|须知|问答|解答|简章|安排|名单|通报|告知书|标准)")


def genre(title: str) -> str:
    """``answer``, ``notice``, ``news`` or ``other`` for an article title."""
    core = _BRACKETS.sub("", title).strip().rstrip("。！!")
    if _ANSWER.search(core):
        return ANSWER
    if _NEWS.search(core):
        return NEWS
    if _NOTICE.search(core):
        return NOTICE
    return OTHER


def prior(kind: str) -> float:
    """The score factor of a genre (1.0 for an unknown one)."""
    return PRIOR.get(kind, 1.0)
