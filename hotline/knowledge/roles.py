"""Who may do what in the knowledge base: roles and the acting person.

Roles, from the regulations: units compile, update and check their own part of the knowledge base
(鄂尔多斯 第十四条(三) 采编、更新、审核; 凉山 第十六条 谁提供、谁负责、谁更新); the center runs the
whole base and its checking process (凉山 第十七条, 呼和浩特 第三十一条); agents read it to answer
callers directly (长治 三(三)1, 呼和浩特 第十四条).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A knowledge-base role."""

    AGENT = "agent"  # 话务员: reads and answers from published articles
    UNIT_EDITOR = "unit-editor"  # 承办单位采编: drafts and updates the unit's articles, submits them
    UNIT_REVIEWER = "unit-reviewer"  # 承办单位审核: checks, publishes and archives the unit's articles
    CENTER_ADMIN = "center-admin"  # 热线中心知识库管理员: all of it, for every unit

    @property
    def label(self) -> str:
        """The Chinese name shown to people."""
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named by its value or Chinese label; ValueError lists the choices."""
        for role in cls:
            if text.strip() in (role.value, role.label):
                return role
        raise ValueError(f"unknown role {text!r}; expected one of: " + ", ".join(f"{r}/{r.label}" for r in cls))


_LABELS = {
    Role.AGENT: "话务员",
    Role.UNIT_EDITOR: "单位采编",
    Role.UNIT_REVIEWER: "单位审核",
    Role.CENTER_ADMIN: "中心管理员",
}


@dataclass(frozen=True)
class Actor:
    """A person acting in the knowledge base: user id, role, and the unit they work for (None: the center)."""

    user: str
    role: Role
    unit_id: str | None = None

    def __post_init__(self) -> None:
        if not self.user.strip():
            raise ValueError("an actor needs a user id")
        if self.role in (Role.UNIT_EDITOR, Role.UNIT_REVIEWER) and not self.unit_id:
            raise ValueError(f"a {self.role.label} ({self.role}) acts for a unit: unit_id is needed")
