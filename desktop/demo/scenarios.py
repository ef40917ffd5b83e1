"""The demo's stories: for each jurisdiction profile, tickets walked through their lives.

A step is (time, actor, action, options): ``action`` names a builder in hotline.tickets.commands,
options are its keyword arguments with units named by code (``unit``/``units``) and tickets by the
story's own key (``ticket``, ``of``). ``expect_refusal`` marks a step the rules must refuse: the demo
shows the refusal and its article instead of writing the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One thing someone does in a story."""

    at: str
    actor: str
    action: str
    ticket: str = "A"
    options: dict[str, Any] = field(default_factory=dict)
    expect_refusal: bool = False


@dataclass(frozen=True)
class Story:
    """A titled sequence of steps under one profile."""

    profile: str
    title: str
    steps: tuple[Step, ...]


def _s(at: str, actor: str, action: str, ticket: str = "A", refused: bool = False, **options: Any) -> Step:
    return Step(f"2026-{at}", actor, action, ticket, options, refused)


CALLER = {"caller_phone": "13900001111", "caller_name": "王女士", "caller_address": "江北区长安街道朝阳小区"}

STORIES: tuple[Story, ...] = (
    Story("liangshan", "凉山州：投诉件跨国庆假期，延期、短信回访不满意、人工回访后重办", (
        _s("09-30T10:00", "agent-007", "create", category="complaint", urgency="normal", channel="phone",
           content="朝阳小区门口夜市占道经营，每晚噪音到凌晨，多次反映未解决", matter_address="朝阳小区北门", **CALLER),
        _s("09-30T11:30", "agent-007", "dispatch", units=["qc.cgj"]),
        _s("10-08T09:20", "cgj-li", "sign", unit="qc.cgj"),
        _s("10-15T16:00", "cgj-li", "request_extension", unit="qc.cgj", days=5, reason="需联合街道、公安夜间执法"),
        _s("10-16T09:00", "center-zhao", "decide_extension", granted=True, days=5),
        _s("10-23T15:00", "cgj-li", "reply", unit="qc.cgj", text="已联合长安街道清理夜市摊点，设置禁停标识"),
        _s("10-24T09:00", "center-zhao", "review", accepted=True),
        _s("10-24T10:00", "center-sms", "call_back", method="sms", reached=True, satisfaction="不满意"),
        _s("10-24T14:00", "center-wu", "call_back", method="phone", reached=True, satisfaction="不满意",
           resolved=False, note="摊点周末仍有回潮"),
        _s("10-24T14:30", "center-wu", "order_redo", reason="诉求合理，周末仍有占道"),
        _s("10-30T11:00", "cgj-li", "reply", unit="qc.cgj", text="已安排周末巡查，摊点已迁入便民市场"),
        _s("10-30T15:00", "center-zhao", "review", accepted=True),
        _s("10-31T10:00", "center-sms", "call_back", method="sms", reached=True, satisfaction="满意", resolved=True),
        _s("11-02T09:00", "center-zhao", "archive"),
    )),
    Story("liangshan", "凉山州：咨询件不予延期（第十二条(三)）", (
        _s("11-02T09:10", "agent-012", "create", ticket="B", category="consult", urgency="normal",
           channel="wechat", content="灵活就业人员如何参加职工医保？", caller_phone="13900002222"),
        _s("11-02T09:40", "agent-012", "dispatch", ticket="B", units=["qc.ybj"]),
        _s("11-02T14:00", "ybj-chen", "sign", ticket="B", unit="qc.ybj"),
        _s("11-05T10:00", "ybj-chen", "request_extension", ticket="B", refused=True, unit="qc.ybj", days=3,
           reason="需核实参保政策"),
        _s("11-05T16:00", "ybj-chen", "reply", ticket="B", unit="qc.ybj", text="可携身份证到市医保局窗口或线上办理"),
    )),
    Story("liangshan", "凉山州：12月的投诉件，办结时限跨入尚未公布放假安排的2027年（暂定，第十二条(二)）", (
        _s("12-18T10:00", "agent-007", "create", ticket="C", category="complaint", urgency="normal",
           channel="phone", content="江北区长安街道建筑工地夜间施工噪音扰民", caller_phone="13900003333"),
        _s("12-18T10:30", "agent-007", "dispatch", ticket="C", units=["qc.cgj"]),
        _s("12-21T09:15", "cgj-li", "sign", ticket="C", unit="qc.cgj"),
    )),
    Story("hohhot", "呼和浩特：停水24小时时限，退单须经派单异议审核后重派（第十五条(四)、第十六条(二)）", (
        _s("11-03T21:40", "agent-021", "create", category="help", urgency="special", channel="phone",
           content="河西街道整栋楼停水超过6小时，家中有老人", matter_address="河西区河西街道", caller_phone="13900003333"),
        _s("11-03T21:50", "agent-021", "dispatch", units=["qc.hx.hxjd"]),
        _s("11-03T22:30", "hxjd-duty", "return_ticket", unit="qc.hx.hxjd", reason="供水设施不属街道职责",
           legal_basis="《城市供水条例》第二十九条", suggested_unit="qc.water"),
        _s("11-03T22:40", "center-night", "review_return", approved=True, unit="qc.hx.hxjd"),
        _s("11-03T22:45", "center-night", "dispatch", units=["qc.water"]),
        _s("11-03T23:00", "water-duty", "sign", unit="qc.water"),
        _s("11-04T08:00", "water-duty", "report_progress", unit="qc.water", text="抢修队已到场，预计中午恢复"),
        _s("11-04T13:00", "water-duty", "reply", unit="qc.water", text="管道已修复，12:40恢复供水"),
        _s("11-04T14:00", "center-zhao", "review", accepted=True),
        _s("11-04T16:00", "center-wu", "call_back", method="phone", reached=True, satisfaction="满意", resolved=True),
    )),
    Story("ordos", "鄂尔多斯：建议件3–7个工作日，回访1个工作日内；在办期间重复来电解释并催办（第十八条(四)）", (
        _s("11-09T09:05", "agent-031", "create", category="suggestion", urgency="normal", channel="app",
           content="建议在滨江街道增设公交站台", caller_phone="13900004444"),
        _s("11-09T09:30", "agent-031", "dispatch", units=["qc.jtj"]),
        _s("11-09T15:00", "jtj-sun", "sign", unit="qc.jtj"),
        _s("11-12T10:00", "agent-033", "create", ticket="R", category="suggestion", urgency="normal",
           channel="phone", content="再次建议滨江街道增设公交站台，询问进度", caller_phone="13900004444"),
        _s("11-12T10:05", "agent-033", "link_as_repeat", ticket="R", of="A"),
        _s("11-16T11:00", "jtj-sun", "reply", unit="qc.jtj", text="已纳入明年站点规划，说明采纳情况"),
        _s("11-16T14:00", "center-zhao", "review", accepted=True),
        _s("11-17T10:00", "center-wu", "call_back", method="phone", reached=True, satisfaction="基本满意",
           resolved=True),
    )),
    Story("changzhi", "长治：投诉件5个工作日内回复初步处置意见，系统督办到书面督办", (
        _s("11-10T10:00", "agent-041", "create", category="report", urgency="normal", channel="phone",
           content="举报某超市销售过期食品", matter_address="江北区滨江路", caller_phone="13900005555"),
        _s("11-10T10:30", "agent-041", "dispatch", units=["qc.scjgj"]),
        _s("11-10T15:00", "scjg-zhou", "sign", unit="qc.scjgj"),
        _s("11-16T09:00", "center-zhao", "chase", level="system", note="即将到期提醒"),
        _s("11-18T09:00", "center-zhao", "chase", level="written", note="逾期未回复初步处置意见"),
        _s("11-18T16:00", "scjg-zhou", "reply", unit="qc.scjgj", text="已立案调查，下架过期商品"),
        _s("11-19T09:00", "center-zhao", "review", accepted=True),
        _s("11-19T10:00", "center-wu", "call_back", method="phone", reached=True, satisfaction="满意", resolved=True),
    )),
    Story("inner-mongolia", "内蒙古：燃气泄漏联动119，特殊紧急工单第一时间转派主办+协办（第十条）", (
        _s("11-11T19:00", "agent-051", "create", category="help", urgency="emergency", channel="phone",
           content="楼道有浓烈燃气味，邻居不在家", matter_address="江北区长安街道", caller_phone="13900006666"),
        _s("11-11T19:01", "agent-051", "link_emergency", line="119", note="三方通话转接119后退出"),
        _s("11-11T19:03", "agent-051", "create", ticket="G", category="help", urgency="emergency", channel="phone",
           content="燃气泄漏后续：排查小区燃气管道", matter_address="江北区长安街道", caller_phone="13900006666"),
        _s("11-11T19:05", "agent-051", "dispatch", ticket="G", mode="lead-assist",
           units=["qc.zjj", "qc.jb.cajd"]),
        _s("11-11T19:20", "zjj-duty", "sign", ticket="G", unit="qc.zjj"),
        _s("11-11T19:25", "cajd-duty", "sign", ticket="G", unit="qc.jb.cajd"),
        _s("11-12T10:00", "zjj-duty", "reply", ticket="G", refused=True, unit="qc.zjj", text="排查完毕"),
        _s("11-12T11:00", "cajd-duty", "assist_reply", ticket="G", unit="qc.jb.cajd", text="已通知住户"),
        _s("11-12T15:00", "zjj-duty", "reply", ticket="G", unit="qc.zjj", text="管道已更换，排查完毕"),
    )),
    Story("national", "全国默认：知识库直接答复（记录文章及版本），不予受理并引导", (
        _s("11-13T09:00", "agent-061", "create", category="consult", urgency="normal", channel="phone",
           content="租房提取公积金需要什么材料？", caller_phone="13900007777"),
        _s("11-13T09:03", "agent-061", "answer_directly", article_id="kb-gjj-rent", article_version=3,
           answer="身份证、租房合同、租房发票或备案证明"),
        _s("11-13T09:10", "agent-061", "create", ticket="N", category="complaint", urgency="normal",
           channel="phone", content="对法院判决不服", caller_phone="13900008888"),
        _s("11-13T09:12", "agent-061", "not_accept", ticket="N", class_key="legal-procedure"),
    )),
)
