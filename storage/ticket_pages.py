"""Pages of the desk's ticket lists, paged and sorted in SQL: only the columns a list shows.

    rows = repo.page(TicketFilter(created_by="agent-1001"), order_by="due", descending=False,
                     offset=200, limit=200, at=now())   # -> list[PageRow]

The filters the lists add to ``TicketFilter`` (``narrow``): the tickets an agent created (我的工单, by
the CREATED events' ``actor`` index), the overdue notion of ``TicketRepository.overdue_for_unit``
for any unit (an owing assignment past its finish due on an open ticket), a running deadline within
a window (即将到期), and a search box that takes a ticket number (prefix), a phone number in any
form (canonical, hotline.phones) or text. Sorting is ``ORDER BY`` the column, then (for the few-valued
状态 and 类别) the creation time, then the id: a stable order for offset paging, and every sort walks an
index (``SORTABLE``, ``TIES``, migration 0006) with only tiny groups of ties left to sort.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from hotline.enums import TicketState
from hotline.phones import canonical_phone
from storage.tables import AssignmentRow, EventRow, TicketRow

CLOSED = ("closed", "archived")
OPEN = tuple(s.value for s in TicketState if s.value not in CLOSED)  # IN (...) can use the state index
OWING = ("dispatched", "signed")
EXCERPT = 60
#: the running deadline a list shows (时限): the finish due once dispatched, else the dispatch due
DUE = func.coalesce(TicketRow.finish_due, TicketRow.dispatch_due)
SORTABLE: dict[str, Any] = {
    "number": TicketRow.number,
    "state": TicketRow.state,
    "category": TicketRow.category,
    "caller_phone": TicketRow.caller_phone,
    "created_at": TicketRow.created_at,
    "due": DUE,
}
#: what breaks ties after a few-valued column, before the id (indexes (state|category, created_at))
TIES: dict[str, tuple[Any, ...]] = {"state": (TicketRow.created_at,), "category": (TicketRow.created_at,)}
_NUMBERISH = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]*$")
_PHONEISH = re.compile(r"^[+0-9][0-9 \-()]{4,}$")


class PageRow(NamedTuple):
    """One row of a list page, as SQL returned it."""

    id: str
    number: str
    state: str
    category: str
    caller_phone: str
    excerpt: str
    created_at: datetime
    due: datetime | None
    provisional: bool  # some due time counted on a provisional calendar year (暂定)
    overdue: bool  # TicketRepository's notion: an owing unit past its finish due, ticket open


def is_open() -> Any:
    return TicketRow.state.in_(OPEN)


def owing_past(moment: datetime) -> Any:
    """An open ticket with a unit that still owes its part past its finish due (overdue_for_unit's notion)."""
    late = exists().where(AssignmentRow.ticket_id == TicketRow.id, AssignmentRow.status.in_(OWING),
                          AssignmentRow.finish_due < moment)
    return and_(is_open(), late)


def due_within(start: datetime, end: datetime) -> Any:
    """An open ticket with a running clock due in [start, end): an owing unit's finish, or intake's dispatch."""
    finish = exists().where(AssignmentRow.ticket_id == TicketRow.id, AssignmentRow.status.in_(OWING),
                            AssignmentRow.finish_due >= start, AssignmentRow.finish_due < end)
    dispatch = and_(TicketRow.state == "intake", TicketRow.dispatch_due >= start, TicketRow.dispatch_due < end)
    return and_(is_open(), or_(finish, dispatch))


def created_by(actor: str) -> Any:
    """Tickets whose CREATED event ``actor`` made (the (actor, kind, ticket_id) index alone)."""
    made = select(EventRow.ticket_id).where(EventRow.actor == actor, EventRow.kind == "created")
    return TicketRow.id.in_(made)


def number_starts(prefix: str) -> Any:
    """Numbers starting with ``prefix``: a range the number index walks, then the exact test."""
    return and_(TicketRow.number >= prefix, TicketRow.number.startswith(prefix, autoescape=True))


def search(text: str) -> Any:
    """The search box: a ticket number (prefix), a phone number in any form, or text in content or name."""
    needle = text.strip()
    if not needle:
        return None
    found = []
    if _NUMBERISH.match(needle):
        found.append(number_starts(needle))
    if _PHONEISH.match(needle):
        phone = canonical_phone(needle)
        if phone:
            found.append(TicketRow.caller_phone == phone)
    if not found:
        like = f"%{needle}%"
        found.append(TicketRow.content.like(like) | TicketRow.caller_name.like(like))
    return or_(*found)


def narrow(stmt: Select[Any], f: Any) -> Select[Any]:
    """Add the lists' filters of ``f`` (a TicketFilter) to ``stmt``."""
    if getattr(f, "created_by", None):
        stmt = stmt.where(created_by(f.created_by))
    if getattr(f, "overdue_at", None) is not None:
        stmt = stmt.where(owing_past(f.overdue_at))
    window = getattr(f, "due_between", None)
    if window is not None:
        stmt = stmt.where(due_within(*window))
    if getattr(f, "search", None) is not None:
        clause = search(f.search)
        stmt = stmt.where(clause if clause is not None else false())
    return stmt


def page_query(f: Any, order_by: str, descending: bool, offset: int, limit: int, at: datetime,
               dialect: str = "") -> Select[Any]:
    """The SELECT of one page (see ``PageRow``); ``f`` is a TicketFilter, its limit and offset ignored."""
    from storage.tickets import _filtered

    if order_by not in SORTABLE:
        raise ValueError(f"not a sortable column: {order_by!r} (one of {', '.join(SORTABLE)})")
    columns = select(
        TicketRow.id, TicketRow.number, TicketRow.state, TicketRow.category, TicketRow.caller_phone,
        func.substr(TicketRow.content, 1, EXCERPT).label("excerpt"), TicketRow.created_at, DUE.label("due"),
        TicketRow.view["provisional"].label("provisional"), owing_past(at).label("overdue"),
    )
    stmt = _filtered(columns, f, paginate=False)
    prefix = getattr(f, "number_prefix", None)
    if prefix and dialect == "sqlite" and prefix[-1] != "\U0010ffff":  # an upper bound for the range too
        stmt = stmt.where(TicketRow.number < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    keys = (SORTABLE[order_by], *TIES.get(order_by, ()), TicketRow.id)
    stmt = stmt.order_by(*(k.desc() if descending else k.asc() for k in keys))
    return stmt.offset(offset).limit(limit)


def page(session: Session, f: Any, order_by: str = "created_at", descending: bool = True, offset: int = 0,
         limit: int = 200, at: datetime | None = None) -> list[PageRow]:
    """One page of the list ``f`` selects, sorted in SQL (see the module docstring)."""
    from hotline.timezone import now

    dialect = session.get_bind().dialect.name
    stmt = page_query(f, order_by, descending, offset, limit, at or now(), dialect)
    return [PageRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), bool(r[9]))
            for r in session.execute(stmt)]
