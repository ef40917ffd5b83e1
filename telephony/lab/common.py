"""Names and small helpers shared by the lab peer's modules (no pjsua2 state here)."""

from __future__ import annotations

from pathlib import Path

import pjsua2 as pj

MAX_CALLS = 4
RTP_CHECK_S = 0.5
STATE_NAMES = {
    pj.PJSIP_INV_STATE_NULL: "NULL", pj.PJSIP_INV_STATE_CALLING: "CALLING",
    pj.PJSIP_INV_STATE_INCOMING: "INCOMING", pj.PJSIP_INV_STATE_EARLY: "EARLY",
    pj.PJSIP_INV_STATE_CONNECTING: "CONNECTING", pj.PJSIP_INV_STATE_CONFIRMED: "CONFIRMED",
    pj.PJSIP_INV_STATE_DISCONNECTED: "DISCONNECTED",
}
MEDIA_NAMES = {
    pj.PJSUA_CALL_MEDIA_NONE: "none", pj.PJSUA_CALL_MEDIA_ACTIVE: "active",
    pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: "local_hold", pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: "remote_hold",
    pj.PJSUA_CALL_MEDIA_ERROR: "error",
}
DTMF_METHODS = {pj.PJSUA_DTMF_METHOD_RFC2833: "rfc2833", pj.PJSUA_DTMF_METHOD_SIP_INFO: "info"}
# G.711 first (what the PSTN side of a hotline speaks), G.722 allowed; lossy codecs that smear tones off
CODEC_PRIORITY = {"PCMA/8000": 255, "PCMU/8000": 254, "G722/16000": 200}


def uri_user(uri: str) -> str:
    """The user part of a SIP URI (``"<sip:110@1.2.3.4:5>"`` -> ``"110"``), or ``""``."""
    u = uri.strip().strip("<>").split(";")[0]
    if ">" in u:
        u = u.split("<", 1)[-1].split(">", 1)[0]
    u = u.split(":", 1)[1] if ":" in u else u
    return u.split("@", 1)[0] if "@" in u else ""


def wav_finalised(path: Path) -> bool:
    """True once the RIFF size field of a WAV written by pjmedia is filled in (it is 0 while open)."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    return len(head) == 8 and head[:4] == b"RIFF" and head[4:8] != b"\0\0\0\0"


def safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text) or "unknown"
