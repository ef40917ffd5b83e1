"""The frozen bundle run for real: ``hotline rules due``, the database commands, the desk through a call.

Used by ``python -m bench installer`` (bench.installer) and tests/installer. Everything runs from the
bundle's ``hotline`` executable except Kamailio (Debian's, which the bundle does not carry): the
center (``hotline center run`` until ready, its director, announcer, music server and watchdog each
``hotline _child MODULE``), and the desk offscreen (``--probe``: its screen state out, clicks in) signs in as
1001, registers with the lab Kamailio, rings when a lab caller (itself the bundle's helper process,
``hotline _child telephony.lab.peer``) dials it, is answered by a click and hears the caller hang up.
Every process is bounded in time and stopped by its PID.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RULES_DUE = ["rules", "due", "--profile", "liangshan", "--clock", "finish", "--category", "投诉",
             "--from", "2026-09-30T10:00"]
RULES_DUE_EXPECTED = "2026-10-20T17:30:00+08:00"  # 10 working days across 国庆 (README)
AGENT, PASSWORD = "1001", "demo-1001"  # the demo agent seeded by ``hotline db seed-demo``


#: the center's children that are Debian's own programs, not the bundle's (Kamailio, nginx)
EXTERNAL = frozenset({"kamailio", "store"})


class SmokeFailed(AssertionError):
    """A step of the frozen bundle's check did not do what it must; the message says which."""


def run(exe: Path, args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The bundle's ``hotline args``; SmokeFailed unless it exits 0."""
    done = subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=timeout)
    if done.returncode != 0:
        raise SmokeFailed(f"hotline {' '.join(args[:2])} exited {done.returncode}: {done.stderr[-2000:]}")
    return done


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return dict(env, QT_QPA_PLATFORM="offscreen", HOTLINE_HOME=str(work / "home"))


