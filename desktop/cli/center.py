"""``hotline center``: the telephony center — Kamailio (resources/kamailio/center.cfg) and the queue director.

    hotline center run [--db URL] [--plan FILE] [--users db|FILE] [--port P] [--static 110=sip:...]
                       [--max-seconds N] [--standby] [--tls-port N]  # foreground: start, watch, stop
    hotline center start [same options]                        # the same in the background
    hotline center stop                                        # stop a running center, or its orphans
    hotline center status [--json]                             # running? its children, registered agents
    hotline center upload-key DESK                             # a desk's recording-upload key

``run`` refuses to start beside a running center, beside the orphans of a killed one, or on a SIP
(or evapi) port that is taken ("SIP 端口 127.0.0.1:P 已被占用 (port in use)", exit 2), before it
starts anything. It then starts and supervises its children (telephony.center.supervisor): the
music server, Kamailio, the announcer and the director (a ``director_main`` process spooling its
records in ``<data dir>/center/spool``) and the recording store (nginx on ``--store-port``,
telephony.center.recstore_nginx; files under ``<data dir>/center/recordings``). A dead director,
store, announcer or music server is restarted at
once and the log (stderr; ``center.log`` under ``start``) says so; Kamailio dying ends the run with
exit 1. The children die with the run even when it is SIGKILLed (PR_SET_PDEATHSIG and a watchdog
process). ``<data dir>/center/state.json`` names the run and each child by PID and start time
(desktop.cli.center_state): ``status`` reports orphans, ``stop`` ends them by process group. It
stops on Ctrl-C, SIGTERM (``center stop``) or ``--max-seconds``. A (re)started director rebuilds
from the last 24 hours of records (stored and spooled) and the registrations. SIP credentials come from
the accounts table (``--users db``: each enabled account's extension and HA1, desktop.cli.center_users)
or a TOML of plain demo passwords (``--users FILE``, the demo's resources/center/demo-users.toml); by
default the database when it has SIP accounts. Kamailio's auth table holds HA1s only; with the
database it follows the accounts live (telephony.center.accounts_live: a new extension or password
within 2 s, a disabled account refused and its registrations dropped), no restart. ``--standby``
runs two directors under a leader lease in the database (telephony.center.standby): the standby takes
over within seconds of the leader's death, with the queued callers kept (docs/features/standby.md).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from desktop.cli.center_control import center_status, stop_center
from desktop.cli.main import CommandError
from telephony.spawn import module_argv


def register(subparsers: Any) -> None:
    """Add ``hotline center``."""
    p = subparsers.add_parser("center", help="telephony center: Kamailio + the 12345 queue director")
    sub = p.add_subparsers(dest="center_command", metavar="ACTION", required=True)
    for name, helptext in (("run", "run in the foreground"), ("start", "run in the background")):
        run = sub.add_parser(name, help=helptext)
        run.add_argument("--db", help="central database URL (default: the local working copy)")
        run.add_argument("--plan", help="queue plan TOML (default: resources/center/plan.toml)")
        run.add_argument("--users", metavar="db|FILE",
                         help="SIP credentials: db (the accounts' HA1) or a TOML of demo passwords "
                              "(default: db when it has SIP accounts, else resources/center/demo-users.toml)")
        run.add_argument("--port", type=int, default=5060, help="SIP UDP port on 127.0.0.1 (default 5060)")
        run.add_argument("--tls-port", type=int, default=None,
                         help="also listen for the desks on SIP over TLS 1.2 on this port (0: a free one); "
                              "the desks' accounts must then use TLS (default: off, UDP only)")
        run.add_argument("--evapi-port", type=int, default=0, help="director link port (default: free)")
        run.add_argument("--static", action="append", default=[], metavar="NUMBER=URI",
                         help="route a number (110, 95598...) to a SIP URI; repeatable")
        run.add_argument("--no-music", action="store_true",
                         help="queued callers hear ringback instead of the greeting and hold music")
        run.add_argument("--max-seconds", type=float, default=0, help="stop after this long (0: never)")
        run.add_argument("--trusted", action="append", default=[], metavar="IP[:PORT]",
                         help="a peer whose P-Asserted-Identity is believed (the carrier's gateway); repeatable")
        run.add_argument("--auth-fail-max", type=int, default=10,
                         help="failed authentications from one address before it is banned (default 10)")
        run.add_argument("--auth-ban-s", type=int, default=600, help="how long a ban lasts (default 600 s)")
        run.add_argument("--settings", metavar="FILE",
                         help="center settings (monitoring, retention; default: center-settings.toml in the data directory)")
        run.add_argument("--standby", action="store_true",
                         help="two directors under a leader lease: the standby takes over within seconds")
        run.add_argument("--store-port", type=int, default=0,
                         help="recording store (nginx) HTTP port on 127.0.0.1 (default: free; -1: no store)")
        run.add_argument("--playback-port", type=int, default=0,
                         help="playback-grant service port on 127.0.0.1 (default: free; runs with the store)")
        run.add_argument("--retention-every", type=float, default=3600.0, metavar="SECONDS",
                         help="how often recordings past recordings.retention_days are purged (default 3600)")
        run.set_defaults(func=_run if name == "run" else _start)
    stop = sub.add_parser("stop", help="stop the running center")
    stop.set_defaults(func=stop_center)
    key = sub.add_parser("upload-key", help="the recording-upload key of a desk (its SIP user)")
    key.add_argument("desk")
    key.set_defaults(func=_upload_key)
    status = sub.add_parser("status", help="is it running, who is registered")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=center_status)
    from desktop.cli.center_retention import register as register_retention
    from desktop.cli.center_settings import register as register_settings

    register_settings(sub)
    register_retention(sub)


def _dir() -> Path:
    from desktop.cli.center_state import center_dir

    return center_dir()


def _trust(args: argparse.Namespace) -> tuple[list[str], Any]:
    """The trusted peers and the failed-authentication guard, checked before anything starts."""
    from telephony.center.kamailio import Guard, render_trusted
    from telephony.lab.kamailio import KamailioError

    try:
        render_trusted(args.trusted)
        return list(args.trusted), Guard(fail_max=args.auth_fail_max, ban_s=args.auth_ban_s)
    except KamailioError as exc:
        raise CommandError(str(exc)) from None


def _static(pairs: list[str]) -> dict[str, str]:
    routes: dict[str, str] = {}
    for pair in pairs:
        number, sep, uri = pair.partition("=")
        if not sep or not number.isdigit() or not uri.startswith("sip:"):
            raise CommandError(f"--static {pair!r}: expected NUMBER=sip:URI, e.g. 110=sip:110@127.0.0.1:5071")
        routes[number] = uri
    return routes


def _refuse_if_taken(port: int, evapi_port: int, store_port: int = 0) -> None:
    """CommandError if a center (or its orphans) runs here, or the SIP/evapi port is taken."""
    from desktop.cli.center_state import describe, live_children, read_state, run_alive
    from telephony.center.procs import tcp_port_free, udp_port_free

    state = read_state()
    if run_alive(state) and state and state.get("pid") != os.getpid():
        raise CommandError(f"a center is already running (PID {state['pid']}): hotline center stop")
    left = {} if run_alive(state) else live_children(state)
    if left:
        raise CommandError(f"上次运行的遗留进程仍在 (orphans of a stopped center): {describe(left)}; "
                           "hotline center stop 会结束它们")
    if not udp_port_free(port):
        raise CommandError(f"SIP 端口 127.0.0.1:{port} 已被占用 (port in use)")
    if evapi_port and not tcp_port_free(evapi_port):
        raise CommandError(f"evapi 端口 127.0.0.1:{evapi_port} 已被占用 (port in use)")
    if store_port > 0 and not tcp_port_free(store_port):
        raise CommandError(f"录音存储端口 127.0.0.1:{store_port} 已被占用 (port in use)")


def _check_tls_port(tls_port: int | None) -> None:
    """CommandError for a TLS port out of range or already taken (None: TLS off)."""
    from telephony.center.procs import tcp_port_free

    if tls_port is None:
        return
    if not 0 <= tls_port <= 65535:
        raise CommandError(f"--tls-port must be 0 (a free port) to 65535, got {tls_port}")
    if tls_port and not tcp_port_free(tls_port):
        raise CommandError(f"TLS 端口 127.0.0.1:{tls_port} 已被占用 (port in use)")


def _say(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} hotline center: {message}", file=sys.stderr, flush=True)


def _monitor_rules(args: argparse.Namespace, engine: Any) -> Any:
    """Who may monitor whom: the accounts and the settings file (a bad file stops the start)."""
    from desktop.cli.center_settings import load_settings
    from hotline.monitoring import SettingsError
    from telephony.center.monitor_rules import rules_from_db

    try:
        settings = load_settings(getattr(args, "settings", None))
    except SettingsError as exc:
        raise CommandError(f"[{exc.code}] {exc}") from None
    return rules_from_db(engine, settings)


def _run(args: argparse.Namespace) -> int:
    from desktop.cli.center_state import remove_state, write_state
    from desktop.cli.center_users import check_option, credentials
    from desktop.cli.center_workers import CenterWorkers
    from hotline.acd import CenterPlan, PlanError
    from hotline.paths import default_db_url, resources_dir
    from telephony.center.runner import kamailio_queues
    from telephony.center.store import open_store
    from telephony.center.supervisor import Supervisor
    from telephony.lab.kamailio import KamailioError

    if args.max_seconds < 0:
        raise CommandError("--max-seconds must be >= 0")
    if args.retention_every <= 0:
        raise CommandError("--retention-every must be > 0")
    _check_tls_port(args.tls_port)
    try:
        plan = CenterPlan.load(args.plan)
    except PlanError as exc:
        raise CommandError(str(exc)) from None
    checked, static = check_option(args.users), _static(args.static)
    trusted, guard = _trust(args)
    _refuse_if_taken(args.port, args.evapi_port, args.store_port)
    db_url = args.db or default_db_url()
    store = open_store(db_url)  # upgraded, or a clear error now (a restarted director tolerates an outage)
    try:
        creds = credentials(args.users, store.engine, checked)
        monitor = _monitor_rules(args, store.engine)
    finally:
        store.engine.dispose()
    stopping = {"why": ""}

    def on_signal(signum: int, frame: object) -> None:
        stopping["why"] = signal.Signals(signum).name

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    music = not getattr(args, "no_music", False)
    sup = Supervisor(_dir(), plan, users=creds.users, ha1=creds.ha1, static=static, port=args.port, evapi_port=args.evapi_port,
                     db_url=db_url, music=music, prompts=resources_dir() / "prompts",
                     queues=kamailio_queues(plan), say=_say, trusted=trusted, guard=guard, monitor=monitor,
                     standby=getattr(args, "standby", False),
                     store_port=None if args.store_port < 0 else args.store_port, tls_port=args.tls_port)
    code = 0
    workers = CenterWorkers(db_url, _dir(), _say)
    try:
        try:
            sup.start()
        except KamailioError as exc:
            raise CommandError(f"Kamailio did not start: {exc}") from None
        except RuntimeError as exc:
            hint = " (or run with --no-music)" if music and sup.music is None else ""
            raise CommandError(f"{exc}; see the logs in {_dir()}{hint}") from None
        from telephony.center.procs import identity

        workers.start(sup=sup, ha1=creds.ha1 if creds.source == "db" else None, settings=args.settings,
                      retention_every=args.retention_every, playback_port=args.playback_port, monitor=monitor)
        playback = workers.playback
        k = sup.kamailio
        state = {"pid": os.getpid(), "run": identity(os.getpid()), "kamailio_pid": k.pid, "port": k.port,
                 "evapi_port": k.evapi_port, "plan": plan.source, "started": time.time(), "ready": True,
                 "store_url": sup.store.base_url if sup.store else "", "playback_url": playback.url if playback else ""}
        if k.tls is not None:
            state.update(tls_port=k.tls_port, tls_ca_file=str(k.tls.ca_file), tls_fingerprint=k.tls.fingerprint)
        children = sup.children()
        write_state({**state, "children": children})
        print(f"12345 呼叫中心已启动：SIP 127.0.0.1:{k.port}，队列号码 {', '.join(sorted(kamailio_queues(plan)))}")
        print("排队提示：" + ("欢迎语和等候音乐" if music else "回铃音"))
        if k.tls is not None:
            print(f"SIP over TLS：127.0.0.1:{k.tls_port}（坐席设置 sip_transport = \"tls\"，"
                  f"tls_ca_file = \"{k.tls.ca_file}\"；CA SHA-256 {k.tls.fingerprint}）")
        print(creds.describe())
        if sup.store is not None:
            print(f"录音存储：{sup.store.base_url}（上传 /upload/<分机>/，回放 /play/ 签名链接）")
        if playback is not None:
            print(f"录音回放授权：{playback.url}/grant（坐席设置 playback_url）")
        print(f"日志：{k.log_path}；停止：Ctrl-C 或 hotline center stop", flush=True)
        end = time.monotonic() + args.max_seconds if args.max_seconds else None
        while not stopping["why"]:
            why = sup.check()
            workers.tick()
            if why:
                print(f"hotline: {why}", file=sys.stderr, flush=True)
                code = 1
                break
            if sup.children() != children:  # a restarted child: its new PID goes in the state file
                children = sup.children()
                write_state({**state, "children": children})
            if end is not None and time.monotonic() > end:
                break
            time.sleep(0.1)
    finally:
        workers.stop()
        sup.stop()
        remove_state()
    print("12345 呼叫中心已停止")
    return code


def _start(args: argparse.Namespace) -> int:
    from desktop.cli.center_state import read_state

    _refuse_if_taken(args.port, args.evapi_port, args.store_port)
    _check_tls_port(args.tls_port)
    argv = module_argv("desktop.cli.main", "center", "run", "--port", str(args.port),
                       "--evapi-port", str(args.evapi_port), "--max-seconds", str(args.max_seconds))
    for flag in ("db", "plan", "users", "settings"):
        if getattr(args, flag):
            argv += [f"--{flag}", getattr(args, flag)]
    for pair in args.static:
        argv += ["--static", pair]
    for peer in args.trusted:
        argv += ["--trusted", peer]
    argv += ["--auth-fail-max", str(args.auth_fail_max), "--auth-ban-s", str(args.auth_ban_s),
             "--store-port", str(args.store_port), "--playback-port", str(args.playback_port),
             "--retention-every", str(args.retention_every)]
    if args.tls_port is not None:
        argv += ["--tls-port", str(args.tls_port)]
    if args.no_music:
        argv.append("--no-music")
    if args.standby:
        argv.append("--standby")
    log = open(_dir() / "center.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(argv, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        state = read_state()
        if state and state.get("pid") == proc.pid and state.get("ready"):
            print(f"12345 呼叫中心在后台运行（PID {proc.pid}，SIP 127.0.0.1:{state['port']}）")
            return 0
        if proc.poll() is not None:
            raise CommandError(f"the center did not start (exit {proc.returncode}); see {_dir() / 'center.log'}")
        time.sleep(0.2)
    raise CommandError(f"the center did not come up within 40 s; see {_dir() / 'center.log'}")


def _upload_key(args: argparse.Namespace) -> int:
    from telephony.center.recsign import ensure_secret
    from telephony.center.recstore_nginx import upload_key

    print(upload_key(ensure_secret(_dir()), args.desk))
    return 0
