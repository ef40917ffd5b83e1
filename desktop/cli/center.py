"""``hotline center``: the telephony center — Kamailio (resources/kamailio/center.cfg) and the queue director.

    hotline center run [--db URL] [--plan FILE] [--users FILE] [--port P] [--static 110=sip:...]
                       [--max-seconds N]                       # foreground: start, watch, stop
    hotline center start [same options]                        # the same in the background
    hotline center stop                                        # stop a running center by PID
    hotline center status [--json]                             # running? registered agents, queues

``run`` starts Kamailio in its own process group and the director in this process, writes
``<data dir>/center/state.json`` (PIDs, ports) and logs under ``<data dir>/center/``; it stops on
Ctrl-C, SIGTERM (``center stop``), ``--max-seconds``, or when Kamailio dies (then it says so and
exits 1). A restarted center rebuilds the director from today's records and the registrations.
Credentials come from a TOML file the center generates from its database (``[users]`` user =
password); the demo's is resources/center/demo-users.toml.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError


def register(subparsers: Any) -> None:
    """Add ``hotline center``."""
    p = subparsers.add_parser("center", help="telephony center: Kamailio + the 12345 queue director")
    sub = p.add_subparsers(dest="center_command", metavar="ACTION", required=True)
    for name, helptext in (("run", "run in the foreground"), ("start", "run in the background")):
        run = sub.add_parser(name, help=helptext)
        run.add_argument("--db", help="central database URL (default: the local working copy)")
        run.add_argument("--plan", help="queue plan TOML (default: resources/center/plan.toml)")
        run.add_argument("--users", help="credentials TOML (default: resources/center/demo-users.toml)")
        run.add_argument("--port", type=int, default=5060, help="SIP UDP port on 127.0.0.1 (default 5060)")
        run.add_argument("--evapi-port", type=int, default=0, help="director link port (default: free)")
        run.add_argument("--static", action="append", default=[], metavar="NUMBER=URI",
                         help="route a number (110, 95598...) to a SIP URI; repeatable")
        run.add_argument("--no-music", action="store_true",
                         help="queued callers hear ringback instead of the greeting and hold music")
        run.add_argument("--max-seconds", type=float, default=0, help="stop after this long (0: never)")
        run.set_defaults(func=_run if name == "run" else _start)
    stop = sub.add_parser("stop", help="stop the running center")
    stop.set_defaults(func=_stop)
    status = sub.add_parser("status", help="is it running, who is registered")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=_status)


def _dir() -> Path:
    from hotline.paths import data_dir

    path = data_dir() / "center"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _state() -> dict[str, Any] | None:
    path = _dir() / "state.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _users(path: str | None) -> dict[str, str]:
    import tomllib

    from hotline.paths import resources_dir

    source = Path(path) if path else resources_dir() / "center" / "demo-users.toml"
    try:
        doc = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{source}: cannot read credentials ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CommandError(f"{source}: not valid TOML ({exc})") from None
    users = doc.get("users")
    if not isinstance(users, dict) or not all(isinstance(v, str) and v for v in users.values()):
        raise CommandError(f"{source}: expected a [users] table of user = \"password\"")
    return {str(k): v for k, v in users.items()}


def _static(pairs: list[str]) -> dict[str, str]:
    routes: dict[str, str] = {}
    for pair in pairs:
        number, sep, uri = pair.partition("=")
        if not sep or not number.isdigit() or not uri.startswith("sip:"):
            raise CommandError(f"--static {pair!r}: expected NUMBER=sip:URI, e.g. 110=sip:110@127.0.0.1:5071")
        routes[number] = uri
    return routes


def _run(args: argparse.Namespace) -> int:
    from hotline.acd import CenterPlan, PlanError
    from telephony.center.kamailio import start_center_kamailio
    from telephony.center.runner import DirectorRunner, kamailio_queues
    from telephony.center.store import open_store
    from telephony.lab.kamailio import KamailioError

    if args.max_seconds < 0:
        raise CommandError("--max-seconds must be >= 0")
    try:
        plan = CenterPlan.load(args.plan)
    except PlanError as exc:
        raise CommandError(str(exc)) from None
    users, static = _users(args.users), _static(args.static)
    state = _state()
    if state and _alive(int(state.get("pid", 0))) and state.get("pid") != os.getpid():
        raise CommandError(f"a center is already running (PID {state['pid']}): hotline center stop")
    store = open_store(args.db)
    music = None
    if not getattr(args, "no_music", False):
        from telephony.center.music_control import MusicServer

        try:
            music = MusicServer(log_path=_dir() / "music.log")
        except RuntimeError as exc:
            raise CommandError(f"{exc}; see {_dir() / 'music.log'} (or run with --no-music)") from None
    try:
        k = start_center_kamailio(_dir() / "kamailio", users=users, static=static, queues=kamailio_queues(plan),
                                  port=args.port, evapi_port=args.evapi_port,
                                  music_port=music.rtp_port if music else 0)
    except KamailioError as exc:
        if music is not None:
            music.stop()
        raise CommandError(f"Kamailio did not start: {exc}") from None
    stopping = {"why": ""}

    def on_signal(signum: int, frame: object) -> None:
        stopping["why"] = signal.Signals(signum).name

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    runner = announcer = None
    code = 0
    try:
        from hotline.paths import resources_dir
        from telephony.center.announcer import Announcer

        announcer = Announcer(resources_dir() / "prompts", voicemail_dir=_dir() / "voicemail",
                              log_path=_dir() / "announcer.log")
        (_dir() / "state.json").write_text(json.dumps({
            "pid": os.getpid(), "kamailio_pid": k.pid, "port": k.port, "evapi_port": k.evapi_port,
            "plan": plan.source, "started": time.time()}), encoding="utf-8")
        runner = DirectorRunner(plan, store, k, events=store.events_today(), announcer=announcer.address,
                                music=music.control() if music else None)
        runner.start()
        print(f"12345 呼叫中心已启动：SIP 127.0.0.1:{k.port}，队列号码 {', '.join(sorted(kamailio_queues(plan)))}")
        print("排队提示：" + ("欢迎语和等候音乐" if music else "回铃音"))
        print(f"日志：{k.log_path}；停止：Ctrl-C 或 hotline center stop", flush=True)
        end = time.monotonic() + args.max_seconds if args.max_seconds else None
        while not stopping["why"]:
            if k.proc.poll() is not None:
                print(f"hotline: Kamailio exited ({k.proc.returncode}); see {k.log_path}", file=sys.stderr)
                code = 1
                break
            if runner.error:
                print(f"hotline: the director stopped: {runner.error}", file=sys.stderr)
                code = 1
                break
            if end is not None and time.monotonic() > end:
                break
            time.sleep(0.2)
    finally:
        if runner is not None:
            runner.stop()
        if announcer is not None:
            announcer.stop()
        if music is not None:
            music.stop()
        k.stop()
        (_dir() / "state.json").unlink(missing_ok=True)
    print("12345 呼叫中心已停止")
    return code


def _start(args: argparse.Namespace) -> int:
    argv = [sys.executable, "-m", "desktop.cli.main", "center", "run", "--port", str(args.port),
            "--evapi-port", str(args.evapi_port), "--max-seconds", str(args.max_seconds)]
    for flag in ("db", "plan", "users"):
        if getattr(args, flag):
            argv += [f"--{flag}", getattr(args, flag)]
    for pair in args.static:
        argv += ["--static", pair]
    if args.no_music:
        argv.append("--no-music")
    log = open(_dir() / "center.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(argv, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state = _state()
        if state and state.get("pid") == proc.pid:
            print(f"12345 呼叫中心在后台运行（PID {proc.pid}，SIP 127.0.0.1:{state['port']}）")
            return 0
        if proc.poll() is not None:
            raise CommandError(f"the center did not start (exit {proc.returncode}); see {_dir() / 'center.log'}")
        time.sleep(0.2)
    raise CommandError(f"the center did not come up within 20 s; see {_dir() / 'center.log'}")


def _stop(args: argparse.Namespace) -> int:
    state = _state()
    if not state or not _alive(int(state.get("pid", 0))):
        print("没有正在运行的呼叫中心")
        (_dir() / "state.json").unlink(missing_ok=True)
        return 0
    pid = int(state["pid"])
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        kamailio = int(state.get("kamailio_pid", 0))
        if kamailio:
            try:
                os.killpg(kamailio, signal.SIGKILL)
            except ProcessLookupError:
                pass
    print(f"呼叫中心已停止（PID {pid}）")
    return 0


def _status(args: argparse.Namespace) -> int:
    from telephony.center.kamailio import registered_users
    from telephony.lab.kamailio import KamailioError, sip_ping

    state = _state()
    running = bool(state and _alive(int(state.get("pid", 0))))
    info: dict[str, Any] = {"running": running}
    if running and state:
        info.update(port=state["port"], answering=sip_ping(int(state["port"]), 0.5))
        try:
            info["registered"] = sorted(registered_users(_dir() / "kamailio" / "ctl.sock"))
        except (KamailioError, OSError) as exc:
            info["registered_error"] = str(exc)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    elif not running:
        print("呼叫中心未运行")
    else:
        print(f"呼叫中心运行中：SIP 127.0.0.1:{info['port']}（{'应答正常' if info['answering'] else '无应答'}）")
        print("已注册：" + (", ".join(info.get("registered", [])) or "无"))
    return 0 if running else 1
