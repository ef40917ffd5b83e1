"""Crossing threads into the GUI: a callback called on any thread becomes a queued Qt signal.

    relay = Relay()                       # created on the GUI thread
    relay.received.connect(window.show_event)
    phone = Softphone(config, sink=relay.post)   # called on the pjsua2 thread

``post`` may be called from any thread; the slot runs on the thread the Relay lives in (the GUI
thread), because a signal emitted from another thread is delivered through that thread's event
loop. ``on_gui_thread`` tells a slot's tests where they ran.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal


class Relay(QObject):
    """One queued signal carrying any Python object."""

    received = Signal(object)

    def post(self, value: Any) -> None:
        """Hand ``value`` to the GUI thread (safe from any thread; never blocks)."""
        self.received.emit(value)


def on_gui_thread() -> bool:
    """Whether the caller runs on the QApplication's thread."""
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()

