"""The center's Kamailio follows the accounts table without a restart (telephony.center.accounts_live): a new agent
registers, a changed password replaces the old one, a disabled agent is refused and their registration dropped —
real Kamailio, raw SIP REGISTERs with digest, a real SQLite accounts table and a real PostgreSQL one."""

from __future__ import annotations

from hotline.accounts import Role
from storage.db import engine_for, upgrade
from storage.uow import UnitOfWork
from telephony.center.accounts_live import AccountsWatcher, apply_accounts
from tests.telephony.center.sipraw import RawSip, register

OLD, NEW = "Agent-口令-1111", "Agent-口令-2222"


def _accounts(engine):
    with UnitOfWork(engine, role="center") as uow:
        return uow.accounts.sip_credentials()


def test_added_changed_and_disabled_accounts_reach_kamailio_live(db_url, center):
    upgrade(db_url)
    engine = engine_for(db_url)
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        uow.accounts.create("zhangsan", OLD, Role.AGENT, sip_user="1001")
        uow.commit()
    k = center(users={}, ha1=_accounts(engine))
    said: list[str] = []
    watcher = AccountsWatcher(db_url, k.ctl_socket, applied=_accounts(engine), say=said.append)
    ua = RawSip(k.port)
    try:
        assert register(ua, "1001", OLD).code == 200
        assert register(ua, "1002", OLD).code == 403  # nobody by that extension yet
        with UnitOfWork(engine, origin="admin", role="center") as uow:
            uow.accounts.create("lisi", OLD, Role.AGENT, sip_user="1002")
            uow.accounts.set_password("zhangsan", NEW)
            uow.commit()
        changes = watcher.step(engine)
        assert changes is not None and changes.set == ["1001", "1002"] and changes.removed == []
        assert register(ua, "1002", OLD).code == 200  # the new agent, no restart
        assert register(ua, "1001", OLD).code == 403 and register(ua, "1001", NEW).code == 200
        assert {"1001", "1002"} <= set(k.registered())
        with UnitOfWork(engine, origin="admin", role="center") as uow:
            uow.accounts.disable("lisi")
            uow.commit()
        changes = watcher.step(engine)
        assert changes is not None and changes.removed == ["1002"] and changes.set == []
        assert "1002" not in k.registered()  # the registration made before is gone too
        assert register(ua, "1002", OLD).code == 403
        assert watcher.step(engine).set == []  # nothing left to do: nothing sent
        with UnitOfWork(engine, origin="admin", role="center") as uow:  # a leaver who never registered
            uow.accounts.create("wangwu", OLD, Role.AGENT, sip_user="1003")
            uow.commit()
        assert watcher.step(engine).set == ["1003"]
        with UnitOfWork(engine, origin="admin", role="center") as uow:
            uow.accounts.disable("wangwu")
            uow.commit()
        changes = watcher.step(engine)
        assert changes is not None and (changes.removed, changes.failed) == (["1003"], [])
        assert register(ua, "1003", OLD).code == 403
        assert any("1002" in line for line in said)
    finally:
        ua.close()
        engine.dispose()


def test_a_dead_ctl_socket_is_said_once_and_the_change_is_retried(sqlite_url, center, tmp_path):
    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        uow.accounts.create("zhangsan", OLD, Role.AGENT, sip_user="1001")
        uow.commit()
    k = center(users={})
    applied: dict[str, str] = {}
    gone = apply_accounts(tmp_path / "no.sock", applied, _accounts(engine))
    assert gone.failed == ["1001"] and applied == {}  # not taken as applied
    said: list[str] = []
    watcher = AccountsWatcher(sqlite_url, tmp_path / "no.sock", applied={}, say=said.append)
    watcher.step(engine)
    watcher.step(engine)
    assert len(said) == 1 and "1001" in said[0]  # said once, not every pass
    watcher.ctl_socket = k.ctl_socket  # Kamailio reachable again: the next pass applies it
    assert watcher.step(engine).set == ["1001"]
    ua = RawSip(k.port)
    try:
        assert register(ua, "1001", OLD).code == 200
    finally:
        ua.close()
        engine.dispose()


