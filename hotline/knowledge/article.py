"""Knowledge articles: the working copy an editor changes, and the published versions agents answer from.

An :class:`Article` is the working copy with its editorial status (draft → in review → published →
archived). Each publication freezes an :class:`ArticleVersion` (1, 2, 3 …) that is kept for ever, so
the center can see later exactly which text an agent gave a caller. While a published article is
being revised (status draft or in review again) its last published version stays the live one.

Dates: ``effective_from`` is the first day in force, ``expires_on`` the last (None: open-ended),
``review_by`` the day by which the owning unit must have checked it again (复核).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from hotline.ids import new_id
from hotline.timezone import now, parse_iso

TITLE_MAX = 200
CONTENT_FIELDS = (
    "title", "body", "category", "unit_id", "tags", "standard", "effective_from", "expires_on", "review_by",
)


class ArticleStatus(StrEnum):
    """Where the working copy stands in the editorial process."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    PUBLISHED = "published"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        """The Chinese name."""
        return {"draft": "草稿", "in-review": "待审核", "published": "已发布", "archived": "已归档"}[self.value]


@dataclass(frozen=True)
class Content:
    """What an article says and where it belongs: the fields an editor changes."""

    title: str
    body: str
    category: str
    unit_id: str | None = None  # the owning unit; None: the 12345 center itself
    tags: tuple[str, ...] = ()
    standard: bool = False  # 标准答案 for a hot topic (凉山 第十六条)
    effective_from: date | None = None
    expires_on: date | None = None
    review_by: date | None = None

    def in_force(self, day: date) -> bool:
        """Whether the text is in force on ``day`` (from ``effective_from`` through ``expires_on``)."""
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.expires_on is None or day <= self.expires_on

    def to_json(self) -> dict[str, Any]:
        """Plain form (dates as ISO text)."""
        return {
            "title": self.title, "body": self.body, "category": self.category, "unit_id": self.unit_id,
            "tags": list(self.tags), "standard": self.standard,
            "effective_from": _day_text(self.effective_from), "expires_on": _day_text(self.expires_on),
            "review_by": _day_text(self.review_by),
        }

    @staticmethod
    def fields_from_json(raw: Mapping[str, Any]) -> dict[str, Any]:
        """The content keyword arguments from a plain form."""
        return {
            "title": raw["title"], "body": raw["body"], "category": raw["category"], "unit_id": raw.get("unit_id"),
            "tags": tuple(raw.get("tags") or ()), "standard": bool(raw.get("standard")),
            "effective_from": _day(raw.get("effective_from")), "expires_on": _day(raw.get("expires_on")),
            "review_by": _day(raw.get("review_by")),
        }


@dataclass(frozen=True)
class Article(Content):
    """The working copy of an article with its editorial state."""

    id: str = field(default_factory=new_id)
    key: str | None = None  # a stable external name (an imported file, the demo corpus), unique
    status: ArticleStatus = ArticleStatus.DRAFT
    revision: int = 1  # every edit makes a new revision; approval is for one revision
    published_version: int = 0  # the live version (0: never published)
    edited_by: str = ""  # who made the current revision
    edited_at: datetime = field(default_factory=now)
    approved_by: str | None = None  # who approved the current revision (in review only)
    created_by: str = ""
    created_at: datetime = field(default_factory=now)
    note: str = ""  # what the last change was about (修改说明)

    @property
    def content(self) -> Content:
        """The editable fields alone."""
        return Content(**{name: getattr(self, name) for name in CONTENT_FIELDS})

    @property
    def live(self) -> bool:
        """A published version exists and the article is not archived: agents may see it."""
        return self.published_version > 0 and self.status != ArticleStatus.ARCHIVED

    def to_json(self) -> dict[str, Any]:
        """Plain form for the sync link and exports."""
        return {
            **self.content.to_json(), "id": self.id, "key": self.key, "status": self.status.value,
            "revision": self.revision, "published_version": self.published_version, "edited_by": self.edited_by,
            "edited_at": self.edited_at.isoformat(), "approved_by": self.approved_by, "created_by": self.created_by,
            "created_at": self.created_at.isoformat(), "note": self.note,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Article:
        """Inverse of :meth:`to_json`."""
        return cls(
            **Content.fields_from_json(raw), id=raw["id"], key=raw.get("key"), status=ArticleStatus(raw["status"]),
            revision=int(raw["revision"]), published_version=int(raw["published_version"]),
            edited_by=raw.get("edited_by") or "", edited_at=parse_iso(raw["edited_at"]),
            approved_by=raw.get("approved_by"), created_by=raw.get("created_by") or "",
            created_at=parse_iso(raw["created_at"]), note=raw.get("note") or "",
        )

    def supersedes(self, other: Article) -> bool:
        """Whether this copy is newer than ``other`` (same article), for merging copies from two places.

        Later revision wins; within one revision the later edit time, then the further editorial
        step (published beats in review beats draft; archived beats all).
        """
        order = list(ArticleStatus)
        mine = (self.revision, self.published_version, order.index(self.status), self.edited_at)
        theirs = (other.revision, other.published_version, order.index(other.status), other.edited_at)
        return mine > theirs


@dataclass(frozen=True)
class ArticleVersion(Content):
    """One published text of an article, kept for ever: who wrote, approved and published it, and when."""

    article_id: str = ""
    version: int = 1
    edited_by: str = ""
    approved_by: str = ""
    published_by: str = ""
    published_at: datetime = field(default_factory=now)
    note: str = ""

    @property
    def content(self) -> Content:
        """The text and metadata alone."""
        return Content(**{name: getattr(self, name) for name in CONTENT_FIELDS})

    def to_json(self) -> dict[str, Any]:
        """Plain form for the sync link."""
        return {
            **self.content.to_json(), "article_id": self.article_id, "version": self.version,
            "edited_by": self.edited_by, "approved_by": self.approved_by, "published_by": self.published_by,
            "published_at": self.published_at.isoformat(), "note": self.note,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ArticleVersion:
        """Inverse of :meth:`to_json`."""
        return cls(
            **Content.fields_from_json(raw), article_id=raw["article_id"], version=int(raw["version"]),
            edited_by=raw.get("edited_by") or "", approved_by=raw.get("approved_by") or "",
            published_by=raw.get("published_by") or "", published_at=parse_iso(raw["published_at"]),
            note=raw.get("note") or "",
        )


def key_id(key: str) -> str:
    """The id of the article with external ``key``: the same on every workstation (a UUIDv5 of the key).

    Two desks importing the same file, or seeding the same demo corpus, offline make the same article,
    so sync merges them instead of colliding on the unique key.
    """
    return str(uuid.uuid5(_KEY_NAMESPACE, key))


_KEY_NAMESPACE = uuid.UUID("6d1b3f0e-12e4-5345-8c2a-6b6e6f776c65")


def with_content(article: Article, content: Content, **changes: Any) -> Article:
    """``article`` with every content field taken from ``content`` plus ``changes``."""
    values = {f.name: getattr(content, f.name) for f in fields(Content)}
    return replace(article, **values, **changes)


def _day_text(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
