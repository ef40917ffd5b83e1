"""The center's Kamailio registers agents with the passwords set in the users table (HA1 only).

A real pjsua2 softphone registers as an account made with storage.accounts; Kamailio was given the
accounts' HA1s (``sip_credentials``) and no password. The digest realm is the fixed REALM (12345),
so the HA1 made when the password was set is what Kamailio checks. Then ``hotline center run``
does the same from a seeded database (``--users db`` and the default).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from hotline.accounts import Role
from hotline.passwords import SIP_REALM, sip_ha1
from storage.db import engine_for, upgrade
from storage.uow import UnitOfWork
from telephony.lab.kamailio import free_udp_port, sip_ping
from telephony.softphone.model import Registration, RegistrationDidChange
from tests.telephony.center.sipraw import RawSip, register

PASSWORD = "Agent-口令-5521"


def _files(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_socket())


def _registered(events, want: Registration) -> RegistrationDidChange:
    return events.wait(lambda e: isinstance(e, RegistrationDidChange) and e.snapshot.registration is want,
                       10, want.name)


def test_a_softphone_registers_with_the_password_from_the_users_table(db_url, center, phone_factory):
    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        with UnitOfWork(engine, origin="admin", role="center") as uow:
            uow.accounts.create("zhangsan", PASSWORD, Role.AGENT, sip_user="1001")
            uow.commit()
        with UnitOfWork(engine, role="center") as uow:
            ha1 = uow.accounts.sip_credentials()
    finally:
        engine.dispose()
    assert ha1 == {"1001": sip_ha1("1001", PASSWORD)}
    k = center(users={}, ha1=ha1)
    data = (k.run_dir / "center-data.cfg").read_text(encoding="utf-8")
    assert f'$sht(auth=>1001) = "{ha1["1001"]}";' in data
    assert f'#!define REALM "{SIP_REALM}"' in (k.run_dir / "center-defs.cfg").read_text(encoding="utf-8")

    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=PASSWORD)
    _registered(events, Registration.REGISTERED)
    assert "1001" in k.registered()
    ua = RawSip(k.port)  # one pjsua2 Endpoint per process: the wrong password comes from a raw client
    try:
        assert register(ua, "1001", "not-" + PASSWORD).code == 403
        challenge = ua.request("REGISTER", "", from_user="1001", to_uri=f"sip:1001@{k.host}")
        assert challenge is not None and f'realm="{SIP_REALM}"' in challenge.headers["www-authenticate"]
    finally:
        ua.close()
    assert PASSWORD.encode() not in _files(k.run_dir)  # no generated file (nor the log) holds it


def _eventually(check, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def _hotline(home: Path, *args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOTLINE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], capture_output=True, text=True,
                          input=stdin, timeout=timeout, env=env)


def test_center_run_takes_the_extensions_from_the_database(tmp_path):
    home, db = tmp_path / "home", f"sqlite:///{tmp_path / 'center.sqlite3'}"
    done = _hotline(home, "center", "run", "--db", db, "--users", "db", "--max-seconds", "1")
    assert done.returncode == 2 and "hotline user add" in done.stderr  # an empty users table: said so
    assert _hotline(home, "db", "seed-demo", "--db", db, "--role", "center").returncode == 0
    added = _hotline(home, "user", "add", "lisi", "--role", "agent", "--sip", "1201", "--db", db,
                     stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    port = free_udp_port()
    proc = subprocess.Popen([sys.executable, "-m", "desktop.cli.main", "center", "run", "--db", db, "--port",
                             str(port), "--no-music", "--max-seconds", "40"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, HOTLINE_HOME=str(home)))
    try:
        deadline = time.monotonic() + 20
        while not sip_ping(port, 0.3) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
        while _hotline(home, "center", "status").returncode != 0 and time.monotonic() < deadline:
            time.sleep(0.3)  # running (its state written), so that stop below finds it
        ua = RawSip(port)
        try:
            assert register(ua, "1201", PASSWORD).code == 200  # the account added by the CLI
            assert register(ua, "1001", "demo-1001").code == 200  # a demo account, seeded with hashes
            assert register(ua, "1002", "wrong").code == 403
            # while it runs: a new agent registers and a disabled one is refused, without a restart
            assert _hotline(home, "user", "add", "wangwu", "--role", "agent", "--sip", "1202", "--db", db,
                            stdin=PASSWORD + "\n").returncode == 0
            assert _hotline(home, "user", "disable", "lisi", "--db", db).returncode == 0
            _eventually(lambda: register(ua, "1202", PASSWORD).code == 200, "the new extension at the registrar")
            _eventually(lambda: register(ua, "1201", PASSWORD).code == 403, "the disabled extension refused")
        finally:
            ua.close()
        run_dir = home / "center" / "kamailio"
        assert sip_ha1("1201", PASSWORD) in (run_dir / "center-data.cfg").read_text(encoding="utf-8")
        generated = _files(run_dir)
        assert PASSWORD.encode() not in generated and b"demo-1001" not in generated
    finally:
        _hotline(home, "center", "stop")
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "分机账号：数据库 users 表（11 个）" in out  # 1001-1008, 1099, the specialist 2101 and 1201
