"""Shared makings of the knowledge tests: actors of two units and the center, article contents."""

from __future__ import annotations

from datetime import date

from hotline.knowledge.article import Content
from hotline.knowledge.roles import Actor, Role

U1, U2 = "unit-mz", "unit-yb"  # two units (ids); the repository does not require them in the directory
AGENT = Actor("agent-07", Role.AGENT)
EDITOR = Actor("mz-li", Role.UNIT_EDITOR, U1)
REVIEWER = Actor("mz-wang", Role.UNIT_REVIEWER, U1)
OTHER_EDITOR = Actor("yb-zhao", Role.UNIT_EDITOR, U2)
OTHER_REVIEWER = Actor("yb-sun", Role.UNIT_REVIEWER, U2)
ADMIN = Actor("center-zhou", Role.CENTER_ADMIN)

DIBAO = Content(
    title="城乡居民最低生活保障（低保）申请条件",
    body="家庭人均收入低于当地低保标准、且家庭财产符合规定的，可以申请低保。"
         "向户籍所在地乡镇人民政府（街道办事处）提出书面申请。需要身份证、户口簿和收入证明。",
    category="社会救助", unit_id=U1, tags=("低保", "社会救助"), effective_from=date(2026, 1, 1),
    review_by=date(2026, 12, 31),
)
DIBAO_2027 = Content(
    title="城乡居民最低生活保障（低保）申请条件",
    body="家庭人均收入低于当地低保标准、且家庭财产符合规定的，可以申请低保。"
         "可以在“青川政务”小程序上在线申请，也可以到乡镇人民政府（街道办事处）提交申请。需要身份证和户口簿。",
    category="社会救助", unit_id=U1, tags=("低保", "社会救助", "网上办理"), effective_from=date(2026, 1, 1),
    review_by=date(2027, 6, 30),
)
YIBAO = Content(
    title="城乡居民医保缴费标准", body="2026年城乡居民基本医疗保险个人缴费标准为每人每年400元。可在税务APP缴纳医保费。",
    category="医疗保障", unit_id=U2, tags=("医保", "缴费"), standard=True, review_by=date(2026, 6, 30),
)
