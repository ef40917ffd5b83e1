"""A test hook for a desk running as its own process (``hotline desk --probe DIR``); off by default.

Every 200 ms the probe writes the window's screen state, when it changed, as one JSON line to
``DIR/state.jsonl``: ``{"t": <seconds since start>, "notice": <status bar message>, "widgets":
{objectName: {"text": ..., "enabled": ..., "visible": ..., "items": [...]}}}`` for each named label,
button, text field and list. It reads new lines of ``DIR/commands.jsonl`` and does what they say
through the widgets, as a person would: ``{"click": "<button objectName>"}``, ``{"set": "<field
objectName>", "text": "..."}``, ``{"trigger": "<action objectName>"}``, ``{"quit": true}``.

Two desks with phones cannot share a test process (one pjsua2 Endpoint per process), so a test runs
the second desk as a real ``hotline desk`` process and watches and drives it through this probe.
It only reads and writes the two files in DIR that the person starting the desk named.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)


def widget_state(w: QWidget) -> dict[str, Any] | None:
    """What a person sees of one named widget (None for widgets the probe does not report)."""
    if isinstance(w, QListWidget):
        value: dict[str, Any] = {"items": [w.item(i).text() for i in range(w.count())]}
    elif isinstance(w, QPlainTextEdit):
        value = {"text": w.toPlainText()}
    elif isinstance(w, (QLabel, QLineEdit, QAbstractButton)):
        value = {"text": w.text()}
    else:
        return None
    value.update(enabled=w.isEnabled(), visible=w.isVisible())
    return value


class ScreenProbe(QObject):
    """See the module docstring."""

    def __init__(self, window: QWidget, directory: Path, interval_ms: int = 200) -> None:
        super().__init__(window)
        self.window = window
        directory.mkdir(parents=True, exist_ok=True)
        self.state_path, self.commands_path = directory / "state.jsonl", directory / "commands.jsonl"
        self.commands_path.touch()
        self.done = 0  # command lines already carried out
        self.last = ""
        self.started = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        self._commands()
        state = {"notice": self.window.statusBar().currentMessage(),  # type: ignore[attr-defined]
                 "widgets": self.snapshot()}
        text = json.dumps(state, ensure_ascii=False, sort_keys=True)
        if text != self.last:
            self.last = text
            with open(self.state_path, "a", encoding="utf-8") as f:
                f.write(json.dumps({"t": round(time.monotonic() - self.started, 2), **state}, ensure_ascii=False)
                        + "\n")

    def snapshot(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for w in self.window.findChildren(QWidget):
            name = w.objectName()
            if name and not name.startswith("qt_") and name not in out:
                value = widget_state(w)
                if value is not None:
                    out[name] = value
        return out

    def _commands(self) -> None:
        try:
            lines = self.commands_path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return
        for line in lines[self.done:]:
            if not line.endswith("}"):
                break  # still being written
            self.done += 1
            try:
                self.run(json.loads(line))
            except Exception as exc:  # noqa: BLE001 - a bad command is reported in the state, never fatal
                self.window.statusBar().showMessage(f"probe: {type(exc).__name__}: {exc}")  # type: ignore[attr-defined]

    def run(self, command: dict[str, Any]) -> None:
        if command.get("quit"):
            QApplication.instance().quit()  # type: ignore[union-attr]
            return
        if "trigger" in command:
            [action] = [a for a in self.window.findChildren(QAction) if a.objectName() == command["trigger"]]
            action.trigger()
            return
        name = command.get("click") or command.get("set")
        target = self.window.findChild(QWidget, str(name))
        if target is None:
            raise LookupError(f"no widget {name!r}")
        if "click" in command:
            target.click()  # type: ignore[attr-defined]
        elif isinstance(target, QPlainTextEdit):
            target.setPlainText(str(command["text"]))
        else:
            target.setText(str(command["text"]))  # type: ignore[attr-defined]
