"""Plain, frozen values the widgets show: built by desktop.app from the engines, never live objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TicketLine:
    """One ticket as a row in the caller's history or a list."""

    id: str
    number: str
    state: str  # the Chinese label
    category: str
    excerpt: str
    created: datetime
    due: datetime | None = None  # the running clock's due time, if any
    provisional: bool = False  # the due time is 暂定 (a provisional calendar year)
    open: bool = True
    overdue: bool = False


@dataclass(frozen=True)
class CallerView:
    """The screen pop: who is calling, on which queue, and their history (open tickets first)."""

    number: str
    raw: str = ""
    queue: str = ""
    tickets: tuple[TicketLine, ...] = ()
    repeats: tuple[TicketLine, ...] = ()  # open tickets this call may repeat (Ordos 第十八条(四))
    flag: str = ""  # the center's flag (骚扰电话, Inner Mongolia 第二十六条): kind, reason, who, when, article
    error: str = ""


@dataclass(frozen=True)
class DueLine:
    label: str
    due: datetime | None
    provisional: bool
    note: str


@dataclass(frozen=True)
class UnitChoice:
    id: str
    code: str
    name: str
    level: str
    remit: tuple[str, ...] = field(default_factory=tuple)
    short_name: str = ""


@dataclass(frozen=True)
class HitLine:
    """One knowledge search result: title and snippet are HTML with the matches in <em>."""

    article_id: str
    version: int
    title_html: str
    snippet_html: str
    standard: bool = False


@dataclass(frozen=True)
class ArticleText:
    """An article as the agent reads it, with the version and the owning unit."""

    article_id: str
    version: int
    title: str
    body: str
    unit: str
    current: bool = True


@dataclass(frozen=True)
class ListRow:
    """One row of a ticket list (我的工单, 本席今日, 即将到期, 已超期, 搜索), as a page brought it."""

    id: str
    number: str
    state: str  # the Chinese label
    category: str  # the Chinese label
    caller_phone: str
    excerpt: str
    created: datetime
    due: datetime | None = None
    provisional: bool = False  # 暂定
    overdue: bool = False


@dataclass(frozen=True)
class PageRequest:
    """A list model asks the app for a page: rows from ``offset``, sorted by ``order_by`` in SQL.

    ``generation`` changes with every reload (a new sort, a new search): an answer for an older one
    is dropped."""

    list_key: str
    generation: int
    offset: int
    limit: int
    order_by: str
    descending: bool


@dataclass(frozen=True)
class ExpertChoice:
    """An expert seat of the unit tree as the picker lists it (专家坐席)."""

    unit_id: str
    unit_name: str
    unit_short: str
    name: str
    sip_uri: str
    number: str  # what the desk dials through the center (the URI's user part)
    topics: tuple[str, ...] = ()
    hours: str = ""


@dataclass(frozen=True)
class OpinionLine:
    """One specialist's opinion on a ticket (专家意见)."""

    seat: str
    unit: str
    text: str
    at: datetime


@dataclass(frozen=True)
class SpecialistView:
    """The ticket a conferenced call carries, read-only on the specialist's desk, with the caller's history."""

    ticket_id: str
    number: str
    state: str
    category: str
    urgency: str
    content: str
    caller: str
    created: datetime
    open: bool
    clocks: tuple[DueLine, ...] = ()
    history: tuple[TicketLine, ...] = ()
    opinions: tuple[OpinionLine, ...] = ()
