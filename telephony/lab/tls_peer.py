"""A lab SIP peer over TLS with SRTP (SDES), one pjsua2 Endpoint per process; JSON lines on stdout.

    python -m telephony.lab.tls_peer --user 1001 --password pw --registrar 127.0.0.1:5061 \
        [--call sip:1002@127.0.0.1:5061] [--srtp mandatory|optional|disabled] [--tls 1.2|1.3|1.1|1.0]
        [--cert cert.pem --key key.pem] [--seconds 30] [--tone HZ] [--hold 2]

Registers over TLS (``;transport=tls``), answers every call (or makes the one ``--call`` names, holds
it two seconds, hangs up) and prints what it measured: ``{"tls": {"protocol", "cipher", "remote"}}``
once a TLS connection is up (pjsua2's TlsInfo), ``{"reg": CODE}``, ``{"call": STATE, "code": N,
"srtp": "AES_CM_128_HMAC_SHA1_80" | null}`` (the SRTP line of pjsua's call dump) and ``{"end": true}``.
With ``--tone`` the peer sends that steady tone into every call (the audio tests' stand-in for a
voice); ``--hold`` is how long the call it makes lasts before it hangs up. The wheel's pjsip is linked with OpenSSL 1.0.2k: ``--tls 1.3`` asks for a version it cannot make.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import time

import pjsua2 as pj

METHODS = {"1.0": pj.PJSIP_TLSV1_METHOD, "1.1": pj.PJSIP_TLSV1_1_METHOD, "1.2": pj.PJSIP_TLSV1_2_METHOD,
           "1.3": pj.PJSIP_TLSV1_3_METHOD}
PROTOCOLS = {pj.PJ_SSL_SOCK_PROTO_TLS1: "TLSv1", pj.PJ_SSL_SOCK_PROTO_TLS1_1: "TLSv1.1",
             pj.PJ_SSL_SOCK_PROTO_TLS1_2: "TLSv1.2", pj.PJ_SSL_SOCK_PROTO_TLS1_3: "TLSv1.3"}
SRTP = {"mandatory": pj.PJMEDIA_SRTP_MANDATORY, "optional": pj.PJMEDIA_SRTP_OPTIONAL,
        "disabled": pj.PJMEDIA_SRTP_DISABLED}


def say(**fields: object) -> None:
    """One JSON line, flushed."""
    print(json.dumps(fields), flush=True)


class Endpoint(pj.Endpoint):
    def onTransportState(self, prm: pj.OnTransportStateParam) -> None:  # noqa: N802 - pjsua2 callback
        info = prm.tlsInfo
        if info.established:
            names = [name for bit, name in PROTOCOLS.items() if info.protocol & bit]
            say(tls={"protocol": names[-1] if names else info.protocol, "cipher": info.cipherName,
                     "remote": info.remoteAddr})


TONE: list[pj.ToneGenerator] = []  # the --tone generator, when asked for (made after libInit)


def make_tone(hz: int) -> pj.ToneGenerator:
    """A steady tone at ``hz``, the peer's voice."""
    tone = pj.ToneGenerator()
    tone.createToneGenerator(16000, 1)
    desc = pj.ToneDesc()
    desc.freq1 = desc.freq2 = hz
    desc.on_msec, desc.off_msec, desc.volume = 10000, 0, 0
    tones = pj.ToneDescVector()
    tones.append(desc)
    tone.play(tones, True)
    return tone


class Call(pj.Call):
    def __init__(self, acc: pj.Account, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(acc, call_id)
        self.state = ""
        self.confirmed_at = 0.0

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:  # noqa: N802 - pjsua2 callback
        info = self.getInfo()  # kept: its media vector dies with it (SWIG)
        for index, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                for tone in TONE:
                    tone.startTransmit(self.getAudioMedia(index))

    def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802 - pjsua2 callback
        info = self.getInfo()
        self.state = info.stateText
        srtp = None
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
            self.confirmed_at = time.monotonic()
            found = re.search(r"SRTP status:\s*Active\s*Crypto-suite:\s*(\S+)", self.dump(True, ""))
            srtp = found.group(1) if found else None
        say(call=info.stateText, code=info.lastStatusCode, srtp=srtp)


class Account(pj.Account):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Call] = []
        self.code = 0

    def onRegState(self, prm: pj.OnRegStateParam) -> None:  # noqa: N802 - pjsua2 callback
        self.code = prm.code
        say(reg=prm.code)

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:  # noqa: N802 - pjsua2 callback
        call = Call(self, prm.callId)
        self.calls.append(call)
        answer = pj.CallOpParam()
        answer.statusCode = 200
        call.answer(answer)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m telephony.lab.tls_peer")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--registrar", required=True, help="HOST:PORT of the TLS listener")
    ap.add_argument("--call", help="call this URI once registered")
    ap.add_argument("--srtp", choices=sorted(SRTP), default="mandatory")
    ap.add_argument("--tls", choices=sorted(METHODS), default="1.2")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--tone", type=int, default=0, help="send this tone (Hz) into every call")
    ap.add_argument("--hold", type=float, default=2, help="seconds the call it makes lasts")
    args = ap.parse_args(argv)
    ep = Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = 1
    cfg.logConfig.consoleLevel = 1
    ep.libInit(cfg)
    tcfg = pj.TransportConfig()
    tcfg.port = 0
    tcfg.tlsConfig.method = METHODS[args.tls]
    tcfg.tlsConfig.verifyServer = False
    if args.cert:
        tcfg.tlsConfig.certFile, tcfg.tlsConfig.privKeyFile = args.cert, args.key
    ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, tcfg)
    ep.audDevManager().setNullDev()
    ep.libStart()
    if args.tone:
        TONE.append(make_tone(args.tone))
    acfg = pj.AccountConfig()
    host = args.registrar
    acfg.idUri = f"sip:{args.user}@{host}"
    acfg.regConfig.registrarUri = f"sip:{host};transport=tls"
    acfg.sipConfig.proxies.append(f"sip:{host};transport=tls;lr")
    acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", args.user, 0, args.password))
    acfg.mediaConfig.srtpUse = SRTP[args.srtp]
    acfg.mediaConfig.srtpSecureSignaling = 0  # the proxy is hop-by-hop TLS; the URI scheme stays sip:
    acc = Account()
    acc.create(acfg)
    end = time.monotonic() + args.seconds
    outgoing: Call | None = None
    try:
        while time.monotonic() < end:
            ep.libHandleEvents(20)
            if args.call and outgoing is None and acc.code == 200:
                outgoing = Call(acc)
                acc.calls.append(outgoing)
                outgoing.makeCall(args.call, pj.CallOpParam(True))
            if outgoing is not None and outgoing.confirmed_at and time.monotonic() - outgoing.confirmed_at > args.hold:
                outgoing.hangup(pj.CallOpParam())
                outgoing.confirmed_at = 0.0
            if outgoing is not None and outgoing.state == "DISCONNCTD":
                break
    finally:
        say(end=True)
        outgoing = None
        acc.calls.clear()  # pjsua2 Call objects go before the library does
        TONE.clear()
        gc.collect()
        acc.shutdown()
        ep.libDestroy()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
