"""A test hook, off unless asked for: the desk follows a file of scripted steps and says what it did.

    hotline desk ... --script steps.jsonl --print-ready

Only ``--script FILE`` turns it on (tests and benchmarks; an agent's desk never has it). The desk
polls FILE every 50 ms and runs each new complete line on the GUI thread, through the same widgets
an agent uses, then prints ``SCRIPT <n> <do> ok`` (flushed) on standard output. A step is a JSON
object; ``do`` is one of:

    {"do": "pop", "number": "13800000001", "call_id": "abc@h"}   # a ringing call: TicketsController.pop
    {"do": "type", "field": "content", "text": "夜市噪音"}         # typed at the end of a field
    {"do": "save"}                                               # 保存受理; ok once saved (or refused)
    {"do": "new"}                                                # an empty ticket pane
    {"do": "dump"}                                               # prints SCRIPT <n> dump {the pane's values}
    {"do": "quit"}

``--print-ready`` (independent of ``--script``) prints ``READY window`` once the window is shown and
a draft restored, and ``READY registered`` once the phone is registered with the center.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer


def say(line: str) -> None:
    """One line on standard output, flushed at once (the reader may SIGKILL us any moment)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class DeskScript(QObject):
    """Follows ``path`` and runs its steps against ``root`` (a DeskRoot); see the module docstring."""

    def __init__(self, root: Any, path: Path, quit: Any) -> None:
        super().__init__()
        self.root, self.path, self.quit = root, Path(path), quit
        self.offset = 0
        self.count = 0
        self.waiting: int | None = None  # a save step in flight: its number
        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.poll)
        pane = root.window.ticket
        self._saved_before = pane.status.text()

    def start(self) -> None:
        self.timer.start()

    def poll(self) -> None:
        if self.waiting is not None:
            self._check_saved()
            return
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                chunk = fh.read()
        except OSError:
            return
        while b"\n" in chunk and self.waiting is None:
            line, chunk = chunk.split(b"\n", 1)
            self.offset += len(line) + 1
            if line.strip():
                self.run(json.loads(line))

    def run(self, step: dict[str, Any]) -> None:
        self.count += 1
        n, do = self.count, str(step.get("do"))
        pane = self.root.window.ticket
        if do == "pop":
            self.root.tickets.pop(str(step["number"]), str(step.get("queue", "12345")), str(step.get("call_id", "")))
        elif do == "type":
            field = str(step.get("field", "content"))
            widget = pane.content if field == "content" else pane.inputs[field]
            widget.setFocus()
            if field == "content":
                widget.moveCursor(widget.textCursor().MoveOperation.End)
                widget.insertPlainText(str(step["text"]))
            else:
                widget.end(False)
                widget.insert(str(step["text"]))
        elif do == "save":
            self._saved_before = pane.status.text()
            pane.save.click()
            self.waiting = n
            return
        elif do == "new":
            pane.clear()
        elif do == "dump":
            say(f"SCRIPT {n} dump " + json.dumps(pane.values(), ensure_ascii=False))
            return
        elif do == "quit":
            say(f"SCRIPT {n} quit ok")
            self.quit()
            return
        else:
            say(f"SCRIPT {n} {do} unknown")
            return
        say(f"SCRIPT {n} {do} ok")

    def _check_saved(self) -> None:
        pane = self.root.window.ticket
        if pane.ticket_id:
            say(f"SCRIPT {self.waiting} save ok {pane.ticket_id}")
        elif pane.status.text() != self._saved_before and pane.status.text():
            say(f"SCRIPT {self.waiting} save refused {pane.status.text()}")
        else:
            return
        self.waiting = None


def ready_lines(root: Any) -> None:
    """``READY window`` now (the window is up, a draft restored); ``READY registered`` once registered."""
    from telephony.softphone.model import Registration

    say("READY window")
    done = {"registered": False}

    def seen(snapshot: Any) -> None:
        if not done["registered"] and snapshot.registration == Registration.REGISTERED:
            done["registered"] = True
            say("READY registered")

    root.phone.snapshot.connect(seen)
