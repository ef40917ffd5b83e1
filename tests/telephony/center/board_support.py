"""Helpers of the board tests: a central PostgreSQL database with accounts in two groups, raw SIP
registrations and a team lead's MESSAGE to ``acd`` (digest-authenticated by the real Kamailio)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from tests.telephony.center.sipraw import RawSip, answer_challenge, register

# 1001 agent of group A; 1002 team lead of group B; 1003 team lead of group A
PASSWORDS = {"1001": "pw-1001", "1002": "pw-1002", "1003": "pw-1003"}


def seed_center(url: str) -> tuple[str, str]:
    """Upgrade ``url``, add two units (the groups) and the three accounts; returns the units' ids."""
    from hotline.ids import new_id
    from hotline.timezone import now
    from storage.db import engine_for, upgrade
    from storage.tables import UnitRow
    from storage.uow import UnitOfWork

    upgrade(url)
    engine = engine_for(url)
    group_a, group_b = new_id(), new_id()
    try:
        with UnitOfWork(engine, origin="center", role="center") as uow:
            for uid, code in ((group_a, "team.a"), (group_b, "team.b")):
                uow.session.add(UnitRow(id=uid, code=code, name=f"班组{code[-1].upper()}", level=1, kind="team",
                                        parent_id=None, remit=[], active=True, updated_at=now()))
            uow.session.flush()
            uow.accounts.create("agent1001", PASSWORDS["1001"], "agent", unit_id=group_a, sip_user="1001")
            uow.accounts.create("lead1002", PASSWORDS["1002"], "team-lead", unit_id=group_b, sip_user="1002")
            uow.accounts.create("lead1003", PASSWORDS["1003"], "team-lead", unit_id=group_a, sip_user="1003")
            uow.commit()
    finally:
        engine.dispose()
    return group_a, group_b


def registered(k: Any, user: str) -> RawSip:
    """A raw SIP client registered as ``user`` (not the desk's softphone: the director tells it nothing)."""
    ua = RawSip(k.port)
    reply = register(ua, user, PASSWORDS[user])
    assert reply is not None and reply.code == 200, reply
    return ua


def lead_message(k: Any, user: str, body: str) -> int:
    """Send ``body`` from ``user`` to sip:acd@center as a MESSAGE, answering the challenge; the final code."""
    ua = RawSip(k.port)
    host = f"127.0.0.1:{k.port}"
    call_id = uuid.uuid4().hex
    try:
        auth = ""
        for cseq in (1, 2):
            extra = ["Content-Type: text/plain", *([auth] if auth else [])]
            message = ua.build("MESSAGE", "acd", from_user=user, call_id=call_id, cseq=cseq, extra=extra)
            head = message.rsplit("Content-Length: 0", 1)[0]
            ua.send(f"{head}Content-Length: {len(body.encode())}\r\n\r\n{body}")
            got = [r for r in ua.replies(3.0) if r.code >= 200]
            assert got, "no reply to the MESSAGE"
            reply = got[-1]
            challenge = reply.headers.get("www-authenticate") or reply.headers.get("proxy-authenticate")
            if reply.code in (401, 407) and not auth and challenge:
                header = "Authorization" if reply.code == 401 else "Proxy-Authorization"
                auth = answer_challenge(challenge, "MESSAGE", f"sip:acd@{host}", user, PASSWORDS[user], header)
                continue
            return reply.code
        return reply.code
    finally:
        ua.close()


def wait_for(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
