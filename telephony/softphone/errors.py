"""Named errors of the softphone engine: every command that pjsua2 would abort on is refused with one of these.

pjsua2 does not raise on misuse, it asserts and kills the process. So each command is checked
first, against the engine's own record of calls, and refused with a message an agent can read.
"""

from __future__ import annotations

import traceback


class SoftphoneError(Exception):
    """Base of every refusal or failure the engine reports; ``str()`` is the Chinese message."""

    code = "softphone-error"


class EngineNotRunning(SoftphoneError):
    """The engine is not started, is stopping, or its pjsua2 thread died."""

    code = "engine-not-running"


class UnknownCall(SoftphoneError):
    """The command names a call id the engine does not hold (never existed or already ended)."""

    code = "unknown-call"


class NoCall(SoftphoneError):
    """The command needs a call and there is none (e.g. transfer with no call)."""

    code = "no-call"


class TooManyCalls(SoftphoneError):
    """A fifth call: one pjsua2 process holds at most four."""

    code = "too-many-calls"


class BadUri(SoftphoneError):
    """A destination that is neither a SIP URI nor a dialable number."""

    code = "bad-uri"


class WrongCallState(SoftphoneError):
    """The call exists but is in a state where the command makes no sense (answer a confirmed call)."""

    code = "wrong-call-state"


class BadCommand(SoftphoneError):
    """A malformed command: bad DTMF digits, an unknown method, a wrong argument type."""

    code = "bad-command"


class BadHeader(BadCommand):
    """An extra SIP header that may not be sent: a name off the allow-list, or CR/LF in its value."""

    code = "bad-header"


class NotRegistered(SoftphoneError):
    """An outgoing call through a registrar while the account is not registered."""

    code = "not-registered"


class CommandTimeout(SoftphoneError):
    """The pjsua2 thread did not take the command in time."""

    code = "command-timeout"


def current_traceback() -> str:
    """The exception being handled, as text.

    Log this instead of ``log.exception``: a record holding ``exc_info`` keeps the traceback's
    frames alive, and with them pjsua2 objects, which then die later on another thread — and
    pjlib aborts the process when called from a thread it does not know.
    """
    return traceback.format_exc()


def reason(exc: BaseException) -> str:
    """A readable one-line reason for an exception (pjsua2 errors carry theirs in ``info()``)."""
    info = getattr(exc, "info", None)
    if callable(info):
        try:
            return str(info(False))
        except Exception:  # noqa: BLE001
            return str(exc)
    return str(exc) or type(exc).__name__
