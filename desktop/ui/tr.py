"""The desk's one translation call: ``tr("已注册 {0}", user)``; Simplified Chinese is the source text.

``tr`` asks Qt (``QCoreApplication.translate`` in the context ``desk``) and fills ``{0}``-style
placeholders after translating, so the translator sees the whole sentence; ``note`` tells apart
one Chinese word with two English ones (会议 the button: Conference; 会议 the not-ready reason:
Meeting). With no translator installed it returns the Chinese as written. ``tr_noop`` marks a literal for the extractor
(``python -m desktop.app.i18n_extract``) where it is defined at import time (tables of labels) and
translated with ``tr(value)`` where it is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

CONTEXT = "desk"


def tr(text: str, *args: Any, note: str = "") -> str:
    """``text`` in the interface language, with ``args`` put into its ``{0}``, ``{1}``… placeholders."""
    out = QCoreApplication.translate(CONTEXT, text, note or None)
    return out.format(*args) if args else out


def tr_noop(text: str, note: str = "") -> str:
    """Mark ``text`` for translation and return it unchanged (``tr(text, note=note)`` where it is shown)."""
    return text
