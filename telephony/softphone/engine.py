"""The softphone engine: one thread owns pjsua2, commands go in through a queue, events come out.

    phone = Softphone(SoftphoneConfig(user="1001", registrar="sip:127.0.0.1:5060", password="..."),
                      sink=print)
    phone.start()
    call_id = phone.run(Dial("110"))          # checked here, then on the pjsua2 thread
    phone.stop()

:meth:`Softphone.submit` checks a command against the last snapshot in the caller's thread (a
bad command is refused at once, with a named error) and queues it; the pjsua2 thread checks it
again on the live state and runs it. The thread sleeps in ``libHandleEvents``; a queued command
wakes it at once with a CRLF keep-alive datagram to its own SIP port, which pjsip ignores, so a
command waits microseconds rather than a poll interval. The sink is called on the pjsua2 thread
only, with frozen events (:mod:`telephony.softphone.model`); it must not block. No Qt here: the
desk wraps the sink in a signal.
"""

from __future__ import annotations

import logging
import queue
import socket
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from telephony.softphone import model as m
from telephony.softphone.config import SoftphoneConfig
from telephony.softphone.errors import (
    CommandTimeout,
    EngineNotRunning,
    SoftphoneError,
    current_traceback,
    reason,
)
from telephony.softphone.recording import RecordingJob, finish_recording
from telephony.softphone.validate import check

log = logging.getLogger("telephony.softphone")
_STOP = object()
# A busy Python thread holds the GIL for a whole switch interval each time the pjsua2 thread wants
# it back, and a call setup wants it back a dozen times (every callback, every wrapped call):
# the default 5 ms interval delays SIP by 60-90 ms. 0.2 ms costs nothing while pjsua2 sleeps in
# libHandleEvents (it is not waiting for the GIL then). Measured in ``python -m bench softphone``.
SWITCH_INTERVAL_S = 0.0002


