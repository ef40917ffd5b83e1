"""A background worker's failures said once: again only when the failure changes, and cleared by a success.

    said = SayOnce(say, "recording retention")
    try: ...
    except Exception as exc:
        said.failed(exc)          # "recording retention: OperationalError: <first line>", once
    else:
        said.cleared()
"""

from __future__ import annotations

from collections.abc import Callable


def describe(exc: BaseException) -> str:
    """``Type: first line of the message`` (a database error's message can run to many lines)."""
    text = str(exc)
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"


class SayOnce:
    """See the module docstring; ``last`` is the failure said last ("" after a success)."""

    def __init__(self, say: Callable[[str], None], what: str) -> None:
        self.say, self.what, self.last = say, what, ""

    def failed(self, exc: BaseException | str) -> None:
        text = f"{self.what}: {exc if isinstance(exc, str) else describe(exc)}"
        if text != self.last:
            self.say(text)
        self.last = text

    def cleared(self) -> None:
        self.last = ""
