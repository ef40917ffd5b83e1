"""Two desks on one real center (Liangshan 第十一条 专家坐席联动): the agent conferences an expert seat.

The agent's desk runs in this process (its pjsua2 softphone); the specialist's desk is a real
``hotline desk`` process signed in as the demo specialist 2101 (one pjsua2 Endpoint per process), watched
and driven through its documented test hook (``--probe DIR``: screen state out, clicks in). Both
working copies sync through a real central PostgreSQL database. A lab caller queues on 12345; the
agent answers, saves the ticket, picks 市人社局's 社保政策专家坐席 with Ctrl+E; the consultation INVITE
carries ``X-Hotline-Ticket`` through Kamailio; the specialist answers in its UI, reads the ticket
(once its copy has pulled it), writes an opinion; the agent drops out and sees the opinion after sync.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.app.root import DeskUser
from desktop.app.settings import DeskSettings
from telephony.center.runner import kamailio_queues
from telephony.lab.audio import FREQUENCY_PLAN
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.test_director import ListStore, _plan, _wait

pytestmark = pytest.mark.desk
SPECIALIST, SPECIALIST_PW = "2101", "demo-2101"
OPINION = "按规定失业前累计缴费满一年、非本人意愿中断就业并已办理失业登记的，可申领失业保险金；建议窗口一次性告知材料"


def _central(url: str) -> None:
    from storage.db import engine_for, upgrade
    from storage.demo import load_demo

    upgrade(url)
    engine = engine_for(url)
    try:
        load_demo(engine, role="center")
    finally:
        engine.dispose()


class ProbedDesk:
    """The specialist's ``hotline desk`` process and its probe files; stopped by PID."""

    def __init__(self, tmp: Path, template: Path, center: str, central_db: str, pump: Any) -> None:
        self.pump = pump  # waits while this process's Qt events run (the agent's desk keeps syncing)
        self.dir = tmp / "specialist"
        home, self.probe = self.dir / "home", self.dir / "probe"
        home.mkdir(parents=True)
        db = self.dir / "desk.sqlite3"
        shutil.copyfile(template, db)
        (home / "desk.json").write_text(json.dumps({"sync_every_s": 1, "profile": "liangshan", "seat": "021"}),
                                        encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_HOME=str(home))
        self.log = open(self.dir / "desk.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desktop.cli.main", "desk", "--db", f"sqlite:///{db}", "--login", SPECIALIST,
             "--password-stdin", "--center", center, "--central-db", central_db, "--probe", str(self.probe),
             "--quit-after", "240"],
            stdin=subprocess.PIPE, stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{SPECIALIST_PW}\n".encode())
        self.proc.stdin.close()

    def state(self) -> dict[str, Any]:
        try:
            lines = (self.probe / "state.jsonl").read_text(encoding="utf-8").splitlines()
        except OSError:
            return {}
        return json.loads(lines[-1]) if lines and lines[-1].endswith("}") else {}

    def text(self, name: str) -> str:
        w = self.state().get("widgets", {}).get(name, {})
        return w.get("text", "") if "items" not in w else "\n".join(w["items"])

    def enabled(self, name: str) -> bool:
        return bool(self.state().get("widgets", {}).get(name, {}).get("enabled"))

    def wait(self, predicate: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the specialist's desk exited: {self.tail()}"
            if predicate():
                return
            self.pump(100)
        raise AssertionError(f"timed out waiting for {what}; last state: {json.dumps(self.state(), ensure_ascii=False)}"
                             f"\nlog: {self.tail()}")

    def do(self, **command: Any) -> None:
        with open(self.probe / "commands.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(command, ensure_ascii=False) + "\n")

    def tail(self) -> str:
        return (self.dir / "desk.log").read_text(encoding="utf-8", errors="replace")[-3000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.do(quit=True)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(5)
        self.log.close()


def test_the_agent_conferences_an_expert_seat_whose_desk_pops_the_ticket_and_answers_with_an_opinion(
        center, director, lab, make_desk, demo_db_template, pg_url, qtbot, tmp_path):
    _central(pg_url)
    plan = _plan(max_wait_s=120, login_state="not-ready")
    k = center(users={**AGENTS, SPECIALIST: SPECIALIST_PW}, queues=kamailio_queues(plan))
    store = ListStore()
    director(plan, k, store)
    specialist = ProbedDesk(tmp_path, demo_db_template, k.host, pg_url, qtbot.wait)
    try:
        _conference_and_opinion(specialist, k, store, lab, make_desk, pg_url, qtbot, tmp_path)
    finally:
        specialist.stop()
    assert specialist.proc.returncode == 0, specialist.tail()
    assert "Traceback" not in specialist.tail()


def _conference_and_opinion(specialist: ProbedDesk, k, store, lab, make_desk, pg_url, qtbot, tmp_path) -> None:
    settings = DeskSettings(center=k.host, profile="liangshan", seat="007", central_db=pg_url, sync_every_s=1)
    root = make_desk(settings=settings, user=DeskUser("1001", "张三", "agent", "1001", "话务员"),
                     password=AGENTS["1001"], phone=True,
                     softphone_overrides={"voice_tone_hz": FREQUENCY_PLAN["agent"], "recording_dir": tmp_path / "rec",
                                          "log_level": 0})
    w, bar = root.window, root.window.phone_bar
    qtbot.waitUntil(lambda: "已注册" in bar.reg_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: bar.state_name == "not-ready", timeout=5000)
    specialist.wait(lambda: "已注册" in specialist.text("registration"), 60, "the specialist's phone registered")
    assert specialist.state()["widgets"]["specialistPane"] if "specialistPane" in specialist.state()["widgets"] \
        else specialist.text("specialistStatus")  # the specialist gets the pop, not the ticket pane
    assert "ticketPane" not in specialist.state()["widgets"] and "content" not in specialist.state()["widgets"]
    # a caller queues on 12345; the agent goes 示闲 and answers
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FREQUENCY_PLAN["caller-1"])
    call = caller.call(f"sip:12345@{k.host}")
    _wait(lambda: "queued" in store.kinds(), 5, "queued")
    bar.buttons["ready"].click()
    qtbot.waitUntil(lambda: bar.buttons["answer"].isEnabled(), timeout=10000)
    bar.buttons["answer"].click()
    caller.wait_call(call, "CONFIRMED", timeout=10)
    pane = w.ticket
    pane.category.setCurrentIndex(pane.category.findData("complaint"))
    pane.content.insertPlainText("来电人失业后询问失业保险金申领条件，反映窗口多次让其补材料")
    pane.save.click()
    qtbot.waitUntil(lambda: bool(pane.ticket_id), timeout=5000)
    ticket_id, number = pane.ticket_id, pane.ticket_number
    # Ctrl+E: the expert seats from the working copy, searched by topic
    [experts] = [a for a in w.actions() if a.objectName() == "expertsAction"]
    experts.trigger()
    picker = w.expert_picker
    qtbot.waitUntil(lambda: picker.list.count() > 1, timeout=5000)
    picker.search.setText("失业")
    assert picker.list.count() == 1 and "社保政策专家坐席" in picker.list.item(0).text()
    assert "工作日 8:30-17:30" in picker.list.item(0).text()
    notices: list[str] = []
    w.statusBar().messageChanged.connect(notices.append)
    picker.conference.click()  # on Liangshan the caller must agree first (第十一条(一)): the agent asks ...
    assert any("第十一条(一)" in n for n in notices)
    picker.conference.click()  # ... and presses again once the caller agreed
    # the specialist's desk rings with the ticket's number from the INVITE; the specialist answers in its UI
    specialist.wait(lambda: specialist.enabled("answerButton"), 15, "the specialist's phone ringing")
    assert number in specialist.text("specialistTitle")
    specialist.do(click="answerButton")
    qtbot.waitUntil(lambda: bar.buttons["dropOut"].isEnabled(), timeout=15000)  # three people talk
    qtbot.waitUntil(lambda: "专家坐席" in w.statusBar().currentMessage(), timeout=5000)
    # the pop: the ticket once the specialist's copy has pulled it, read-only, with its clocks
    specialist.wait(lambda: "·" in specialist.text("specialistTitle"), 30, "the ticket synced to the specialist")
    assert specialist.text("specialistContent").startswith("来电人失业后询问失业保险金申领条件")
    assert "派单时限" in specialist.text("specialistClocks") and "来电人：138****0001" in specialist.text(
        "specialistFacts")
    qtbot.wait(1000)
    bar.buttons["dropOut"].click()  # the agent leaves; the caller stays with the expert seat
    specialist.wait(lambda: any(c["state"] == "CONFIRMED" and "2101" in (c["remote_uri"] or "")
                                for c in caller.status()["calls"]), 10, "the caller talking to the expert seat")
    specialist.wait(lambda: number in specialist.text("specialistTitle"), 5, "the pop kept across the hand-over")
    specialist.do(set="opinionText", text=OPINION)
    specialist.do(click="submitOpinion")
    specialist.wait(lambda: OPINION in specialist.text("opinionList"), 15, "the opinion on the specialist's pop")
    # the agent's desk: the opinion arrives with the next sync
    qtbot.waitUntil(lambda: any(OPINION in w.opinions.list.item(i).text() for i in range(w.opinions.list.count())),
                    timeout=30000)
    [opinion] = root.tickets_service.get(ticket_id).opinions
    assert (opinion.seat, opinion.unit, opinion.actor) == ("社保政策专家坐席", "青川市人力资源和社会保障局",
                                                           "specialist-2101")
    caller.hangup()