class Softphone:
    """An agent's phone. Thread-safe: every public method may be called from any thread."""

    def __init__(self, config: SoftphoneConfig, sink: Callable[[m.PhoneEvent], None] | None = None) -> None:
        self.config = config
        self._sink = sink or (lambda event: None)
        self._inbox: queue.SimpleQueue[tuple[Any, Future[Any] | None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._running = False
        self._start_error = ""
        self._core: Any = None
        self._snapshot = m.PhoneSnapshot(account_uri="", registration=m.Registration.UNREGISTERED)
        self._wake_sock: socket.socket | None = None
        self._wake_addr: tuple[str, int] | None = None
        self._compressor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recording")
        self.sip_port = 0

    # ------------------------------------------------------------------ public API
    def start(self, timeout: float = 10.0) -> None:
        """Start the pjsua2 thread and wait until the account exists (not until it registers)."""
        if self._thread is not None:
            raise SoftphoneError("话机已经启动")
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._thread = threading.Thread(target=self._run, name="pjsua2", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise EngineNotRunning("SIP 协议栈启动超时")
        if self._start_error:
            self._thread.join(5)
            self._thread = None
            raise EngineNotRunning(f"SIP 协议栈启动失败：{self._start_error}")

    def snapshot(self) -> m.PhoneSnapshot:
        """The phone as of its last event (a frozen value; safe to keep)."""
        return self._snapshot

    def submit(self, command: object) -> Future[Any]:
        """Check and queue a command; the future gives its result (a call id for Dial) or its error."""
        if not self._running:
            raise EngineNotRunning("话机未运行")
        check(command, self._snapshot, self.config.sip_domain())
        future: Future[Any] = Future()
        self._inbox.put((command, future))
        self._wake()
        return future

    def run(self, command: object, timeout: float = 5.0) -> Any:
        """Submit a command and wait for its result (raises the command's SoftphoneError)."""
        future = self.submit(command)
        try:
            return future.result(timeout)
        except TimeoutError:
            raise CommandTimeout(f"命令 {type(command).__name__} 在 {timeout} 秒内未执行") from None

    def stop(self, timeout: float = 10.0) -> None:
        """Hang up every call, finish recordings and destroy pjsua2; idempotent."""
        thread = self._thread
        if thread is None:
            return
        if self._running:
            self._inbox.put((_STOP, None))
            self._wake()
        thread.join(timeout)
        self._compressor.shutdown(wait=True)
        if self._wake_sock is not None:
            self._wake_sock.close()
            self._wake_sock = None
        self._thread = None

    @property
    def running(self) -> bool:
        return self._running

    # ------------------------------------------------------------------ pjsua2 thread
    def _run(self) -> None:
        from telephony.softphone.core import PhoneCore

        core = PhoneCore(self.config, self._deliver, self._finish_async)
        self._core = core
        try:
            core.start()
        except BaseException as exc:  # noqa: BLE001 - reported to start()
            self._start_error = reason(exc)  # text only: the exception's frames hold pjsua2 objects
            del exc
            self._ready.set()
            try:
                core.shutdown(lambda s: None)
            except Exception:  # noqa: BLE001
                pass
            return
        self.sip_port = core.sip_port
        self._wake_addr = ("127.0.0.1" if self.config.bind in ("0.0.0.0", "") else self.config.bind, core.sip_port)
        self._wake_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._snapshot = core.last
        self._running = True
        self._ready.set()
        why = ""
        try:
            while True:
                core.ep.libHandleEvents(20)
                if self._drain(core):
                    break
                core.tick()
        except BaseException as exc:  # noqa: BLE001
            log.error("pjsua2 thread failed: %s", current_traceback())
            why = f"SIP 协议栈线程异常：{exc}"
        self._running = False
        self._fail_pending()
        try:
            core.shutdown(lambda seconds: core.ep.libHandleEvents(int(seconds * 1000)))
        finally:
            self._snapshot = core.publish()
            self._deliver(m.EngineDidStop(self._snapshot, why or "话机已关闭"))

    def _drain(self, core: Any) -> bool:
        while True:
            try:
                command, future = self._inbox.get_nowait()
            except queue.Empty:
                return False
            if command is _STOP:
                return True
            if callable(command) and future is None:  # internal: work posted back to this thread
                command(core)
                continue
            assert future is not None
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(core.execute(command))
            except SoftphoneError as exc:
                future.set_exception(exc)
            except Exception as exc:  # noqa: BLE001 - never let a command kill the phone
                log.error("command %r failed: %s", command, current_traceback())
                future.set_exception(SoftphoneError(f"命令执行失败：{exc}"))

    def _fail_pending(self) -> None:
        while True:
            try:
                command, future = self._inbox.get_nowait()
            except queue.Empty:
                return
            if future is not None and future.set_running_or_notify_cancel():
                future.set_exception(EngineNotRunning("话机已关闭"))

    def _deliver(self, event: m.PhoneEvent) -> None:
        self._snapshot = event.snapshot
        try:
            self._sink(event)
        except Exception:  # noqa: BLE001 - a broken sink must not take the phone down
            log.error("softphone sink failed on %s: %s", type(event).__name__, current_traceback())

    def _wake(self) -> None:
        sock, addr = self._wake_sock, self._wake_addr
        if sock is not None and addr is not None:
            try:
                sock.sendto(b"\r\n\r\n", addr)
            except OSError:
                pass

    # ------------------------------------------------------------------ recordings
    def _finish_async(self, job: RecordingJob) -> None:
        def work() -> None:
            try:
                done = finish_recording(job, self.config.recording_format)
                post = _posted(job.interaction_id, "", str(done.audio_path), str(done.manifest_path))
            except Exception as exc:  # noqa: BLE001 - disk full, unreadable WAV...: the agent is told
                post = _posted(job.interaction_id, f"录音保存失败：{exc}（原始文件 {job.wav_path}）")
            self._inbox.put((post, None))
            self._wake()

        try:
            self._compressor.submit(work)
        except RuntimeError:  # shutting down: finish inline
            work()


def _posted(interaction: str, error: str, audio: str = "", manifest: str = "") -> Callable[[Any], None]:
    def apply(core: Any) -> None:
        core.recording_done(interaction, error, audio, manifest)

    return apply
