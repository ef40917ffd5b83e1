"""The desk of ``hotline desk-demo``: signed in as the demo agent; a lab caller rings once it is 示闲.

Scripted (``--script``), it plays the call through the desk's own widgets, as an agent would with the
keyboard: 示闲 (F8), answer (F2), the ticket written from the caller's spoken request, saved, dispatched
to the unit the request belongs to, hang up (F3); a screenshot at each step. Every step waits for what
the center and the phone report, never for a fixed time alone.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.ui.tr import tr

REQUEST = "wuye-shoufei"  # 我要投诉小区物业乱收费 (resources/speech)


def request_text(name: str) -> tuple[str, str, Path]:
    """(category label, text, WAV) of a recorded caller request."""
    from hotline.paths import resources_dir

    speech = resources_dir() / "speech"
    with open(speech / "requests.tsv", encoding="utf-8") as f:
        for row in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t"):
            if row and row[0] == name:
                return row[1], row[2], speech / f"{name}.wav"
    raise KeyError(name)


class DemoDesk:
    def __init__(self, home: Path, desk_url: str, center_url: str, center: str, login: str, password: str,
                 caller: Any, *, shots: Path, scripted: bool, max_seconds: float) -> None:
        self.home, self.desk_url, self.center_url, self.center = home, desk_url, center_url, center
        self.login, self.password, self.caller = login, password, caller
        self.shots, self.scripted, self.max_seconds = shots, scripted, max_seconds
        self.called = False
        self.code = 0

    def run(self) -> int:
        from PySide6.QtCore import QTimer

        from desktop.app.login import check
        from desktop.app.main import _application
        from desktop.app.root import DeskRoot
        from desktop.app.settings import DeskSettings

        app = _application("zh_CN")
        user, problem = check(self.desk_url, self.login, self.password)
        if problem:
            raise RuntimeError(problem)
        settings = DeskSettings(center=self.center, central_db=self.center_url, profile="national", seat="001",
                                recording_dir=str(self.home / "recordings"))
        self.root = DeskRoot(settings, user, self.password, local_url=self.desk_url, data_dir=self.home / "desk")
        self.root.start()
        w = self.root.window
        w.resize(1500, 860)
        w.show()
        self.root.phone.agent_state.connect(self._state)
        QTimer.singleShot(int(self.max_seconds * 1000), app.quit)
        if self.scripted:
            self.steps = self._script()
            self._next()
        app.exec()
        self.root.stop()
        return self.code

    # ---------------------------------------------------------------- the caller
    def _state(self, state: Any) -> None:
        if state.state == "ready" and not self.called:
            self.called = True
            _, _, wav = request_text(REQUEST)
            self.caller.call(f"sip:12345@{self.center}", play={"wav": wav})

    # ---------------------------------------------------------------- the script
    def _script(self) -> list[tuple[str, Callable[[], bool], Callable[[], None], float]]:
        """(what, ready?, do, timeout s): each step waits until ready, then acts."""
        w = self.root.window
        bar, pane = w.phone_bar, w.ticket
        category, text, _ = request_text(REQUEST)

        def key(name: str) -> Callable[[], None]:
            return lambda: next(a for a in bar.actions() if a.objectName() == f"{name}Action").trigger()

        def write() -> None:
            pane.category.setCurrentIndex(max(0, pane.category.findText(category)))
            pane.inputs["caller_name"].setText("李女士")
            pane.inputs["matter_address"].setText("青川市河西区阳光小区")
            pane.content.setPlainText(f"{text}。来电人反映物业每月多收公摊电费，要求核查并退还。")

        def dispatch() -> None:
            pane.unit_query.setText("住建")

        return [
            ("registered", lambda: "已注册" in bar.reg_label.text(), self._shot("1-signed-in"), 20),
            ("ready", lambda: bar.state_name != "logged-out" or self.called, self._ready(key("ready")), 10),
            ("ringing", lambda: bar.buttons["answer"].isEnabled(), self._shot("2-ringing"), 30),
            ("answer", lambda: True, key("answer"), 5),
            ("talking", lambda: bar.state_name == "talking", write, 15),
            ("suggested", lambda: w.knowledge.hits.count() > 0, self._shot("3-call-ticket"), 15),
            ("save", lambda: tr("时限预览：") + "转办" in pane.preview.text(), lambda: pane.save.click(), 10),
            ("saved", lambda: bool(pane.ticket_id), dispatch, 10),
            ("units", lambda: pane.units.count() > 0, lambda: pane.dispatch.click(), 10),
            ("dispatched", lambda: tr("已派发") in pane.status.text(), self._shot("4-dispatched"), 10),
            ("hang up", lambda: True, key("hangup"), 5),
            ("wrap-up", lambda: bar.state_name in ("wrap-up", "ready"), self._shot("5-after-call"), 15),
            ("done", lambda: True, self._quit, 5),
        ]

    def _ready(self, press: Callable[[], None]) -> Callable[[], None]:
        """示闲 (F8) unless the director already made the agent ready (the plan's login state)."""
        bar = self.root.window.phone_bar
        return lambda: None if bar.state_name in ("ready", "ringing", "talking") else press()

    def _next(self) -> None:
        from PySide6.QtCore import QTimer

        if not self.steps:
            return
        what, ready, do, timeout = self.steps[0]
        self._deadline = getattr(self, "_deadline", None) or _now() + timeout
        if ready():
            self.steps.pop(0)
            self._deadline = None
            print(f"demo: {what}", flush=True)
            do()
            QTimer.singleShot(600, self._next)
            return
        if _now() > self._deadline:
            print(f"demo: step '{what}' did not happen within {timeout:g} s", flush=True)
            self._shot(f"failed-{what.replace(' ', '-')}")()
            self.code = 1
            self._quit()
            return
        QTimer.singleShot(200, self._next)

    def _shot(self, name: str) -> Callable[[], None]:
        def save() -> None:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.root.window.grab().save(str(self.shots / f"desk-{name}.png"))

        return save

    def _quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.instance().quit()


def _now() -> float:
    import time

    return time.monotonic()
