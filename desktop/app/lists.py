"""The ticket lists of the desk: each list model's page requests answered from SQL on the DbWorker.

我的工单 is what this agent created, 本席今日 the numbers of this seat today, 即将到期 an open ticket with
a clock due within ``due_hours``, 已超期 what ``TicketRepository.overdue_for_unit`` counts as overdue
(for any unit), 搜索 a ticket number, a phone number in any form or text (everything when empty).
Each request runs ``TicketService.page`` on the worker and the rows come back to the model on the GUI
thread; the filter (and its moment, for the due lists) is fixed per generation, so pages of one
reload agree. Opening a ticket reads it on the worker and fills the ticket pane.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.worker import DbWorker
from desktop.ui.tr import tr
from desktop.ui.views import ListRow, PageRequest

log = logging.getLogger("desktop.lists")


def list_row(row: Any) -> ListRow:
    """A storage PageRow as the plain row the table shows (labels in Chinese)."""
    from hotline.enums import Category, TicketState

    state = _label(TicketState, row.state)
    category = _label(Category, row.category)
    return ListRow(row.id, row.number, state, category, row.caller_phone, row.excerpt, row.created_at, row.due,
                   row.provisional, row.overdue)


def _label(enum: Any, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


class ListsController(QObject):
    """See the module docstring."""

    opened = Signal(str)  # a ticket was loaded into the ticket pane (its number)
    notice = Signal(str)

    def __init__(self, worker: DbWorker, service: Any, pane: Any, ticket_pane: Any, *, actor: str, seat: str,
                 clock: Any = None, due_hours: float = 4) -> None:
        super().__init__()
        self.worker, self.service, self.pane, self.ticket_pane = worker, service, pane, ticket_pane
        self.actor, self.seat, self.due_hours = actor, seat, due_hours
        self.clock = clock or _now
        self.text = ""
        self._filters: dict[tuple[str, int], tuple[Any, datetime]] = {}
        for page in pane.lists.values():
            page.model.page_wanted.connect(self.load_page)
        pane.search_changed.connect(self.search)
        pane.ticket_opened.connect(self.open)

    def start(self) -> None:
        """Every list asks for its first page."""
        for page in self.pane.lists.values():
            page.model.start()

    def refresh(self, key: str) -> None:
        self.pane.model(key).reload()

    def search(self, text: str) -> None:
        self.text = text
        self.refresh("search")

    def filter_for(self, key: str, at: datetime) -> Any:
        """The TicketFilter of list ``key`` at moment ``at``."""
        from hotline.tickets.numbers import number_prefix
        from storage.tickets import TicketFilter

        if key == "mine":
            return TicketFilter(created_by=self.actor)
        if key == "seat":
            return TicketFilter(number_prefix=number_prefix(at.date(), self.seat))
        if key == "due":
            return TicketFilter(due_between=(at, at + timedelta(hours=self.due_hours)))
        if key == "overdue":
            return TicketFilter(overdue_at=at)
        if key == "search":
            return TicketFilter(search=self.text) if self.text else TicketFilter()
        raise ValueError(f"no list {key!r}")

    def load_page(self, request: PageRequest) -> None:
        """A model wants a page: the query runs on the worker, the rows go back to that model."""
        model = self.pane.model(request.list_key)
        slot = (request.list_key, request.generation)
        if request.offset == 0 or slot not in self._filters:
            at = self.clock()
            self._filters = {k: v for k, v in self._filters.items() if k[0] != request.list_key}
            self._filters[slot] = (self.filter_for(request.list_key, at), at)
        where, at = self._filters[slot]

        def query() -> list[ListRow]:
            rows = self.service.page(where, request.order_by, request.descending, request.offset, request.limit,
                                     at=at)
            return [list_row(r) for r in rows]

        self.worker.submit(query, lambda rows: model.add_page(request.generation, rows),
                           lambda exc: model.page_failed(request.generation, _short(exc)),
                           name=f"list-{request.list_key}")

    def open(self, ticket_id: str) -> None:
        """Read the ticket on the worker and show it in the ticket pane."""
        def shown(view: Any) -> None:
            values = {"ticket_id": view.id, "caller_name": view.caller_name, "caller_phone": view.caller_phone,
                      "caller_address": view.caller_address, "matter_address": view.matter_address,
                      "content": view.content, "profile": view.profile, "category": _value(view.category),
                      "urgency": _value(view.urgency), "channel": _value(view.channel),
                      "call_id": view.call_id, "interaction_id": view.interaction_id}
            self.ticket_pane.load(values)
            state = getattr(view.state, "label", str(view.state))
            self.ticket_pane.show_saved(view.id, view.number, state, tr("已打开：{0}（{1}）", view.number, state))
            self.opened.emit(view.number)

        self.worker.submit(lambda: self.service.get(ticket_id), shown,
                           lambda exc: self.notice.emit(tr("打开工单失败：{0}", _short(exc))), name="open-ticket")


def _value(x: Any) -> str:
    return str(getattr(x, "value", x))


def _now() -> datetime:
    from hotline.timezone import now

    return now()


def _short(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:300]
