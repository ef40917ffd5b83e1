"""Run Debian's SIPp (sip-tester) with the scenarios in resources/sipp/, bounded and stopped by PID.

    agents = SippAgents(center_port, {"2001": "pw"}, run_dir)   # registers (digest), then answers
    result = run_callers(center_port, "12345", rate=20, calls=200, run_dir=run_dir)
    result.created, result.successful, result.failed            # from SIPp's own statistics file
    agents.stop()

Every SIPp gets its own SIP and media ports on 127.0.0.1, ``-nostdin`` and a global ``-timeout``,
so nothing outlives a run.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parents[2] / "resources" / "sipp"


class SippError(RuntimeError):
    """SIPp is missing, refused a scenario or did not finish in time."""


def find_sipp() -> str:
    path = shutil.which("sipp")
    if not path:
        raise SippError("sipp not found: apt-get install sip-tester")
    return path


def free_port(kind: int = socket.SOCK_DGRAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_even_port() -> int:
    """A free even UDP port whose successor is also free (SIPp media: RTP + the next port)."""
    for _ in range(50):
        p = free_port()
        if p % 2 == 0 and p < 65000:
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                    s.bind(("127.0.0.1", p + 1))
                return p
            except OSError:
                continue
    raise SippError("no free media port pair")


def _base(scenario: str, center_port: int, port: int, timeout_s: float) -> list[str]:
    return [find_sipp(), f"127.0.0.1:{center_port}", "-sf", str(SCENARIOS / scenario), "-i", "127.0.0.1",
            "-p", str(port), "-mp", str(free_even_port()), "-nostdin", "-timeout", f"{int(timeout_s)}s",
            "-timeout_error", "-max_recv_loops", "5000", "-max_sched_loops", "5000"]


@dataclass
class SippResult:
    """Final counters of one SIPp run (its -trace_stat file) and its exit code."""

    created: int
    successful: int
    failed: int
    current: int
    returncode: int
    log: Path


def _stats(stat_file: Path) -> tuple[int, int, int, int]:
    if not stat_file.exists():
        raise SippError(f"SIPp wrote no statistics file {stat_file}")
    with open(stat_file, newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    if len(rows) < 2:
        raise SippError(f"SIPp statistics file {stat_file} has no data row")
    head, last = rows[0], rows[-1]

    def col(name: str) -> int:
        return int(last[head.index(name)])

    return col("TotalCallCreated"), col("SuccessfulCall(C)"), col("FailedCall(C)"), col("CurrentCall")


def run_sipp(args: list[str], run_dir: Path, name: str, timeout_s: float) -> SippResult:
    """Run one SIPp to completion (bounded by ``timeout_s`` + 10 s) and read its statistics."""
    run_dir.mkdir(parents=True, exist_ok=True)
    stat = run_dir / f"{name}-stat.csv"
    stat.unlink(missing_ok=True)
    log = run_dir / f"{name}.log"
    cmd = args + ["-trace_stat", "-stf", str(stat), "-fd", "1", "-trace_err", "-error_file",
                  str(run_dir / f"{name}-errors.log")]
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, cwd=run_dir, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout_s + 10)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise SippError(f"sipp {name} did not finish within {timeout_s + 10:.0f} s; log {log}") from None
    created, ok, failed, current = _stats(stat)
    return SippResult(created, ok, failed, current, rc, log)


def _stop(proc: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    if proc.poll() is not None:
        return
    for sig in (signal.SIGUSR1, signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            continue


def register_agents(center_port: int, passwords: dict[str, str], contact_port: int, run_dir: Path,
                    parallel: int = 16, timeout_s: float = 10.0, attempts: int = 3) -> None:
    """Register every agent (digest auth) with Contact 127.0.0.1:``contact_port``; raises if one failed.

    One SIPp per agent (``-au``/``-ap``), ``parallel`` at a time; a failed one is tried ``attempts`` times.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    todo = list(passwords.items())
    failed: list[str] = []
    log = run_dir / "register.log"
    for _attempt in range(attempts):
        failed = _register_batch(center_port, todo, contact_port, run_dir, log, parallel, timeout_s)
        todo = [(u, passwords[u]) for u in failed]
        if not todo:
            break
    if failed:
        raise SippError(f"{len(failed)} of {len(passwords)} agents did not register ({failed[:5]}); log {log}")


