"""The center's trust boundary, attacked from outside with hand-written SIP over loopback UDP.

Each test sends what an outside tester sent (a made-up dialog, a forged identity, a bad SDP, a
password guesser, sipvicious) to the real Kamailio with the real director, and checks both the
answer and that nothing reached where it must not (a trunk, an agent's phone, an RTP victim).
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

from telephony.center.kamailio import Guard
from telephony.center.runner import kamailio_queues
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.sipraw import Listener, RawSip, answer_challenge, offer, register
from tests.telephony.center.test_director import ListStore, _plan, _wait
from tests.telephony.center.test_music import music  # noqa: F401 - the music server fixture


def _trunk_center(center, **kw):
    trunk = Listener()
    k = center(static={"110": f"sip:110@127.0.0.1:{trunk.port}", "95598": f"sip:95598@127.0.0.1:{trunk.port}"},
               **kw)
    return k, trunk


def test_outsiders_reach_neither_trunks_nor_extensions(center):
    """Toll fraud and queue bypass: an unknown caller dialling 110, 95598 or an agent is challenged."""
    k, trunk = _trunk_center(center)
    agent = RawSip(k.port)
    assert register(agent, "1001", AGENTS["1001"]).code == 200
    outsider = RawSip(k.port)
    try:
        for target in ("110", "95598", "1001", "1002", "9999"):
            reply = outsider.request("INVITE", target, from_user="13800000001", sdp=offer(outsider.port))
            assert reply is not None and reply.code == 407, (target, reply)
        assert trunk.received(1.0) == []
        assert agent.requests(0.5) == []  # the agent's phone never rang
    finally:
        outsider.close()
        agent.close()
        trunk.close()


def test_a_trusted_peer_may_dial_an_extension_but_never_a_trunk(center):
    """The carrier's gateway delivers direct-dialled numbers (DID) to agents; trunk to trunk is fraud."""
    gateway = RawSip(0)
    trunk = Listener()
    k = center(static={"110": f"sip:110@127.0.0.1:{trunk.port}"}, trusted=[f"127.0.0.1:{gateway.port}"])
    gateway.center = ("127.0.0.1", k.port)
    agent = RawSip(k.port)
    try:
        assert register(agent, "1001", AGENTS["1001"]).code == 200
        gateway.send(gateway.build("INVITE", "1001", from_user="13800000001", sdp=offer(gateway.port)))
        assert [line.split()[0] for line in agent.requests(1.0)][:1] == ["INVITE"]
        reply = gateway.request("INVITE", "110", from_user="13800000001", sdp=offer(gateway.port))
        assert reply is not None and reply.code == 407
        assert trunk.received(0.5) == []
    finally:
        gateway.close()
        agent.close()
        trunk.close()


def test_a_made_up_dialog_is_not_relayed(center):
    """An in-dialog request with a made-up To-tag and a Route to the trunk: an open relay before."""
    k, trunk = _trunk_center(center)
    ua = RawSip(k.port)
    try:
        for method in ("INVITE", "BYE", "INFO", "REFER"):
            reply = ua.request(method, "110", from_user="13800000001", to_tag="made-up",
                               extra=[f"Route: <sip:110@127.0.0.1:{trunk.port};lr>"])
            assert reply is not None and reply.code == 481, (method, reply)
        assert trunk.received(1.0) == []
    finally:
        ua.close()
        trunk.close()


def test_escaped_or_parametered_from_users_are_read_canonically(center):
    """``%31001`` and ``1001;x=y`` are 1001: they must authenticate like 1001, even toward 12345."""
    k, trunk = _trunk_center(center)
    ua = RawSip(k.port)
    host = f"127.0.0.1:{k.port}"
    try:
        for from_uri in (f"sip:%31001@{host}", f"sip:1001;x=y@{host}"):
            for target in ("110", "12345"):
                reply = ua.request("INVITE", target, from_user="x", from_uri=from_uri, sdp=offer(ua.port))
                assert reply is not None and reply.code == 407, (from_uri, target, reply)
        assert trunk.received(0.5) == []
    finally:
        ua.close()
        trunk.close()


