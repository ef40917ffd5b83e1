"""The ticket pane, filled while talking: intake, live deadline preview, and the dispositions.

The pane validates what it can see (an empty content, a phone number that is not one) next to the
field, and says what the agent asked for by signal; the app writes through the lifecycle and answers
with ``show_saved`` / ``show_refusal`` (the lifecycle's named error and its article). Values are
plain dicts and strings; nothing here touches storage.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dispositions import DispositionBox
from desktop.ui.dispositions import named as _named
from desktop.ui.intake import class_choices, mode_choices, refill, validate
from desktop.ui.tr import tr, tr_noop
from desktop.ui.views import DueLine, UnitChoice
from hotline.enums import Category, Channel, Urgency
from hotline.policy_loader import load_profile, profile_ids

FIELDS = ("caller_name", "caller_phone", "caller_address", "matter_address")
LABELS = {"caller_name": tr_noop("来电人"), "caller_phone": tr_noop("联系电话"), "caller_address": tr_noop("来电人地址"),
          "matter_address": tr_noop("事发地址"), "content": tr_noop("诉求内容")}  # translated where shown


class TicketPane(QWidget):
    """See the module docstring."""

    intake_changed = Signal(dict)  # every edit: the app saves the draft and previews the deadlines
    create_requested = Signal(dict)
    dispatch_requested = Signal(str, str)  # (ticket id, unit id): 单一承办
    dispatch_many = Signal(str, object, str)  # (ticket id, unit ids (the lead first), mode): several units
    not_accept_requested = Signal(str, str)  # (ticket id, guidance class key)
    answer_requested = Signal(str)  # ticket id: answer with the article chosen in the knowledge pane
    unit_search = Signal(str)

    def __init__(self, profile: str = "national", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPane")
        self.setAccessibleName(tr("工单"))
        self.ticket_id = ""
        self.ticket_number = ""
        self.call_id = ""
        self.interaction_id = ""  # the call's recording, linked to the ticket
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel(tr("新工单"), self)
        self.title.setObjectName("ticketTitle")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.draft = QLabel("", self)
        self.draft.setObjectName("draftStatus")
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.draft)
        outer.addLayout(head)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key in FIELDS:
            edit = _named(QLineEdit(self), key, tr(LABELS[key]))
            edit.textChanged.connect(self._changed)
            self.inputs[key] = edit  # type: ignore[assignment]
            form.addRow(tr(LABELS[key]), self._with_error(key, edit))
        self.content = _named(QPlainTextEdit(self), "content", tr(LABELS["content"]))
        self.content.setPlaceholderText(tr("记录来电人的诉求：时间、地点、事情经过、诉求"))
        self.content.setMinimumHeight(110)
        self.content.textChanged.connect(self._changed)
        form.addRow(tr(LABELS["content"]), self._with_error("content", self.content))
        self.profile = _named(QComboBox(self), "profile", tr("适用规则"))
        for pid in profile_ids():
            self.profile.addItem(load_profile(pid).name, pid)
        self.profile.setCurrentIndex(max(0, self.profile.findData(profile)))
        self.category = self._combo("category", tr("类别"), [(c.value, c.label) for c in Category])
        self.urgency = self._combo("urgency", tr("紧急程度"), [(u.value, u.label) for u in Urgency])
        self.channel = self._combo("channel", tr("渠道"), [(c.value, c.label) for c in Channel])
        grid = QGridLayout()
        for i, (label, w) in enumerate(((tr("规则"), self.profile), (tr("类别"), self.category),
                                        (tr("紧急程度"), self.urgency), (tr("渠道"), self.channel))):
            grid.addWidget(QLabel(label, self), 0, 2 * i)
            grid.addWidget(w, 0, 2 * i + 1)
            w.currentIndexChanged.connect(self._changed)
        outer.addLayout(form)
        outer.addLayout(grid)
        self.preview = QLabel(tr("时限预览："), self)
        self.preview.setObjectName("duePreview")
        self.preview.setAccessibleName(tr("时限预览"))
        self.preview.setWordWrap(True)
        outer.addWidget(self.preview)
        outer.addWidget(self._dispositions())
        self.status = QLabel("", self)
        self.status.setObjectName("ticketStatus")
        self.status.setAccessibleName(tr("工单提示"))
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        outer.addStretch(1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(lambda: self.intake_changed.emit(self.values()))
        self._loading = False
        self._refresh_classes()
        self._refresh_modes()
        self._update_buttons()

    # ---------------------------------------------------------------- building
    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        box = QWidget(self)
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addWidget(widget)
        err = QLabel("", box)
        err.setObjectName(f"{key}Error")
        err.setStyleSheet("color: #c62828;")
        err.setVisible(False)
        col.addWidget(err)
        self.errors[key] = err
        return box

    def _combo(self, name: str, accessible: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = _named(QComboBox(self), name, accessible)
        for value, label in items:
            combo.addItem(label, value)
        return combo  # type: ignore[return-value]

    def _dispositions(self) -> QGroupBox:
        box = DispositionBox(self)
        self.save, self.answer, self.reject_class, self.not_accept = box.save, box.answer, box.reject_class, \
            box.not_accept
        self.unit_query, self.mode, self.dispatch, self.units = box.unit_query, box.mode, box.dispatch, box.units
        self.save.clicked.connect(self._create)
        self.answer.clicked.connect(lambda: self.answer_requested.emit(self.ticket_id))
        self.not_accept.clicked.connect(
            lambda: self.not_accept_requested.emit(self.ticket_id, self.reject_class.currentData() or ""))
        self.unit_query.textChanged.connect(lambda t: self.unit_search.emit(t))
        self.dispatch.clicked.connect(self._dispatch)
        self.units.itemActivated.connect(lambda _item: self._dispatch())
        return box

    # ---------------------------------------------------------------- values
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: w.text().strip() for k, w in self.inputs.items()}
        out["content"] = self.content.toPlainText().strip()
        out["profile"] = self.profile.currentData()
        out["category"] = self.category.currentData()
        out["urgency"] = self.urgency.currentData()
        out["channel"] = self.channel.currentData()
        out["call_id"] = self.call_id
        out["interaction_id"] = self.interaction_id
        out["ticket_id"] = self.ticket_id
        return out

    def load(self, values: dict[str, Any]) -> None:
        """Fill the form (a restored draft, a screen pop's number)."""
        self._loading = True
        try:
            for key, edit in self.inputs.items():
                if key in values:
                    edit.setText(str(values.get(key) or ""))
            if "content" in values:
                self.content.setPlainText(str(values.get("content") or ""))
            for key, combo in (("profile", self.profile), ("category", self.category), ("urgency", self.urgency),
                               ("channel", self.channel)):
                if values.get(key):
                    combo.setCurrentIndex(max(0, combo.findData(values[key])))
            self.call_id = str(values.get("call_id") or self.call_id)
            self.interaction_id = str(values.get("interaction_id") or self.interaction_id)
            self.ticket_id = str(values.get("ticket_id") or "")
        finally:
            self._loading = False
        self._refresh_classes()
        self._refresh_modes()
        self._update_buttons()
        self.intake_changed.emit(self.values())

    def clear(self) -> None:
        self.ticket_id = ""
        self.ticket_number = ""
        self.call_id = ""
        self.interaction_id = ""
        self.load({k: "" for k in (*FIELDS, "content")})
        self.title.setText(tr("新工单"))
        self.status.setText("")
        self.draft.setText("")

    def _changed(self) -> None:
        if self._loading:
            return
        self._refresh_classes()
        self._refresh_modes()
        for err in self.errors.values():
            err.setVisible(False)
        self._debounce.start()

    def _refresh_modes(self) -> None:
        refill(self.mode, mode_choices(self.profile.currentData()))

    def _refresh_classes(self) -> None:
        refill(self.reject_class, class_choices(self.profile.currentData()))

    # ---------------------------------------------------------------- requests
    def _create(self) -> None:
        values = self.values()
        problems = validate(values)
        for key, message in problems.items():
            self.errors[key].setText(message)
            self.errors[key].setVisible(True)
        if problems:
            self.status.setText(tr("请先更正标红的内容"))
            first = next(iter(problems))
            (self.content if first == "content" else self.inputs[first]).setFocus()
            return
        self.create_requested.emit(values)

    def _dispatch(self) -> None:
        item = self.units.currentItem()
        if not self.ticket_id:
            self.status.setText(tr("请先保存受理，再派发"))
            return
        if item is None:
            self.status.setText(tr("请先在列表中选择承办单位"))
            return
        mode = self.mode.currentData() or "single"
        chosen = [item] + [i for i in self.units.selectedItems() if i is not item]
        ids = tuple(i.data(Qt.ItemDataRole.UserRole) for i in chosen)
        if mode == "single":
            if len(ids) > 1:
                self.status.setText(tr("单一承办只能选一个单位；多个单位请选择派发方式"))
                return
            self.dispatch_requested.emit(self.ticket_id, ids[0])
            return
        if len(ids) < 2:
            self.status.setText(tr("{0}需选择至少两个单位（按住 Ctrl 多选，当前项为主办）", self.mode.currentText()))
            return
        self.dispatch_many.emit(self.ticket_id, ids, mode)

    # ---------------------------------------------------------------- answers from the app
    def show_preview(self, lines: list[DueLine]) -> None:
        parts = []
        for line in lines:
            if line.due is None:
                parts.append(tr("{0}：未设定", line.label))
            else:
                mark = tr("（暂定）") if line.provisional else ""
                parts.append(f"{line.label} {line.due:%m-%d %H:%M}{mark}")
        self.preview.setText(tr("时限预览：") + "  ".join(parts))

    def show_saved(self, ticket_id: str, number: str, state: str, note: str = "") -> None:
        self.ticket_id, self.ticket_number = ticket_id, number
        self.draft.setText("")
        self.title.setText(tr("工单 {0} · {1}", number, state))
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText(note or tr("已保存：{0}（{1}）", number, state))
        self._update_buttons()

    def show_refusal(self, message: str) -> None:
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(message)

    def show_draft_saved(self, when: str) -> None:
        self.draft.setText(tr("草稿已保存 {0}", when))

    def show_units(self, units: list[UnitChoice]) -> None:
        self.units.clear()
        for u in units:
            remit = f" · {'、'.join(u.remit[:3])}" if u.remit else ""
            short = f"{u.short_name} · " if u.short_name else ""
            item = QListWidgetItem(f"{u.name}（{short}{u.code}）{remit}")
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            self.units.addItem(item)
        if units:
            self.units.setCurrentRow(0)

    def _update_buttons(self) -> None:
        saved = bool(self.ticket_id)
        self.save.setEnabled(not saved)
        for w in (self.answer, self.not_accept, self.dispatch):
            w.setEnabled(saved)
