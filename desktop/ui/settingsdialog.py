"""The desk's settings dialog: the center's address, the seat, the profile, recordings, audio, sync.

It edits a plain dict and asks ``check(values)`` (the app's validation) before it closes: a bad value
is named next to its field with what to do, and nothing is saved until every field is right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tr import tr, tr_noop
from hotline.policy_loader import load_profile, profile_ids

LABELS = {"center": tr_noop("呼叫中心地址"), "central_db": tr_noop("中心数据库"), "seat": tr_noop("坐席号"),
          "profile": tr_noop("适用规则"), "recording_dir": tr_noop("录音目录"), "sound_device": tr_noop("音频设备"),
          "sync_every_s": tr_noop("同步间隔（秒）"), "language": tr_noop("界面语言")}


class SettingsDialog(QDialog):
    def __init__(self, values: dict[str, Any], check: Callable[[dict[str, Any]], tuple[str, str] | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("工作台设置"))
        self.check = check
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        box = QVBoxLayout(self)
        form = QFormLayout()
        for key in ("center", "central_db", "seat", "recording_dir"):
            edit = QLineEdit(str(values.get(key) or ""), self)
            self._field(form, key, edit)
        profile = QComboBox(self)
        for pid in profile_ids():
            profile.addItem(load_profile(pid).name, pid)
        profile.setCurrentIndex(max(0, profile.findData(values.get("profile"))))
        self._field(form, "profile", profile)
        sound = QComboBox(self)
        sound.addItem(tr("耳机（系统默认设备）"), "default")
        sound.addItem(tr("无（仅测试）"), "null")
        sound.setCurrentIndex(max(0, sound.findData(values.get("sound_device"))))
        self._field(form, "sound_device", sound)
        every = QSpinBox(self)
        every.setRange(1, 3600)
        every.setValue(int(values.get("sync_every_s") or 5))
        self._field(form, "sync_every_s", every)
        language = QComboBox(self)
        language.addItem("简体中文", "zh_CN")
        language.addItem("English", "en")
        language.setCurrentIndex(max(0, language.findData(values.get("language"))))
        self._field(form, "language", language)
        box.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.saved: dict[str, Any] | None = None

    def _field(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        widget.setObjectName(f"setting_{key}")
        widget.setAccessibleName(tr(LABELS[key]))
        holder = QWidget(self)
        col = QVBoxLayout(holder)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(widget)
        err = QLabel("", holder)
        err.setObjectName(f"setting_{key}Error")
        err.setStyleSheet("color: #c62828;")
        err.setWordWrap(True)
        err.setVisible(False)
        col.addWidget(err)
        form.addRow(tr(LABELS[key]), holder)
        self.fields[key], self.errors[key] = widget, err

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.fields.items():
            if isinstance(w, QLineEdit):
                out[key] = w.text().strip()
            elif isinstance(w, QComboBox):
                out[key] = w.currentData()
            elif isinstance(w, QSpinBox):
                out[key] = w.value()
        return out

    def _save(self) -> None:
        for err in self.errors.values():
            err.setVisible(False)
        values = self.values()
        problem = self.check(values)
        if problem is not None:
            key, message = problem
            target = self.errors.get(key)
            if target is not None:
                target.setText(message)
                target.setVisible(True)
                self.fields[key].setFocus()
            return
        self.saved = values
        self.accept()
