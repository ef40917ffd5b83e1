"""Extra INVITE headers: only allow-listed names, no CR/LF injection; the ticket header both ways."""

from __future__ import annotations

import pytest

from telephony.softphone import commands as c
from telephony.softphone.errors import BadCommand, BadHeader
from telephony.softphone.headers import TICKET_HEADER, check_headers, parse_ticket, ticket_header
from telephony.softphone.model import CallSnapshot, CallState, Direction, PhoneSnapshot, Registration
from telephony.softphone.validate import check

TALKING = PhoneSnapshot(account_uri="sip:1001@127.0.0.1", registration=Registration.REGISTERED, calls=(
    CallSnapshot(call_id="c1", direction=Direction.INBOUND, state=CallState.CONFIRMED, remote_uri="sip:1@x",
                 caller_number="1", dialled="12345", sip_call_id="s1", interaction_id="i1"),))


def test_the_ticket_header_goes_out_and_comes_back():
    name, value = ticket_header("0192f0aa-7c1e-7000-8000-00000000abcd", "20261208-007-0001")
    assert name == TICKET_HEADER
    assert parse_ticket(value) == ("0192f0aa-7c1e-7000-8000-00000000abcd", "20261208-007-0001")
    assert parse_ticket("abc") == ("abc", "")
    assert parse_ticket("") == ("", "") and parse_ticket("a b;number=1") == ("", "")
    assert parse_ticket("abc;number=bad value") == ("abc", "")
    check(c.Dial("2101", consult=True, headers=((name, value),)), TALKING, "127.0.0.1")


@pytest.mark.parametrize("headers", [
    (("Via", "SIP/2.0/UDP 6.6.6.6"),),
    (("P-Asserted-Identity", "<sip:110@127.0.0.1>"),),
    (("X-Hotline-Queue", "vip"),),
    ((" X-Hotline-Ticket", "abc"),),
    ((TICKET_HEADER, "abc\r\nP-Asserted-Identity: <sip:110@x>"),),
    ((TICKET_HEADER, "abc\nVia: x"),),
    ((TICKET_HEADER, "abc\x00"),),
    ((TICKET_HEADER, ""),),
    ((TICKET_HEADER, "x" * 201),),
    ((TICKET_HEADER,),),
    [(TICKET_HEADER, "abc")],
])
def test_a_header_off_the_list_or_with_a_line_break_is_refused_by_name(headers):
    with pytest.raises(BadHeader) as err:
        check(c.Dial("2101", consult=True, headers=headers), TALKING, "127.0.0.1")
    assert err.value.code == "bad-header" and isinstance(err.value, BadCommand)


def test_the_header_name_is_compared_without_case():
    assert check_headers((("x-hotline-ticket", "abc"),)) == (("x-hotline-ticket", "abc"),)


@pytest.mark.parametrize("ticket_id,number", [("a\r\nb", ""), ("", ""), ("ok", "1;x=2"), ("ok", "a\nb")])
def test_a_ticket_header_is_built_only_from_plain_tokens(ticket_id, number):
    with pytest.raises(BadHeader):
        ticket_header(ticket_id, number)
