"""X-Hotline-Ticket across the center: relayed from an authenticated desk, removed from anyone else.

A specialist's desk pops the ticket an INVITE names, so a caller from outside must not be able to
name one: raw SIP over loopback to the real Kamailio (resources/kamailio/center.cfg) checks that a
trusted gateway's direct-dialled INVITE reaches the extension without the header, and that an
authenticated local user's consultation INVITE keeps it, to an extension and to a static line.
"""

from __future__ import annotations

import time
import uuid

from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.sipraw import Listener, RawSip, answer_challenge, offer, register

FORGED = "X-Hotline-Ticket: 0192f0aa-7c1e-7000-8000-00000000abcd;number=20261208-007-0001"


def _invites(sock, within: float) -> list[str]:
    """Whole INVITE requests reaching a raw socket within ``within`` seconds."""
    out: list[str] = []
    end = time.monotonic() + within
    while time.monotonic() < end:
        sock.settimeout(max(0.01, end - time.monotonic()))
        try:
            data = sock.recvfrom(65536)[0]
        except TimeoutError:
            break
        if data.startswith(b"INVITE "):
            out.append(data.decode("utf-8", "replace"))
    return out


def _ticket_lines(message: str) -> list[str]:
    head = message.split("\r\n\r\n", 1)[0]
    return [line for line in head.split("\r\n") if line.lower().startswith("x-hotline-ticket")]


def _authed_invite(ua: RawSip, port: int, target: str) -> None:
    call_id = uuid.uuid4().hex
    first = ua.request("INVITE", target, from_user="1002", call_id=call_id, extra=[FORGED], sdp=offer(ua.port))
    assert first is not None and first.code == 407
    ua.send(ua.build("ACK", target, from_user="1002", call_id=call_id))
    auth = answer_challenge(first.headers["proxy-authenticate"], "INVITE", f"sip:{target}@127.0.0.1:{port}",
                            "1002", AGENTS["1002"], header="Proxy-Authorization")
    ua.send(ua.build("INVITE", target, from_user="1002", call_id=call_id, cseq=2, extra=[FORGED, auth],
                     sdp=offer(ua.port)))


def test_a_forged_ticket_header_from_outside_is_removed_before_the_extension_rings(center):
    gateway = RawSip(0)
    k = center(trusted=[f"127.0.0.1:{gateway.port}"])
    gateway.center = ("127.0.0.1", k.port)
    specialist = RawSip(k.port)
    try:
        assert register(specialist, "1001", AGENTS["1001"]).code == 200
        gateway.send(gateway.build("INVITE", "1001", from_user="13800000001", extra=[FORGED],
                                   sdp=offer(gateway.port)))
        invites = _invites(specialist.sock, 1.5)
        assert invites, "the trusted gateway's INVITE did not reach the extension"
        assert all(_ticket_lines(i) == [] for i in invites)
    finally:
        gateway.close()
        specialist.close()


def test_an_outsider_naming_a_ticket_is_challenged_and_never_rings_anyone(center):
    k = center()
    specialist, outsider = RawSip(k.port), RawSip(k.port)
    try:
        assert register(specialist, "1001", AGENTS["1001"]).code == 200
        reply = outsider.request("INVITE", "1001", from_user="13800000001", extra=[FORGED], sdp=offer(outsider.port))
        assert reply is not None and reply.code == 407
        assert _invites(specialist.sock, 0.5) == []
    finally:
        specialist.close()
        outsider.close()


def test_an_authenticated_desk_sends_the_ticket_to_an_extension_and_a_static_line(center):
    trunk = Listener()
    k = center(static={"110": f"sip:110@127.0.0.1:{trunk.port}"})
    specialist, desk = RawSip(k.port), RawSip(k.port)
    try:
        assert register(specialist, "1001", AGENTS["1001"]).code == 200
        _authed_invite(desk, k.port, "1001")
        [invite, *_] = _invites(specialist.sock, 1.5)
        assert _ticket_lines(invite) == [FORGED]
        _authed_invite(desk, k.port, "110")
        [raw, *_] = trunk.received(1.5)
        assert _ticket_lines(raw.decode()) == [FORGED]
    finally:
        specialist.close()
        desk.close()
        trunk.close()
