"""The agent's side of the expert seats (专家坐席联动, Liangshan 第十一条): pick, conference, read opinions.

    experts = ExpertsController(worker, tickets_service, window, phone)
    window.experts_requested -> experts.refresh()        # Ctrl+E: the seats from the working copy
    picker.chosen -> experts.conference(seat)            # consult dial with the ticket, then conference
    jobs.sync_status -> experts.refresh_opinions()       # the specialists' opinions, once synced

The consultation INVITE carries the saved ticket (``X-Hotline-Ticket: <id>;number=<no>``) so the
specialist's desk pops it; the seat is dialled through the center by its extension (the seat URI's
user part). The agent stays in the three-way call or drops out (Ctrl+Shift+0) as with 110.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.worker import DbWorker
from desktop.ui.phonebar import current_call
from desktop.ui.tr import tr
from desktop.ui.views import ExpertChoice, OpinionLine


def seat_number(sip_uri: str) -> str:
    """The extension the center knows the seat by: the URI's user part."""
    return sip_uri.split(":", 1)[-1].split("@", 1)[0]


def expert_choices(engine: Any) -> list[ExpertChoice]:
    """Every expert seat of the unit tree in the working copy (active units), for the picker."""
    from storage.uow import UnitOfWork

    with UnitOfWork(engine) as uow:
        pairs = uow.units.expert_seats()
    return [ExpertChoice(u.id, u.name, u.short_name, s.name, s.sip_uri, seat_number(s.sip_uri), tuple(s.topics),
                         s.hours) for u, s in pairs if u.active]


def opinion_lines(view: Any) -> tuple[OpinionLine, ...]:
    return tuple(OpinionLine(o.seat, o.unit, o.text, o.at) for o in getattr(view, "opinions", ()))


class ExpertsController(QObject):
    """See the module docstring."""

    notice = Signal(str)

    def __init__(self, worker: DbWorker, service: Any, window: Any, phone: Any) -> None:
        super().__init__()
        self.worker, self.service, self.window, self.phone = worker, service, window, phone
        self.seat: ExpertChoice | None = None  # the seat in the call now
        self.consent: Any = None  # desktop.app.consent.ConsentGate (set by the root)
        window.experts_requested.connect(self.refresh)
        window.expert_picker.chosen.connect(self.conference)
        phone.expert_conferenced.connect(self._joined)
        phone.expert_dropped.connect(self._left)

    def refresh(self) -> None:
        self.worker.submit(lambda: expert_choices(self.service.engine), self.window.expert_picker.show_seats,
                           lambda e: self.notice.emit(tr("专家坐席读取失败：{0}", e)), name="expert-seats")

    def conference(self, seat: ExpertChoice) -> None:
        """Consult-dial the seat with the ticket in the INVITE, then conference it with the caller."""
        from telephony.softphone.errors import BadHeader
        from telephony.softphone.headers import ticket_header

        call = current_call(self.phone.last)
        if call is None or call.state != "confirmed":
            self.notice.emit(tr("没有进行中的通话，无法邀请专家坐席"))
            return
        pane = self.window.ticket
        headers: tuple[tuple[str, str], ...] = ()
        if pane.ticket_id:
            try:
                headers = (ticket_header(pane.ticket_id, pane.ticket_number),)
            except BadHeader as exc:
                self.notice.emit(tr("工单信息无法随呼叫发送：{0}", exc))
        else:
            self.notice.emit(tr("工单尚未保存：专家将看不到工单（请先 Ctrl+S 保存）"))
        if self.consent is not None and not self.consent.allow(seat.number, tr("邀请专家坐席 {0}", seat.name)):
            self.window.expert_picker.show()  # still open on that seat: Enter again once the caller agreed
            return
        self.seat = seat
        self.notice.emit(tr("正在呼叫专家坐席 {0}（{1}）…", seat.name, seat.unit_short or seat.unit_name))
        self.phone.three_way(seat.number, call.call_id, headers, expert=True)

    def _joined(self, number: str, caller_call: str) -> None:
        name = self.seat.name if self.seat is not None else number
        self.notice.emit(tr("专家坐席 {0} 已加入三方会商；可留在通话中，或按“退出三方”（Ctrl+Shift+0）离开", name))

    def _left(self, number: str) -> None:
        name = self.seat.name if self.seat is not None else number
        self.notice.emit(tr("已退出三方会商，来电人与专家坐席 {0} 继续通话", name))

    def refresh_opinions(self) -> None:
        """The specialists' opinions on the ticket in the pane (after each sync)."""
        ticket_id = self.window.ticket.ticket_id
        box = self.window.opinions
        if not ticket_id:
            if box.count:
                box.show_opinions(())
            return

        def done(lines: tuple[OpinionLine, ...]) -> None:
            if self.window.ticket.ticket_id != ticket_id:
                return
            if len(lines) > box.count:
                self.notice.emit(tr("收到专家意见：{0}", lines[-1].seat))
            box.show_opinions(lines)

        self.worker.submit(lambda: opinion_lines(self.service.get(ticket_id)), done,
                           None, name="opinions")  # a failure: logged, shown in the status bar
