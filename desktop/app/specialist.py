"""The specialist's desk (role ``specialist``, pane ``specialist_pop``): the ticket a call carries, and the opinion.

    specialist = SpecialistController(worker, tickets_service, window.specialist, user)
    phone.incoming -> specialist.ringing(call)        # call.ticket_id from X-Hotline-Ticket
    jobs.sync_status -> specialist.after_sync()       # a ticket not here yet is looked up again

On a call with a ticket the pane shows it read-only (number, state, category, content, running clocks)
with the caller's history and the opinions so far. A ticket the working copy does not hold yet (the
agent saved it seconds ago) is shown as pending and read again after the next sync. The opinion is an
EXPERT_OPINION event written through the lifecycle (TicketService.step), so it syncs like any event;
a closed ticket refuses it with AlreadyClosed, shown with its name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.experts import opinion_lines, seat_number
from desktop.app.tickets import CLOSED, ticket_line
from desktop.app.worker import DbWorker
from desktop.ui.tr import tr, tr_noop
from desktop.ui.views import DueLine, SpecialistView

CLOCKS = (("dispatch_due", tr_noop("派单时限")), ("first_response_due", tr_noop("首次响应时限")),
          ("finish_due", tr_noop("办结时限")), ("callback_due", tr_noop("回访时限")))  # translated where shown


def clock_lines(view: Any) -> tuple[DueLine, ...]:
    """The ticket's running clocks (none once it is closed); 暂定 where a provisional year counted them."""
    if str(getattr(view.state, "value", view.state)) in CLOSED:
        return ()
    marks = set(getattr(view, "provisional", ()) or ())
    lines = []
    for field, label in CLOCKS:
        due = getattr(view, field, None)
        if due is None or (field == "dispatch_due" and view.dispatched_at is not None):
            continue
        lines.append(DueLine(label, due, field.removesuffix("_due") in marks or field in marks, ""))
    return tuple(lines)


def specialist_view(view: Any, history: list[Any], at: datetime) -> SpecialistView:
    """The pane's view; the expert seat is a unit's, so the caller's number is masked (hotline.privacy)."""
    from hotline.privacy import mask_phone

    label = lambda x: str(getattr(x, "label", x))  # noqa: E731
    return SpecialistView(view.id, view.number, label(view.state), label(view.category), label(view.urgency),
                          view.content, mask_phone(view.caller_phone) or tr("未知"), view.created_at, view.is_open,
                          clock_lines(view), tuple(ticket_line(h, at) for h in history if h.id != view.id),
                          opinion_lines(view))


class SpecialistController(QObject):
    """See the module docstring."""

    notice = Signal(str)

    def __init__(self, worker: DbWorker, service: Any, pane: Any, user: Any) -> None:
        super().__init__()
        self.worker, self.service, self.pane, self.user = worker, service, pane, user
        self.actor = f"specialist-{user.login}"
        self.ticket: tuple[str, str, str] | None = None  # (ticket id, number, SIP Call-ID) of the call
        self.pending = False
        self.seat: tuple[str, str] = (user.name or user.login, "")  # (seat name, unit name)
        pane.opinion_requested.connect(self.add_opinion)

    def start(self) -> None:
        """Find this desk's expert seat (its extension in the unit tree) for the opinions it signs."""
        from storage.uow import UnitOfWork

        def find() -> tuple[str, str] | None:
            with UnitOfWork(self.service.engine) as uow:
                for unit, seat in uow.units.expert_seats():
                    if seat_number(seat.sip_uri) == self.user.sip_user:
                        return seat.name, unit.name
            return None

        def found(seat: tuple[str, str] | None) -> None:
            if seat is not None:
                self.seat = seat

        self.worker.submit(find, found, None, name="expert-seat")  # a failure: logged, shown in the status bar

    def ringing(self, call: Any) -> None:
        """A call rang: with a ticket, pop it; without one, say so."""
        if not getattr(call, "ticket_id", ""):
            self.ticket = None
            self.pane.show_waiting(tr("来电 {0}：未携带工单（非会商来电）", call.caller_number))
            return
        self.ticket = (call.ticket_id, call.ticket_number, call.sip_call_id)
        self.pane.show_pending(call.ticket_number)
        self.load()

    def after_sync(self, *_: Any) -> None:
        if self.ticket is not None:
            self.load()

    def load(self) -> None:
        if self.ticket is None:
            return
        ticket_id, number, _ = self.ticket

        def read() -> SpecialistView | None:
            from storage.tickets import TicketNotFound

            try:
                view = self.service.get(ticket_id)
            except TicketNotFound:
                return None
            history = self.service.history(view.caller_phone, self.actor) if view.caller_phone else []
            return specialist_view(view, history, _now())

        def done(view: SpecialistView | None) -> None:
            if self.ticket is None or self.ticket[0] != ticket_id:
                return
            self.pending = view is None
            if view is None:
                self.pane.show_pending(number)
            elif self.pane.view != view:
                self.pane.show_ticket(view)

        self.worker.submit(read, done, lambda e: self.pane.show_refusal(tr("工单读取失败：{0}", e), type(e).__name__),
                           name="specialist-pop")

    def add_opinion(self, ticket_id: str, text: str) -> None:
        from hotline.tickets import commands

        seat, unit = self.seat
        call_id = self.ticket[2] if self.ticket is not None and self.ticket[0] == ticket_id else ""

        def write() -> Any:
            return self.service.step(ticket_id, lambda v: [commands.expert_opinion(
                v.id, self.actor, seat=seat, unit=unit, text=text, call_id=call_id, at=_now())])

        def ok(view: Any) -> None:
            self.pane.show_saved(tr("已提交专家意见：{0}（将随同步送达话务员）", view.number))
            self.notice.emit(tr("已提交专家意见：{0}", view.number))
            self.load()

        def refused(exc: BaseException) -> None:
            article = getattr(exc, "article", "")
            where = tr("（{0}）", article) if article else ""
            self.pane.show_refusal(tr("未提交：{0}：{1}", type(exc).__name__, str(exc).splitlines()[0][:200]) + where,
                                   type(exc).__name__)

        self.worker.submit(write, ok, refused, name="expert-opinion")


def _now() -> datetime:
    from hotline.timezone import now

    return now()
