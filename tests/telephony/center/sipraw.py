"""A raw SIP/UDP client for the center's attack tests: hand-written requests, digest answers, replies read.

    ua = RawSip(center_port)
    reply = ua.request("INVITE", "12345", from_user="13800000001", sdp=offer(ua.port, "127.0.0.1"))
    reply.code, reply.headers["www-authenticate"]

Each request is sent from this client's own UDP port on 127.0.0.1 and the final reply (or the
first one, with ``provisional=True``) is returned; ``answer_challenge`` computes an RFC 2617 digest.
"""

from __future__ import annotations

import hashlib
import re
import socket
import time
import uuid
from dataclasses import dataclass, field


@dataclass
class Reply:
    code: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    raw: str = ""


def offer(rtp_port: int | str, ip: str = "127.0.0.1") -> str:
    """An SDP offer with PCMU on ``ip``:``rtp_port`` (the port as written, so tests can break it)."""
    return (f"v=0\r\no=- 1 1 IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {ip}\r\nt=0 0\r\n"
            f"m=audio {rtp_port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def parse(data: bytes) -> Reply:
    text = data.decode("utf-8", "replace")
    head = text.split("\r\n\r\n", 1)[0].split("\r\n")
    _, code, *reason = head[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), value.strip())
    return Reply(int(code), reason[0] if reason else "", headers, text)


def datagrams(sock: socket.socket, within: float):  # noqa: ANN201 - a generator of bytes
    """Each datagram reaching ``sock`` within ``within`` seconds, as it arrives."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        sock.settimeout(max(0.01, end - time.monotonic()))
        try:
            yield sock.recvfrom(65536)[0]
        except TimeoutError:
            return


class RawSip:
    def __init__(self, center_port: int, host: str = "127.0.0.1") -> None:
        self.center = (host, center_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def close(self) -> None:
        self.sock.close()

    def build(self, method: str, user: str, *, from_user: str, call_id: str | None = None, cseq: int = 1,
              to_tag: str = "", extra: list[str] | None = None, sdp: str = "", from_uri: str = "",
              branch: str = "", from_tag: str = "", to_uri: str = "") -> str:
        host = f"{self.center[0]}:{self.center[1]}"
        ruri = f"sip:{user}@{host}" if user else f"sip:{host}"
        body = sdp.encode()
        lines = [f"{method} {ruri} SIP/2.0",
                 f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch={branch or 'z9hG4bK' + uuid.uuid4().hex[:16]};rport",
                 "Max-Forwards: 70",
                 f"From: <{from_uri or f'sip:{from_user}@{host}'}>;tag={from_tag or uuid.uuid4().hex[:10]}",
                 f"To: <{to_uri or ruri}>" + (f";tag={to_tag}" if to_tag else ""),
                 f"Call-ID: {call_id or uuid.uuid4().hex}",
                 f"CSeq: {cseq} {method}",
                 f"Contact: <sip:{from_user}@127.0.0.1:{self.port}>",
                 *(extra or [])]
        if body:
            lines.append("Content-Type: application/sdp")
        lines.append(f"Content-Length: {len(body)}")
        return "\r\n".join(lines) + "\r\n\r\n" + sdp

    def send(self, message: str) -> None:
        self.sock.sendto(message.encode(), self.center)

    def replies(self, timeout: float = 2.0, until_final: bool = True) -> list[Reply]:
        """Replies until a final one (or ``timeout``); requests sent to this client are skipped."""
        out: list[Reply] = []
        for data in datagrams(self.sock, timeout):
            if not data.startswith(b"SIP/2.0 "):
                continue
            reply = parse(data)
            out.append(reply)
            if until_final and reply.code >= 200:
                break
        return out

    def requests(self, within: float) -> list[str]:
        """The first lines of requests sent to this client within ``within`` seconds (replies skipped)."""
        return [data.split(b"\r\n", 1)[0].decode("utf-8", "replace") for data in datagrams(self.sock, within)
                if not data.startswith(b"SIP/2.0 ")]

    def request(self, method: str, user: str, *, timeout: float = 2.0, provisional: bool = False,
                **kw: object) -> Reply | None:
        """Send one request; the final reply (or the first reply of any kind with ``provisional``)."""
        self.send(self.build(method, user, **kw))  # type: ignore[arg-type]
        got = self.replies(timeout, until_final=not provisional)
        if provisional:
            return got[0] if got else None
        finals = [r for r in got if r.code >= 200]
        return finals[-1] if finals else None


def answer_challenge(challenge: str, method: str, uri: str, user: str, password: str,
                     header: str = "Authorization") -> str:
    """The Authorization header answering a ``WWW-/Proxy-Authenticate`` digest challenge (qop auth)."""
    params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge))
    realm, nonce = params["realm"], params["nonce"]
    ha1 = hashlib.md5(f"{user}:{realm}:{password}".encode()).hexdigest()
    ha2 = hashlib.md5(f"{method}:{uri}".encode()).hexdigest()
    if "qop" in params:
        cnonce, nc = uuid.uuid4().hex[:8], "00000001"
        response = hashlib.md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}".encode()).hexdigest()
        tail = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
    else:
        response = hashlib.md5(f"{ha1}:{nonce}:{ha2}".encode()).hexdigest()
        tail = ""
    return (f'{header}: Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
            f'response="{response}", algorithm=MD5{tail}')


def register(ua: RawSip, user: str, password: str, expires: int = 300) -> Reply | None:
    """REGISTER ``user`` with its Contact at this client's port, answering the digest challenge."""
    host = f"{ua.center[0]}:{ua.center[1]}"
    call_id = uuid.uuid4().hex
    aor = f"sip:{user}@{host}"
    first = ua.request("REGISTER", "", from_user=user, to_uri=aor, call_id=call_id,
                       extra=[f"Expires: {expires}"])
    if first is None or first.code != 401:
        return first
    auth = answer_challenge(first.headers["www-authenticate"], "REGISTER", f"sip:{host}", user, password)
    return ua.request("REGISTER", "", from_user=user, to_uri=aor, call_id=call_id, cseq=2,
                      extra=[f"Expires: {expires}", auth])


class Listener:
    """A UDP socket that only counts what reaches it (a trunk, an RTP victim)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.host = host
        self.port = self.sock.getsockname()[1]

    def received(self, within: float) -> list[bytes]:
        return list(datagrams(self.sock, within))

    def close(self) -> None:
        self.sock.close()
