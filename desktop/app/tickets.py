"""The ticket side of the desk: screen pop, intake, deadlines preview, dispositions, drafts.

Binds the caller and ticket panes to storage through the one database worker: every query and write
runs there, and each answer comes back to the panes on the GUI thread. A refused step shows the
lifecycle's named error and its article; nothing is half-written (one transaction per step).
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.app.drafts import Drafts
from desktop.app.worker import DbWorker
from desktop.ui.tr import tr
from desktop.ui.views import CallerView, DueLine, TicketLine, UnitChoice

log = logging.getLogger("desktop.tickets")
CLOSED = {"closed", "archived"}


def ticket_line(view: Any, at: datetime) -> TicketLine:
    """A TicketView as a row of the caller's history."""
    state = getattr(view.state, "label", str(view.state))
    open_ = str(getattr(view.state, "value", view.state)) not in CLOSED
    due = view.finish_due or view.dispatch_due if open_ else None
    provisional = bool(getattr(view, "provisional", False))
    category = getattr(view.category, "label", str(view.category))
    excerpt = view.content if len(view.content) <= 60 else view.content[:59] + "…"
    return TicketLine(view.id, view.number, state, category, excerpt, view.created_at, due, provisional, open_,
                      bool(due is not None and due < at))


def pop_line(t: Any, at: datetime) -> TicketLine:
    """A screen pop's ticket (storage.screenpop.PopTicket) as a row: its most urgent running clock."""
    clock = t.clocks[0] if t.clocks else None
    due = clock.due if clock is not None else None
    return TicketLine(t.id, t.number, getattr(t.state, "label", str(t.state)),
                      getattr(t.category, "label", str(t.category)), t.excerpt, t.created_at, due,
                      bool(clock is not None and clock.provisional), t.is_open, bool(due is not None and due < at))


def flag_text(flag: Any) -> str:
    """The pane's line for a center's flag (storage.screenpop.CallerFlag): kind, reason, who, when, article."""
    if flag is None:
        return ""
    who = getattr(flag, "set_by_name", "") or getattr(flag, "set_by", "") or tr("中心")
    since = getattr(flag, "since", None)
    when = f" {since:%Y-%m-%d %H:%M}" if since is not None else ""
    article = getattr(flag, "article", "")
    label = getattr(flag, "label", "") or flag.kind
    return tr("{0}：{1}（{2}{3} 标记{4}）", label, flag.note, who, when, tr("，{0}", article) if article else "")


def caller_view(pop: Any, queue_label: str, at: datetime) -> CallerView:
    """The pane's view of a CallerPop: open tickets first (the store's order), the repeat hint, the flag."""
    lines = tuple(pop_line(t, at) for t in pop.tickets)
    repeats = tuple(pop_line(t, at) for t in pop.repeat.tickets) if pop.repeat is not None else ()
    flag = flag_text(pop.flag)
    return CallerView(number=pop.number, raw=pop.raw, queue=queue_label, tickets=lines, repeats=repeats, flag=flag)


