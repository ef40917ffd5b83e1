"""The director's link to Kamailio's evapi module: netstring-framed messages over loopback TCP.

Kamailio relays each queue event as a netstring holding one JSON object; the director answers
with netstring commands (``route,<tindex>,<tlabel>,<agent>,<ring_ms>`` …). Nagle and delayed ACK
would hold small messages back 9–43 ms (measured; docs/ARCHITECTURE.md), so the socket sets TCP_NODELAY and
re-arms TCP_QUICKACK after every read.

:class:`EvapiSocket` is the director's own link: a blocking socket read by one thread, so an event
reaches the director straight from ``recv`` (an asyncio stream costs ~0.25 ms more per event on this
machine, measured by ``python -m bench center --capture``). :class:`EvapiLink` is the asyncio form
the lab's stand-in director and the tests' hand-driven client use.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger("telephony.center.evapi")


class NetstringError(ValueError):
    """The peer sent bytes that are not a netstring."""


class NetstringDecoder:
    """Incremental netstring decoder: feed bytes, take complete payloads."""

    def __init__(self, limit: int = 1 << 20) -> None:
        self._buf = bytearray()
        self._limit = limit

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        while True:
            colon = self._buf.find(b":")
            if colon < 0:
                if len(self._buf) > 12:
                    raise NetstringError(f"no length prefix in {bytes(self._buf[:20])!r}")
                return out
            head = bytes(self._buf[:colon])
            if not head.isdigit():
                raise NetstringError(f"bad netstring length {head!r}")
            size = int(head)
            if size > self._limit:
                raise NetstringError(f"netstring of {size} bytes is over the limit")
            end = colon + 1 + size
            if len(self._buf) < end + 1:
                return out
            if self._buf[end:end + 1] != b",":
                raise NetstringError("netstring not terminated by ','")
            out.append(bytes(self._buf[colon + 1:end]))
            del self._buf[:end + 1]


def netstring(payload: str) -> bytes:
    data = payload.encode("utf-8")
    return str(len(data)).encode() + b":" + data + b","


def _tune(sock: socket.socket) -> None:
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _received(sock: socket.socket | None, decoder: NetstringDecoder, data: bytes) -> list[dict[str, Any]]:
    """Re-arm QUICKACK after a read and decode the complete events in ``data``."""
    if sock is not None and hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    events = []
    for payload in decoder.feed(data):
        try:
            events.append(json.loads(payload, strict=False))  # a MESSAGE body's CR/LF arrives raw
        except ValueError:
            log.warning("evapi: not JSON: %r", payload[:200])
    return events


class EvapiSocket:
    """A blocking evapi connection for one reading thread; ``send`` may be called from any thread."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._decoder = NetstringDecoder()
        self._send_lock = threading.Lock()
        _tune(sock)

    @classmethod
    def connect(cls, host: str, port: int, *, timeout: float = 10.0,
                stopped: threading.Event | None = None) -> EvapiSocket:
        """Connect, retrying while Kamailio starts; ConnectionError after ``timeout`` (or once stopped)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return cls(socket.create_connection((host, port), timeout=2.0))
            except OSError as exc:
                if time.monotonic() > deadline or (stopped is not None and stopped.is_set()):
                    raise ConnectionError(f"evapi {host}:{port} unreachable: {exc}") from None
                time.sleep(0.1)

    def receive(self, timeout: float) -> list[dict[str, Any]] | None:
        """The events that arrive within ``timeout`` seconds ([] if none); None once the link is closed."""
        self._sock.settimeout(max(timeout, 0.001))
        try:
            data = self._sock.recv(65536)
        except TimeoutError:
            return []
        except OSError:
            return None
        if not data:
            return None
        return _received(self._sock, self._decoder, data)

    def send(self, command: str) -> None:
        with self._send_lock:
            self._sock.sendall(netstring(command))

    def local(self) -> str:
        """``ip:port`` of this end of the link (how Kamailio names it)."""
        host, port = self._sock.getsockname()[:2]
        return f"{host}:{port}"

    def shutdown(self) -> None:
        """Wake the reading thread: its ``receive`` returns None."""
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self) -> None:
        self.shutdown()
        self._sock.close()


class EvapiLink:
    """One connection to Kamailio's evapi; ``events()`` yields decoded JSON events."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self._decoder = NetstringDecoder()
        sock = writer.get_extra_info("socket")
        self._sock = sock
        if sock is not None:
            _tune(sock)

    @classmethod
    async def connect(cls, host: str, port: int, *, timeout: float = 10.0) -> EvapiLink:
        """Connect, retrying while Kamailio starts; raises ConnectionError after ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                reader, writer = await asyncio.open_connection(host, port)
                return cls(reader, writer)
            except OSError as exc:
                if loop.time() > deadline:
                    raise ConnectionError(f"evapi {host}:{port} unreachable: {exc}") from None
                await asyncio.sleep(0.1)

    async def events(self) -> AsyncIterator[dict[str, Any]]:
        while True:
            data = await self._reader.read(65536)
            if not data:
                return
            for event in _received(self._sock, self._decoder, data):
                yield event

    def send(self, command: str) -> None:
        self._writer.write(netstring(command))

    async def close(self) -> None:
        self._writer.close()
        try:
            await self._writer.wait_closed()
        except OSError:
            pass
