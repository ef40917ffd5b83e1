"""The engine survives: a crashed peer, a peer that never answers, a lost network, a storm of bad
commands, a fifth call, a recording that cannot be written — and always reaches a final state."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import threading
import time

import pytest

from telephony.softphone import commands as c
from telephony.softphone.errors import SoftphoneError, TooManyCalls
from telephony.softphone.model import CallDidEnd, RecordingDidFail
from tests.telephony.softphone.support import direct_uri, energies


def test_a_peer_that_crashes_mid_call_ends_the_call_by_media_timeout(phone_factory, lab):
    phone, events = phone_factory(media_timeout_s=2)
    peer = lab("120")
    call_id = phone.run(c.Dial(peer.uri()))
    events.call_state(call_id, "confirmed")
    time.sleep(0.5)
    peer.kill()  # SIGKILL: no BYE, no more RTP
    ended = events.call_state(call_id, "disconnected", timeout=10)
    assert ended.reason.startswith("媒体超时")
    assert phone.snapshot().calls == ()


def test_a_peer_that_never_answers_is_cancelled(phone_factory, lab):
    phone, events = phone_factory(no_answer_timeout_s=2)
    peer = lab("122", answer="never")
    call_id = phone.run(c.Dial(peer.uri()))
    events.call_state(call_id, "early")  # it rings...
    ended = events.call_state(call_id, "disconnected", timeout=10)
    assert ended.reason == "无人接听（超时）" and ended.status_code == 487
    peer.wait_for(lambda st: all(x["state"] == "DISCONNECTED" for x in st["calls"]), 5, "the CANCEL")


def test_a_destination_that_swallows_everything_reaches_a_final_state(phone_factory):
    phone, events = phone_factory(no_answer_timeout_s=2)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as hole:  # a lost network: nothing comes back
        hole.bind(("127.0.0.1", 0))
        call_id = phone.run(c.Dial(f"sip:12345@127.0.0.1:{hole.getsockname()[1]}"))
        ended = events.call_state(call_id, "disconnected", timeout=10)
    assert ended.reason == "无人接听（超时）"


def test_a_network_that_freezes_mid_call_ends_the_call(phone_factory, lab):
    phone, events = phone_factory(media_timeout_s=2)
    peer = lab("heating")
    call_id = phone.run(c.Dial(peer.uri()))
    events.call_state(call_id, "confirmed")
    os.kill(peer.pid, signal.SIGSTOP)  # the peer is there but nothing crosses the network
    try:
        ended = events.call_state(call_id, "disconnected", timeout=10)
    finally:
        os.kill(peer.pid, signal.SIGCONT)
    assert ended.reason.startswith("媒体超时")


def _bad_commands(rng: random.Random, live: list[str]) -> list[object]:
    some = live[0] if live else "c1"
    return [
        c.Hangup(f"c{rng.randrange(100, 999)}"), c.Answer(some), c.Resume(some), c.Dial("sip:"), c.Dial(None),
        c.Dial("sip:x@127.0.0.1:99999"), c.SendDtmf(some, "not digits"), c.SendDtmf(some, None),
        c.Conference(("c404", "c405")), c.Conference(some), c.BlindTransfer("c404", "sip:a@127.0.0.1"),
        c.CompleteTransfer(some, some), c.DropOut("c1", None), c.Mute(some, "yes"), c.Reject(some, "486"),
        c.Hold(None), object(), "hangup", c.Dial("110"),
    ]


def test_a_storm_of_bad_commands_is_refused_and_the_phone_still_works(phone_factory, lab):
    phone, events = phone_factory()
    peer = lab("expert-zjj")
    call_id = phone.run(c.Dial(peer.uri()))
    events.call_state(call_id, "confirmed")
    refused: list[str] = []
    crashed: list[BaseException] = []

    def storm(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(60):
            for command in _bad_commands(rng, [call_id]):
                try:
                    phone.run(command)
                    crashed.append(AssertionError(f"accepted {command!r}"))
                except SoftphoneError as exc:
                    refused.append(type(exc).__name__)
                except BaseException as exc:  # noqa: BLE001 - anything but a SoftphoneError is a defect
                    crashed.append(exc)

    threads = [threading.Thread(target=storm, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert crashed == [] and len(refused) == 4 * 60 * 19
    assert phone.running and phone.snapshot().call(call_id).state == "confirmed"
    phone.run(c.Hangup(call_id))
    events.call_state(call_id, "disconnected")
    again = phone.run(c.Dial(peer.uri()))  # and it still places calls
    events.call_state(again, "confirmed")


def test_a_fifth_call_is_refused_both_ways(phone_factory, lab):
    phone, events = phone_factory()
    peer = lab("gas")
    ids = [phone.run(c.Dial(peer.uri())) for _ in range(4)]
    for call_id in ids:
        events.call_state(call_id, "confirmed")
    with pytest.raises(TooManyCalls):
        phone.run(c.Dial(peer.uri()))
    caller = lab("caller-1", users=["13800000009"])
    fifth = caller.call(direct_uri(phone), from_user="13800000009")
    assert caller.wait_call(fifth, "DISCONNECTED", timeout=8)["code"] == 486  # busy here
    assert len(phone.snapshot().calls) == 4


def test_an_unwritable_recording_path_raises_the_alarm_and_the_call_goes_on(phone_factory, lab, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the recording directory should be")
    phone, events = phone_factory(recording_dir=blocker / "recordings")
    peer = lab("water")
    call_id = phone.run(c.Dial(peer.uri()))
    events.call_state(call_id, "confirmed")
    alarm = events.wait(lambda e: isinstance(e, RecordingDidFail), 5, "the recording alarm")
    assert "录音" in alarm.message and phone.snapshot().recording_alarm == alarm.message
    time.sleep(1.5)
    assert phone.snapshot().call(call_id).state == "confirmed"
    phone.run(c.Hangup(call_id))
    events.wait(lambda e: isinstance(e, CallDidEnd), 5)
    assert energies(peer.recordings(timeout=5)[0], ["agent"])["agent"] > 0.5  # the call itself was fine


def test_a_full_recording_disk_raises_the_alarm_during_the_call(phone_factory, lab, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a 128 KiB tmpfs as the full disk")
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(tiny)], check=True)
    try:
        phone, events = phone_factory(recording_dir=tiny, recording_min_free_mb=1.0)
        peer = lab("95598")
        call_id = phone.run(c.Dial(peer.uri()))
        events.call_state(call_id, "confirmed")
        alarm = events.wait(lambda e: isinstance(e, RecordingDidFail), 8, "the disk alarm")
        assert "录音磁盘空间不足" in alarm.message
        time.sleep(4.5)  # 32 KB/s of WAV: the disk is full by now
        assert phone.snapshot().call(call_id).state == "confirmed"
        phone.run(c.Hangup(call_id))
        events.call_state(call_id, "disconnected")
        phone.stop()
    finally:
        subprocess.run(["umount", "-l", str(tiny)], check=False)


def test_destinations_pjsua2_cannot_reach_fail_cleanly(phone_factory, lab):
    phone, events = phone_factory()
    for destination in ("sip:110@127.0.0.1:5060;transport=tcp", "sip:110@no-such-host.invalid"):
        try:
            call_id = phone.run(c.Dial(destination))
        except SoftphoneError as exc:  # refused at once by the stack (no TCP transport here)
            assert "拒绝" in str(exc) or str(exc)
        else:  # or it fails on the way: a final state, not a hang
            assert events.call_state(call_id, "disconnected", timeout=40).status_code >= 400
    peer = lab("119")
    again = phone.run(c.Dial(peer.uri()))  # the phone is fine
    events.call_state(again, "confirmed")
    phone.run(c.Hangup(again))
    events.call_state(again, "disconnected")


def test_a_port_already_taken_fails_the_start_clearly_and_the_process_lives(phone_factory):
    from telephony.softphone.errors import EngineNotRunning

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        with pytest.raises(EngineNotRunning) as caught:
            phone_factory(port=taken.getsockname()[1])
    assert "启动失败" in str(caught.value)
    phone, events = phone_factory()  # a second Endpoint in the same process, after the failed one
    assert phone.running
