"""Helpers of the center tests: a hand-driven evapi client (the test plays the director)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from telephony.center.evapi import EvapiLink


class EvapiDriver:
    """Connects to the center's evapi on a background loop; collects events; sends commands."""

    def __init__(self, port: int, on_event: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._on_event = on_event
        self._loop = asyncio.new_event_loop()
        self._link: EvapiLink | None = None
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(port, ready), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise AssertionError("evapi did not connect")

    def _run(self, port: int, ready: threading.Event) -> None:
        async def main() -> None:
            self._link = await EvapiLink.connect("127.0.0.1", port)
            ready.set()
            async for event in self._link.events():
                with self._cond:
                    self.events.append(event)
                    self._cond.notify_all()
                if self._on_event:
                    self._on_event(event)

        try:
            self._loop.run_until_complete(main())
        except Exception:  # noqa: BLE001 - closed at teardown
            pass

    def send(self, command: str) -> None:
        assert self._link is not None
        self._loop.call_soon_threadsafe(self._link.send, command)

    def wait(self, kind: str, timeout: float = 10.0, **match: Any) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events:
                    if event.get("event") == kind and all(event.get(k) == v for k, v in match.items()):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {kind} {match} within {timeout} s; got {self.events[-6:]}")
                self._cond.wait(left)

    def close(self) -> None:
        if self._link is not None:
            asyncio.run_coroutine_threadsafe(self._link.close(), self._loop)
        self._thread.join(3)
