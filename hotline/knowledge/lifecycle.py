"""The editorial steps of an article, each checking who acts (role and unit) and the article's status.

    draft --submit--> in review --approve--> (approved) --publish--> published --archive--> archived
      ^                  |  reject                                       | edit (new revision; the
      +------------------+-------------------------------------------------+  published version stays live)

Who may do what (谁提供、谁负责、谁更新, 凉山 第十六条; 多方校核, 凉山 第十七条):

| step                 | agent | unit editor | unit reviewer | center admin |
|----------------------|-------|-------------|---------------|--------------|
| create, edit, submit | no    | own unit    | own unit      | any unit     |
| approve, reject      | no    | no          | own unit      | any unit     |
| publish, archive     | no    | no          | own unit      | any unit     |
| import (published)   | no    | no          | own unit      | any unit     |

Nobody approves a revision they wrote (SelfApproval). Every function returns the new Article (and
publish the new ArticleVersion); nothing is changed in place. Refusals are named KnowledgeErrors.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from hotline.knowledge import errors as E
from hotline.knowledge.article import (
    TITLE_MAX,
    Article,
    ArticleStatus,
    ArticleVersion,
    Content,
    key_id,
    with_content,
)
from hotline.knowledge.roles import Actor, Role
from hotline.timezone import now

S = ArticleStatus
EDITORS = (Role.UNIT_EDITOR, Role.UNIT_REVIEWER, Role.CENTER_ADMIN)
REVIEWERS = (Role.UNIT_REVIEWER, Role.CENTER_ADMIN)


def check_content(content: Content) -> Content:
    """``content`` cleaned (trimmed title, tags without blanks or repeats); ArticleInvalid says what is wrong."""
    title = content.title.strip()
    if not title:
        raise E.ArticleInvalid("an article needs a title (标题)")
    if len(title) > TITLE_MAX or "\n" in title:
        raise E.ArticleInvalid(f"the title is one line of at most {TITLE_MAX} characters")
    if not content.body.strip():
        raise E.ArticleInvalid(f"article {title!r}: the body (正文) is empty")
    if not content.category.strip():
        raise E.ArticleInvalid(f"article {title!r}: a category (分类) is needed")
    if content.effective_from and content.expires_on and content.expires_on < content.effective_from:
        raise E.ArticleInvalid(
            f"article {title!r}: expires {content.expires_on} before it takes effect {content.effective_from}")
    tags = tuple(dict.fromkeys(t.strip() for t in content.tags if t.strip()))
    return replace(content, title=title, body=content.body.strip(), category=content.category.strip(), tags=tags)


def _allow(actor: Actor, roles: tuple[Role, ...], unit_id: str | None, step: str) -> None:
    if actor.role not in roles:
        allowed = "、".join(r.label for r in roles)
        raise E.NotPermitted(f"{actor.user} ({actor.role.label}) may not {step} articles; only {allowed}")
    if actor.role != Role.CENTER_ADMIN and actor.unit_id != unit_id:
        owner = unit_id or "热线中心 (the center)"
        raise E.WrongUnit(f"{actor.user} of unit {actor.unit_id} may not {step} an article of {owner}")


def _not_archived(article: Article, step: str) -> None:
    if article.status == S.ARCHIVED:
        raise E.AlreadyArchived(f"article {article.title!r} is archived (已归档); it cannot be {step}")


def create(actor: Actor, content: Content, *, key: str | None = None, note: str = "",
           at: datetime | None = None, article_id: str | None = None) -> Article:
    """A new draft owned by ``content.unit_id``; with a ``key`` its id is the key's (article.key_id)."""
    content = check_content(content)
    _allow(actor, EDITORS, content.unit_id, "create")
    moment = at or now()
    chosen = article_id or (key_id(key) if key else None)
    extra: dict[str, Any] = {"id": chosen} if chosen else {}
    return with_content(Article(title="", body="", category=""), content, key=key, status=S.DRAFT, revision=1,
                        edited_by=actor.user, edited_at=moment, created_by=actor.user, created_at=moment,
                        note=note, **extra)


def edit(article: Article, actor: Actor, content: Content, *, note: str = "", expected_revision: int | None = None,
         at: datetime | None = None) -> Article:
    """A new revision with ``content``, back to draft; a published version stays live until the next one."""
    _not_archived(article, "edited")
    _allow(actor, EDITORS, article.unit_id, "edit")
    content = check_content(content)
    if content.unit_id != article.unit_id:
        _allow(actor, (Role.CENTER_ADMIN,), content.unit_id, "move to another unit")
    if expected_revision is not None and expected_revision != article.revision:
        raise E.StaleRevision(
            f"article {article.title!r} is at revision {article.revision}, the edit was made on {expected_revision}")
    return with_content(article, content, status=S.DRAFT, revision=article.revision + 1, edited_by=actor.user,
                        edited_at=at or now(), approved_by=None, note=note)


