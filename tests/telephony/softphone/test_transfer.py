"""Transfers and the three-way call against real lab peers: who hears whom, before and after.

Ordos 第十八条(一) and Hohhot 第十二条: a call that belongs to 110/119/120/122 or a utility is
passed on as a three-way call, and the agent may leave it with caller and third party still
connected (drop out = attended transfer of the caller to the third party).
"""

from __future__ import annotations

import time
from pathlib import Path

from telephony.lab.client import LabPeer
from telephony.softphone import Answer, BlindTransfer, CompleteTransfer, Conference, Dial, DropOut
from telephony.softphone.model import RecordingWasSaved
from tests.telephony.softphone.support import direct_uri, energies


def _answered(phone, events, caller: LabPeer, number: str = "13800000001") -> tuple[str, str]:
    peer_call = caller.call(direct_uri(phone, "12345"), from_user=number)
    incoming = events.incoming()
    phone.run(Answer(incoming.call_id))
    events.call_state(incoming.call_id, "confirmed")
    return incoming.call_id, peer_call


def _last_call_recording(peer: LabPeer, remote_part: str, timeout: float = 10.0) -> Path:
    """The recording of the peer's most recent call whose remote URI contains ``remote_part``."""
    peer.recordings(timeout=timeout)
    calls = [c for c in peer.status()["calls"] if remote_part in (c.get("remote_uri") or "") and c.get("recording")]
    assert calls, f"{peer.name}: no recorded call with {remote_part}: {peer.status()['calls']}"
    return Path(calls[-1]["recording"])


def test_blind_transfer_puts_the_caller_through_to_the_expert(phone_factory, lab):
    phone, events = phone_factory()
    caller, expert = lab("caller-1", users=["13800000001"]), lab("expert-rsj")
    call_id, _ = _answered(phone, events, caller)
    phone.run(BlindTransfer(call_id, expert.uri()))
    ended = events.call_state(call_id, "disconnected")
    assert ended.transfer == "succeeded" and ended.reason == "已转接"
    expert.wait_for(lambda st: any(c["state"] == "CONFIRMED" for c in st["calls"]), 8, "the transferred caller")
    time.sleep(1.5)
    caller.hangup()
    heard_by_caller = energies(_last_call_recording(caller, "expert-rsj"), ["expert-rsj", "agent"])
    heard_by_expert = energies(_last_call_recording(expert, "13800000001"), ["caller-1", "agent"])
    assert heard_by_caller["expert-rsj"] > 0.5 and heard_by_caller["agent"] < 0.05, heard_by_caller
    assert heard_by_expert["caller-1"] > 0.5 and heard_by_expert["agent"] < 0.05, heard_by_expert


def test_attended_transfer_consults_first_then_connects_caller_and_expert(phone_factory, lab):
    phone, events = phone_factory()
    caller, expert = lab("caller-2", users=["13800000002"]), lab("expert-gjj")
    call_id, _ = _answered(phone, events, caller, "13800000002")
    consult = phone.run(Dial(expert.uri(), consult=True))
    events.call_state(consult, "confirmed")
    snap = phone.snapshot()
    assert snap.call(call_id).held and snap.call(consult).interaction_id == snap.call(call_id).interaction_id
    time.sleep(1.5)  # the agent briefs the expert; the caller is on hold and hears neither
    phone.run(CompleteTransfer(call_id, consult))
    assert events.call_state(call_id, "disconnected").transfer == "succeeded"
    events.call_state(consult, "disconnected", timeout=8)
    time.sleep(1.5)
    caller.hangup()
    briefing = energies(_last_call_recording(expert, "1001"), ["agent", "caller-2"])
    assert briefing["agent"] > 0.5 and briefing["caller-2"] < 0.05, briefing
    after = energies(_last_call_recording(caller, "expert-gjj"), ["expert-gjj"])
    assert after["expert-gjj"] > 0.5, after
    assert energies(_last_call_recording(expert, "13800000002"), ["caller-2"])["caller-2"] > 0.5


def test_three_way_with_110_then_the_agent_drops_out(phone_factory, lab):
    """Ordos 第十八条(一), Hohhot 第十二条: three-way with 110, then caller and 110 stay connected."""
    phone, events = phone_factory()
    caller, police = lab("caller-3", users=["13800000003"]), lab("110")
    call_id, _ = _answered(phone, events, caller, "13800000003")
    leg110 = phone.run(Dial(police.uri(), consult=True))
    events.call_state(leg110, "confirmed")
    phone.run(Conference((call_id, leg110)))
    snap = phone.snapshot()
    assert snap.call(call_id).conference and not snap.call(call_id).held and snap.call(leg110).conference
    time.sleep(2.0)  # all three talk
    phone.run(DropOut(call_id, leg110))
    assert events.call_state(call_id, "disconnected").transfer == "succeeded"
    events.call_state(leg110, "disconnected", timeout=8)
    police.wait_for(lambda st: any(c["state"] == "CONFIRMED" and "13800000003" in c["remote_uri"]
                                   for c in st["calls"]), 8, "the caller replacing the agent")
    time.sleep(2.0)  # caller and 110 alone
    caller.hangup()
    # in the conference, 110 heard the caller through the agent's bridge, and the agent
    bridged = energies(_last_call_recording(police, "1001"), ["caller-3", "agent"], start_s=0.3)
    assert bridged["caller-3"] > 0.1 and bridged["agent"] > 0.1, bridged
    # after the agent left: the caller hears 110 and 110 hears the caller, nobody else
    caller_after = energies(_last_call_recording(caller, "110"), ["110", "agent"], start_s=0.3)
    police_after = energies(_last_call_recording(police, "13800000003"), ["caller-3", "agent"], start_s=0.3)
    assert caller_after["110"] > 0.5 and caller_after["agent"] < 0.05, caller_after
    assert police_after["caller-3"] > 0.5 and police_after["agent"] < 0.05, police_after
    # the agent's recording holds every voice of the interaction on one timeline
    saved = events.wait(lambda e: isinstance(e, RecordingWasSaved), 15, "the recording")
    voices = energies(saved.audio_path, ["caller-3", "110", "agent"])
    assert all(v > 0.05 for v in voices.values()), voices
