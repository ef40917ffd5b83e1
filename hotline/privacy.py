"""Masking a caller's identity for those who may not see it (units, exports): the one rule, in Python.

The same rule is written in SQL for the database's unit roles (storage.unit_policies, the view
``unit_tickets``); tests check both give the same text. A number keeps its first three and last four
digits (``138****5678``), a name its first character (``张**``), an address its first six characters
(``青川市城关镇***``); anything shorter is masked whole. An empty value stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass

MASK = "*"
IDENTITY_FIELDS = ("caller_phone", "caller_phone_raw", "caller_name", "caller_address")


def mask_phone(value: str) -> str:
    """``13800005678`` → ``138****5678``; seven characters or fewer → all stars."""
    if not value:
        return ""
    if len(value) <= 7:
        return MASK * 4
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """``张三丰`` → ``张**``; one character → ``*``."""
    if not value:
        return ""
    return value[0] + MASK * (len(value) - 1) if len(value) > 1 else MASK


def mask_address(value: str) -> str:
    """The first six characters and ``***``; six or fewer → ``***``."""
    if not value:
        return ""
    return value[:6] + MASK * 3 if len(value) > 6 else MASK * 3


MASKERS = {"caller_phone": mask_phone, "caller_phone_raw": mask_phone, "caller_name": mask_name,
           "caller_address": mask_address}


@dataclass(frozen=True)
class Viewer:
    """Who looks: the center (sees everything) or a unit (sees identity only when granted)."""

    actor: str
    unit_id: str | None = None  # None: the center

    @property
    def is_center(self) -> bool:
        """The center's staff: the caller's identity is theirs to hold."""
        return self.unit_id is None


def masked(values: dict[str, object]) -> dict[str, object]:
    """A copy of a ticket's plain form with the identity fields masked."""
    out = dict(values)
    for key, mask in MASKERS.items():
        if isinstance(out.get(key), str):
            out[key] = mask(str(out[key]))
    return out