def test_the_recording_store_follows_the_accounts_too(sqlite_url, center, tmp_path):
    from desktop.app.recupload import Uploader, UploadError
    from telephony.center.recstore_nginx import RecordingStore, upload_key

    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        uow.accounts.create("zhangsan", OLD, Role.AGENT, sip_user="1001")
        uow.commit()
    k = center(users={}, ha1=_accounts(engine))
    store = RecordingStore(tmp_path / "run", tmp_path / "state", uploaders=["1001"])
    store.start()
    sample = tmp_path / "a.ogg"
    sample.write_bytes(b"OggS" + bytes(64))

    def put(desk: str, name: str) -> int:
        up = Uploader(None, tmp_path, store.base_url, desk=desk, key=upload_key(store.secret, desk), origin="x")  # type: ignore[arg-type]
        try:
            return up.put(sample, f"{desk}/20261207/{name}")
        except UploadError as exc:
            return exc.status

    calls: list[list[str]] = []

    def broken_then_store(users: list[str]) -> None:
        calls.append(users)
        if len(calls) == 1:
            raise OSError("disk full")  # the first try fails: given again at the next pass
        store.set_uploaders(users)

    watcher = AccountsWatcher(sqlite_url, k.ctl_socket, applied=_accounts(engine), say=lambda _t: None,
                              on_change=broken_then_store)
    try:
        assert put("1001", "a.ogg") == 201 and put("1002", "a.ogg") == 401
        with UnitOfWork(engine, origin="admin", role="center") as uow:
            uow.accounts.create("lisi", OLD, Role.AGENT, sip_user="1002")
            uow.accounts.disable("zhangsan")
            uow.commit()
        watcher.step(engine)
        assert put("1002", "b.ogg") == 401  # the store was not told yet (its write failed)
        watcher.step(engine)
        assert calls == [["1002"], ["1002"]]
        assert put("1002", "b.ogg") == 201 and put("1001", "c.ogg") == 401  # no nginx restart
    finally:
        store.stop()
        engine.dispose()


def _table(k, name: str) -> dict[str, str]:
    """Kamailio's hash table ``name`` as it is now (kamcmd htable.dump)."""
    from telephony.center.kamailio import rpc

    out = rpc(k.ctl_socket, "htable.dump", name)
    keys = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.strip().startswith("name:")]
    values = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.strip().startswith("value:")]
    return dict(zip(keys, values, strict=True))


def test_the_monitor_table_follows_the_accounts_and_the_settings(sqlite_url, center, tmp_path):
    from hotline.monitoring import CenterSettings
    from hotline.timezone import now
    from storage.tables import UnitRow
    from telephony.center.monitor_rules import monitor_entries, rules_from_db

    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    with UnitOfWork(engine, origin="admin", role="center") as uow:
        uow.session.add(UnitRow(id="team-a", code="team.a", name="A", level=1, kind="team", remit=[], updated_at=now()))
        uow.session.flush()
        uow.accounts.create("lead-a", OLD, Role.TEAM_LEAD, unit_id="team-a", sip_user="1901")
        uow.accounts.create("zhangsan", OLD, Role.AGENT, unit_id="team-a", sip_user="1001")
        uow.commit()
    settings = {"value": CenterSettings()}
    rules = rules_from_db(engine, settings["value"])
    k = center(users={}, ha1=_accounts(engine), monitor=rules)
    assert _table(k, "monitor") == {"show": "1", "1901": "1", "1901:1001": "1"}
    watcher = AccountsWatcher(sqlite_url, k.ctl_socket, applied=_accounts(engine), say=lambda _t: None,
                              monitor=lambda eng: monitor_entries(rules_from_db(eng, settings["value"])),
                              monitor_applied=monitor_entries(rules))
    try:
        with UnitOfWork(engine, origin="admin", role="center") as uow:  # a new agent joins team A
            uow.accounts.create("lisi", OLD, Role.AGENT, unit_id="team-a", sip_user="1002")
            uow.commit()
        watcher.step(engine)
        assert _table(k, "monitor") == {"show": "1", "1901": "1", "1901:1001": "1", "1901:1002": "1"}
        settings["value"] = CenterSettings(indicator=False)  # hotline center settings set monitor.indicator false
        with UnitOfWork(engine, origin="admin", role="center") as uow:  # and the lead leaves
            uow.accounts.disable("lead-a")
            uow.commit()
        watcher.step(engine)
        assert _table(k, "monitor") == {"show": "0"}

        def broken(_eng):
            raise ValueError("bad settings file")

        watcher.monitor = broken  # a bad settings file: named, the accounts still follow
        with UnitOfWork(engine, origin="admin", role="center") as uow:
            uow.accounts.create("wangwu", OLD, Role.AGENT, unit_id="team-a", sip_user="1003")
            uow.commit()
        changes = watcher.step(engine)
        assert changes is not None and changes.set == ["1003"] and "monitor rules (ValueError" in changes.failed[0]
        assert _table(k, "monitor") == {"show": "0"}  # the last good entries stay
    finally:
        engine.dispose()
