"""Drive lab peers from Python (tests, ``hotline lab``): spawn, command, observe, stop.

    from telephony.lab.client import start_peer
    with start_peer("110", users=["110"], tone_hz=900, record_dir=tmp) as p110, \\
         start_peer("caller-1", users=["13800000001"], tone_hz=530, record_dir=tmp) as caller:
        cid = caller.call(p110.uri())                       # -> "caller-1-1"
        caller.wait_call(cid, "CONFIRMED", timeout=5)
        caller.hangup(cid)
        caller.wait_call(cid, "DISCONNECTED", timeout=5)
        [wav] = caller.recordings(timeout=5)                 # what the caller heard: 900 Hz

API
- ``start_peer(name, *, users, tone_hz=None, wav=None, answer="auto", register=None, passwords=None,
  record_dir, max_seconds=120, port=0, rtp_timeout=0, ready_timeout=15) -> LabPeer`` spawns
  ``python -m telephony.lab.peer`` in its own session and waits for it to be ready (and, with
  ``register="host:port"``, registered; ``wait_registered=False`` to skip). ``answer``: "auto",
  "after:N", "never" (rings forever) or "busy" (486). ``passwords``: a dict user -> password or one
  string for every user.
- ``LabPeer.uri(user=None, host=None)``: ``sip:user@127.0.0.1:<port>`` (or ``@host`` for a registrar).
- ``.call(uri, *, play=None, from_user=None) -> str`` the new call's id; ``play={"tone_hz": .., "wav": ..}``
  overrides what this call sends.
- ``.answer(call_id=None, code=200)``, ``.hangup(call_id=None)`` (None: the only live call, or all),
  ``.hold(call_id)``, ``.unhold(call_id)``, ``.transfer(call_id, uri=..., target_call=None)``,
  ``.send_dtmf(digits, call_id=None, method="rfc2833"|"info")``.
- ``.status() -> dict`` (fresh from the process): ``calls`` (id, direction, state, code, reason,
  remote_uri, media "none/active/local_hold/remote_hold", recording, dialed_user ...),
  ``registrations`` {user: {code, active}}, ``dtmf`` [{call, digit, method}], ``recordings`` [paths].
  ``.last_status`` is the latest pushed copy (no round trip); ``.events`` every pushed event.
- ``.call_info(call_id)``, ``.wait_for(predicate(status) -> bool, timeout) -> status``,
  ``.wait_call(call_id, state, timeout)``, ``.received_dtmf`` [(digit, method)].
- ``.recordings(timeout=0) -> list[Path]``: WAVs already closed (their calls ended); with a timeout,
  waits until every call that had media has its recording closed.
- ``stop_all(peers)`` stops several at once (each libDestroy takes ~1 s).
- ``.stop(timeout=8)``: graceful (stop command, then SIGTERM, then SIGKILL, by PID);
  ``.kill()``: SIGKILL, the crash of a real endpoint. Context manager: stop on exit.
Every wait is bounded and raises ``LabTimeout`` with the peer's last status.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from telephony.spawn import module_argv

log = logging.getLogger("telephony.lab")

Status = dict[str, Any]


class LabError(RuntimeError):
    """A peer refused a command or died."""


class LabTimeout(LabError):
    """A bounded wait ran out."""


class LabPeer:
    """A running peer process and its control channel."""

    def __init__(self, name: str, proc: subprocess.Popen[str], record_dir: Path, log_path: Path) -> None:
        self.name = name
        self.proc = proc
        self.pid = proc.pid
        self.record_dir = record_dir
        self.log_path = log_path
        self.port = 0
        self.users: list[str] = []
        self.events: list[dict[str, Any]] = []
        self.last_status: Status = {"calls": [], "registrations": {}, "dtmf": [], "recordings": []}
        self.registrar: str | None = None
        self._replies: dict[int, dict[str, Any]] = {}
        self._next = 0
        self._cond = threading.Condition()
        self._closed = False
        self._stopping = False  # stop() asked for the end: not reported as a death
        self._reader = threading.Thread(target=self._read, name=f"lab-{name}", daemon=True)
        self._reader.start()

    # ------------------------------------------------------------ channel
    def _read(self) -> None:
        """The peer's stdout, line by line, until it closes. A line that is not a message of the
        channel is logged and skipped (pjlib's banner is not JSON: skipped quietly); the peer's end
        is logged with its exit status and wakes every waiter (LabError, not a timeout)."""
        assert self.proc.stdout is not None
        try:
            for line in self.proc.stdout:
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                try:
                    self._take(msg)
                except Exception as exc:  # noqa: BLE001 - one bad line must not end the channel
                    log.error("lab peer %s: a control line was not understood (%s: %s): %.200r", self.name,
                              type(exc).__name__, exc, line)
        except (OSError, ValueError) as exc:
            log.error("lab peer %s: its control channel failed: %s", self.name, exc)
        finally:
            try:
                code = self.proc.wait(2)
            except subprocess.TimeoutExpired:
                code = None
            if code not in (0, None) or not self._stopping:  # reported before any waiter hears of it
                log.warning("lab peer %s (PID %d) ended (exit %s); log %s", self.name, self.pid, code, self.log_path)
            with self._cond:
                self._closed = True
                self._cond.notify_all()

    def _take(self, msg: Any) -> None:
        if not isinstance(msg, dict):
            raise TypeError(f"not a message object: {type(msg).__name__}")
        with self._cond:
            if "reply" in msg and msg["reply"] is not None:
                self._replies[int(msg["reply"])] = msg
            else:
                if "status" in msg and not isinstance(msg["status"], dict):
                    raise TypeError("status is not an object")
                self.events.append(msg)
                if "status" in msg:
                    self.last_status = msg["status"]
                if msg.get("event") == "ready":
                    self.port = int(msg["port"])
                    self.users = list(msg["users"])
            self._cond.notify_all()

    def _wait(self, ready: Callable[[], Any], timeout: float, what: str) -> Any:
        end = time.monotonic() + timeout
        with self._cond:
            while True:
                value = ready()
                if value:
                    return value
                left = end - time.monotonic()
                if self._closed:
                    raise LabError(f"lab peer {self.name} exited while waiting for {what}; "
                                   f"log {self.log_path}:\n{self.log_tail()}")
                if left <= 0:
                    raise LabTimeout(f"lab peer {self.name}: no {what} within {timeout:g} s; "
                                     f"last status: {json.dumps(self.last_status, ensure_ascii=False)}")
                self._cond.wait(min(left, 0.5))

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def request(self, cmd: str, timeout: float = 5.0, **args: Any) -> Any:
        """Send one command and return its result; LabError if the peer refuses it."""
        with self._cond:
            self._next += 1
            rid = self._next
        line = json.dumps({"id": rid, "cmd": cmd, **args}, ensure_ascii=False)
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError) as exc:
            raise LabError(f"lab peer {self.name} is not running ({exc}); log: {self.log_path}") from exc
        reply = self._wait(lambda: self._replies.pop(rid, None), timeout, f"reply to {cmd}")
        if not reply.get("ok"):
            raise LabError(f"lab peer {self.name}: {cmd}: {reply.get('error')}")
        return reply.get("result")

    # ------------------------------------------------------------ API
    def uri(self, user: str | None = None, host: str | None = None) -> str:
        """SIP URI of one of this peer's users, directly (default) or at ``host`` (e.g. a registrar)."""
        u = user or self.users[0]
        return f"sip:{u}@{host or f'127.0.0.1:{self.port}'}"

    def call(self, uri: str, *, play: dict[str, Any] | None = None, from_user: str | None = None,
             headers: list[tuple[str, str]] | None = None) -> str:
        args: dict[str, Any] = {"uri": uri}
        if headers:
            args["headers"] = [list(pair) for pair in headers]
        if play is not None:
            args["play"] = {k: (str(v) if k == "wav" else v) for k, v in play.items()}
        if from_user is not None:
            args["from_user"] = from_user
        return str(self.request("call", **args))

    def message(self, body: str, call_id: str | None = None, *, content_type: str = "text/plain") -> None:
        """An in-dialog SIP MESSAGE on a confirmed call."""
        self.request("message", call=call_id, body=body, content_type=content_type)

    def answer(self, call_id: str | None = None, code: int = 200) -> None:
        self.request("answer", call=call_id, code=code)

    def hangup(self, call_id: str | None = None) -> list[str]:
        return list(self.request("hangup", call=call_id))

    def hold(self, call_id: str | None = None) -> None:
        self.request("hold", call=call_id)

    def unhold(self, call_id: str | None = None) -> None:
        self.request("unhold", call=call_id)

    def transfer(self, call_id: str | None = None, *, uri: str | None = None, target_call: str | None = None) -> None:
        self.request("transfer", call=call_id, uri=uri, target_call=target_call)

    def send_dtmf(self, digits: str, call_id: str | None = None, *, method: str = "rfc2833") -> None:
        self.request("dtmf", call=call_id, digits=digits, method=method)

    def status(self) -> Status:
        return dict(self.request("status"))

    def call_info(self, call_id: str, status: Status | None = None) -> dict[str, Any] | None:
        for c in (status or self.last_status)["calls"]:
            if c["id"] == call_id:
                return dict(c)
        return None

    def wait_for(self, predicate: Callable[[Status], Any], timeout: float = 10.0, what: str = "condition") -> Status:
        """Wait until ``predicate(last_status)`` is true; returns that status."""
        return self._wait(lambda: self.last_status if predicate(self.last_status) else None, timeout, what)

    def wait_call(self, call_id: str, states: str | Iterable[str], timeout: float = 10.0) -> dict[str, Any]:
        wanted = {states} if isinstance(states, str) else set(states)

        def ready() -> dict[str, Any] | None:
            info = self.call_info(call_id)
            return info if info and info["state"] in wanted else None

        return self._wait(ready, timeout, f"call {call_id} in {sorted(wanted)}")

    def wait_incoming(self, timeout: float = 10.0, count: int = 1) -> dict[str, Any]:
        """The ``count``-th incoming call (direction in/transfer/replaced targets excluded)."""
        def ready() -> dict[str, Any] | None:
            calls = [c for c in self.last_status["calls"] if c["direction"] == "in"]
            return calls[count - 1] if len(calls) >= count else None

        return self._wait(ready, timeout, f"incoming call #{count}")

    @property
    def received_dtmf(self) -> list[tuple[str, str]]:
        return [(d["digit"], d["method"]) for d in self.last_status["dtmf"]]

    def recordings(self, timeout: float = 0.0) -> list[Path]:
        """Closed recordings; with ``timeout``, first wait until no call with media is still open."""
        if timeout:
            def done(st: Status) -> bool:
                with_media = [c for c in st["calls"] if c.get("recording")]
                return all(c["state"] == "DISCONNECTED" for c in with_media) and \
                    len(st["recordings"]) >= len(with_media)

            self.wait_for(done, timeout, "closed recordings")
        return [Path(p) for p in self.last_status["recordings"]]

    def alive(self) -> bool:
        return self.proc.poll() is None

    def request_stop(self) -> None:
        """Ask the peer to stop (hang up, close recordings, exit) without waiting for it."""
        self._stopping = True
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps({"id": 0, "cmd": "stop"}) + "\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass

    def stop(self, timeout: float = 8.0) -> int | None:
        """Graceful stop: the stop command, then SIGTERM, then SIGKILL; returns the exit status."""
        if self.proc.poll() is None:
            self.request_stop()
            for sig in (None, signal.SIGTERM, signal.SIGKILL):
                if sig is not None:
                    try:
                        os.kill(self.pid, sig)
                    except ProcessLookupError:
                        break
                try:
                    self.proc.wait(timeout=timeout if sig is None else 3)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self._close_pipes()
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash: no BYE, the port just goes dead."""
        self._stopping = True
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self.proc.stdin,):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        self._reader.join(timeout=2)

    def __enter__(self) -> LabPeer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"LabPeer({self.name!r}, pid={self.pid}, port={self.port})"


def stop_all(peers: Iterable[LabPeer], timeout: float = 8.0) -> None:
    """Stop several peers at once (pjsua2's libDestroy takes about a second each)."""
    peers = list(peers)
    for peer in peers:
        peer.request_stop()
    for peer in peers:
        peer.stop(timeout)


def start_peer(
    name: str,
    *,
    users: list[str],
    record_dir: str | Path,
    tone_hz: float | None = None,
    wav: str | Path | None = None,
    answer: str = "auto",
    register: str | None = None,
    passwords: dict[str, str] | str | None = None,
    max_seconds: float = 120.0,
    port: int = 0,
    rtp_timeout: float = 0.0,
    log_level: int = 3,
    ready_timeout: float = 15.0,
    wait_registered: bool = True,
    executable: str | None = None,
) -> LabPeer:
    """Spawn a peer process and return it once it is ready (and registered, if asked).

    ``executable``: a frozen ``hotline`` bundle's executable runs the peer (``EXE _child
    telephony.lab.peer``) instead of this Python (the installer check, bench.installer).
    """
    record_dir = Path(record_dir)
    record_dir.mkdir(parents=True, exist_ok=True)
    cmd = module_argv("telephony.lab.peer", "--name", name, "--answer", answer,
                      "--record-dir", str(record_dir), "--max-seconds", str(max_seconds), "--port", str(port),
                      "--log-level", str(log_level))
    if executable is not None:
        cmd = [executable, "_child", *cmd[cmd.index("telephony.lab.peer"):]]
    for u in users:
        cmd += ["--user", u]
    if tone_hz is not None:
        cmd += ["--tone", str(tone_hz)]
    if wav is not None:
        cmd += ["--wav", str(wav)]
    if register:
        cmd += ["--register", register]
    if rtp_timeout:
        cmd += ["--rtp-timeout", str(rtp_timeout)]
    if passwords is not None:
        pw = {u: p for u, p in passwords.items() if u in users} if isinstance(passwords, dict) \
            else {u: passwords for u in users}
        cmd += [arg for u, p in pw.items() for arg in ("--auth", f"{u}:{p}")]
    log_path = record_dir / f"{name}.log"
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                text=True, encoding="utf-8", bufsize=1, start_new_session=True, env=env)
    peer = LabPeer(name, proc, record_dir, log_path)
    peer.registrar = register
    try:
        peer._wait(lambda: peer.port, ready_timeout, "ready")
        if register and wait_registered:
            peer.wait_for(lambda st: all(r.get("active") for r in st["registrations"].values())
                          and len(st["registrations"]) == len(users), ready_timeout, "registration")
    except LabError:
        peer.stop(timeout=3)
        raise
    return peer
