"""The accounts table, followed live by the center's Kamailio: no restart for a new agent, a new password or a leaver.

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
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from telephony.lab.kamailio import TOKEN, KamailioError

log = logging.getLogger("telephony.center.accounts_live")


def rpc(ctl_socket: Path, *args: str, timeout: float = 5.0) -> str:
    """One ``kamcmd`` call over the ctl socket (arguments passed as strings); KamailioError on failure."""
    kamcmd = shutil.which("kamcmd") or "/usr/sbin/kamcmd"
    try:
        done = subprocess.run([kamcmd, "-s", f"unix:{ctl_socket}", *args], capture_output=True, text=True,
                              timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KamailioError(f"kamcmd {args[0]}: {exc}") from None
    if done.returncode != 0:
        raise KamailioError(f"kamcmd {args[0]} failed: {(done.stderr or done.stdout).strip()[-300:]}")
    return done.stdout


def _valid(user: str, ha1: str) -> bool:
    return bool(TOKEN.match(user)) and len(ha1) == 32 and all(c in "0123456789abcdef" for c in ha1)


@dataclass
class AccountChanges:
    """What one pass changed in Kamailio."""

    set: list[str] = field(default_factory=list)  # added or with a new HA1
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # tried and failed: tried again next pass
    skipped: list[str] = field(default_factory=list)  # not a valid extension/HA1: never sent


def apply_accounts(ctl_socket: Path, applied: dict[str, str], wanted: dict[str, str]) -> AccountChanges:
    """Bring Kamailio from ``applied`` to ``wanted`` (user -> HA1); ``applied`` is updated in place
    with what succeeded."""
    changes = AccountChanges()
    for user, ha1 in sorted(wanted.items()):
        if applied.get(user) == ha1:
            continue
        if not _valid(user, ha1):
            changes.skipped.append(user)
            continue
        try:
            rpc(ctl_socket, "htable.sets", "auth", f"s:{user}", f"s:{ha1}")
        except KamailioError as exc:
            log.error("%s", exc)
            changes.failed.append(user)
            continue
        applied[user] = ha1
        changes.set.append(user)
    for user in sorted(set(applied) - set(wanted)):
        try:
            rpc(ctl_socket, "htable.delete", "auth", f"s:{user}")
            _drop_registrations(ctl_socket, user)
        except KamailioError as exc:
            log.error("%s", exc)
            changes.failed.append(user)
            continue
        del applied[user]
        changes.removed.append(user)
    return changes


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
                 every_s: float = 2.0, on_change: Callable[[list[str]], None] | None = None) -> None:
        super().__init__(name="accounts-live", daemon=True)
        self.db_url, self.ctl_socket, self.say, self.every_s = db_url, Path(ctl_socket), say, every_s
        self.on_change = on_change  # given the extensions now in force when they changed (the store's uploaders)
        self.applied = dict(applied)
        self._stop_event = threading.Event()
        self.last_error = ""
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
        except Exception as exc:  # noqa: BLE001 - said; the next pass tries again
            first = str(exc).splitlines()[0] if str(exc) else ""
            text = f"accounts: {type(exc).__name__}: {first}"
            if text != self.last_error:
                self.say(text)
            self.last_error = text
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
        text = f"accounts: not applied: {problem}" if problem else ""
        if text and text != self.last_error:
            self.say(text)
        self.last_error = text
        if changes.set:
            self.say(f"分机账号已更新 (extensions set): {', '.join(changes.set)}")
        if changes.removed:
            self.say(f"分机账号已停用，注册已清除 (extensions removed, registrations dropped): "
                     f"{', '.join(changes.removed)}")
        return changes

    def stop(self) -> None:
        self._stop_event.set()
        self.join(10)
