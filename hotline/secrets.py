"""Secrets never printed: a database URL's password is masked wherever text may reach a person.

``mask_url(url)`` renders one URL with its password replaced by ``***``; it works on text that does
not parse as a URL too (anything after ``://user:`` up to the last ``@`` of that word is masked), so
an unparseable URL given on the command line is not echoed back with its password.
``mask_secrets(text)`` masks every such URL inside a longer text (an error message, a log line).
``MaskingFilter`` is a logging filter that applies ``mask_secrets`` to each record's message.
"""

from __future__ import annotations

import logging
import re

MASK = "***"
# scheme://user:password@  — the password runs to the last '@' before whitespace or a quote
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'\"]*:)(?P<secret>[^\s'\"]*)@")
# key=value forms of libpq conninfo strings and DSNs
_CONNINFO = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|[^\s,;&]+)", re.IGNORECASE)
_QUERY = re.compile(r"(?P<head>[?&]password=)(?P<secret>[^&\s'\"]+)", re.IGNORECASE)


def mask_secrets(text: str) -> str:
    """``text`` with every URL password and ``password=`` value replaced by ``***``."""
    out = _USERINFO.sub(lambda m: m.group("head") + MASK + "@", str(text))
    out = _QUERY.sub(lambda m: m.group("head") + MASK, out)
    return _CONNINFO.sub(lambda m: m.group("head") + MASK, out)


def mask_url(url: object) -> str:
    """One database URL, fit to print: its password masked, parseable or not."""
    text = str(url)
    try:
        from sqlalchemy.engine import make_url

        shown = make_url(text.strip()).render_as_string(hide_password=True)
    except Exception:
        return mask_secrets(_mask_unparsed(text))
    return mask_secrets(shown)


def _mask_unparsed(text: str) -> str:
    """Anything after ``://user:`` up to the last ``@`` masked (a password may hold spaces or '@')."""
    scheme = text.find("://")
    at = text.rfind("@")
    if scheme < 0 or at < scheme:
        return text
    colon = text.find(":", scheme + 3, at)
    if colon < 0 or "/" in text[scheme + 3:colon]:
        return text
    return text[: colon + 1] + MASK + text[at:]


class MaskingFilter(logging.Filter):
    """Masks URL passwords in a log record's message and arguments before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_log_masking(logger: logging.Logger | None = None) -> None:
    """Attach a MaskingFilter to ``logger``'s handlers (the root logger's by default), once each."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
