"""Every evapi field is checked where it enters the director (telephony.center.inbound)."""

from __future__ import annotations

import pytest

from telephony.center.inbound import BadEvent, clean
from telephony.center.music import caller_media, media_address

QUEUED = {"event": "queued", "tindex": 1, "tlabel": 2, "callid": "abc", "caller": "13800000001",
          "verified": 0, "trusted": 0, "src": "127.0.0.1", "dialled": "12345", "queue": "general", "sdp": ""}


def test_a_good_event_comes_out_typed():
    out = clean(QUEUED)
    assert (out["tindex"], out["verified"], out["src"], out["dialled"]) == (1, False, "127.0.0.1", "12345")


@pytest.mark.parametrize("field,value", [
    ("tindex", "²"), ("tindex", "-1"), ("tindex", 2**40), ("tindex", True), ("tlabel", None),
    ("callid", ""), ("callid", "a b"), ("callid", "x" * 300), ("dialled", "12345\n"), ("dialled", "１２３４５"),
    ("src", "999.1.1.1"), ("src", "::1"), ("verified", 2), ("queue", "gen eral"), ("sdp", 5),
])
def test_a_bad_field_is_named(field, value):
    with pytest.raises(BadEvent) as err:
        clean({**QUEUED, field: value})
    assert err.value.field == field


@pytest.mark.parametrize("event", [None, [], {"event": "shutdown"}, {"event": "ring-failed", "callid": "c",
                                                                     "tindex": 1, "tlabel": 1, "agent": "1001",
                                                                     "code": 99}])
def test_unknown_kinds_and_impossible_codes_are_refused(event):
    with pytest.raises(BadEvent):
        clean(event)


@pytest.mark.parametrize("ip,port,expected", [
    ("127.0.0.1", "4000", ("127.0.0.1", 4000)), ("127.0.0.1", "²", None), ("127.0.0.1", "99999", None),
    ("127.0.0.1", "0", None), ("224.0.0.1", "4000", None), ("0.0.0.0", "4000", None), ("a.b", "4000", None),
    ("127.0.0.1", "６５５３", None),
])
def test_media_addresses_are_unicast_ipv4_with_a_real_port(ip, port, expected):
    assert media_address(ip, port) == expected
    sdp = f"v=0\r\nc=IN IP4 {ip}\r\nm=audio {port} RTP/AVP 0\r\n"
    assert caller_media(sdp) == expected
