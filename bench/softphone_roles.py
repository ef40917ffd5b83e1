"""The processes of ``python -m bench softphone``: an answering peer, a bare pjsua2 caller, our engine.

Each role runs in its own process (pjsua2 allows one Endpoint per process) and prints one JSON
line of results. ``answer`` is a bare pjsua2 peer that answers every call at once with a tone;
``bare`` dials it from a minimal pjsua2 script (its own libHandleEvents loop, nothing else);
``ours`` dials it through :class:`telephony.softphone.Softphone`; ``load`` holds four calls
through our engine with recording on and measures CPU.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

# pjlib frees a closed socket's ioqueue slot 500 ms later and has 64: back-to-back calls faster
# than ~30 per half second exhaust them (the engine rate-limits dialling for that reason), so
# both callers pause between calls (also under the engine's 12 dials/s). Setup time excludes the pause.
PAUSE_S = 0.09


def _busy(stop: threading.Event) -> None:
    """A pure-Python busy thread, as a GUI or a sync job might be: it competes for the GIL."""
    while not stop.is_set():
        sum(i * i for i in range(2000))


def _bare_endpoint(port: int) -> Any:
    """A bare pjsua2 Endpoint, no engine (docs/ARCHITECTURE.md): own loop, null audio, UDP on loopback."""
    import pjsua2 as pj

    sys.setswitchinterval(0.001)
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.maxCalls = 4
    cfg.logConfig.level = 0
    cfg.logConfig.consoleLevel = 0
    cfg.medConfig.sndAutoCloseTime = -1
    ep.libInit(cfg)
    tcfg = pj.TransportConfig()
    tcfg.port = port
    tcfg.boundAddress = "127.0.0.1"
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    ep.libStart()
    ep.audDevManager().setNullDev()
    return ep


def answer(port: int, seconds: float, tone_hz: int, wav: str) -> None:
    import pjsua2 as pj

    ep = _bare_endpoint(port)
    voice: Any
    if wav:
        voice = pj.AudioMediaPlayer()
        voice.createPlayer(wav, 0)
    else:
        voice = pj.ToneGenerator()
        voice.createToneGenerator(16000, 1)
        desc = pj.ToneDesc()
        desc.freq1 = desc.freq2 = tone_hz
        desc.on_msec, desc.off_msec = 10000, 0
        tones = pj.ToneDescVector()
        tones.append(desc)
        voice.play(tones, True)
    calls: dict[int, Any] = {}
    dead: list[Any] = []

    class Call(pj.Call):
        def onCallState(self, prm: Any) -> None:  # noqa: N802
            if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
                dead.append(calls.pop(self.getId(), None))

        def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
            info = self.getInfo()  # keep the CallInfo alive while reading its media vector
            for mi in info.media:
                if mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    voice.startTransmit(self.getAudioMedia(mi.index))

    class Acc(pj.Account):
        def onIncomingCall(self, prm: Any) -> None:  # noqa: N802
            call = Call(self, prm.callId)
            calls[prm.callId] = call
            op = pj.CallOpParam(True)
            op.statusCode = 200
            call.answer(op)

    acc = Acc()
    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:answer@127.0.0.1:{port}"
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    acc.create(acfg, True)
    print(json.dumps({"ready": port}), flush=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ep.libHandleEvents(20)
        dead.clear()
    ep.hangupAllCalls()
    for _ in range(20):
        ep.libHandleEvents(10)
    calls.clear()
    dead.clear()
    acc = voice = None
    ep.libDestroy()


def bare(target: str, n: int, busy: bool) -> None:
    import pjsua2 as pj

    stop = threading.Event()
    if busy:
        threading.Thread(target=_busy, args=(stop,), daemon=True).start()
    ep = _bare_endpoint(0)
    state = {"confirmed": 0.0, "gone": False}

    class Call(pj.Call):
        def onCallState(self, prm: Any) -> None:  # noqa: N802
            st = self.getInfo().state
            if st == pj.PJSIP_INV_STATE_CONFIRMED:
                state["confirmed"] = time.perf_counter()
            elif st == pj.PJSIP_INV_STATE_DISCONNECTED:
                state["gone"] = True

        def onCallMediaState(self, prm: Any) -> None:  # noqa: N802 - the least a phone must do: connect audio
            info = self.getInfo()  # keep the CallInfo alive while reading its media vector
            for mi in info.media:
                if mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    media = self.getAudioMedia(mi.index)
                    manager = ep.audDevManager()
                    manager.getCaptureDevMedia().startTransmit(media)
                    media.startTransmit(manager.getPlaybackDevMedia())

    acc = pj.Account()
    acfg = pj.AccountConfig()
    acfg.idUri = "sip:bare@127.0.0.1"
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    acc.create(acfg, True)
    setup: list[float] = []
    for _ in range(n):
        state.update(confirmed=0.0, gone=False)
        call = Call(acc)
        t0 = time.perf_counter()
        call.makeCall(target, pj.CallOpParam(True))
        while not state["confirmed"] and not state["gone"]:
            ep.libHandleEvents(20)
        if state["confirmed"]:
            setup.append((state["confirmed"] - t0) * 1000)
        call.hangup(pj.CallOpParam(True))
        while not state["gone"]:
            ep.libHandleEvents(20)
        del call
        pause = time.monotonic() + PAUSE_S
        while time.monotonic() < pause:
            ep.libHandleEvents(10)
    stop.set()
    del acc
    ep.libDestroy()
    print(json.dumps({"setup_ms": setup}), flush=True)


def ours(target: str, n: int, busy: bool) -> None:
    from telephony.softphone import Dial, Hangup, Softphone, SoftphoneConfig
    from telephony.softphone.model import CallDidChange, CallDidEnd

    stop = threading.Event()
    if busy:
        threading.Thread(target=_busy, args=(stop,), daemon=True).start()
    confirmed: dict[str, float] = {}
    failures: list[str] = []
    ended = threading.Event()
    got = threading.Event()

    def sink(event: object) -> None:
        if isinstance(event, CallDidChange) and event.call and event.call.state == "confirmed":
            confirmed.setdefault(event.call.call_id, time.perf_counter())
            got.set()
        elif isinstance(event, CallDidEnd):
            if event.call and event.call.call_id not in confirmed:
                failures.append(f"{event.call.status_code} {event.call.reason}")
            got.set()
            ended.set()

    phone = Softphone(SoftphoneConfig(user="ours", log_level=0), sink=sink)
    phone.start()
    setup: list[float] = []
    for _ in range(n):
        got.clear()
        ended.clear()
        t0 = time.perf_counter()
        call_id = phone.run(Dial(target))
        got.wait(10)
        if call_id in confirmed:
            setup.append((confirmed[call_id] - t0) * 1000)
            phone.run(Hangup(call_id))
        ended.wait(10)
        time.sleep(PAUSE_S)
    stop.set()
    phone.stop()
    print(json.dumps({"setup_ms": setup, "failures": failures}), flush=True)


def load(target: str, seconds: float, record_dir: str) -> None:
    """Four calls through our engine, recording on; CPU of this process with and without them."""
    from telephony.softphone import Dial, HangupAll, Softphone, SoftphoneConfig
    from telephony.softphone.model import RecordingWasSaved

    saved: list[str] = []
    phone = Softphone(SoftphoneConfig(user="load", log_level=0, voice_tone_hz=700, recording_dir=Path(record_dir)),
                      sink=lambda e: saved.append(e.manifest_path) if isinstance(e, RecordingWasSaved) else None)
    phone.start()
    c0, w0 = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    idle = (time.process_time() - c0) / (time.perf_counter() - w0)
    for _ in range(4):
        phone.run(Dial(target))
    deadline = time.monotonic() + 5
    while sum(c.state == "confirmed" for c in phone.snapshot().calls) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    c0, w0 = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    busy = (time.process_time() - c0) / (time.perf_counter() - w0)
    phone.run(HangupAll())
    deadline = time.monotonic() + 30
    while len(saved) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    phone.stop()
    print(json.dumps({"idle_cpu": idle, "four_calls_cpu": busy, "manifests": saved}), flush=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.softphone_roles")
    parser.add_argument("role", choices=("answer", "bare", "ours", "load"))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--target", default="")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--busy", action="store_true")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--tone", type=int, default=1200)
    parser.add_argument("--wav", default="")
    parser.add_argument("--record-dir", default="")
    args = parser.parse_args(argv)
    if args.role == "answer":
        answer(args.port, args.seconds, args.tone, args.wav)
    elif args.role == "bare":
        bare(args.target, args.n, args.busy)
    elif args.role == "ours":
        ours(args.target, args.n, args.busy)
    else:
        load(args.target, args.seconds, args.record_dir)


if __name__ == "__main__":
    main(sys.argv[1:])
