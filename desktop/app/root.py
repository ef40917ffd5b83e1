"""The composition root: one place that builds the engines and hands the widgets models and signals.

    root = DeskRoot(settings, account, password, local_url=url)
    root.start()          # phone registering, jobs running, the draft restored
    root.window.show()
    ...
    root.stop()

Storage, the softphone, the knowledge service and the scheduler are created here and nowhere else;
the widgets (desktop.ui) only see plain values and signals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from shiboken6 import isValid

from desktop.app.consent import ConsentGate
from desktop.app.drafts import Drafts
from desktop.app.experts import ExpertsController
from desktop.app.jobs import DeskJobs
from desktop.app.knowledge import KnowledgeController
from desktop.app.lists import ListsController
from desktop.app.phone import PhoneController
from desktop.app.reminders import DueReminders
from desktop.app.settings import DeskSettings
from desktop.app.specialist import SpecialistController
from desktop.app.tickets import TicketsController
from desktop.app.worker import DbWorker
from desktop.ui.tr import tr
from desktop.ui.window import DeskWindow

log = logging.getLogger("desktop")


def queue_labels() -> dict[str, str]:
    """The center plan's queue names -> their Chinese labels (the offering queue on the screen pop)."""
    try:
        from hotline.acd import CenterPlan

        return {q.name: q.label for q in CenterPlan.load(None).queues}
    except Exception:  # noqa: BLE001 - without a readable plan the queue's name is shown as it is
        return {}


@dataclass(frozen=True)
class DeskUser:
    """Who is logged in: the login, a display name, the role and the SIP extension."""

    login: str
    name: str
    role: str
    sip_user: str
    role_label: str = ""
    panes: tuple[str, ...] = ("phone", "screen_pop", "ticket", "knowledge", "lists")
    group: str | None = None  # the account's unit_id: a team lead's or agent's team