def _register_batch(center_port: int, todo: list[tuple[str, str]], contact_port: int, run_dir: Path, log: Path,
                    parallel: int, timeout_s: float) -> list[str]:
    failed: list[str] = []
    with open(log, "ab") as out:
        while todo:
            batch, todo = todo[:parallel], todo[parallel:]
            procs = []
            for user, password in batch:
                args = _base("agent-register.xml", center_port, free_port(), timeout_s) + [
                    "-m", "1", "-au", user, "-ap", password, "-key", "agent", user,
                    "-key", "contact_port", str(contact_port)]
                procs.append((user, subprocess.Popen(args, cwd=run_dir, stdin=subprocess.DEVNULL, stdout=out,
                                                     stderr=out, start_new_session=True)))
            for user, proc in procs:
                try:
                    if proc.wait(timeout_s + 5) != 0:
                        failed.append(user)
                except subprocess.TimeoutExpired:
                    _stop(proc)
                    failed.append(user)
    return failed


def send_agent_state(center_port: int, user: str, password: str, state: str, run_dir: Path,
                     timeout_s: float = 10.0) -> None:
    """The agent ``user`` tells the director ``state`` (ready | not-ready:<reason> | logout) by SIP MESSAGE."""
    run_dir.mkdir(parents=True, exist_ok=True)
    args = _base("agent-state.xml", center_port, free_port(), timeout_s) + [
        "-m", "1", "-au", user, "-ap", password, "-key", "agent", user, "-key", "state", state]
    log = run_dir / "agent-state.log"
    with open(log, "ab") as out:
        rc = subprocess.run(args, cwd=run_dir, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                            timeout=timeout_s + 5).returncode
    if rc != 0:
        raise SippError(f"agent {user} could not send its state {state!r} (sipp exit {rc}); log {log}")


class SippAgents:
    """Registered auto-answering agents: one UAS SIPp on one port, every agent's Contact."""

    def __init__(self, center_port: int, passwords: dict[str, str], run_dir: str | Path,
                 timeout_s: float = 300.0, trace: Path | None = None, port: int = 0,
                 register: bool = True) -> None:
        self.run_dir = Path(run_dir)
        self.users = list(passwords)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        if register:
            register_agents(center_port, passwords, self.port, self.run_dir)
        self.stat = self.run_dir / "agents-stat.csv"
        self.log = self.run_dir / "agents.log"
        args = _base("agent-uas.xml", center_port, self.port, timeout_s) + [
            "-trace_stat", "-stf", str(self.stat), "-fd", "1"] + _trace(trace)
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(args, cwd=self.run_dir, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=out, start_new_session=True)
        time.sleep(0.3)
        if self.proc.poll() is not None:
            raise SippError(f"agent SIPp exited with {self.proc.returncode}; log {self.log}")

    def stop(self) -> None:
        _stop(self.proc)

    def __enter__(self) -> SippAgents:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _trace(path: Path | None) -> list[str]:
    """SIPp's message trace (each message with the time it was sent or received), or nothing."""
    return ["-trace_msg", "-message_file", str(path)] if path else []


def run_callers(center_port: int, service: str, *, rate: float, calls: int, run_dir: str | Path,
                talk_ms: int = 1000, name: str = "callers", timeout_s: float | None = None,
                abandon: bool = False, patience_ms: int = 2000, trace: Path | None = None,
                recv_timeout_ms: int = 15000) -> SippResult:
    """``calls`` callers at ``rate`` per second to ``service``; returns SIPp's final counters."""
    timeout_s = timeout_s or calls / rate + (patience_ms if abandon else talk_ms) / 1000 + 20
    scenario = "caller-abandon.xml" if abandon else "caller-uac.xml"
    args = _base(scenario, center_port, free_port(), timeout_s) + [
        "-s", service, "-r", str(rate), "-m", str(calls), "-l", str(max(100, int(rate * 10))),
        "-set", "patience" if abandon else "talk", str(patience_ms if abandon else talk_ms),
        "-recv_timeout", str(recv_timeout_ms)] + _trace(trace)
    return run_sipp(args, Path(run_dir), name, timeout_s)
