"""The desk's PhoneController and monitoring, through the real center Kamailio and director.

The agent's desk: a team lead's monitoring call never shows as a call (no ringing, no row), and the
indicator fires only when the center's setting lets the agent see it. The team lead's desk:
``monitor`` and ``set_monitor_mode`` reach the center (the mode switch is audited), a second
request or a bad mode is refused, and an agent of another group is refused by the center.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.app.phone import PhoneController
from hotline.monitoring import MONITOR_HEADER
from storage.tables import AuditRow
from telephony.center.kamailio import start_center_kamailio
from telephony.center.monitor_rules import MonitorRules
from telephony.center.runner import DirectorRunner, kamailio_queues
from telephony.center.store import open_store
from telephony.lab.client import start_peer
from telephony.softphone import SoftphoneConfig
from telephony.softphone import model as m
from tests.telephony.center.test_director import _plan

pytestmark = pytest.mark.desk
USERS = {"1001": "pw-1001", "1003": "pw-1003", "1008": "pw-1008"}
RULES = MonitorRules(frozenset({"1008"}), frozenset({("1008", "1001")}))


class Center:
    """Kamailio, the director on an SQLite store, lab peers: all stopped by ``close``."""

    def __init__(self, tmp_path: Path, show: bool) -> None:
        plan = _plan()
        self.k = start_center_kamailio(tmp_path / "k", users=USERS, queues=kamailio_queues(plan),
                                       monitor=MonitorRules(RULES.leads, RULES.pairs, show))
        self.store = open_store(f"sqlite:///{tmp_path / 'center.sqlite3'}")
        self.director = DirectorRunner(plan, self.store, self.k)
        self.director.start()
        self.peers: list = []
        self.tmp = tmp_path

    def peer(self, name: str, user: str, **kw):
        peer = start_peer(name, users=[user], record_dir=self.tmp / name, register=self.k.host, passwords=USERS,
                          max_seconds=60, log_level=1, **kw)
        self.peers.append(peer)
        return peer

    def audits(self, action: str) -> list[AuditRow]:
        with Session(self.store.engine) as session:
            return list(session.scalars(select(AuditRow).where(AuditRow.action == action)))

    def close(self) -> None:
        for peer in self.peers:
            peer.stop()
        self.director.stop()
        self.k.stop()


def _until(qtbot, ready, timeout: float = 10.0) -> None:
    """The director stores its records on its own threads: wait (bounded) for them."""
    deadline = time.monotonic() + timeout
    while not ready() and time.monotonic() < deadline:
        qtbot.wait(100)


def _phone(qtbot, center: Center, user: str) -> tuple[PhoneController, dict[str, list]]:
    config = SoftphoneConfig(user=user, registrar=f"sip:{center.k.host}", password=USERS[user], log_level=0,
                             voice_tone_hz=1110)
    phone = PhoneController(config, acd_uri=f"sip:acd@{center.k.host}")
    seen: dict[str, list] = {k: [] for k in ("snapshot", "incoming", "indicator", "monitoring", "refused")}
    phone.snapshot.connect(seen["snapshot"].append)
    phone.incoming.connect(seen["incoming"].append)
    phone.monitor_indicator.connect(lambda mode, lead: seen["indicator"].append((mode, lead)))
    phone.monitoring.connect(lambda agent, mode: seen["monitoring"].append((agent, mode)))
    phone.refused.connect(lambda what, why: seen["refused"].append((what, why)))
    phone.start()
    qtbot.waitUntil(lambda: any(s.registration == m.Registration.REGISTERED for s in seen["snapshot"]), timeout=15000)
    return phone, seen


@pytest.mark.parametrize("show", [True, False])
def test_the_agents_desk_never_shows_the_monitoring_call_and_shows_the_indicator_as_the_center_says(
        qtbot, tmp_path, show):
    center = Center(tmp_path, show)
    phone = None
    try:
        phone, seen = _phone(qtbot, center, "1001")
        lead = center.peer("lead", "1008", tone_hz=1910)
        watch = lead.call(f"sip:1001@{center.k.host}", headers=[(MONITOR_HEADER, "whisper")])
        lead.wait_call(watch, "CONFIRMED", 10)  # answered by the phone, nobody pressed anything
        if show:
            qtbot.waitUntil(lambda: seen["indicator"] == [("whisper", "1008")], timeout=5000)
        lead.hangup(watch)
        lead.wait_call(watch, "DISCONNECTED", 10)
        if show:
            qtbot.waitUntil(lambda: seen["indicator"][-1:] == [("", "1008")], timeout=5000)
        else:
            qtbot.wait(1000)
            assert seen["indicator"] == []
        assert seen["incoming"] == []
        assert all(not c.monitor for s in seen["snapshot"] for c in s.calls)
        assert all(not s.calls for s in seen["snapshot"])  # nothing at all showed as a call
    finally:
        if phone is not None:
            phone.stop()
        center.close()


def test_the_leads_desk_monitors_switches_mode_and_is_refused_what_it_may_not(qtbot, tmp_path):
    center = Center(tmp_path, True)
    phone = None
    try:
        agent = center.peer("agent", "1001", tone_hz=1110)
        phone, seen = _phone(qtbot, center, "1008")
        phone.monitor("1001", "shout")
        phone.set_monitor_mode("barge")
        assert [w for _, w in seen["refused"]] and len(seen["refused"]) == 2  # a bad mode; no session yet
        phone.monitor("1001", "listen")
        qtbot.waitUntil(lambda: seen["monitoring"] == [("1001", "listen")], timeout=5000)
        agent.wait_for(lambda st: any(c["state"] == "CONFIRMED" for c in st["calls"]), 10, "the session up")
        phone.monitor("1003", "listen")  # one session at a time
        assert len(seen["refused"]) == 3
        phone.set_monitor_mode("barge")
        qtbot.waitUntil(lambda: seen["monitoring"][-1] == ("1001", "barge"), timeout=5000)
        _until(qtbot, lambda: center.audits("monitor-mode"))
        [switch] = center.audits("monitor-mode")
        assert (switch.actor, switch.subject_id, switch.detail["mode"]) == ("1008", "1001", "barge")
        phone.stop_monitor()
        qtbot.waitUntil(lambda: seen["monitoring"][-1] == ("1001", ""), timeout=10000)
        phone.stop_monitor()  # nothing left to stop
        assert len(seen["refused"]) == 4
        phone.monitor("1003", "listen")  # another group's agent: the center refuses
        qtbot.waitUntil(lambda: seen["monitoring"][-1:] == [("1003", "")], timeout=10000)
        assert len(seen["refused"]) == 5
        _until(qtbot, lambda: center.audits("monitor-refused"))
        assert center.audits("monitor-refused")[0].subject_id == "1003"
    finally:
        if phone is not None:
            phone.stop()
        center.close()


def test_the_phone_bar_shows_the_indicator_and_clears_it(qtbot):
    from desktop.ui.phonebar import PhoneBar

    bar = PhoneBar()
    qtbot.addWidget(bar)
    bar.show()
    assert not bar.monitor_label.isVisible()
    bar.show_monitor("whisper", "1008")
    assert bar.monitor_label.isVisible() and "1008" in bar.monitor_label.text()
    assert bar.monitor_label.objectName() == "monitored" and bar.monitor_label.accessibleName()
    bar.show_monitor("", "1008")
    assert not bar.monitor_label.isVisible()
