"""话后处理 from the bar, on the real center: the wrap-up the director applies after a call, extended
(F11) and ended (F12) from the desk; the bar shows the director's state and end time throughout."""

from __future__ import annotations

import pytest

from desktop.app.root import DeskUser
from desktop.app.settings import DeskSettings
from telephony.center.runner import kamailio_queues
from telephony.lab.audio import FREQUENCY_PLAN
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.test_director import ListStore, _plan

pytestmark = pytest.mark.desk


def _press(bar, name: str) -> None:
    next(a for a in bar.actions() if a.objectName() == f"{name}Action").trigger()


def test_the_agent_extends_then_ends_the_wrap_up_from_the_bar(center, director, lab, make_desk, qtbot, tmp_path):
    plan = _plan(wrap_up_s=30)
    k = center(queues=kamailio_queues(plan))
    director(plan, k, ListStore())
    root = make_desk(settings=DeskSettings(center=k.host, profile="national", seat="007"),
                     user=DeskUser("1001", "张三", "agent", "1001", "话务员"), password=AGENTS["1001"], phone=True,
                     softphone_overrides={"recording_dir": tmp_path / "rec", "log_level": 0})
    bar = root.window.phone_bar
    qtbot.waitUntil(lambda: bar.state_name == "ready", timeout=15000)
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FREQUENCY_PLAN["caller-1"])
    call = caller.call(f"sip:12345@{k.host}")
    qtbot.waitUntil(lambda: bar.buttons["answer"].isEnabled(), timeout=10000)
    _press(bar, "answer")
    caller.wait_call(call, "CONFIRMED", timeout=10)
    qtbot.waitUntil(lambda: bar.state_name == "talking", timeout=5000)
    caller.hangup(call)
    qtbot.waitUntil(lambda: bar.state_name == "wrap-up" and bar.wrap_until is not None, timeout=5000)
    first = bar.wrap_until
    assert bar.buttons["wrapExtend"].isEnabled() and bar.buttons["wrapDone"].isEnabled()
    assert "话后处理" in bar.state_label.text()
    _press(bar, "wrapExtend")  # F11: +60 s, as the director applies it
    qtbot.waitUntil(lambda: bar.wrap_until is not None and (bar.wrap_until - first).total_seconds() >= 59,
                    timeout=5000)
    _press(bar, "wrapDone")  # F12: ready for the next caller
    qtbot.waitUntil(lambda: bar.state_name == "ready", timeout=5000)
    assert not bar.buttons["wrapDone"].isEnabled()