class FrozenDesk:
    """``hotline desk`` from the bundle, watched and driven through ``--probe DIR``; stopped by PID."""

    def __init__(self, exe: Path, work: Path, db: str, center: str, env: dict[str, str]) -> None:
        self.probe, self.log_path = work / "probe", work / "desk.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(exe), "desk", "--db", db, "--login", AGENT, "--password-stdin", "--center", center,
             "--sound", "null", "--print-ready", "--probe", str(self.probe), "--quit-after", "150"],
            stdin=subprocess.PIPE, stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{PASSWORD}\n".encode())
        self.proc.stdin.close()

    def widgets(self) -> dict[str, Any]:
        try:
            lines = (self.probe / "state.jsonl").read_text(encoding="utf-8").splitlines()
        except OSError:
            return {}
        return json.loads(lines[-1]).get("widgets", {}) if lines and lines[-1].endswith("}") else {}

    def text(self, name: str) -> str:
        return str(self.widgets().get(name, {}).get("text", ""))

    def wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> float:
        """Seconds until ``predicate`` held; SmokeFailed on timeout or if the desk exits."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.proc.poll() is not None:
                raise SmokeFailed(f"the frozen desk exited ({self.proc.returncode}) before {what}: {self.tail()}")
            if predicate():
                return time.monotonic() - start
            time.sleep(0.1)
        raise SmokeFailed(f"timed out waiting for {what}; widgets: {json.dumps(self.widgets(), ensure_ascii=False)[:1500]}"
                          f"\nlog: {self.tail()}")

    def do(self, **command: Any) -> None:
        with open(self.probe / "commands.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(command, ensure_ascii=False) + "\n")

    def tail(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]

    def stop(self) -> int | None:
        """Quit through the probe, then SIGTERM/SIGKILL the group; the exit status of a clean quit."""
        if self.proc.poll() is None:
            self.do(quit=True)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    os.killpg(self.proc.pid, sig)
                    try:
                        self.proc.wait(10)
                        break
                    except subprocess.TimeoutExpired:
                        continue
        self.log.close()
        return self.proc.returncode


def frozen_center(exe: Path, work: Path, db: str, env: dict[str, str]) -> dict[str, Any]:
    """``hotline center run`` from the bundle until its state file says ready: Kamailio and the helper
    processes (director, announcer, music, watchdog), each the bundle's ``hotline _child MODULE``."""
    from telephony.lab.kamailio import free_udp_port

    env = dict(env, HOTLINE_HOME=str(work / "center-home"))
    state_path = work / "center-home" / "center" / "state.json"
    with open(work / "center.log", "wb") as log:
        proc = subprocess.Popen([str(exe), "center", "run", "--db", db, "--port", str(free_udp_port()),
                                 "--max-seconds", "90"], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)
    start, state = time.monotonic(), {}
    try:
        while not state.get("ready"):
            if proc.poll() is not None or time.monotonic() - start > 90:
                raise SmokeFailed(f"the frozen center was not ready (exit {proc.poll()}): "
                                  f"{(work / 'center.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
            try:
                state = json.loads(state_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                state = {}
        ready_s = time.monotonic() - start
        helpers = {}
        for name, child in state["children"].items():
            argv = Path(f"/proc/{child['pid']}/cmdline").read_bytes().split(b"\0")
            helpers[name] = " ".join(a.decode() for a in argv[1:3])
            if name not in EXTERNAL and (argv[0].decode() != str(exe) or argv[1] != b"_child"):
                raise SmokeFailed(f"the center's {name} is not the bundle's helper process: {argv[:3]}")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
    return {"center_ready_s": round(ready_s, 1), "center_helpers": helpers}


def smoke(exe: Path, work: Path) -> dict[str, Any]:
    """Run every check against the bundle at ``exe``; returns the figures. SmokeFailed on the first failure."""
    from telephony.lab.client import start_peer
    from telephony.lab.kamailio import start_kamailio

    work.mkdir(parents=True, exist_ok=True)
    env = _env(work)
    out = run(exe, RULES_DUE, env).stdout.strip()
    if out != RULES_DUE_EXPECTED:
        raise SmokeFailed(f"hotline rules due printed {out!r}, not {RULES_DUE_EXPECTED}")
    db = f"sqlite:///{work / 'desk.sqlite3'}"
    run(exe, ["db", "upgrade", "--db", db], env)  # Alembic migrations from inside the bundle
    run(exe, ["db", "seed-demo", "--db", db], env)
    figures: dict[str, Any] = {"rules_due": out}
    center_db = f"sqlite:///{work / 'center.sqlite3'}"
    run(exe, ["db", "upgrade", "--db", center_db], env)
    run(exe, ["db", "seed-demo", "--db", center_db], env)
    figures.update(frozen_center(exe, work, center_db, env))
    k = start_kamailio(work / "kamailio", users={AGENT: PASSWORD})
    desk = caller = None
    try:
        desk = FrozenDesk(exe, work, db, k.host, env)
        figures["desk_registered_s"] = round(desk.wait(lambda: "已注册" in desk.text("registration"), 90,
                                                       "the frozen desk's registration"), 1)
        caller = start_peer("caller", users=["13800000001"], record_dir=work / "caller", tone_hz=440,
                            max_seconds=60, executable=str(exe))
        call = caller.call(k.uri(AGENT))
        try:
            desk.wait(lambda: bool(desk.widgets().get("hangupButton", {}).get("enabled")), 20, "the desk ringing")
        except SmokeFailed as exc:
            raise SmokeFailed(f"{exc}\nthe caller's call: {caller.status().get('calls')}") from None
        desk.do(trigger="answerAction")  # the phone bar's 接听 (F2); "answerButton" is also 直接答复's name
        confirmed = caller.wait_call(call, "CONFIRMED", timeout=15)
        figures["call_media"] = confirmed.get("media")
        time.sleep(2)
        caller.hangup(call)
        caller.wait_call(call, "DISCONNECTED", timeout=10)
        desk.wait(lambda: not desk.widgets().get("hangupButton", {}).get("enabled", False), 15,
                  "the desk seeing the caller hang up")
        figures["call"] = "answered and ended"
    finally:
        if caller is not None:
            caller.stop(timeout=5)
        code = desk.stop() if desk is not None else None
        k.stop()
    if code != 0:
        raise SmokeFailed(f"the frozen desk did not quit cleanly ({code}): {desk.tail() if desk else ''}")
    if "Traceback" in (desk.tail() if desk else ""):
        raise SmokeFailed(f"the frozen desk printed a traceback: {desk.tail()}")
    figures["desk_exit"] = code
    return figures
