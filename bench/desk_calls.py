"""The desk benchmark's center and its calls: Kamailio with the accounts' HA1s, the real queue director
(telephony.center.director_main, agent 1001, wrap-up 0), and SIPp callers one at a time (``-l 1``:
the next caller dials when the last one has hung up) from bench/sipp/desk-caller.xml, each waiting for
the agent to hang up. ``handle_calls`` is the agent: for every call, through the desk's widgets,
ring -> 接听 (the bar's answerAction, F2) -> category and content typed -> 保存受理 -> ticket saved ->
挂断 (hangupAction, F3) -> a new ticket pane; the process's RSS is sampled after each call.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.desk_ui import spin
from telephony.lab.sipp import _base, run_sipp

SCENARIO = Path(__file__).resolve().parent / "sipp" / "desk-caller.xml"
CONTENTS = ("小区门口夜市噪音扰民，每晚到凌晨", "路灯不亮已经一周，晚上出行不便", "供暖不热，屋里只有十几度",
            "楼上漏水到我家，物业不管", "公交站牌被撞坏了没人修")


def rss_mb() -> float:
    """This process's resident set (MiB), from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def center(db_url: str, run: Path, seconds: float) -> Any:
    """Kamailio (HA1s from the working copy's accounts) and the real director; yields the Kamailio."""
    from sqlalchemy.orm import Session

    from storage.accounts import AccountRepository
    from storage.db import engine_for
    from telephony.center.kamailio import start_center_kamailio

    engine = engine_for(db_url)
    with Session(engine) as session:
        ha1 = AccountRepository(session, None).sip_credentials()
    engine.dispose()
    k = start_center_kamailio(run / "kamailio", ha1=ha1, queues={"12345": "general"}, trusted=["127.0.0.1"])
    command = [sys.executable, "-m", "telephony.center.director_main", "--evapi-port", str(k.evapi_port),
               "--ctl-socket", str(k.ctl_socket), "--domain", k.host, "--agents", "1001-1001", "--wrap-up-s", "0",
               "--seconds", str(int(seconds)), "--db", f"sqlite:///{run / 'center.sqlite3'}"]
    director = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        if director.stdout is None or director.stdout.readline().strip() != "READY":
            raise RuntimeError("the director did not connect to evapi")
        yield k
    finally:
        director.terminate()
        try:
            director.wait(10)
        except subprocess.TimeoutExpired:
            director.kill()
            director.wait(5)
        k.stop()


def start_callers(port: int, numbers: list[str], run: Path, per_call_s: float = 20.0) -> tuple[threading.Thread, dict]:
    """SIPp dialling 12345 once per number, one call at a time, in a thread; its result lands in the dict."""
    inject = run / "callers.csv"
    inject.write_text("SEQUENTIAL\n" + "".join(f"{n};\n" for n in numbers))
    timeout_s = len(numbers) * per_call_s + 30
    args = _base(str(SCENARIO), port, _free(), timeout_s) + [
        "-s", "12345", "-r", "5", "-l", "1", "-m", str(len(numbers)), "-inf", str(inject), "-recv_timeout", "60000"]
    out: dict[str, Any] = {}

    def run_it() -> None:
        try:
            out["result"] = run_sipp(args, run, "desk-callers", timeout_s)
        except Exception as exc:  # noqa: BLE001 - reported in the results
            out["error"] = f"{type(exc).__name__}: {exc}"

    thread = threading.Thread(target=run_it, name="sipp-callers", daemon=True)
    thread.start()
    return thread, out


def _free() -> int:
    from telephony.lab.sipp import free_port

    return free_port()


def _action(bar: Any, name: str) -> Any:
    return next(a for a in bar.actions() if a.objectName() == name)


def handle_calls(root: Any, calls: int, log: Any) -> dict[str, Any]:
    """Answer, ticket and hang up ``calls`` calls through the widgets; RSS after each (see the docstring)."""
    w = root.window
    bar, pane, phone = w.phone_bar, w.ticket, root.phone
    answer, hangup = _action(bar, "answerAction"), _action(bar, "hangupAction")
    complaint = pane.category.findData("complaint")
    rss: list[float] = []
    saved, refused = 0, []
    t0 = time.monotonic()
    for i in range(calls):
        spin(lambda: bar.buttons["answer"].isEnabled(), 60, f"call {i + 1} ringing")
        answer.trigger()
        spin(lambda: phone.last is not None and any(c.state.value == "confirmed" for c in phone.last.calls), 15,
             f"call {i + 1} answered")
        if not pane.inputs["caller_phone"].text():  # the pop fills it; a late pop would not
            pane.inputs["caller_phone"].setText(phone.last.calls[0].caller_number)
        pane.category.setCurrentIndex(complaint)
        pane.content.insertPlainText(f"{CONTENTS[i % len(CONTENTS)]}（第{i + 1}通）")
        before = pane.status.text()
        pane.save.click()
        spin(lambda b=before: bool(pane.ticket_id) or (pane.status.text() not in (b, "")), 15,
             f"call {i + 1} ticket saved")
        if pane.ticket_id:
            saved += 1
        else:
            refused.append(pane.status.text())
        pane.clear()
        hangup.trigger()
        spin(lambda: phone.last is not None and all(c.state.value == "disconnected" for c in phone.last.calls), 15,
             f"call {i + 1} hung up")
        rss.append(rss_mb())
        if (i + 1) % 20 == 0:
            print(f"  {i + 1} calls, {saved} tickets, rss {rss[-1]:.1f} MiB, {time.monotonic() - t0:.0f} s",
                  file=log, flush=True)
    return {"calls": calls, "tickets_saved": saved, "refused": refused[:5], "rss_per_call_mb": rss,
            "seconds": round(time.monotonic() - t0, 1)}
