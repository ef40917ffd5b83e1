"""What the ticket pane checks and offers before anything is written: field problems and the profile's
choices (its multi-unit dispatch modes and its not-accepted classes, each with its article)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from desktop.ui.tr import tr
from hotline.policy_loader import load_profile


def validate(values: dict[str, Any]) -> dict[str, str]:
    """The intake's problems, by field, in the interface language (the lifecycle checks the rest)."""
    problems: dict[str, str] = {}
    if not values.get("content"):
        problems["content"] = tr("诉求内容不能为空")
    phone = values.get("caller_phone", "")
    if values.get("channel") == "phone" and not phone:
        problems["caller_phone"] = tr("电话渠道须填写联系电话")
    elif phone and not is_phone(phone):
        problems["caller_phone"] = tr("不是有效的电话号码（例：13700000001 或 0471-1234567）")
    return problems


def is_phone(text: str) -> bool:
    """Whether the domain's normaliser takes ``text`` (the write path stores that canonical form)."""
    from hotline.phones import PhoneNumberInvalid, normalize_phone

    try:
        normalize_phone(text)
    except PhoneNumberInvalid:
        return False
    return True


def mode_choices(profile_id: str) -> list[tuple[str, str]]:
    """(label, mode) of the dispatch modes the profile allows; single first (a broken profile: single)."""
    from hotline.enums import MultiUnitMode

    try:
        allowed = load_profile(profile_id).multi_unit_modes
    except Exception:  # noqa: BLE001 - a broken profile offers single only
        allowed = {}
    return [(m.label, m.value) for m in MultiUnitMode if m is MultiUnitMode.SINGLE or m in allowed]


def class_choices(profile_id: str) -> list[tuple[str, str]]:
    """(label with article, key) of the profile's not-accepted classes (none for a broken profile)."""
    try:
        return [(f"{g.label}（{g.article}）", g.key) for g in load_profile(profile_id).guidance_classes]
    except Exception:  # noqa: BLE001 - a broken profile shows no classes; the preview says why
        return []


def refill(combo: QComboBox, choices: list[tuple[str, str]]) -> None:
    """Replace a combo's items, keeping the current choice where it still exists, without signals."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, value in choices:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
