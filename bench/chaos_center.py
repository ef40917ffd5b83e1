"""The center under load and under attack, for ``python -m bench chaos``: ``measure(quick) -> dict``.

A real center (Kamailio with resources/kamailio/center.cfg, the real director process with its
records in an SQLite database) serves SIPp load: auto-answering SIPp agents take calls to 12345
from a trusted gateway port, and callers to a second queue ("cb", whose only agent is on 示忙)
wait past its 5 s limit and overflow to a callback reservation (预约回拨). While the load runs,
the attack set of tests/telephony/center/test_attacks.py is sent from outside with hand-written
SIP (tests.telephony.center.sipraw) and sipvicious:

- an outsider dialling trunks (110, 95598), agents and unknown numbers: must be challenged (407),
  the trunk must receive nothing;
- made-up in-dialog requests routed at the trunk: 481, nothing relayed;
- From users escaped or with parameters (``%33001``, ``3001;x=y``): challenged like the user;
- password guessing: after ``fail_max`` failures the address is banned, the right password too;
- sipvicious svwar over the agents' numbers with REGISTER, INVITE and OPTIONS: finds nothing.

``sip_attacks``: ``tried`` requests (and scans), ``let_in`` of them answered otherwise than a closed
door, ``center_down`` 1 when Kamailio or the director died or Kamailio stopped answering OPTIONS.
``callbacks_promised``: callers the director's CDR says overflowed to a callback;
``callbacks_lost``: those without a ticket in the center's database afterwards.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from telephony.center.kamailio import Guard, start_center_kamailio
from telephony.lab.sipp import SCENARIOS, SippAgents, _base, free_port, run_sipp, send_agent_state
from tests.telephony.center.sipraw import Listener, RawSip, offer, register

CB_NUMBER, CB_WAIT_S = "0412345", 5
PLAN_HEAD_END = "[[queues]]"


def _plan(path: Path, agents: list[str], cb_agent: str) -> None:
    """The demo plan's [center] and [night] with two queues: 12345 (agents) and cb (its one agent)."""
    from hotline.acd.plan import default_plan_path

    head = default_plan_path().read_text(encoding="utf-8").split(PLAN_HEAD_END, 1)[0]
    head = "\n".join("wrap_up_s = 0" if line.startswith("wrap_up_s") else line for line in head.splitlines())
    queues = (f'\n[[queues]]\nname = "general"\nlabel = "12345综合"\nnumbers = ["12345"]\nskill = "综合"\n'
              f'priority = 1\nmax_wait_s = 60\noverflow = "callback"\ncategory = "求助"\n'
              f'\n[[queues]]\nname = "cb"\nlabel = "回拨演练"\nnumbers = ["{CB_NUMBER}"]\nskill = "回拨"\n'
              f'priority = 1\nmax_wait_s = {CB_WAIT_S}\noverflow = "callback"\ncategory = "求助"\n\n[agents]\n')
    agents_toml = "".join(f'{a} = {{ skills = ["综合"] }}\n' for a in agents) + f'{cb_agent} = {{ skills = ["回拨"] }}\n'
    path.write_text(head + queues + agents_toml, encoding="utf-8")


def _callers(k_port: int, port: int, service: str, rate: float, calls: int, run: Path, name: str,
             recv_timeout_ms: int, talk_ms: int = 500) -> dict[str, int]:
    timeout_s = calls / rate + recv_timeout_ms / 1000 + 30
    args = _base("caller-uac.xml", k_port, port, timeout_s) + [
        "-s", service, "-r", str(rate), "-m", str(calls), "-l", str(max(100, int(rate * 10))),
        "-set", "talk", str(talk_ms), "-recv_timeout", str(recv_timeout_ms)]
    result = run_sipp(args, run, name, timeout_s)
    return {"created": result.created, "successful": result.successful, "failed": result.failed}


def _attacks(k: Any, trunk: Listener, agent_users: dict[str, str]) -> tuple[int, list[str]]:
    """Send the attack set; (requests tried, what got in)."""
    tried, let_in = 0, []
    host = f"127.0.0.1:{k.port}"
    victim = next(iter(agent_users))
    ua = RawSip(k.port)
    try:
        for target in ("110", "95598", victim, "3001", "9999"):
            tried += 1
            reply = ua.request("INVITE", target, from_user="13800000001", sdp=offer(ua.port))
            if reply is None or reply.code != 407:
                let_in.append(f"outsider INVITE {target}: {reply and reply.code}")
        for method in ("INVITE", "BYE", "INFO", "REFER"):
            tried += 1
            reply = ua.request(method, "110", from_user="13800000001", to_tag="made-up",
                               extra=[f"Route: <sip:110@127.0.0.1:{trunk.port};lr>"])
            if reply is None or reply.code != 481:
                let_in.append(f"made-up dialog {method}: {reply and reply.code}")
        for from_uri in (f"sip:%3{victim[0]}{victim[1:]}@{host}", f"sip:{victim};x=y@{host}"):
            for target in ("110", "12345"):
                tried += 1
                reply = ua.request("INVITE", target, from_user="x", from_uri=from_uri, sdp=offer(ua.port))
                if reply is None or reply.code != 407:
                    let_in.append(f"escaped From {from_uri} -> {target}: {reply and reply.code}")
        guesser = list(agent_users)[-1]
        for _ in range(5):
            tried += 1
            reply = register(ua, guesser, "guess")
            if reply is None or reply.code != 403:
                let_in.append(f"password guess: {reply and reply.code}")
        tried += 1
        reply = register(ua, guesser, agent_users[guesser])  # banned now: the right password too
        if reply is None or reply.code != 403:
            let_in.append(f"banned address, right password: {reply and reply.code}")
    finally:
        ua.close()
    first, last = min(agent_users), max(agent_users)
    for method in ("REGISTER", "INVITE", "OPTIONS"):
        tried += 1
        done = subprocess.run([sys.executable, "-m", "sipvicious.svwar", "--force", f"-e{first}-{last}", "-m", method,
                               "-p", str(k.port), "127.0.0.1"], capture_output=True, text=True, timeout=300)
        out = done.stdout + done.stderr
        if done.returncode != 0 or "found nothing" not in out:
            let_in.append(f"svwar {method}: {out[-200:]}")
    if trunk.received(1.0):
        let_in.append("the trunk received a request")
    return tried, let_in


