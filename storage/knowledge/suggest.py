"""Suggested answers while the agent types: debounced, searched on a worker thread, handed to a callback.

    suggester = Suggester(service.suggest, on_result, delay=0.25, top=5)
    suggester.update(text)      # on every keystroke, from the GUI thread: returns at once
    ...
    suggester.close()

The worker waits until the text has stayed the same for ``delay`` seconds, searches, and calls
``callback(Suggestions)`` on the worker thread (the desk wraps the callback in a Qt signal). A result
whose text is no longer the latest is dropped, so the agent never sees suggestions for words already
deleted; a blank or too-short text gives an empty result at once, without a search. A search that
raises is reported through ``on_error`` and the worker carries on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("storage.knowledge.suggest")
MIN_CHARS = 2  # two characters already mean something in Chinese (低保, 医保)


@dataclass(frozen=True)
class Suggestions:
    """What the callback receives: the text searched, its generation number and the hits."""

    text: str
    generation: int
    hits: Sequence[Any]
    seconds: float  # time spent searching


class Suggester:
    """Debounces text updates and runs ``search(text, top)`` on one worker thread."""

    def __init__(self, search: Callable[[str, int], Sequence[Any]], callback: Callable[[Suggestions], None], *,
                 delay: float = 0.25, top: int = 5, on_error: Callable[[BaseException], None] | None = None) -> None:
        self._search, self._callback, self._on_error = search, callback, on_error
        self.delay, self.top = delay, top
        self._cond = threading.Condition()
        self._text = ""
        self._generation = 0
        self._changed_at = 0.0
        self._done_generation = 0
        self._closed = False
        self.searches = 0  # how many searches actually ran (debouncing skips the rest)
        self.errors = 0  # searches or callbacks that failed (reported)
        self._thread = threading.Thread(target=self._run, name="kb-suggester", daemon=True)
        self._thread.start()

    def update(self, text: str) -> int:
        """The agent's text changed; returns its generation number. Never blocks on a search."""
        with self._cond:
            if self._closed:
                raise RuntimeError("Suggester is closed")
            self._text = text
            self._generation += 1
            self._changed_at = time.monotonic()
            self._cond.notify_all()
            return self._generation

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until the latest text was handled (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._done_generation < self._generation:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def close(self, timeout: float = 5.0) -> None:
        """Stop the worker (a search in progress finishes first; its result is dropped)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and self._done_generation >= self._generation:
                    self._cond.wait()
                if self._closed:
                    return
                wait = self._changed_at + self.delay - time.monotonic()
                if wait > 0:  # still typing: wait for a pause (or the next keystroke)
                    self._cond.wait(wait)
                    continue
                text, generation = self._text, self._generation
            self._handle(text, generation)

    def _handle(self, text: str, generation: int) -> None:
        started = time.perf_counter()
        hits: Sequence[Any] = []
        try:
            if len(text.strip()) >= MIN_CHARS:
                hits = self._search(text, self.top)
                self.searches += 1
            with self._cond:
                latest = generation == self._generation and not self._closed
            if latest:
                self._callback(Suggestions(text, generation, list(hits), time.perf_counter() - started))
        except Exception as exc:  # a failing search or callback is reported; the worker keeps serving
            self._report(exc)
        finally:
            with self._cond:
                self._done_generation = max(self._done_generation, generation)
                self._cond.notify_all()

    def _report(self, exc: BaseException) -> None:
        """To ``on_error``; logged when there is none or when it fails itself (never silent)."""
        self.errors += 1
        if self._on_error is not None:
            try:
                self._on_error(exc)
                return
            except Exception as again:  # noqa: BLE001 - the report must not kill the worker either
                log.error("suggestion error handler failed: %s: %s", type(again).__name__, again)
        log.error("suggestion search failed: %s: %s", type(exc).__name__, exc)
