"""The QA scoring form (质检评分表): criteria and weights read from a TOML file, and a score's total.

    form = load_form()                         # resources/qa/criteria.toml, validated
    total = form.total({"greeting": 5, ...})   # 0–100: sum(score / max * weight)

Every fault in the file is a QaFormError with a ``code`` (tests and callers match on it): unreadable,
no-criteria, bad-key, duplicate-key, bad-label, bad-weight, weights-sum, bad-max, unknown-field. A
score sheet is checked too: missing, unknown-criterion, out-of-range.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hotline.paths import resources_dir

KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
FIELDS = {"key", "label", "label_en", "weight", "max"}


class QaFormError(Exception):
    """The form file or a score sheet is wrong; ``code`` says how, the message says where."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Criterion:
    """One line of the form."""

    key: str
    label: str
    label_en: str
    weight: int
    max: int


@dataclass(frozen=True)
class QaForm:
    """The whole form: its version and criteria in the order shown."""

    version: str
    criteria: tuple[Criterion, ...]

    def check(self, scores: Mapping[str, int]) -> dict[str, int]:
        """The sheet as stored, or QaFormError (missing, unknown-criterion, out-of-range)."""
        known = {c.key for c in self.criteria}
        for key in scores:
            if key not in known:
                raise QaFormError("unknown-criterion", f"评分项不存在 (no criterion {key!r})")
        out: dict[str, int] = {}
        for c in self.criteria:
            if c.key not in scores:
                raise QaFormError("missing", f"缺少评分项 (criterion {c.key!r} not scored)")
            value = scores[c.key]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= c.max:
                raise QaFormError("out-of-range", f"{c.label}: 分值应为 0–{c.max} (score {value!r} out of range)")
            out[c.key] = value
        return out

    def total(self, scores: Mapping[str, int]) -> float:
        """The weighted total, 0–100, of a checked sheet."""
        sheet = self.check(scores)
        return round(sum(sheet[c.key] / c.max * c.weight for c in self.criteria), 2)


def default_path() -> Path:
    return resources_dir() / "qa" / "criteria.toml"


def load_form(path: Path | None = None) -> QaForm:
    """Read and validate the form file (default resources/qa/criteria.toml)."""
    path = path or default_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise QaFormError("unreadable", f"{path}: {exc}") from exc
    return parse_form(raw, str(path))


def parse_form(raw: Mapping[str, object], where: str = "criteria") -> QaForm:
    """Validate a parsed form; see the module docstring for the codes."""
    items = raw.get("criterion")
    if not isinstance(items, list) or not items:
        raise QaFormError("no-criteria", f"{where}: no [[criterion]] entries")
    seen: set[str] = set()
    criteria = []
    for n, item in enumerate(items, 1):
        at = f"{where}: criterion #{n}"
        if not isinstance(item, dict):
            raise QaFormError("bad-key", f"{at}: not a table")
        extra = set(item) - FIELDS
        if extra:
            raise QaFormError("unknown-field", f"{at}: unknown field(s) {sorted(extra)}")
        key = item.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            raise QaFormError("bad-key", f"{at}: key {key!r} must be lower-case letters, digits, _")
        if key in seen:
            raise QaFormError("duplicate-key", f"{at}: key {key!r} appears twice")
        seen.add(key)
        label, label_en = item.get("label"), item.get("label_en", "")
        if not isinstance(label, str) or not label.strip() or not isinstance(label_en, str):
            raise QaFormError("bad-label", f"{at} ({key}): label must be non-empty text")
        weight, top = item.get("weight"), item.get("max")
        if not isinstance(weight, int) or isinstance(weight, bool) or weight <= 0:
            raise QaFormError("bad-weight", f"{at} ({key}): weight {weight!r} must be a positive integer")
        if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= 100:
            raise QaFormError("bad-max", f"{at} ({key}): max {top!r} must be an integer 1–100")
        criteria.append(Criterion(key, label.strip(), label_en.strip(), weight, top))
    total = sum(c.weight for c in criteria)
    if total != 100:
        raise QaFormError("weights-sum", f"{where}: weights add up to {total}, not 100")
    return QaForm(str(raw.get("version", "")), tuple(criteria))
