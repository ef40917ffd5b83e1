"""The director's local spool: its records on disk before the central database has them.

    spool = Spool(data_dir / "center" / "spool")    # SpoolBusy if another director holds it
    spool.write(events); spool.sync()              # appended as JSON lines, then fsynced
    start, end, events = spool.read()              # what the database does not have yet (from the ack)
    spool.ack(end)                                 # the database committed up to ``end``

One append-only file ``records.jsonl`` (one QueueEvent per line) and ``records.acked``, the byte
offset up to which the central database has committed. A restart reads from that offset: what the
database already holds is skipped there by event id (storage.center's append is idempotent), so a
lost acknowledgement costs a repeat, never a record. Once everything written is acknowledged the
file is emptied (under the same lock as the writes). A torn last line — a crash in the middle of a
write — is cut off when the spool opens; such a line was never synced, so no caller was promised
anything by it. An exclusive ``flock`` on ``records.lock`` keeps one director per spool; the
kernel drops it when that process dies.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from hotline.acd.actions import QueueEvent
from hotline.timezone import parse_iso

MAX_READ = 1 << 20  # bytes read at a time for the database
log = logging.getLogger("telephony.center")


class SpoolBusy(RuntimeError):
    """Another process holds this spool (a second director on the same data directory)."""


def encode(event: QueueEvent) -> bytes:
    return json.dumps({"id": event.id, "kind": event.kind, "at": event.at.isoformat(), "call": event.call,
                       "queue": event.queue, "agent": event.agent, "caller": event.caller, "data": event.data},
                      ensure_ascii=False, separators=(",", ":"), default=str).encode() + b"\n"


def decode(line: bytes) -> QueueEvent:
    d = json.loads(line)
    return QueueEvent(kind=d["kind"], at=parse_iso(d["at"]), call=d["call"], queue=d["queue"], agent=d["agent"],
                      caller=d["caller"], data=d["data"], id=d["id"])


class Spool:
    """The spool directory of one center (see the module docstring)."""

    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self.dir / "records.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock_fd)
            raise SpoolBusy(f"{self.dir} is held by another director") from None
        self.path = self.dir / "records.jsonl"
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        self._io = threading.Lock()
        self._fds_open = True
        size = os.fstat(self._fd).st_size
        if size:
            tail = os.pread(self._fd, min(size, 1 << 16), max(0, size - (1 << 16)))
            if not tail.endswith(b"\n"):
                cut = tail.rfind(b"\n")
                size = max(0, size - len(tail) + cut + 1) if cut >= 0 else 0  # a torn last line
                os.ftruncate(self._fd, size)
        self.end = self.synced = size
        self.bad: set[int] = set()  # offsets of lines that cannot be read, set aside in records.bad
        self.acked = self._read_ack()
        if self.acked > size:  # emptied, then died before writing the new offset
            self._write_ack(0)

    def _read_ack(self) -> int:
        try:
            return int((self.dir / "records.acked").read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            return 0

    def _write_ack(self, offset: int) -> None:
        tmp = self.dir / "records.acked.tmp"
        tmp.write_text(str(offset), encoding="ascii")
        os.replace(tmp, self.dir / "records.acked")
        self.acked = offset

    def write(self, events: list[QueueEvent]) -> None:
        """Append ``events`` (not yet durable: see :meth:`sync`)."""
        data = b"".join(encode(e) for e in events)
        with self._io:
            try:
                written = os.write(self._fd, data)
            except OSError:
                os.ftruncate(self._fd, self.end)
                raise
            if written != len(data):  # a full disk: no half line may stay
                os.ftruncate(self._fd, self.end)
                raise OSError(f"spool {self.path}: short write ({written} of {len(data)} bytes)")
            self.end += len(data)

    def sync(self) -> int:
        """fsync what was written; returns the offset now durable."""
        with self._io:
            end = self.end
        os.fsync(self._fd)
        with self._io:
            self.synced = max(self.synced, min(end, self.end))
            return self.synced

    def read(self, limit: int = MAX_READ) -> tuple[int, int, list[QueueEvent]]:
        """``(start, end, events)``: the synced records after the acknowledged offset (about ``limit`` bytes)."""
        with self._io:
            start, stop = self.acked, self.synced
        data = os.pread(self._fd, min(stop - start, limit), start) if stop > start else b""
        cut = data.rfind(b"\n") + 1
        if cut == 0 and stop > start:  # one line longer than the limit
            data = os.pread(self._fd, stop - start, start)
            cut = data.rfind(b"\n") + 1
        return start, start + cut, self._decode(data[:cut], start)

    def _decode(self, data: bytes, start: int) -> list[QueueEvent]:
        """The records in ``data`` (read at ``start``); a line that is not one (a corrupted disk
        block, a hand edit) is copied to ``records.bad`` once, reported, and skipped: the records
        after it still reach the database."""
        out: list[QueueEvent] = []
        offset = start
        for line in data.splitlines(keepends=True):
            at, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                out.append(decode(line))
            except (ValueError, KeyError, TypeError) as exc:
                if at not in self.bad:
                    self.bad.add(at)
                    with open(self.dir / "records.bad", "ab") as f:
                        f.write(line if line.endswith(b"\n") else line + b"\n")
                    log.error("spool %s: the record at byte %d cannot be read (%s: %s); set aside in "
                              "records.bad, the others go on", self.path, at, type(exc).__name__, exc)
        return out

    def ack(self, offset: int) -> None:
        """The database committed everything before ``offset``; empties the file once all is in."""
        with self._io:
            if offset <= self.acked:
                return
            if offset == self.end == self.synced:
                os.ftruncate(self._fd, 0)
                self.end = self.synced = 0
                self._write_ack(0)
            else:
                self._write_ack(offset)

    def pending(self) -> list[QueueEvent]:
        """Every synced record the database has not acknowledged (a restarted director's rebuild adds them)."""
        out: list[QueueEvent] = []
        with self._io:
            start, stop = self.acked, self.synced
        if stop > start:
            out = self._decode(os.pread(self._fd, stop - start, start), start)
        return out

    def close(self) -> None:
        """Close the file and release the lock (once: a second call does nothing)."""
        with self._io:
            fds, self._fds_open = (self._fd, self._lock_fd) if self._fds_open else (), False
        for fd in fds:
            os.close(fd)

    def stats(self) -> dict[str, Any]:
        return {"end": self.end, "synced": self.synced, "acked": self.acked}


def peek(directory: str | Path) -> list[QueueEvent]:
    """The records another director's spool holds past its acknowledged offset, read without its lock.

    What a director that takes over rebuilds from besides the database: the old leader's records
    written (even if not yet fsynced: its page cache outlives a killed process) but not stored. A
    torn or unreadable last line is left out; the spool's owner stores the records when it restarts.
    """
    folder = Path(directory)
    try:
        acked = int((folder / "records.acked").read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        acked = 0
    try:
        data = (folder / "records.jsonl").read_bytes()
    except OSError:
        return []
    data = data[acked:] if acked <= len(data) else data
    out: list[QueueEvent] = []
    for line in data[:data.rfind(b"\n") + 1].splitlines():
        try:
            out.append(decode(line))
        except (ValueError, KeyError, TypeError):
            continue  # a line cut by a concurrent truncate
    return out
