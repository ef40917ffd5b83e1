"""Our engine against real lab peers on loopback: call, answer, reject, hold, mute, DTMF, quality, recording."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from telephony.softphone import Answer, Dial, Hangup, Hold, Mute, Reject, Resume, SendDtmf
from telephony.softphone.model import CallDidEnd, DtmfWasReceived, RecordingWasSaved
from tests.telephony.softphone.support import direct_uri, energies, only_recording


def _saved(events, interaction_id: str) -> dict:
    saved = events.wait(lambda e: isinstance(e, RecordingWasSaved) and e.interaction_id == interaction_id, 15,
                        "the recording")
    return json.loads(Path(saved.manifest_path).read_text(encoding="utf-8")) | {"audio": saved.audio_path}


def test_outbound_call_both_hear_each_other_and_the_recording_holds_both(phone_factory, lab):
    phone, events = phone_factory()
    p110 = lab("110")
    call_id = phone.run(Dial(p110.uri()))
    confirmed = events.call_state(call_id, "confirmed")
    assert confirmed.dialled == "110" and confirmed.answered_at is not None
    time.sleep(2.0)
    quality = phone.snapshot().call(call_id).quality
    assert quality is not None and quality.packets > 50 and quality.loss_pct == 0 and quality.mos > 4.0
    phone.run(Hangup(call_id))
    ended = events.call_state(call_id, "disconnected")
    assert ended.reason == "坐席挂断"
    heard_by_110 = energies(only_recording(p110), ["agent", "110"])
    assert heard_by_110["agent"] > 0.5 and heard_by_110["110"] < 0.05
    manifest = _saved(events, confirmed.interaction_id)
    assert manifest["call_ids"] == [call_id] and manifest["legs"][0]["remote_uri"].startswith("sip:110@")
    assert 1.5 < manifest["duration_s"] < 4.0
    both = energies(manifest["audio"], ["agent", "110"])
    assert both["agent"] > 0.2 and both["110"] > 0.2, both  # both parties, one timeline


def test_inbound_call_shows_caller_and_dialled_queue_then_answer(phone_factory, lab):
    phone, events = phone_factory()
    caller = lab("caller-1", users=["13800000001"])
    peer_call = caller.call(direct_uri(phone, "12345"), from_user="13800000001")
    incoming = events.incoming()
    assert (incoming.caller_number, incoming.dialled, incoming.direction) == ("13800000001", "12345", "inbound")
    caller.wait_call(peer_call, "EARLY", timeout=5)  # 180 Ringing reached the caller
    phone.run(Answer(incoming.call_id))
    events.call_state(incoming.call_id, "confirmed")
    time.sleep(1.5)
    caller.hangup(peer_call)
    assert events.call_state(incoming.call_id, "disconnected").status_code in (200, 0)
    assert energies(only_recording(caller), ["agent"])["agent"] > 0.5


def test_reject_gives_the_caller_busy(phone_factory, lab):
    phone, events = phone_factory()
    caller = lab("caller-2", users=["13800000002"])
    peer_call = caller.call(direct_uri(phone), from_user="13800000002")
    incoming = events.incoming()
    phone.run(Reject(incoming.call_id, 486))
    info = caller.wait_call(peer_call, "DISCONNECTED", timeout=5)
    assert info["code"] == 486
    assert events.call_state(incoming.call_id, "disconnected").reason == "已拒接"


def test_hold_and_mute_cut_the_agent_voice_and_resume_brings_it_back(phone_factory, lab):
    phone, events = phone_factory()
    expert = lab("expert-rsj")
    call_id = phone.run(Dial(expert.uri()))
    events.call_state(call_id, "confirmed")
    time.sleep(1.5)
    phone.run(Hold(call_id))
    assert phone.snapshot().call(call_id).held
    expert.wait_for(lambda st: any(c["media"] == "remote_hold" for c in st["calls"]), 5, "remote hold")
    time.sleep(1.5)
    phone.run(Resume(call_id))
    expert.wait_for(lambda st: any(c["media"] == "active" for c in st["calls"]), 5, "resumed")
    time.sleep(1.5)
    phone.run(Mute(call_id, True))
    time.sleep(1.5)
    phone.run(Mute(call_id, False))
    time.sleep(1.5)
    phone.run(Hangup(call_id))
    heard = only_recording(expert)
    # timeline of the expert's recording: talk 0-1.5, hold 1.5-3, talk 3-4.5, mute 4.5-6, talk 6-7.5
    windows = {"talk": (0.3, 1.2), "hold": (1.9, 2.7), "resumed": (3.3, 4.2), "muted": (4.9, 5.7), "unmuted": (6.3, 7.2)}
    agent = {k: energies(heard, ["agent"], *w)["agent"] for k, w in windows.items()}
    assert agent["talk"] > 0.5 and agent["resumed"] > 0.5 and agent["unmuted"] > 0.5, agent
    assert agent["hold"] < 0.05 and agent["muted"] < 0.05, agent


@pytest.mark.parametrize("method", ["rfc2833", "info"])
def test_dtmf_both_ways(phone_factory, lab, method):
    phone, events = phone_factory()
    ivr = lab("95598")
    call_id = phone.run(Dial(ivr.uri()))
    events.call_state(call_id, "confirmed")
    phone.run(SendDtmf(call_id, "12#*", method=method))
    ivr.wait_for(lambda st: len(st["dtmf"]) >= 4, 8, "four digits")
    assert [(d["digit"], d["method"]) for d in ivr.status()["dtmf"]] == [(d, method) for d in "12#*"]
    ivr.send_dtmf("59", method=method)
    events.wait(lambda e: isinstance(e, DtmfWasReceived) and e.digit == "9", 8, "digit 9")
    assert [e.digit for e in events.of(DtmfWasReceived)] == ["5", "9"]
    phone.run(Hangup(call_id))
    events.wait(lambda e: isinstance(e, CallDidEnd), 5)