class TicketsController(QObject):
    """See the module docstring."""

    notice = Signal(str)  # a line for the status bar

    def __init__(self, worker: DbWorker, service: Any, caller_pane: Any, ticket_pane: Any, *, actor: str,
                 seat: str, drafts: Drafts, clock: Any = None) -> None:
        super().__init__()
        self.worker, self.service = worker, service
        self.caller, self.pane = caller_pane, ticket_pane
        self.actor, self.seat, self.drafts = actor, seat, drafts
        self.clock = clock or _now
        self.article: tuple[str, int, str] | None = None  # chosen in the knowledge pane
        self.queue_label = lambda name: name  # the plan's label of a queue (12345综合) when known
        self.knowledge: Any = None  # the KnowledgeService, for direct answers (set by the root)
        self.consent: Any = lambda number: None  # did the caller agree to this line? (set by the root)
        # (number, seconds from ring to the history in the pane), the latest 1,000 pops: the bench reads it
        self.painted: deque[tuple[str, float]] = deque(maxlen=1000)
        ticket_pane.intake_changed.connect(self._intake_changed)
        ticket_pane.create_requested.connect(self.create)
        ticket_pane.dispatch_requested.connect(self.dispatch)
        ticket_pane.dispatch_many.connect(self.dispatch_many)
        ticket_pane.not_accept_requested.connect(self.not_accept)
        ticket_pane.answer_requested.connect(self.answer)
        ticket_pane.unit_search.connect(self.search_units)
        caller_pane.chase_requested.connect(self.chase)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(500)  # well inside the 2 s a draft may be behind
        self._draft_timer.timeout.connect(self._save_draft)
        self._pending_draft: dict[str, Any] | None = None
        self.lines: dict[str, dict[str, str]] = {}  # line number -> conferenced_at / dropped_at (ISO)

    # ---------------------------------------------------------------- screen pop
    def pop(self, number: str, queue: str = "", call_id: str = "") -> None:
        """The phone rang: the caller's history, painted as soon as the worker has it."""
        import time

        asked = time.perf_counter()
        self.caller.show_caller(CallerView(number=number, raw=number, queue=queue))
        if call_id and not self.pane.ticket_id:
            self.pane.load({"caller_phone": number, "call_id": call_id, "channel": "phone"})

        def done(view: CallerView) -> None:
            self.caller.show_caller(view)
            self.painted.append((number, time.perf_counter() - asked))

        def failed(exc: BaseException) -> None:
            self.caller.show_caller(CallerView(number=number, raw=number, queue=queue, error=_short(exc)))

        self.worker.submit(lambda: self._history(number, queue), done, failed, name="screen-pop")

    def _history(self, number: str, queue: str) -> CallerView:
        at = self.clock()
        pop = self.service.screen_pop(number, self.actor, queue or None, at=at)
        return caller_view(pop, self.queue_label(queue), at)

    def follow_calls(self, snapshot: Any) -> None:
        """Keep the ticket's call link complete: the recording's interaction id of the call it is on."""
        if not self.pane.call_id or self.pane.interaction_id:
            return
        for call in snapshot.calls:
            if call.sip_call_id == self.pane.call_id and call.interaction_id:
                self.pane.interaction_id = call.interaction_id

    # ---------------------------------------------------------------- intake
    def _intake_changed(self, values: dict[str, Any]) -> None:
        self._pending_draft = values
        self._draft_timer.start()
        profile, category, urgency = values.get("profile"), values.get("category"), values.get("urgency")
        if not (profile and category and urgency):
            return
        at = self.clock()

        def preview() -> list[DueLine]:
            return [DueLine(p.label, p.due, p.provisional, p.note)
                    for p in self.service.preview(profile, category, urgency, at)]

        self.worker.submit(preview, self.pane.show_preview, lambda e: self.pane.show_refusal(_short(e)),
                           name="preview")

    def _save_draft(self) -> None:
        values = self._pending_draft
        if values is None or values.get("ticket_id"):
            return
        try:
            self.drafts.save(values)
        except OSError as exc:
            self.notice.emit(tr("草稿保存失败（磁盘？）：{0}", exc))
            return
        self.pane.show_draft_saved(self.clock().strftime("%H:%M:%S"))

    def restore_draft(self) -> bool:
        draft = self.drafts.load()
        if draft is None:
            return False
        self.pane.load(draft)
        self.notice.emit(tr("已恢复上次未保存的工单草稿"))
        return True

    def create(self, values: dict[str, Any]) -> None:
        intake = {k: values.get(k) for k in ("caller_phone", "caller_name", "caller_address", "matter_address",
                                               "call_id", "interaction_id")}
        if values.get("channel") == "phone":
            intake["call_time"] = self.clock().isoformat()

        def write() -> Any:
            return self.service.create(self.actor, seat=self.seat, profile=values["profile"],
                                       category=values["category"], urgency=values["urgency"],
                                       channel=values["channel"], content=values["content"], intake=intake,
                                       at=self.clock())

        self.worker.submit(write, self._saved, self._refused, name="create")

    def _saved(self, view: Any) -> None:
        self.drafts.clear()
        state = getattr(view.state, "label", str(view.state))
        due = view.finish_due or view.dispatch_due
        mark = tr("（暂定）") if getattr(view, "provisional", False) else ""
        note = tr("已保存：{0}（{1}）", view.number, state) + (tr("，时限 {0}", f"{due:%m-%d %H:%M}") + mark if due else "")
        self.pane.show_saved(view.id, view.number, state, note)
        self.notice.emit(note)
        if any("dropped_at" in t for t in self.lines.values()):
            self.record_lines()

    def _refused(self, exc: BaseException) -> None:
        article = getattr(exc, "article", "")
        where = tr("（{0}）", article) if article else ""
        if type(exc).__name__ == "NotInForce":
            self.pane.show_refusal(tr("该文章已撤回或不在有效期内，请重新选择（{0}）", _short(exc)))
            return
        self.pane.show_refusal(tr("未保存：{0}", _short(exc)) + where)

    def dispatch(self, ticket_id: str, unit_id: str) -> None:
        self._run(lambda: self.service.dispatch(ticket_id, self.actor, [unit_id], at=self.clock()), tr("已派发"))

    def dispatch_many(self, ticket_id: str, unit_ids: tuple[str, ...], mode: str) -> None:
        """主办协办 (the first unit leads), 会签 or 双派, as the profile allows."""
        self._run(lambda: self.service.dispatch(ticket_id, self.actor, list(unit_ids), mode=mode, at=self.clock()),
                  tr("已派发"))

    def not_accept(self, ticket_id: str, class_key: str) -> None:
        from hotline.policy_loader import load_profile
        from hotline.tickets import commands

        def build(v: Any) -> list[Any]:
            cls = next((g for g in load_profile(v.profile).guidance_classes if g.key == class_key), None)
            return [commands.not_accept(v.id, self.actor, class_key=class_key, guidance=cls.guidance if cls else "",
                                        at=self.clock())]

        self._step(ticket_id, build, tr("不予受理，已解释引导"))

    def answer(self, ticket_id: str) -> None:
        """直接答复 from the article chosen: its version in force now (an article withdrawn since it was
        shown is refused by the knowledge service with NotInForce, and nothing is written)."""
        if self.article is None:
            self.pane.show_refusal(tr("请先在知识库中选择一篇文章"))
            return
        if self.knowledge is None:
            self.pane.show_refusal(tr("知识库不可用 (no knowledge service)"))
            return
        article_id, _version, text = self.article
        self._run(lambda: self.knowledge.answer_directly(ticket_id, self.actor, article_id, answer=text[:2000],
                                                         at=self.clock()), tr("已直接答复"))

    def chase(self, ticket_id: str) -> None:
        from hotline.tickets import commands

        self._step(ticket_id, lambda v: [commands.chase(v.id, self.actor, level="催办", note="来电人重复来电催办",
                                                                 at=self.clock())],
                   tr("已催办"), into_pane=False)

    def _step(self, ticket_id: str, build: Any, done_text: str, into_pane: bool = True) -> None:
        self._run(lambda: self.service.step(ticket_id, build), done_text, into_pane)

    def _run(self, write: Any, done_text: str, into_pane: bool = True) -> None:
        def ok(view: Any) -> None:
            state = getattr(view.state, "label", str(view.state))
            if into_pane:
                self.pane.show_saved(view.id, view.number, state, tr("{0}：{1}（{2}）", done_text, view.number, state))
            self.notice.emit(tr("{0}：{1}", done_text, view.number))

        self.worker.submit(write, ok, self._refused, name=done_text)

    # ---------------------------------------------------------------- three-way lines
    def line_conferenced(self, number: str, caller_call: str) -> None:
        self.lines[number] = {"conferenced_at": self.clock().isoformat()}
        if self.consent(number):  # the caller agreed, where the profile asks (Liangshan 第十一条(一))
            self.lines[number]["consent"] = True
        self.notice.emit(tr("{0} 三方通话已接通，可按“退出三方”（Ctrl+Shift+0）", number))

    def line_dropped(self, number: str) -> None:
        record = self.lines.setdefault(number, {})
        record["dropped_at"] = self.clock().isoformat()
        self.notice.emit(tr("已退出与 {0} 的三方通话", number))
        self.record_lines()

    def record_lines(self) -> None:
        """Write each conferenced line to the saved ticket (EMERGENCY_LINKED), once."""
        from hotline.tickets import commands

        ticket_id = self.pane.ticket_id
        if not ticket_id or not self.lines:
            return
        lines, self.lines = self.lines, {}

        def build(v: Any) -> list[Any]:
            return [commands.link_emergency(v.id, self.actor, line=n, note="一键三方", at=self.clock(), **times)
                    for n, times in lines.items()]

        self._step(ticket_id, build, tr("已记录三方联动"))

    def search_units(self, text: str) -> None:
        def find() -> list[UnitChoice]:
            return [UnitChoice(u.id, u.code, u.name, str(getattr(u.level, "label", u.level)), tuple(u.remit),
                               u.short_name)
                    for u in self.service.units(text, limit=30)]

        self.worker.submit(find, self.pane.show_units, lambda e: self.pane.show_refusal(_short(e)), name="units")


def _now() -> datetime:
    from hotline.timezone import now

    return now()


def _short(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:300]