def test_identity_from_outside_is_not_trusted_and_never_becomes_a_callback(center, director):
    """A forged P-Asserted-Identity on a call to 12345 is dropped: the director hears the From
    user, marked unverified, and the overflow is voicemail, never a callback to that number.
    A trusted peer's (the carrier's) PAI is believed and gets its callback."""
    plan = _plan(max_wait_s=2)
    carrier = RawSip(0)
    k = center(queues=kamailio_queues(plan), trusted=[f"127.0.0.1:{carrier.port}"])
    carrier.center = ("127.0.0.1", k.port)
    agent = RawSip(k.port)
    assert register(agent, "1001", AGENTS["1001"]).code == 200
    store = ListStore()
    run = director(plan, k, store)
    _wait(lambda: "1001" in run.service.director.agents and run.service.director.agents["1001"].registered, 5,
          "1001 logged in")
    # 1001 is ready but will not answer the rings; the waits end at the plan's maximum
    outsider = RawSip(k.port)
    try:
        forged = ["P-Asserted-Identity: <sip:13999999999@127.0.0.1>"]
        outsider.send(outsider.build("INVITE", "12345", from_user="13800000001", extra=forged,
                                     sdp=offer(outsider.port)))
        carrier.send(carrier.build("INVITE", "12345", from_user="anonymous", sdp=offer(carrier.port),
                                   extra=["P-Asserted-Identity: <sip:13700000007@carrier.example>"]))
        _wait(lambda: len([e for e in store.events if e.kind == "overflowed"]) == 2, 15, "both overflows")
        by_caller = {e.caller: e for e in store.events if e.kind == "overflowed"}
        assert set(by_caller) == {"13800000001", "13700000007"}  # never 13999999999
        assert by_caller["13800000001"].data["kind"] == "voicemail"
        assert by_caller["13700000007"].data["kind"] == "callback"
        [queued_out] = [e for e in store.events if e.kind == "queued" and e.caller == "13800000001"]
        assert queued_out.data.get("verified") is False
    finally:
        outsider.close()
        carrier.close()
        agent.close()


def test_a_local_users_identity_is_its_authenticated_user(center):
    """An agent's INVITE to a trunk carries the PAI of the user it authenticated as, not its own."""
    k, trunk = _trunk_center(center)
    ua = RawSip(k.port)
    try:
        call_id = uuid.uuid4().hex
        forged = "P-Asserted-Identity: <sip:110@127.0.0.1>"
        first = ua.request("INVITE", "110", from_user="1002", call_id=call_id, extra=[forged], sdp=offer(ua.port))
        assert first is not None and first.code == 407
        ua.send(ua.build("ACK", "110", from_user="1002", call_id=call_id))
        auth = answer_challenge(first.headers["proxy-authenticate"], "INVITE", f"sip:110@127.0.0.1:{k.port}",
                                "1002", AGENTS["1002"], header="Proxy-Authorization")
        ua.send(ua.build("INVITE", "110", from_user="1002", call_id=call_id, cseq=2, extra=[forged, auth],
                         sdp=offer(ua.port)))
        [invite, *_] = trunk.received(1.5)
        text = invite.decode()
        assert text.startswith("INVITE sip:110@")
        pai = [line for line in text.split("\r\n") if line.lower().startswith("p-asserted-identity")]
        assert pai == [f"P-Asserted-Identity: <sip:1002@127.0.0.1:{k.port}>"]
    finally:
        ua.close()
        trunk.close()


def test_a_bye_outside_the_dialog_leaves_the_call_alone(center, director, lab):
    """A BYE carrying only the Call-ID (made-up tags) neither ends the call nor moves the agent."""
    from hotline.acd import AgentState

    plan = _plan()
    k = center(queues=kamailio_queues(plan))
    store = ListStore()
    run = director(plan, k, store)
    lab.start("agent-1002", users=["1002"], register=k.host, passwords=AGENTS["1002"], tone_hz=2530)
    _wait(lambda: run.service.director.agents["1002"].registered, 10, "1002 logged in")
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
    call = caller.call(f"sip:12345@{k.host}")
    caller.wait_call(call, "CONFIRMED", timeout=10)
    _wait(lambda: "answered" in store.kinds(), 5, "the answer recorded")
    [answered] = [e for e in store.events if e.kind == "answered"]
    ua = RawSip(k.port)
    try:
        for to_tag in ("", "forged"):
            reply = ua.request("BYE", "1002", from_user="13800000001", call_id=answered.call, to_tag=to_tag or "x")
            assert reply is not None and reply.code == 481
        time.sleep(0.5)
        assert run.service.director.agents["1002"].state is AgentState.TALKING
        assert "ended" not in store.kinds() and "abandoned" not in store.kinds()
        assert caller.call_info(call)["state"] == "CONFIRMED"
    finally:
        ua.close()
        caller.hangup(call)
    _wait(lambda: "ended" in store.kinds(), 5, "the real BYE recorded")


