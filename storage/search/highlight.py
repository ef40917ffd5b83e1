"""Highlighting for search hits: wrap matched words in ``<em>…</em>`` and pick the best body passage.

Matching is done on the original text by the *surface* spellings of the query's tokens (a query for
医保 also marks 医疗保险 in the text), longest first, case-insensitive for latin letters. Everything
outside the ``<em>`` tags is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

SNIPPET_CHARS = 80
_SPACES = re.compile(r"\s+")


def matcher(surfaces: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of ``surfaces`` (longest first); None when there is nothing to match."""
    words = sorted({w for w in surfaces if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern[str] | None) -> tuple[str, list[str]]:
    """``text`` HTML-escaped with matches wrapped in ``<em>``; also the matched strings, in order."""
    if pattern is None:
        return html.escape(text, quote=False), []
    out, found, pos = [], [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[pos:m.start()], quote=False))
        out.append(f"<em>{html.escape(m.group(), quote=False)}</em>")
        found.append(m.group())
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out), found


def best_passage(text: str, pattern: re.Pattern[str] | None, width: int = SNIPPET_CHARS) -> str:
    """The ``width``-character window of ``text`` with the most distinct matches (then most matches).

    Whitespace runs are folded to one space; an ellipsis marks a cut at either end.
    """
    flat = _SPACES.sub(" ", text).strip()
    if len(flat) <= width:
        return flat
    spans = [(m.start(), m.end(), m.group().lower()) for m in pattern.finditer(flat)] if pattern else []
    start = 0
    if spans:
        best = (-1, -1)
        for s, _, _ in spans:
            lo = max(0, min(s - width // 8, len(flat) - width))
            inside = [w for a, b, w in spans if a >= lo and b <= lo + width]
            key = (len(set(inside)), len(inside))
            if key > best:
                best, start = key, lo
    passage = flat[start:start + width]
    return ("…" if start > 0 else "") + passage + ("…" if start + width < len(flat) else "")