class DeskRoot:
    def __init__(self, settings: DeskSettings, user: DeskUser, password: str, *, local_url: str,
                 data_dir: Any = None, softphone_overrides: dict[str, Any] | None = None) -> None:
        from hotline.paths import data_dir as default_data_dir
        from storage.db import engine_for
        from storage.ticket_service import TicketService

        self.settings, self.user = settings, user
        self.data_dir = data_dir or default_data_dir()
        self.engine = engine_for(local_url)
        self.local_url = local_url
        self.worker = DbWorker()
        origin = f"desk-{user.login}"
        self.tickets_service = TicketService(self.engine, origin=origin)
        self.window = DeskWindow(user=user.name or user.login, role=user.role_label or user.role,
                                 profile=settings.profile, lines=tuple((a, b) for a, b in settings.lines),
                                 panes=tuple(user.panes))
        w = self.window
        self.drafts = Drafts(self.data_dir / "drafts", user.login)
        labels = queue_labels()
        w.phone_bar.queue_label = lambda name: labels.get(name, name)
        self.tickets: TicketsController | None = None
        self.specialist: SpecialistController | None = None
        if w.ticket is not None:  # an agent's desk: the caller and ticket panes
            self.tickets = TicketsController(self.worker, self.tickets_service, w.caller, w.ticket,
                                             actor=f"agent-{user.login}", seat=settings.seat, drafts=self.drafts)
            self.tickets.queue_label = w.phone_bar.queue_label
            self.tickets.notice.connect(w.notice)
        elif w.specialist is not None:  # a specialist's desk: the pop of the ticket a call carries
            self.specialist = SpecialistController(self.worker, self.tickets_service, w.specialist, user)
            self.specialist.notice.connect(w.notice)
        self.knowledge_service = self._knowledge(local_url, origin)
        self.knowledge = KnowledgeController(self.worker, self.knowledge_service, w.knowledge)
        if self.tickets is not None:
            self.tickets.knowledge = self.knowledge_service
            self.tickets.consent = lambda number: self.consent.given.pop(number, None)
            w.ticket.intake_changed.connect(self.knowledge.typed)
        self.knowledge.chosen.connect(self._article_chosen)
        self.phone = PhoneController(self._softphone_config(password, softphone_overrides or {}),
                                     acd_uri=f"sip:acd@{settings.center}")
        self.consent = ConsentGate(lambda: w.ticket.values()["profile"] if w.ticket is not None else settings.profile,
                                   lambda text: w.notice(text, 12000))
        self.experts = ExpertsController(self.worker, self.tickets_service, w, self.phone) if w.ticket else None
        if self.experts is not None:
            self.experts.consent = self.consent
        self._wire_phone()
        self.jobs = DeskJobs()
        # background jobs may report after the window is gone (shutdown): only a live window is told
        self.jobs.sync_status.connect(lambda s: isValid(w) and w.show_sync(s.describe(), s.ok))
        self.jobs.job_failed.connect(lambda job, msg: isValid(w) and w.show_sync(tr("{0} 失败：{1}", job, msg), False))
        self.worker.busy.connect(w.show_busy)
        self.worker.failed.connect(lambda job, exc: isValid(w) and w.notice(tr("{0} 失败：{1}", job, exc)))
        w.settings_requested.connect(self.edit_settings)
        if self.experts is not None:
            self.experts.notice.connect(w.notice)
            self.jobs.sync_status.connect(lambda _s: self.experts.refresh_opinions())
        if self.specialist is not None:
            self.jobs.sync_status.connect(self.specialist.after_sync)
        self.lists: ListsController | None = None
        self.reminders: DueReminders | None = None
        if self.tickets is not None:
            self._wire_lists()
        self.recordings: Any = None
        self.media_worker: DbWorker | None = None
        if w.recordings is not None:
            self._wire_recordings(password)
        self.board: Any = None  # the team lead's board (desktop.app.board_wiring), its own window
        if "board" in user.panes:
            from desktop.app.board_wiring import wire_board

            self.board = wire_board(self)

    # -- desk issue 11: the ticket lists and the due-soon reminders
    def _wire_lists(self) -> None:
        w, actor = self.window, f"agent-{self.user.login}"
        tickets = self.tickets
        assert tickets is not None
        self.lists = ListsController(self.worker, self.tickets_service, w.lists, w.ticket, actor=actor,
                                     seat=self.settings.seat, clock=lambda: tickets.clock())
        self.lists.opened.connect(lambda number: w.show_ticket_pane())
        self.lists.notice.connect(w.notice)
        self.reminders = DueReminders(self.worker, self.tickets_service, self.jobs, actor=actor,
                                      clock=lambda: tickets.clock(), notice=lambda text: w.notice(text, 0),
                                      badge=lambda n: w.lists.set_badge("due", n))
        self.reminders.reminded.connect(lambda _: self.lists.refresh("due"))
        w.lists.tabs.currentChanged.connect(
            lambda i: self.reminders.seen_by_agent() if w.lists.tabs.widget(i) is w.lists.lists["due"] else None)

    # -- issue 13: the recordings browser and player (the center's database, grants from the center)
    def _wire_recordings(self, password: str) -> None:
        w = self.window
        if not (self.settings.central_db and self.settings.playback_url):
            w.recordings.show_notice(tr("未设置中心数据库或录音服务地址，无法查询录音"))
            return
        from desktop.app.grants import GrantClient
        from desktop.app.recording_service import RecordingService
        from desktop.app.recordings import RecordingsController
        from hotline.accounts import Role
        from hotline.recording_access import Viewer
        from storage.db import engine_for

        viewer = Viewer(self.user.login, Role.parse(self.user.role), self.user.group, self.user.sip_user or None)
        self.central_engine = engine_for(self.settings.central_db)
        from desktop.app.qa_outbox import QaOutbox
        from hotline.paths import data_dir

        outbox = QaOutbox(data_dir() / "qa-outbox" / self.user.login)  # sheets and marks while the center is away
        service = RecordingService(self.central_engine, viewer,
                                   GrantClient(self.settings.playback_url, self.user.login, password).grant,
                                   outbox=outbox)
        self.media_worker = DbWorker("desk-media")
        self.recordings = RecordingsController(self.worker, self.media_worker, service, w.recordings)
        self.recordings.notice.connect(w.notice)
        self.jobs.add("qa-outbox", self.recordings.flush_outbox, 10)

    # ---------------------------------------------------------------- building
    def _knowledge(self, local_url: str, origin: str) -> Any:
        from storage.knowledge.indexing import IndexKeeper
        from storage.knowledge.service import KnowledgeService

        return KnowledgeService(self.engine, IndexKeeper.for_url(self.engine, local_url), origin=origin)

    def _softphone_config(self, password: str, overrides: dict[str, Any]) -> Any:
        from telephony.softphone import SoftphoneConfig

        recordings = self.settings.recordings / self.user.login
        kw: dict[str, Any] = {"user": self.user.sip_user, "password": password, "display_name": self.user.name,
                              "sound_device": self.settings.sound_device, "recording_dir": recordings,
                              **self.settings.softphone_security()}  # registrar, transport, srtp, tls_ca_file
        kw.update(overrides)
        return SoftphoneConfig(**kw)

    def _wire_phone(self) -> None:
        w, phone = self.window, self.phone
        phone.snapshot.connect(w.phone_bar.show_phone)
        phone.agent_state.connect(w.phone_bar.show_state)
        phone.monitor_indicator.connect(w.phone_bar.show_monitor)
        phone.incoming.connect(self._ringing)
        phone.refused.connect(lambda name, why: w.notice(f"{name}：{why}"))
        phone.failed.connect(lambda why: w.notice(tr("话机启动失败：{0}", why), 0))
        phone.recording.connect(self._recording)
        w.phone_bar.state_requested.connect(phone.request_state)
        w.phone_bar.call_command.connect(phone.command)
        w.phone_bar.line_requested.connect(self._line)
        w.phone_bar.dialpad_requested.connect(self._dialpad)
        if self.tickets is not None:
            phone.snapshot.connect(self.tickets.follow_calls)
            phone.conferenced.connect(self.tickets.line_conferenced)
            phone.dropped.connect(self.tickets.line_dropped)

    def edit_settings(self) -> None:
        """The settings dialog; saved values take effect at the next start (the phone is registered)."""
        from dataclasses import asdict

        from desktop.app.settings import DeskSettings, check_values, save_settings
        from desktop.ui.settingsdialog import SettingsDialog

        dialog = SettingsDialog(asdict(self.settings), lambda v: check_values(self.settings, v), self.window)
        if dialog.exec() and dialog.saved is not None:
            updated = DeskSettings(**{**asdict(self.settings), **dialog.saved})
            save_settings(updated)
            self.window.notice(tr("设置已保存，重新登录后生效"))

    def _line(self, number: str, call_id: str) -> None:
        """One key: a three-way call with ``number``, once the caller agreed where the profile asks."""
        if self.consent.allow(number, tr("与 {0} 三方通话", number)):
            self.phone.three_way(number, call_id)

    def _dialpad(self, call_id: str) -> None:
        from desktop.ui.dialpad import DialPad

        pad = DialPad(self.window)
        pad.digit.connect(lambda key: self.phone.command("dtmf", call_id, key))
        pad.show()

    def _ringing(self, call: Any) -> None:
        if self.tickets is not None:
            self.tickets.pop(call.caller_number, call.queue, call.sip_call_id)
        elif self.specialist is not None:
            self.specialist.ringing(call)

    def _recording(self, event: Any) -> None:
        message = getattr(event, "message", "")
        if message:
            self.window.notice(tr("⚠ 录音告警：{0}", message), 0)

    def _article_chosen(self, article_id: str, version: int, text: str) -> None:
        if self.tickets is None:
            self.window.notice(tr("知识库文章 v{0}", version))
            return
        self.tickets.article = (article_id, version, text)
        self.window.notice(tr("已选择知识库文章 v{0}，可点“直接答复”", version))

    # ---------------------------------------------------------------- running
    def start(self, phone: bool = True) -> None:
        if phone and self.user.sip_user:  # a supervisor's desk has no extension: no phone to register
            self.phone.start()
        if self.settings.central_db:
            self.jobs.add_sync(self.engine, self.settings.central_db, self.settings.sync_every_s)
            keeper = getattr(self.knowledge_service, "keeper", None)
            if keeper is not None:  # articles pulled from the center become searchable at once
                self.jobs.after_sync.append(keeper.refresh)
        else:
            self.window.show_sync(tr("仅本地（未设置中心数据库）"), True)
        if self.settings.recording_store and self.user.sip_user:
            from desktop.app.recupload import Uploader

            self.jobs.add_recording_upload(Uploader(
                self.engine, self.settings.recordings / self.user.login, self.settings.recording_store,
                desk=self.user.sip_user, key=self.settings.recording_upload_key, origin=f"desk-{self.user.login}"))
        if self.reminders is not None:
            self.reminders.schedule(60)
        self.jobs.start()
        if self.lists is not None and self.reminders is not None:
            self.lists.start()
            self.reminders.check()
        if self.tickets is not None:
            self.tickets.restore_draft()
            self.tickets.search_units("")
        if self.specialist is not None:
            self.specialist.start()
        if self.recordings is not None:
            self.recordings.start()
        if self.board is not None:
            self.board.start()

    def stop(self) -> None:
        """Stop everything this root started; the window's timers go first, so nothing fires after."""
        from PySide6.QtCore import QObject, QTimer

        self.window.stop_timers()
        for part in vars(self).values():  # the controllers' own timers (a draft save, a retry)
            if isinstance(part, QObject) and part is not self.window:
                for timer in part.findChildren(QTimer):
                    timer.stop()
        self.jobs.stop()
        if self.board is not None:
            self.board.stop()
        self.knowledge.close()
        self.phone.stop()
        self.worker.stop()
        if self.media_worker is not None:
            self.window.recordings.player.stop()
            self.media_worker.stop()
            self.central_engine.dispose()
        self.engine.dispose()