def submit(article: Article, actor: Actor, *, at: datetime | None = None) -> Article:
    """Draft → in review (提交审核)."""
    _not_archived(article, "submitted")
    _allow(actor, EDITORS, article.unit_id, "submit")
    if article.status != S.DRAFT:
        raise E.IllegalInStatus(f"only a draft is submitted for review; article {article.title!r} is "
                                f"{article.status.label}")
    return replace(article, status=S.IN_REVIEW, approved_by=None, edited_at=at or article.edited_at)


def approve(article: Article, actor: Actor) -> Article:
    """Approve the revision under review (审核通过); the author may not approve their own text."""
    _not_archived(article, "approved")
    _allow(actor, REVIEWERS, article.unit_id, "approve")
    if article.status != S.IN_REVIEW:
        raise E.IllegalInStatus(f"only an article in review is approved; {article.title!r} is {article.status.label}")
    if actor.user == article.edited_by:
        raise E.SelfApproval(f"{actor.user} wrote revision {article.revision} of {article.title!r} and may not "
                             "approve it; another person checks it")
    return replace(article, approved_by=actor.user)


def reject(article: Article, actor: Actor, reason: str) -> Article:
    """Send the revision under review back to draft (退回修改), saying why."""
    _not_archived(article, "rejected")
    _allow(actor, REVIEWERS, article.unit_id, "reject")
    if article.status != S.IN_REVIEW:
        raise E.IllegalInStatus(f"only an article in review is sent back; {article.title!r} is {article.status.label}")
    if not reason.strip():
        raise E.ArticleInvalid("sending an article back needs a reason (退回原因)")
    return replace(article, status=S.DRAFT, approved_by=None, note=f"退回：{reason.strip()}")


def publish(article: Article, actor: Actor, *, at: datetime | None = None) -> tuple[Article, ArticleVersion]:
    """Publish the approved revision as the next version; returns the article and the frozen version."""
    _not_archived(article, "published")
    _allow(actor, REVIEWERS, article.unit_id, "publish")
    if article.status != S.IN_REVIEW:
        raise E.IllegalInStatus(f"only an approved article in review is published; {article.title!r} is "
                                f"{article.status.label}")
    if not article.approved_by:
        raise E.NotApproved(f"revision {article.revision} of {article.title!r} is not approved yet (未审核)",
                            "凉山 第十七条")
    return _publish(article, actor, article.approved_by, at)


def _publish(article: Article, actor: Actor, approved_by: str, at: datetime | None) -> tuple[Article, ArticleVersion]:
    moment = at or now()
    number = article.published_version + 1
    version = ArticleVersion(**vars(article.content), article_id=article.id, version=number,
                             edited_by=article.edited_by, approved_by=approved_by, published_by=actor.user,
                             published_at=moment, note=article.note)
    return replace(article, status=S.PUBLISHED, published_version=number, approved_by=None), version


def archive(article: Article, actor: Actor, *, reason: str = "") -> Article:
    """Withdraw the article from agents (归档, e.g. a policy repealed); its versions stay on record."""
    _not_archived(article, "archived again")
    _allow(actor, REVIEWERS, article.unit_id, "archive")
    return replace(article, status=S.ARCHIVED, approved_by=None, note=reason.strip() or article.note)


def import_published(actor: Actor, content: Content, *, existing: Article | None = None, key: str | None = None,
                     note: str = "", at: datetime | None = None) -> tuple[Article, ArticleVersion] | None:
    """A text a unit sent, published at once by a reviewer of that unit or the center (bulk import).

    With ``existing`` (same key) it becomes the next revision and version; None when the text is the
    same as the live version (nothing to do). The importing reviewer stands as the approver.
    """
    content = check_content(content)
    _allow(actor, REVIEWERS, content.unit_id, "import")
    moment = at or now()
    if existing is None:
        draft = create(actor, content, key=key, note=note, at=moment)
    else:
        _not_archived(existing, "re-imported")
        _allow(actor, REVIEWERS, existing.unit_id, "import")
        if existing.live and existing.content == content and existing.status == S.PUBLISHED:
            return None
        draft = edit(existing, actor, content, note=note, at=moment)
    return _publish(replace(draft, status=S.IN_REVIEW), actor, actor.user, moment)