def test_bad_sdp_stops_neither_the_director_nor_the_music(center, director, lab, phone_factory, music):  # noqa: F811
    """``m=audio ²`` used to stop the director (int() of a Unicode digit) and ``m=audio 99999`` the
    music server (OverflowError): both are skipped, and the next caller hears the music."""
    plan = _plan(max_wait_s=60, login_state="not-ready")
    k = center(queues=kamailio_queues(plan), music_port=music.rtp_port)
    store = ListStore()
    run = director(plan, k, store, music=music.control())
    agent = RawSip(k.port)  # logged in, not ready: callers wait
    assert register(agent, "1001", AGENTS["1001"]).code == 200
    ua = RawSip(k.port)
    try:
        for port in ("²", "99999", "0", "-5", "1e3", "６５５３"):
            ua.send(ua.build("INVITE", "12345", from_user="13800000009", sdp=offer(port)))
        ua.send(ua.build("INVITE", "12345", from_user="13800000009", sdp=offer(4000, "999.1.1.1")))
        _wait(lambda: store.kinds().count("queued") == 7, 5, "the 7 calls queued")
        assert music.streams() == 0  # none of those addresses is a real one
        caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
        caller.call(f"sip:12345@{k.host}")
        _wait(lambda: store.kinds().count("queued") == 8, 5, "the real caller queued")
        _wait(lambda: music.streams() == 1, 5, "the real caller's music")
        assert run.error == "" and run.service.link is not None
    finally:
        ua.close()


def test_music_goes_only_to_the_address_the_call_came_from(center, director, music):  # noqa: F811
    """An SDP naming someone else's address (a reflection attack) gets no music; the caller's own does."""
    plan = _plan(max_wait_s=60, login_state="not-ready")
    k = center(queues=kamailio_queues(plan), music_port=music.rtp_port)
    director(plan, k, ListStore(), music=music.control())
    agent = RawSip(k.port)  # logged in, not ready: callers wait
    assert register(agent, "1001", AGENTS["1001"]).code == 200
    victim = Listener("127.0.0.2")
    own = Listener("127.0.0.1")
    ua = RawSip(k.port)
    try:
        ua.send(ua.build("INVITE", "12345", from_user="13800000009", sdp=offer(victim.port, "127.0.0.2")))
        assert victim.received(1.5) == []
        ua.send(ua.build("INVITE", "12345", from_user="13800000009", sdp=offer(own.port, "127.0.0.1")))
        assert len(own.received(1.0)) >= 20  # 20 ms packets of the greeting
        assert victim.received(0.5) == []
    finally:
        ua.close()
        victim.close()
        own.close()


def test_password_guessing_is_banned_and_users_cannot_be_told_apart(center):
    k = center(guard=Guard(fail_max=5, fail_window_s=60, ban_s=3))
    host = f"127.0.0.1:{k.port}"
    ua = RawSip(k.port)
    try:
        answers = []
        for user in ("1001", "1999"):  # a real extension, then one that does not exist
            challenge = ua.request("REGISTER", "", from_user=user, to_uri=f"sip:{user}@{host}")
            auth = answer_challenge(challenge.headers["www-authenticate"], "REGISTER", f"sip:{host}", user, "guess")
            wrong = ua.request("REGISTER", "", from_user=user, to_uri=f"sip:{user}@{host}", extra=[auth])
            answers.append(((challenge.code, challenge.reason), (wrong.code, wrong.reason)))
        assert answers[0] == answers[1] == ((401, answers[0][0][1]), (403, "Forbidden"))
        for _ in range(5):
            assert register(ua, "1002", "guess").code == 403
        assert register(ua, "1002", AGENTS["1002"]).code == 403  # banned: the right password too
        time.sleep(4.5)
        assert register(ua, "1002", AGENTS["1002"]).code == 200  # the ban ran out
    finally:
        ua.close()


def test_sipvicious_lists_no_extension(center):
    """svwar, the extension scanner, used to list exactly 1001-1008 and 1099."""
    k = center()
    for method in ("REGISTER", "INVITE", "OPTIONS"):
        done = subprocess.run([sys.executable, "-m", "sipvicious.svwar", "--force", "-e1000-1010", "-m", method,
                               "-p", str(k.port), "127.0.0.1"], capture_output=True, text=True, timeout=120)
        out = done.stdout + done.stderr
        assert done.returncode == 0 and "Traceback" not in out, out
        assert "found nothing" in out, (method, out)  # it scanned, and every answer looked the same


def test_the_generated_passwords_file_is_readable_by_its_owner_only(center):
    import stat

    from hotline.passwords import sip_ha1

    k = center()
    mode = stat.S_IMODE((k.run_dir / "center-data.cfg").stat().st_mode)
    assert mode == 0o600, oct(mode)
    text = (k.run_dir / "center-data.cfg").read_text(encoding="utf-8")
    assert sip_ha1("1001", "pw-1001") in text and "pw-1001" not in text  # the right file: HA1s, no password
