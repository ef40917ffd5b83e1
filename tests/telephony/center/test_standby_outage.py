"""The double fault: the lease's database goes away, then the leader dies. The standby cannot take
the lease, so it asks Kamailio for the lead (a compare-and-set on the epoch: the leader's link is
closed, Kamailio says so) and serves; when the database returns it takes the lease above that epoch.

Real center Kamailio, two ``director_main --lease`` processes, PostgreSQL behind a TCP proxy the
test cuts, the agent 1002 and a caller as pjsua2 lab peers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text

from hotline.acd import CenterPlan
from hotline.paths import resources_dir
from storage.db import engine_for, upgrade
from telephony.center.child import python_env, wait_line
from telephony.center.runner import kamailio_queues
from tests.storage.tcp_proxy import TcpProxy
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.test_director import _wait


def _director(k, url: str, name: str, spools, plan_path) -> subprocess.Popen:
    mine, other = spools[name], [d for n, d in spools.items() if n != name][0]
    argv = [sys.executable, "-m", "telephony.center.director_main", "--evapi-port", str(k.evapi_port),
            "--ctl-socket", str(k.ctl_socket), "--domain", k.host, "--db", url, "--spool", str(mine),
            "--peer-spool", str(other), "--lease", name, "--plan", str(plan_path), "--no-upgrade", "--seconds", "120"]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=python_env())


def test_with_the_database_down_the_standby_leads_on_kamailios_word_then_takes_the_lease(center, lab, pg_url,
                                                                                         tmp_path):
    upgrade(pg_url)
    plan_path = tmp_path / "plan.toml"
    doc = (resources_dir() / "center" / "plan.toml").read_text(encoding="utf-8")
    plan_path.write_text(re.sub(r"(?m)^wrap_up_s = \d+", "wrap_up_s = 1", doc), encoding="utf-8")
    k = center(queues=kamailio_queues(CenterPlan.load(str(plan_path))))
    parts = urlsplit(pg_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432).start()
    url = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}"))
    spools = {"a": tmp_path / "spool-a", "b": tmp_path / "spool-b"}
    engine = engine_for(pg_url)
    a = _director(k, url, "a", spools, plan_path)
    b = None
    try:
        assert wait_line(a, "LEADING", time.monotonic() + 30).startswith("LEADING")
        b = _director(k, url, "b", spools, plan_path)
        assert wait_line(b, "READY", time.monotonic() + 30) == "READY"
        lab.start("agent-1002", users=["1002"], register=k.host, passwords=AGENTS["1002"])
        time.sleep(1.0)
        proxy.cut()  # the database is gone
        os.kill(a.pid, signal.SIGKILL)  # and then the leader
        a.wait(5)
        leading = wait_line(b, "LEADING", time.monotonic() + 20)
        assert leading.startswith("LEADING"), "the standby did not lead with the database down"
        caller = lab.start("caller-1", users=["13800000001"])
        call = caller.call(f"sip:12345@{k.host}")
        caller.wait_call(call, "CONFIRMED", timeout=20)  # routed by the standby
        proxy.restore()

        def lease() -> tuple[str, int] | None:
            with engine.connect() as conn:
                row = conn.execute(text("SELECT holder, epoch FROM director_lease")).first()
            return (row[0], int(row[1])) if row else None

        kamailio_epoch = int(leading.split()[1])
        _wait(lambda: (now := lease()) is not None and now[0].startswith("b@") and now[1] > kamailio_epoch,
              20, "the lease taken above Kamailio's epoch once the database is back")
        caller.hangup(call)
        b.send_signal(signal.SIGTERM)
        assert b.wait(20) == 0
        with engine.connect() as conn:
            kinds = [r for (r,) in conn.execute(text("SELECT kind FROM queue_events WHERE call_id <> ''"))]
        assert kinds.count("queued") == 1 and kinds.count("answered") == 1, kinds
    finally:
        for proc in (a, b):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(5)
        proxy.cut()
        engine.dispose()
