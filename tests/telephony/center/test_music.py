"""What a queued caller hears: the greeting and hold music as early media, then the agent.

The encoder and the SDP parsing on their own; then the real chain: Kamailio answers the queued
INVITE 183 with the music server's SDP, the director starts the stream to the caller's RTP address
and stops it when the agent answers, and the caller's pjsua2 switches from the early media to the
agent's media (a forked answer).
"""

from __future__ import annotations

import array
import time

import pytest

from telephony.center.music import FRAME, Program, caller_media, ulaw
from telephony.center.music_control import MusicServer
from telephony.center.runner import kamailio_queues
from telephony.softphone import Answer, SendMessage
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.test_director import ListStore, _plan, _registered, _wait


def test_ulaw_encodes_the_g711_reference_points():
    assert ulaw(array.array("h", [0, 32767, -32768, -1, 1000, -1000])) == bytes([0xFF, 0x80, 0x00, 0x7F, 0xCE, 0x4E])


def test_the_callers_audio_address_comes_from_its_sdp_offer():
    offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0 8\r\n"
    assert caller_media(offer) == ("10.0.0.5", 40002)
    assert caller_media("v=0\r\nc=IN IP4 10.0.0.5\r\nm=video 5000 RTP/AVP 96\r\n") is None
    assert caller_media("") is None
    pjsua = "v=0\r\ns=pjmedia\r\nm=audio 32124 RTP/AVP 8 0\r\nc=IN IP4 127.0.0.2\r\na=sendrecv\r\n"
    assert caller_media(pjsua) == ("127.0.0.2", 32124)  # the c= line of the stream, after its m= line
    two = "c=IN IP4 10.0.0.1\r\nm=video 5000 RTP/AVP 96\r\nc=IN IP4 10.0.0.9\r\nm=audio 6000 RTP/AVP 0\r\n"
    assert caller_media(two) == ("10.0.0.1", 6000)  # the video stream's address is not the audio's


def test_the_greeting_plays_once_then_the_hold_music_loops():
    program = Program(b"g" * FRAME * 2, b"h" * FRAME * 3)
    assert [program.frame(n)[:1] for n in range(8)] == [b"g", b"g", b"h", b"h", b"h", b"h", b"h", b"h"]


@pytest.fixture
def music():
    server = MusicServer(max_seconds=120)
    yield server
    server.stop()


def test_a_queued_caller_hears_the_greeting_then_the_agent(center, director, lab, phone_factory, music):
    from telephony.lab.audio import read_wav, rms_dbfs
    from tests.telephony.softphone.support import energies

    plan = _plan(login_state="not-ready")  # the agent is logged in but not ready: the caller waits
    k = center(queues=kamailio_queues(plan), music_port=music.rtp_port)
    store = ListStore()
    director(plan, k, store, music=music.control())
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
    _registered(events, "1001")
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
    call = caller.call(f"sip:12345@{k.host}")
    _wait(lambda: "queued" in store.kinds(), 5, "queued")
    _wait(lambda: music.streams() == 1, 5, "the music playing to the caller")
    time.sleep(3.0)  # the greeting
    phone.run(SendMessage(f"sip:acd@{k.host}", "ready"))
    incoming = events.incoming(timeout=10)
    phone.run(Answer(incoming.call_id))
    caller.wait_call(call, "CONFIRMED", timeout=5)
    _wait(lambda: music.streams() == 0, 5, "the music stopped on the answer")
    time.sleep(2.5)
    caller.hangup(call)
    [heard] = caller.recordings(timeout=10)
    assert rms_dbfs(heard, start_s=0.5, end_s=3.0) > -40  # the greeting: speech, not silence
    assert energies(heard, ["agent"], start_s=0.5, end_s=3.0)["agent"] < 0.1  # ... and not the agent yet
    samples, rate = read_wav(heard)
    end = len(samples) / rate
    assert energies(heard, ["agent"], start_s=end - 2.0, end_s=end - 0.3)["agent"] > 0.5  # then the agent
