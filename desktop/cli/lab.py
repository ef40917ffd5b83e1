"""``hotline lab``: the lab peers standing in for the outside world (telephony/lab).

    hotline lab run [--max-seconds N] [--base-port P] [--only 110,119,...]   # start, wait, stop
    hotline lab stop                                                         # stop a running lab
    hotline lab call URI [--say NAME] [--seconds S]                          # a caller speaks a request
    hotline lab plan                                                         # peers, tones, requests
    hotline lab callers --rate N --seconds M --to URI [--abandon F] [--talk S] # generated callers

``run`` starts one process per answering point, prints names, SIP URIs and tones, writes the state
file ``<data dir>/lab/state.json`` and waits until Ctrl-C, SIGTERM (``lab stop``) or
``--max-seconds``; then it stops every peer by PID. Recordings go to ``<data dir>/lab/recordings``.
"""

from __future__ import annotations

import argparse
import signal
import time
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``hotline lab``."""
    p = subparsers.add_parser("lab", help="lab SIP peers: 110/119/120/122, utilities, expert seats, callers")
    sub = p.add_subparsers(dest="lab_command", metavar="ACTION", required=True)
    run = sub.add_parser("run", help="start the standard peers and wait")
    run.add_argument("--max-seconds", type=float, default=1800.0, help="stop everything after this long")
    run.add_argument("--base-port", type=int, default=0, help="SIP ports from here on (default: free ports)")
    run.add_argument("--only", help="comma-separated peer names or numbers, e.g. 110,119,95598")
    run.set_defaults(func=_run)
    stop = sub.add_parser("stop", help="stop the running lab")
    stop.set_defaults(func=_stop)
    call = sub.add_parser("call", help="a caller dials URI and speaks a recorded request")
    call.add_argument("uri", help="SIP URI to dial, e.g. sip:110@127.0.0.1:5070")
    call.add_argument("--say", default="gjj-zufang", help="recorded request (resources/speech/NAME.wav)")
    call.add_argument("--caller", default="caller-1", choices=["caller-1", "caller-2", "caller-3"])
    call.add_argument("--seconds", type=float, help="talk this long (default: the request once)")
    call.add_argument("--timeout", type=float, default=30.0, help="give up if not answered by then")
    call.set_defaults(func=_call)
    plan = sub.add_parser("plan", help="list the standard peers, their tones and the recorded requests")
    plan.set_defaults(func=_plan)
    gen = sub.add_parser("callers", help="N callers a second for M seconds speaking recorded requests")
    gen.add_argument("--to", required=True, help="SIP URI to dial, e.g. sip:12345@127.0.0.1:5060")
    gen.add_argument("--rate", type=float, required=True, help="callers per second")
    gen.add_argument("--seconds", type=float, required=True, help="for how long")
    gen.add_argument("--abandon", type=float, default=0.0, help="fraction hanging up while queued (0..1)")
    gen.add_argument("--patience", type=float, default=5.0, help="seconds an abandoning caller waits")
    gen.add_argument("--talk", type=float, default=5.0, help="seconds an answered caller talks")
    gen.add_argument("--max-wait", type=float, default=60.0, help="a call not answered by then fails")
    gen.set_defaults(func=_callers)


def _lab_dir() -> Path:
    from hotline.paths import data_dir

    return data_dir() / "lab"


def _table(rows: list[dict[str, Any]]) -> None:
    print("名称" + " " * 10 + " 音调Hz  号码 / SIP URI" + " " * 32 + "说明")  # CJK: 2 cells a character
    for r in rows:
        uris = r.get("uris") or r["users"]
        print(f"{r['name']:<14}{r['tone_hz']:>7}  {uris[0]:<46}{r['label']}")
        for extra in uris[1:]:
            print(f"{'':<23}{extra}")


def _plan(args: argparse.Namespace) -> int:
    from telephony.lab.audio import FREQUENCY_PLAN
    from telephony.lab.standard import speech_names, standard_peers

    _table([{"name": s.name, "tone_hz": s.tone_hz, "users": list(s.users), "label": s.label}
            for s in standard_peers()])
    print(f"坐席（被测软电话）预留音调: {FREQUENCY_PLAN['agent']} Hz")
    print("录制的来电诉求: " + ", ".join(speech_names()))
    return 0


def _run(args: argparse.Namespace) -> int:
    from telephony.lab.client import LabError, stop_all
    from telephony.lab.launcher import read_state, start_lab, stop_lab, write_state
    from telephony.lab.standard import standard_peers

    if not 0 < args.max_seconds <= 24 * 3600:
        raise CommandError("--max-seconds must be in (0, 86400]")
    if args.base_port and not 1024 <= args.base_port <= 65000:
        raise CommandError("--base-port must be in 1024..65000")
    try:
        specs = standard_peers([o.strip() for o in args.only.split(",") if o.strip()] if args.only else None)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    state_path = _lab_dir() / "state.json"
    old = read_state(state_path)
    if old is not None:
        print(f"上次的实验室未正常停止，先停止它 ({state_path})")
        stop_lab(state_path)
    stopping: list[str] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append("SIGTERM"))
    try:
        running = start_lab(specs, record_root=_lab_dir() / "recordings", max_seconds=args.max_seconds + 10,
                            base_port=args.base_port)
    except (LabError, OSError, ValueError) as exc:
        raise CommandError(f"lab peers failed to start: {exc}", code=1) from exc
    try:
        write_state(state_path, running, max_seconds=args.max_seconds)
        _table([r.row() for r in running])
        print(f"实验室已启动: {len(running)} 个进程，最长 {args.max_seconds:g} 秒；Ctrl-C 或 `hotline lab stop` 停止",
              flush=True)
        end = time.monotonic() + args.max_seconds
        while not stopping and time.monotonic() < end:
            dead = [r.spec.name for r in running if not r.peer.alive()]
            if dead:
                print(f"hotline: lab peers exited: {', '.join(dead)}", flush=True)
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop_all([r.peer for r in running], timeout=5)
        state_path.unlink(missing_ok=True)
    print("实验室已停止", flush=True)
    return 0


def _stop(args: argparse.Namespace) -> int:
    from telephony.lab.launcher import stop_lab

    state_path = _lab_dir() / "state.json"
    try:
        done = stop_lab(state_path)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    print("\n".join(done) if done else "没有运行中的实验室")
    return 0


def _call(args: argparse.Namespace) -> int:
    import tempfile

    from telephony.lab.audio import FREQUENCY_PLAN, dominant, read_wav
    from telephony.lab.client import LabError, LabTimeout, start_peer
    from telephony.lab.standard import CALLERS, speech_path

    try:
        wav = speech_path(args.say)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if not args.uri.startswith("sip:"):
        raise CommandError(f"not a SIP URI: {args.uri!r}")
    samples, rate = read_wav(wav)
    talk = args.seconds or len(samples) / rate
    spec = next(c for c in CALLERS if c.name == args.caller)
    record_dir = Path(tempfile.mkdtemp(prefix="hotline-lab-call-", dir=_lab_dir()))
    try:
        with start_peer(spec.name, users=list(spec.users), tone_hz=spec.tone_hz, wav=wav, record_dir=record_dir,
                        max_seconds=args.timeout + talk + 15, log_level=1) as caller:
            cid = caller.call(args.uri)
            print(f"{spec.users[0]} 呼叫 {args.uri} …", flush=True)
            info = caller.wait_call(cid, ("CONFIRMED", "DISCONNECTED"), timeout=args.timeout)
            if info["state"] != "CONFIRMED":
                print(f"未接通: {info['code']} {info['reason']}")
                return 1
            print(f"已接通，播放诉求 {args.say}（{talk:.1f} 秒）", flush=True)
            try:
                caller.wait_call(cid, "DISCONNECTED", timeout=talk)
                print("对方已挂断")
            except LabTimeout:
                caller.hangup(cid)
                caller.wait_call(cid, "DISCONNECTED", timeout=10)
            recordings = caller.recordings(timeout=10)
    except LabError as exc:
        raise CommandError(str(exc), code=1) from exc
    for heard in recordings[:1]:
        who = dominant(heard)
        hz = f"{FREQUENCY_PLAN[who]} Hz" if who else "无已知音调"
        print(f"来电方听到: {who or '未知'} ({hz}); 录音 {heard}")
    return 0



def _callers(args: argparse.Namespace) -> int:
    import json

    from telephony.lab.generator import generate_callers

    try:
        summary = generate_callers(args.to, rate=args.rate, seconds=args.seconds, abandon=args.abandon,
                                   talk_s=args.talk, patience_s=args.patience, max_wait_s=args.max_wait,
                                   record_dir=_lab_dir() / "callers")
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    print(f"呼入 {summary.offered}，接通 {summary.answered}，放弃 {summary.abandoned}，失败 {summary.failed}，"
          f"未归类 {summary.unaccounted}")
    for line in summary.failures[:10]:
        print(f"  失败: {line}")
    print(json.dumps(summary.as_dict(), ensure_ascii=False))
    return 0 if summary.failed == 0 and summary.unaccounted == 0 else 1
