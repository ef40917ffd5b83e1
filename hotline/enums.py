"""The hotline's closed vocabularies: categories, urgency, channels, states, ratings.

Each enum parses its English value, its Chinese label and common aliases through ``parse`` so the
CLI, the profiles and the desk accept either language.
"""

from __future__ import annotations

from enum import StrEnum

_LOOKUP: dict[type, dict[str, _Labelled]] = {}  # per enum: lower-cased value, label or alias -> member


class _Labelled(StrEnum):
    """A str enum whose members carry a Chinese label and accept aliases when parsed."""

    label: str

    def __new__(cls, value: str, label: str, *aliases: str) -> _Labelled:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj._aliases = (value, label, *aliases)  # type: ignore[attr-defined]
        return obj

    @classmethod
    def parse(cls, text: str) -> _Labelled:
        """Return the member whose value, Chinese label or alias is ``text``; ValueError lists them."""
        lookup = _LOOKUP.get(cls)
        if lookup is None:  # the fold parses every event's category and urgency: build the table once
            lookup = {}
            for member in cls:
                for alias in member._aliases:  # type: ignore[attr-defined]
                    lookup.setdefault(alias.lower(), member)
            _LOOKUP[cls] = lookup
        found = lookup.get(text.strip().lower())
        if found is not None:
            return found
        choices = ", ".join(f"{m.value}/{m.label}" for m in cls)
        raise ValueError(f"unknown {cls.__name__.lower()} {text!r}; expected one of: {choices}")


class Category(_Labelled):
    """诉求类别: the five request types every regulation names."""

    CONSULT = ("consult", "咨询", "consultation")
    HELP = ("help", "求助")
    COMPLAINT = ("complaint", "投诉")
    REPORT = ("report", "举报", "tip-off")
    SUGGESTION = ("suggestion", "意见建议", "建议", "意见")


class Urgency(_Labelled):
    """Normal, special (特殊事项: wide outages, pollution) or special-emergency (特殊紧急: disasters)."""

    NORMAL = ("normal", "一般", "普通")
    SPECIAL = ("special", "特殊")
    EMERGENCY = ("emergency", "特殊紧急", "special-emergency", "紧急")


class Channel(_Labelled):
    """Where a request came in."""

    PHONE = ("phone", "电话")
    WEB = ("web", "网站", "portal")
    WECHAT = ("wechat", "微信")
    APP = ("app", "移动客户端", "小程序")
    MAILBOX = ("mailbox", "信箱", "letter", "来信")
    HIGHER_PLATFORM = ("higher-platform", "上级平台交办", "assigned")


class Satisfaction(_Labelled):
    """The caller's rating at callback (回访)."""

    SATISFIED = ("satisfied", "满意")
    BASIC = ("basic", "基本满意", "basically-satisfied")
    UNSATISFIED = ("unsatisfied", "不满意")


class EmergencyLine(_Labelled):
    """Emergency and utility lines an agent links in by three-way call (联动)."""

    POLICE = ("110", "报警 110", "police")
    FIRE = ("119", "火警 119", "fire")
    AMBULANCE = ("120", "急救 120", "ambulance")
    TRAFFIC = ("122", "交通事故 122", "traffic")
    ELECTRICITY = ("95598", "供电 95598", "electricity", "power")
    WATER = ("water", "供水", "自来水")
    GAS = ("gas", "燃气")
    HEATING = ("heating", "供热", "供暖")


class MultiUnitMode(_Labelled):
    """How a ticket sent to several units is handled."""

    SINGLE = ("single", "单一承办")
    LEAD_ASSIST = ("lead-assist", "主办协办", "lead_assist")
    COUNTERSIGN = ("countersign", "会签")
    DUAL = ("dual", "双派")


class AssignmentRole(_Labelled):
    """A unit's part in a ticket."""

    LEAD = ("lead", "主办")
    ASSIST = ("assist", "协办")
    COUNTERSIGN = ("countersign", "会签")
    PARTNER = ("partner", "双派")


class TicketState(_Labelled):
    """Where a ticket stands; derived from its events by hotline.tickets.lifecycle."""

    INTAKE = ("intake", "受理中")
    DISPATCHED = ("dispatched", "已派发")
    RETURN_REVIEW = ("return-review", "退单审核")
    RETURNED = ("returned", "已退回")
    PROCESSING = ("processing", "办理中")
    REPLIED = ("replied", "已答复待审核")
    AWAITING_CALLBACK = ("awaiting-callback", "待回访")
    CLOSED = ("closed", "已办结")
    ARCHIVED = ("archived", "已归档")


class ClockStatus(_Labelled):
    """An open deadline's standing at a moment."""

    ON_TIME = ("on-time", "正常")
    DUE_SOON = ("due-soon", "即将超期")
    OVERDUE = ("overdue", "已超期")