def _alive(k: Any) -> bool:
    ua = RawSip(k.port)
    try:
        reply = ua.request("OPTIONS", "", from_user="probe")
        return reply is not None and k.proc.poll() is None
    finally:
        ua.close()


def _callback_accounting(db_url: str) -> tuple[int, int]:
    from sqlalchemy import select

    from storage.center_tables import CallRow
    from storage.db import engine_for
    from storage.tables import TicketRow

    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(CallRow.ticket_id).where(CallRow.overflow_kind == "callback")).all()
            tickets = set(conn.scalars(select(TicketRow.id)))
    finally:
        engine.dispose()
    return len(rows), sum(1 for r in rows if r.ticket_id is None or r.ticket_id not in tickets)


def measure(quick: bool = False) -> dict[str, Any]:
    """Run the center's attack set under load; see the module docstring."""
    n_agents = 10 if quick else 20
    rate, seconds = (5.0, 30) if quick else (10.0, 60)
    cb_calls = 6 if quick else 20
    users = {str(3000 + i): f"pw-{3000 + i}" for i in range(n_agents)}
    cb_agent = str(3000 + n_agents)
    users[cb_agent] = f"pw-{cb_agent}"
    with tempfile.TemporaryDirectory(prefix="bench-chaos-center-") as tmp:
        run = Path(tmp)
        db_url = f"sqlite:///{run / 'center.sqlite3'}"
        plan = run / "plan.toml"
        _plan(plan, [u for u in users if u != cb_agent], cb_agent)
        trunk = Listener()
        gw_load, gw_cb = free_port(), free_port()
        k = start_center_kamailio(run / "kamailio", users=users, queues={"12345": "general", CB_NUMBER: "cb"},
                                  static={"110": f"sip:110@127.0.0.1:{trunk.port}",
                                          "95598": f"sip:95598@127.0.0.1:{trunk.port}"},
                                  trusted=[f"127.0.0.1:{gw_load}", f"127.0.0.1:{gw_cb}"],
                                  guard=Guard(fail_max=5, fail_window_s=60, ban_s=3))
        director = subprocess.Popen(
            [sys.executable, "-m", "telephony.center.director_main", "--evapi-port", str(k.evapi_port),
             "--ctl-socket", str(k.ctl_socket), "--domain", k.host, "--plan", str(plan), "--seconds", "900",
             "--db", db_url], stdout=subprocess.PIPE, text=True, start_new_session=True)
        agents = None
        try:
            if director.stdout is None or director.stdout.readline().strip() != "READY":
                raise RuntimeError("the director did not connect to evapi")
            agents = SippAgents(k.port, users, run / "agents")
            send_agent_state(k.port, cb_agent, users[cb_agent], "not-ready:bench", run / "agents")
            load: dict[str, Any] = {}
            threads = [
                threading.Thread(target=lambda: load.update(answered=_callers(
                    k.port, gw_load, "12345", rate, int(rate * seconds), run, "load", 15000))),
                threading.Thread(target=lambda: load.update(callback=_callers(
                    k.port, gw_cb, CB_NUMBER, cb_calls / seconds, cb_calls, run, "cb", (CB_WAIT_S + 20) * 1000))),
            ]
            for t in threads:
                t.start()
            time.sleep(3)
            tried, let_in = _attacks(k, trunk, {u: p for u, p in users.items() if u != cb_agent})
            for t in threads:
                t.join()
            down = 0 if (_alive(k) and director.poll() is None) else 1
        finally:
            if agents is not None:
                agents.stop()
            director.terminate()
            try:
                director.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                director.kill()
                director.wait(10)
            k.stop()
            trunk.close()
        promised, lost = _callback_accounting(db_url)
    return {"sip_attacks": {"tried": tried, "let_in": len(let_in), "center_down": down},
            "sip_attacks_let_in": let_in[:10], "callbacks_promised": promised, "callbacks_lost": lost,
            "center_load": load, "center_setup": {"agents": n_agents, "cps": rate, "seconds": seconds,
                                                  "callback_callers": cb_calls, "cb_max_wait_s": CB_WAIT_S,
                                                  "scenarios": str(SCENARIOS)}}
