"""The center's announcer: what a caller hears when the queue cannot take the call.

``python -m telephony.center.announcer --port P --prompts DIR [--voicemail-dir DIR]`` is a pjsua2
process (one Endpoint, at most four calls) that answers ``sip:<prompt>@127.0.0.1:P``, plays
``<prompt>.wav`` from resources/prompts (callback 预约回拨, voicemail 留言, night 夜间值守) and hangs
up; after the voicemail prompt it records the caller for up to ``--max-message-s`` seconds into the
voicemail directory. The director overflows a call here (Overflow -> ``overflow`` command). A
prompt it does not know is refused with 404; a fifth call with 486. It prints one JSON line
``{"ready": port}`` when it listens, and lives at most ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import wave
from pathlib import Path
from typing import Any

MAX_CALLS = 4


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def main(argv: list[str]) -> int:  # noqa: C901 - one event loop, kept in one place
    """Run the announcer (never returns normally: it ends the process with os._exit)."""
    import pjsua2 as pj

    parser = argparse.ArgumentParser(prog="python -m telephony.center.announcer")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--prompts", required=True, type=Path)
    parser.add_argument("--voicemail-dir", type=Path)
    parser.add_argument("--max-message-s", type=float, default=60.0)
    parser.add_argument("--max-seconds", type=float, default=24 * 3600.0)
    args = parser.parse_args(argv)
    prompts = {p.stem: p for p in args.prompts.glob("*.wav")}
    if not prompts:
        print(f"announcer: no prompts (*.wav) in {args.prompts}", file=sys.stderr)
        return 2
    sys.setswitchinterval(0.001)
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.maxCalls = MAX_CALLS
    cfg.uaConfig.userAgent = "hotline12345-announcer"
    cfg.logConfig.level = 1
    cfg.logConfig.consoleLevel = 1
    cfg.medConfig.sndAutoCloseTime = -1
    ep.libInit(cfg)
    tcfg = pj.TransportConfig()
    tcfg.port = args.port
    tcfg.boundAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
    ep.libStart()
    ep.audDevManager().setNullDev()
    calls: dict[int, dict[str, Any]] = {}

    class Call(pj.Call):
        def onCallState(self, prm: Any) -> None:  # noqa: N802
            if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
                calls.pop(self.getId(), None)  # the last reference goes with this callback

        def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
            entry = calls.get(self.getId())
            if entry is None or entry.get("player") is not None:
                return
            info = self.getInfo()  # keep the CallInfo alive while reading its media vector
            for mi in info.media:
                if mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    player = pj.AudioMediaPlayer()
                    player.createPlayer(str(entry["prompt"]), pj.PJMEDIA_FILE_NO_LOOP)
                    player.startTransmit(self.getAudioMedia(mi.index))
                    entry["player"] = player
                    entry["prompt_ends"] = time.monotonic() + wav_seconds(entry["prompt"])

    class Acc(pj.Account):
        def onIncomingCall(self, prm: Any) -> None:  # noqa: N802
            call = Call(self, prm.callId)
            user = prm.rdata.wholeMsg.split(" ", 2)[1].split(":", 1)[-1].split("@", 1)[0]
            op = pj.CallOpParam(True)
            busy = sum(1 for e in calls.values() if e["prompt"] is not None) >= MAX_CALLS
            op.statusCode = 404 if user not in prompts else 486 if busy else 200
            calls[prm.callId] = {"call": call, "prompt": prompts.get(user) if op.statusCode == 200 else None,
                                 "kind": user, "player": None, "prompt_ends": 0.0, "recorder": None,
                                 "hangup_at": 0.0}  # kept (refused ones too) until DISCONNECTED
            call.answer(op)

    acc = Acc()
    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:announcer@127.0.0.1:{port}"
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    acc.create(acfg, True)
    print(json.dumps({"ready": port}), flush=True)
    end = time.monotonic() + args.max_seconds
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.update(now=True))
    try:
        while time.monotonic() < end and not stop["now"]:
            ep.libHandleEvents(20)
            clock = time.monotonic()
            for entry in list(calls.values()):
                if not entry["prompt_ends"] or clock < entry["prompt_ends"]:
                    continue
                if entry["kind"] == "voicemail" and args.voicemail_dir and entry["recorder"] is None:
                    args.voicemail_dir.mkdir(parents=True, exist_ok=True)
                    info = entry["call"].getInfo()
                    recorder = pj.AudioMediaRecorder()
                    recorder.createRecorder(str(args.voicemail_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-"
                                                                      f"{info.callIdString[:12]}.wav"))
                    entry["call"].getAudioMedia(-1).startTransmit(recorder)
                    entry["recorder"] = recorder
                    entry["hangup_at"] = clock + args.max_message_s
                elif not entry["hangup_at"]:
                    entry["hangup_at"] = clock
                if entry["hangup_at"] and clock >= entry["hangup_at"]:
                    entry["hangup_at"] = float("inf")
                    try:
                        entry["call"].hangup(pj.CallOpParam(True))
                    except pj.Error:
                        pass
    finally:
        ep.hangupAllCalls()
        for _ in range(25):
            ep.libHandleEvents(20)
            if not calls:
                break
        calls.clear()
        acc = None  # noqa: F841 - released before libDestroy
        ep.libDestroy()
    # a pjsua2 object the interpreter frees after libDestroy aborts the process: leave without that
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


class Announcer:
    """A running announcer process (stopped by PID: SIGTERM, then SIGKILL)."""

    def __init__(self, prompts: Path, *, voicemail_dir: Path | None = None, port: int = 0,
                 max_seconds: float = 24 * 3600.0, log_path: Path | None = None, die_with_parent: bool = False) -> None:
        from telephony.center.child import spawn

        args = ["--prompts", str(prompts), "--port", str(port), "--max-seconds", str(max_seconds)]
        if voicemail_dir is not None:
            args += ["--voicemail-dir", str(voicemail_dir)]
        self.proc, ready = spawn("telephony.center.announcer", args, log_path, die_with_parent=die_with_parent)
        try:
            self.port = int(ready)
        except (ValueError, TypeError):
            self.stop()
            raise RuntimeError(f"the announcer did not start: {ready!r}") from None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        from telephony.center.child import stop

        stop(self.proc, timeout)
