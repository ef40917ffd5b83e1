"""A lab peer process: ``python -m telephony.lab.peer --name 110 --user 110 --tone 900 ...``.

One real SIP endpoint (one pjsua2 Endpoint, UDP on 127.0.0.1) standing in for the outside world:
it answers for its user parts (auto, after N s, never, or busy 486), sends its tone and/or a speech
WAV, records what it hears (one WAV per call), accepts REFER and re-INVITE hold, holds at most 4
calls, and ends by itself after ``--max-seconds`` (hang up, libDestroy with no Call left, exit 0).

Control is JSON lines: commands on stdin, replies and pushed events on stdout (the process's
original stdout; anything pjsua2 prints goes to stderr). EOF on stdin, SIGTERM or SIGINT stop the
peer gracefully. telephony.lab.client is the Python side.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

ANSWER_MODES = ("auto", "never", "busy")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m telephony.lab.peer", description=__doc__.splitlines()[0])
    p.add_argument("--name", required=True, help="peer name, used in call ids and recording names")
    p.add_argument("--user", action="append", default=[], help="a user part this peer answers for (repeat)")
    p.add_argument("--port", type=int, default=0, help="SIP UDP port on 127.0.0.1 (0: any free port)")
    p.add_argument("--answer", default="auto", help="auto | after:SECONDS | never | busy")
    p.add_argument("--tone", type=float, help="send a pure tone of this frequency (Hz)")
    p.add_argument("--wav", help="send this WAV (looped), mixed over the tone if both are given")
    p.add_argument("--record-dir", default=".", help="where the per-call recordings are written")
    p.add_argument("--max-seconds", type=float, default=300.0, help="hard lifetime of the process")
    p.add_argument("--register", metavar="HOST:PORT", help="register every user at this registrar")
    p.add_argument("--auth", action="append", default=[], metavar="USER:PASSWORD",
                   help="digest credentials of a user (repeat)")
    p.add_argument("--rtp-timeout", type=float, default=0.0,
                   help="hang up (408) a confirmed call whose audio stopped arriving for N s (0: off)")
    p.add_argument("--log-level", type=int, default=1, help="pjsua2 log level on stderr")
    return p.parse_args(argv)


def options_from(args: argparse.Namespace) -> Any:
    """Validated PeerOptions, or SystemExit(2) naming the bad argument."""
    from telephony.lab.runtime import PeerOptions

    def fail(msg: str) -> None:
        print(f"lab peer {args.name}: {msg}", file=sys.stderr)
        raise SystemExit(2)

    if not args.user:
        fail("at least one --user is needed")
    for u in args.user:
        if not u or any(c in u for c in "@:;<> "):
            fail(f"bad --user {u!r}")
    if args.answer not in ANSWER_MODES:
        try:
            if not args.answer.startswith("after:") or float(args.answer[6:]) < 0:
                raise ValueError
        except ValueError:
            fail(f"bad --answer {args.answer!r}: auto | after:SECONDS | never | busy")
    if args.tone is not None and not 50 <= args.tone <= 7000:
        fail(f"--tone {args.tone} Hz out of range 50..7000")
    if args.wav and not Path(args.wav).is_file():
        fail(f"--wav {args.wav}: no such file")
    if not 0 < args.max_seconds <= 24 * 3600:
        fail("--max-seconds must be in (0, 86400]")
    passwords: dict[str, str] = {}
    for item in args.auth:
        user, sep, password = item.partition(":")
        if not sep or user not in args.user:
            fail(f"bad --auth {item!r}: USER:PASSWORD for one of {args.user}")
        passwords[user] = password
    record_dir = Path(args.record_dir)
    record_dir.mkdir(parents=True, exist_ok=True)
    return PeerOptions(
        name=args.name, users=list(args.user), port=args.port, answer=args.answer, tone_hz=args.tone,
        wav=args.wav, record_dir=record_dir, max_seconds=args.max_seconds, registrar=args.register,
        passwords=passwords, rtp_timeout_s=args.rtp_timeout, log_level=args.log_level,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    opts = options_from(args)
    # the control channel is the original stdout; C code printing to fd 1 lands on stderr instead
    control = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    faulthandler.enable(all_threads=True)  # a crash inside pjsua2 leaves the Python stacks in the peer's log
    sys.setswitchinterval(0.001)
    out_lock = threading.Lock()

    def emit(message: dict[str, Any]) -> None:
        line = json.dumps(message, ensure_ascii=False)
        with out_lock:
            try:
                control.write(line + "\n")
            except (BrokenPipeError, ValueError):
                pass

    from telephony.lab.runtime import PeerRuntime

    rt = PeerRuntime(opts, emit)

    def stop(signum: int, _frame: object) -> None:
        rt.stop_reason = rt.stop_reason or signal.Signals(signum).name

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def read_commands() -> None:
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                cmd = json.loads(line)
                if not isinstance(cmd, dict):
                    raise ValueError("not an object")
            except ValueError as exc:
                emit({"reply": None, "ok": False, "error": f"bad command line {line[:80]!r}: {exc}"})
                continue
            rt.commands.put(cmd)
        rt.commands.put({"cmd": "stop", "reason": "control channel closed"})

    rt.start()
    threading.Thread(target=read_commands, name="lab-control", daemon=True).start()
    rt.run()
    control.flush()
    sys.stderr.flush()
    os._exit(0)  # nothing pjsua2-owned may be destroyed after libDestroy


if __name__ == "__main__":
    sys.exit(main())
