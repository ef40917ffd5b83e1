"""Named refusals of the knowledge base: one subclass of KnowledgeError per reason.

Like the ticket lifecycle's TransitionError, every refusal carries a plain-words reason and, where a
regulation is the reason, the article it cites (``err.article``).
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """An editorial step or article the knowledge base refuses; ``reason`` says why."""

    article: str = ""

    def __init__(self, reason: str, article: str = "") -> None:
        self.reason = reason
        self.article = article or type(self).article
        super().__init__(f"{reason} ({self.article})" if self.article else reason)


class ArticleInvalid(KnowledgeError):
    """A field is missing or wrong (empty title or body, expiry before effect, ...)."""


class ArticleNotFound(KnowledgeError):
    """No article (or no such version of it)."""


class NotPermitted(KnowledgeError):
    """The actor's role may not do this at all (an agent editing, a unit editor publishing)."""


class WrongUnit(NotPermitted):
    """A unit acts on another unit's article: 谁提供、谁负责、谁更新 (凉山 第十六条)."""

    article = "凉山 第十六条"


class IllegalInStatus(KnowledgeError):
    """The step is not legal in the article's current status."""


class NotApproved(IllegalInStatus):
    """Publishing a revision nobody has approved yet."""


class AlreadyArchived(IllegalInStatus):
    """The article is archived (已归档): nothing more happens to it."""


class SelfApproval(KnowledgeError):
    """The author of a revision approves it: information is checked by another person (多方校核)."""

    article = "凉山 第十七条"


class StaleRevision(KnowledgeError):
    """An edit based on an older revision than the stored one (someone changed it meanwhile)."""


class NotInForce(KnowledgeError):
    """A direct answer from an article that is not published and in force today."""
