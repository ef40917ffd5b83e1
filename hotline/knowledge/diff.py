"""A readable diff between two texts of an article: which fields changed, and the body line by line.

Chinese prose has few line breaks, so the body is compared sentence by sentence (split after 。！？；
and at line breaks); the result reads like a review sheet:

    标题: 城乡居民医保缴费标准 → 2027年城乡居民医保缴费标准
    正文:
      - 个人缴费标准为每人每年380元。
      + 个人缴费标准为每人每年400元。
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from hotline.knowledge.article import Content

FIELD_LABELS = {
    "title": "标题", "category": "分类", "unit_id": "所属单位", "tags": "标签", "standard": "标准答案",
    "effective_from": "生效日期", "expires_on": "失效日期", "review_by": "复核日期",
}
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")


@dataclass(frozen=True)
class FieldChange:
    """One metadata field that differs."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ArticleDiff:
    """The changes from ``old`` to ``new``: fields, and the body as (-/+/space, sentence) lines."""

    fields: tuple[FieldChange, ...]
    body: tuple[tuple[str, str], ...]

    @property
    def empty(self) -> bool:
        """Nothing changed."""
        return not self.fields and not any(mark != " " for mark, _ in self.body)

    def text(self, context: int = 1) -> str:
        """The diff as lines of text; unchanged sentences more than ``context`` away are elided."""
        lines = [f"{c.label}: {c.old or '（空）'} → {c.new or '（空）'}" for c in self.fields]
        changed = [i for i, (mark, _) in enumerate(self.body) if mark != " "]
        if changed:
            lines.append("正文:")
            keep = {j for i in changed for j in range(i - context, i + context + 1)}
            skipped = False
            for i, (mark, sentence) in enumerate(self.body):
                if i in keep:
                    lines.append(f"  {mark} {sentence}")
                    skipped = False
                elif not skipped:
                    lines.append("  …")
                    skipped = True
        return "\n".join(lines) if lines else "（无变化）"


def sentences(body: str) -> list[str]:
    """The body cut into sentences (after 。！？； and at line breaks), blanks dropped."""
    return [s.strip() for s in _SENTENCE_END.split(body) if s and s.strip()]


def diff(old: Content, new: Content) -> ArticleDiff:
    """What changed from ``old`` to ``new``."""
    changes = []
    for name, label in FIELD_LABELS.items():
        before, after = _show(getattr(old, name)), _show(getattr(new, name))
        if before != after:
            changes.append(FieldChange(name, label, before, after))
    a, b = sentences(old.body), sentences(new.body)
    body: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            body.extend((" ", s) for s in a[i1:i2])
            continue
        body.extend(("-", s) for s in a[i1:i2])
        body.extend(("+", s) for s in b[j1:j2])
    return ArticleDiff(tuple(changes), tuple(body))


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple | list):
        return "、".join(str(v) for v in value)
    return str(value)
