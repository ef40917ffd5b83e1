"""The accounts table, followed live by the center's Kamailio: no restart for a new agent, a new password or a leaver.

Also the ``monitor`` table (who may listen to whom: the accounts' roles and groups under the
center settings, telephony.center.monitor_rules), recomputed each pass, so a new team lead, an
agent moved to another group or ``hotline center settings set monitor.scope`` apply within seconds.

    watcher = AccountsWatcher(db_url, k.ctl_socket, applied=creds.ha1, say=print)   # what Kamailio started with
    watcher.start()        # every 2 s: the enabled extensions' HA1s compared with what Kamailio holds
    watcher.stop()

Kamailio's ``auth`` hash table (user -> HA1, filled from the accounts when the center starts) is
changed over its ctl socket (``kamcmd``): an extension added or given a new password is set
(``htable.sets``); one whose account is disabled, deleted or lost its extension is removed
(``htable.delete``) and its registrations are dropped from usrloc (``ul.rm``), so a disabled agent
can neither register again nor be reached on a contact registered before. ``on_change`` hears the
extensions in force after each change (the center gives them to its recording store, so a leaver's
upload key stops working too). Only what succeeded is
taken as applied, so a failed change is tried again on the next pass; a database or ctl failure is
said once (and again when it changes) and the thread keeps serving.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telephony.center.kamailio import rpc
from telephony.center.say_once import SayOnce, describe
from telephony.lab.kamailio import TOKEN, KamailioError

log = logging.getLogger("telephony.center.accounts_live")


def _valid(user: str, ha1: Any) -> bool:
    return (bool(TOKEN.match(user)) and isinstance(ha1, str) and len(ha1) == 32
            and all(c in "0123456789abcdef" for c in ha1))


@dataclass
class AccountChanges:
    """What one pass changed in Kamailio."""

    set: list[str] = field(default_factory=list)  # added or with a new HA1
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # tried and failed: tried again next pass
    skipped: list[str] = field(default_factory=list)  # not a valid extension/HA1: never sent


def sync_htable(ctl_socket: Path, table: str, applied: dict[str, Any], wanted: dict[str, Any], *,
                valid: Callable[[str, Any], bool] = lambda _k, _v: True,
                on_remove: Callable[[str], None] | None = None) -> AccountChanges:
    """Bring Kamailio's hash table ``table`` from ``applied`` to ``wanted`` (str values with
    ``htable.sets``, int ones with ``htable.seti``); ``applied`` is updated in place with what succeeded."""
    changes = AccountChanges()
    for key, value in sorted(wanted.items()):
        if applied.get(key) == value:
            continue
        if not valid(key, value):
            changes.skipped.append(key)
            continue
        try:
            if isinstance(value, int):
                rpc(ctl_socket, "htable.seti", table, f"s:{key}", str(value))
            else:
                rpc(ctl_socket, "htable.sets", table, f"s:{key}", f"s:{value}")
        except KamailioError as exc:
            log.error("%s", exc)
            changes.failed.append(key)
            continue
        applied[key] = value
        changes.set.append(key)
    for key in sorted(set(applied) - set(wanted)):
        try:
            rpc(ctl_socket, "htable.delete", table, f"s:{key}")
            if on_remove is not None:
                on_remove(key)
        except KamailioError as exc:
            log.error("%s", exc)
            changes.failed.append(key)
            continue
        del applied[key]
        changes.removed.append(key)
    return changes


def apply_accounts(ctl_socket: Path, applied: dict[str, str], wanted: dict[str, str]) -> AccountChanges:
    """The ``auth`` table from ``applied`` to ``wanted`` (user -> HA1); a removed user's registrations
    are dropped too."""
    return sync_htable(ctl_socket, "auth", applied, wanted, valid=_valid,
                       on_remove=lambda user: _drop_registrations(ctl_socket, user))


def _drop_registrations(ctl_socket: Path, user: str) -> None:
    """Remove ``user``'s contacts from usrloc (none registered is not an error)."""
    try:
        rpc(ctl_socket, "ul.rm", "location", f"s:{user}")
    except KamailioError as exc:
        if "not found" not in str(exc).lower() and "404" not in str(exc):
            raise


class AccountsWatcher(threading.Thread):
    """See the module docstring."""

    def __init__(self, db_url: str, ctl_socket: Path, applied: dict[str, str], say: Callable[[str], None],
                 every_s: float = 2.0, on_change: Callable[[list[str]], None] | None = None,
                 monitor: Callable[[Any], dict[str, int]] | None = None,
                 monitor_applied: dict[str, int] | None = None) -> None:
        super().__init__(name="accounts-live", daemon=True)
        self.db_url, self.ctl_socket, self.say, self.every_s = db_url, Path(ctl_socket), say, every_s
        self.on_change = on_change  # given the extensions now in force when they changed (the store's uploaders)
        # the monitor table's entries wanted now (given the engine; accounts and settings read again)
        self.monitor, self.monitor_applied = monitor, dict(monitor_applied or {})
        self.applied = dict(applied)
        self._stop_event = threading.Event()
        self.said = SayOnce(say, "accounts")
        self.passes = 0
        self._change_due = False

    def run(self) -> None:
        from storage.db import engine_for

        engine = engine_for(self.db_url)
        try:
            while not self._stop_event.wait(self.every_s):
                self.step(engine)
        finally:
            engine.dispose()

    def step(self, engine: object) -> AccountChanges | None:
        """One pass (the thread's; callable directly)."""
        from sqlalchemy.orm import Session

        from storage.accounts import AccountRepository

        try:
            with Session(engine) as session:  # type: ignore[arg-type]
                wanted = AccountRepository(session, None).sip_credentials()
            changes = apply_accounts(self.ctl_socket, self.applied, wanted)
            if self.monitor is not None:
                self._monitor_pass(engine, changes)
        except Exception as exc:  # noqa: BLE001 - said; the next pass tries again
            self.said.failed(exc)
            return None
        self.passes += 1
        self._change_due = self._change_due or bool(changes.set or changes.removed)
        if self.on_change is not None and self._change_due:
            try:
                self.on_change(sorted(self.applied))
                self._change_due = False
            except Exception as exc:  # noqa: BLE001 - said; given again at the next pass
                self.say(f"accounts: on_change: {type(exc).__name__}: {exc}")
        problem = ", ".join(changes.failed + changes.skipped)
        if problem:
            self.said.failed(f"not applied: {problem}")
        else:
            self.said.cleared()
        if changes.set:
            self.say(f"分机账号已更新 (extensions set): {', '.join(changes.set)}")
        if changes.removed:
            self.say(f"分机账号已停用，注册已清除 (extensions removed, registrations dropped): "
                     f"{', '.join(changes.removed)}")
        return changes

    def _monitor_pass(self, engine: object, changes: AccountChanges) -> None:
        """The monitor table; a failure here (a bad settings file) is named among the failures and
        does not hold up the accounts."""
        try:
            wanted = self.monitor(engine)  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - named; the table keeps its last good entries
            changes.failed.append(f"monitor rules ({describe(exc)})")
            return
        watched = sync_htable(self.ctl_socket, "monitor", self.monitor_applied, wanted)
        changes.failed += [f"monitor {key}" for key in watched.failed]
        if watched.set or watched.removed:
            self.say(f"监听权限已更新 (monitoring rules): +{len(watched.set)} -{len(watched.removed)}")

    def stop(self) -> None:
        self._stop_event.set()
        self.join(10)
