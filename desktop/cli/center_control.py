"""``hotline center stop`` and ``hotline center status``: end a running center (or its orphans), report on it.

Both read ``<data dir>/center/state.json`` (desktop.cli.center_state), which names the run and each
child by PID and start time, so a recycled PID is never taken for the center's.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import time
from typing import Any

from desktop.cli.center_state import center_dir


def stop_center(args: argparse.Namespace) -> int:
    """``hotline center stop``: SIGTERM the run (SIGKILL after 25 s), then end any orphans."""
    from desktop.cli.center_state import describe, end_orphans, read_state, remove_state, run_alive

    state = read_state()
    if run_alive(state) and state:
        pid = int(state["pid"])
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 25
        while run_alive(state) and time.monotonic() < deadline:
            time.sleep(0.1)
        if run_alive(state):
            os.kill(pid, signal.SIGKILL)
        left = end_orphans(state)  # what a run killed or stuck did not stop
        print(f"呼叫中心已停止（PID {pid}）" + (f"；已结束遗留进程 {describe(left)}" if left else ""))
    else:
        left = end_orphans(state)
        print(f"呼叫中心未运行；已结束遗留进程 (orphans ended): {describe(left)}" if left else "没有正在运行的呼叫中心")
    remove_state()
    return 0


def center_status(args: argparse.Namespace) -> int:
    """``hotline center status [--json]``: exit 0 when running; its port, children and registered agents."""
    from desktop.cli.center_state import describe, live_children, read_state, run_alive
    from telephony.center.kamailio import ctl_path, registered_users
    from telephony.lab.kamailio import KamailioError, sip_ping

    state = read_state()
    running = run_alive(state)
    live = live_children(state)
    info: dict[str, Any] = {"running": running}
    if running and state:
        info.update(port=state["port"], answering=sip_ping(int(state["port"]), 0.5),
                    children={name: name in live for name in state.get("children", {})})
        if state.get("tls_port"):  # what a desk needs: its registrar port and the CA to verify
            info.update(tls_port=state["tls_port"], tls_ca_file=state["tls_ca_file"],
                        tls_fingerprint=state["tls_fingerprint"])
        try:
            info["registered"] = sorted(registered_users(ctl_path(center_dir() / "kamailio")))
        except (KamailioError, OSError) as exc:
            info["registered_error"] = str(exc)
    elif live:
        info["orphans"] = {name: ident["pid"] for name, ident in live.items()}
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    elif not running:
        print("呼叫中心未运行" + (f"，但遗留进程仍在：{describe(live)}（hotline center stop 结束它们）" if live else ""))
    else:
        print(f"呼叫中心运行中：SIP 127.0.0.1:{info['port']}（{'应答正常' if info['answering'] else '无应答'}）")
        if info.get("tls_port"):
            print(f"SIP over TLS：127.0.0.1:{info['tls_port']}，CA {info['tls_ca_file']}（SHA-256 {info['tls_fingerprint']}）")
        down = [name for name, up in info["children"].items() if not up]
        if down:
            print("未在运行（重启中）：" + ", ".join(down))
        print("已注册：" + (", ".join(info.get("registered", [])) or "无"))
    return 0 if running else 1
