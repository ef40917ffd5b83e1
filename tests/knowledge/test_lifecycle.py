"""The editorial steps in the domain: every role × step, the named refusals, statuses and versions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hotline.knowledge import errors as E
from hotline.knowledge import lifecycle as L
from hotline.knowledge.article import ArticleStatus as S
from hotline.knowledge.roles import Actor, Role
from tests.knowledge.helpers import (
    ADMIN,
    AGENT,
    DIBAO,
    DIBAO_2027,
    EDITOR,
    OTHER_EDITOR,
    OTHER_REVIEWER,
    REVIEWER,
)

SECOND_ADMIN = Actor("center-qian", Role.CENTER_ADMIN)
SECOND_REVIEWER = Actor("mz-chen", Role.UNIT_REVIEWER, "unit-mz")


def draft():
    return L.create(EDITOR, DIBAO)


def in_review():
    return L.submit(draft(), EDITOR)


def approved():
    return L.approve(in_review(), REVIEWER)


def published():
    return L.publish(approved(), REVIEWER)[0]


# every role × step: None = allowed; otherwise the named error it must raise (the article is unit 1's)
MATRIX = {
    "create": (lambda actor: L.create(actor, DIBAO)),
    "edit": (lambda actor: L.edit(published(), actor, DIBAO_2027)),
    "submit": (lambda actor: L.submit(draft(), actor)),
    "approve": (lambda actor: L.approve(in_review(), actor)),
    "reject": (lambda actor: L.reject(in_review(), actor, "办理地点写错了")),
    "publish": (lambda actor: L.publish(approved(), actor)),
    "archive": (lambda actor: L.archive(published(), actor, reason="政策废止")),
    "import": (lambda actor: L.import_published(actor, DIBAO)),
}
EXPECTED = {
    # step:      agent          own editor     other editor   own reviewer  other reviewer  center admin
    "create": (E.NotPermitted, None, E.WrongUnit, None, E.WrongUnit, None),
    "edit": (E.NotPermitted, None, E.WrongUnit, None, E.WrongUnit, None),
    "submit": (E.NotPermitted, None, E.WrongUnit, None, E.WrongUnit, None),
    "approve": (E.NotPermitted, E.NotPermitted, E.NotPermitted, None, E.WrongUnit, None),
    "reject": (E.NotPermitted, E.NotPermitted, E.NotPermitted, None, E.WrongUnit, None),
    "publish": (E.NotPermitted, E.NotPermitted, E.NotPermitted, None, E.WrongUnit, None),
    "archive": (E.NotPermitted, E.NotPermitted, E.NotPermitted, None, E.WrongUnit, None),
    "import": (E.NotPermitted, E.NotPermitted, E.NotPermitted, None, E.WrongUnit, None),
}
ACTORS = (AGENT, EDITOR, OTHER_EDITOR, SECOND_REVIEWER, OTHER_REVIEWER, ADMIN)


@pytest.mark.parametrize("step", sorted(MATRIX))
@pytest.mark.parametrize("who", range(len(ACTORS)), ids=[f"{a.role}-{a.unit_id}" for a in ACTORS])
def test_each_role_may_or_may_not_do_each_step(step, who):
    actor, expected = ACTORS[who], EXPECTED[step][who]
    if expected is None:
        assert MATRIX[step](actor) is not None
    else:
        with pytest.raises(expected) as refused:
            MATRIX[step](actor)
        assert actor.user in str(refused.value)
        if expected is E.WrongUnit:
            assert refused.value.article == "凉山 第十六条"  # 谁提供、谁负责、谁更新


def test_the_whole_path_draft_review_publish_archive():
    a = draft()
    assert (a.status, a.revision, a.published_version, a.live) == (S.DRAFT, 1, 0, False)
    a = L.submit(a, EDITOR)
    assert a.status == S.IN_REVIEW and a.approved_by is None
    a = L.approve(a, REVIEWER)
    assert a.approved_by == REVIEWER.user
    a, v1 = L.publish(a, REVIEWER)
    assert (a.status, a.published_version, a.live) == (S.PUBLISHED, 1, True)
    assert (v1.version, v1.edited_by, v1.approved_by, v1.published_by) == (1, EDITOR.user, REVIEWER.user, REVIEWER.user)
    assert v1.content == DIBAO
    a = L.edit(a, EDITOR, DIBAO_2027, note="增加网上申请渠道")
    assert (a.status, a.revision, a.published_version, a.live) == (S.DRAFT, 2, 1, True)  # v1 stays live
    a, v2 = L.publish(L.approve(L.submit(a, EDITOR), SECOND_REVIEWER), SECOND_REVIEWER)
    assert (v2.version, v2.note, v2.content) == (2, "增加网上申请渠道", DIBAO_2027)
    a = L.archive(a, ADMIN, reason="政策调整，另行发布")
    assert (a.status, a.live) == (S.ARCHIVED, False)


def test_nobody_approves_their_own_revision():
    a = L.submit(L.create(REVIEWER, DIBAO), REVIEWER)
    with pytest.raises(E.SelfApproval) as refused:
        L.approve(a, REVIEWER)
    assert refused.value.article == "凉山 第十七条"
    admin_draft = L.submit(L.create(ADMIN, DIBAO), ADMIN)
    with pytest.raises(E.SelfApproval):
        L.approve(admin_draft, ADMIN)
    assert L.approve(admin_draft, SECOND_ADMIN).approved_by == SECOND_ADMIN.user


@pytest.mark.parametrize(("make", "step", "error"), [
    (draft, lambda a: L.approve(a, REVIEWER), E.IllegalInStatus),
    (draft, lambda a: L.publish(a, REVIEWER), E.IllegalInStatus),
    (in_review, lambda a: L.publish(a, REVIEWER), E.NotApproved),
    (in_review, lambda a: L.submit(a, EDITOR), E.IllegalInStatus),
    (published, lambda a: L.submit(a, EDITOR), E.IllegalInStatus),
    (published, lambda a: L.reject(a, REVIEWER, "x"), E.IllegalInStatus),
    (in_review, lambda a: L.reject(a, REVIEWER, "  "), E.ArticleInvalid),
    (lambda: L.archive(published(), REVIEWER), lambda a: L.edit(a, EDITOR, DIBAO), E.AlreadyArchived),
    (lambda: L.archive(published(), REVIEWER), lambda a: L.archive(a, ADMIN), E.AlreadyArchived),
    (published, lambda a: L.edit(a, EDITOR, DIBAO_2027, expected_revision=0), E.StaleRevision),
    (published, lambda a: L.edit(a, EDITOR, replace(DIBAO, unit_id="unit-yb")), E.NotPermitted),
])
def test_steps_out_of_order_are_refused_by_name(make, step, error):
    with pytest.raises(error):
        step(make())


def test_an_edit_drops_the_approval_and_a_reject_says_why():
    a = approved()
    edited = L.edit(a, EDITOR, DIBAO_2027)
    assert edited.approved_by is None and edited.status == S.DRAFT
    back = L.reject(in_review(), REVIEWER, "办理地点写错了")
    assert back.status == S.DRAFT and "办理地点写错了" in back.note


@pytest.mark.parametrize(("change", "words"), [
    ({"title": "  "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"body": "\n"}, "body"),
    ({"category": ""}, "category"),
    ({"expires_on": DIBAO.effective_from.replace(year=2025)}, "expires"),
])
def test_bad_content_is_refused_with_the_field(change, words):
    with pytest.raises(E.ArticleInvalid, match=words):
        L.create(EDITOR, replace(DIBAO, **change))


def test_center_admin_moves_an_article_to_another_unit():
    moved = L.edit(published(), ADMIN, replace(DIBAO, unit_id="unit-yb"))
    assert moved.unit_id == "unit-yb"


def test_reimport_of_the_same_text_changes_nothing_and_new_text_makes_the_next_version():
    article, v1 = L.import_published(ADMIN, DIBAO, key="mz/dibao")
    assert (article.published_version, v1.approved_by) == (1, ADMIN.user)
    assert L.import_published(ADMIN, DIBAO, existing=article, key="mz/dibao") is None
    article2, v2 = L.import_published(ADMIN, DIBAO_2027, existing=article, key="mz/dibao")
    assert (article2.id, article2.published_version, v2.version, article2.revision) == (article.id, 2, 2, 2)


def test_an_actor_of_a_unit_role_needs_the_unit():
    with pytest.raises(ValueError, match="unit"):
        Actor("x", Role.UNIT_EDITOR)
    assert Role.parse("单位审核") is Role.UNIT_REVIEWER


def test_an_article_with_a_key_has_the_same_id_on_every_workstation():
    one, two = L.create(EDITOR, DIBAO, key="qc.rsj/dibao"), L.create(REVIEWER, DIBAO, key="qc.rsj/dibao")
    assert one.id == two.id != L.create(EDITOR, DIBAO, key="qc.rsj/other").id
    assert L.create(EDITOR, DIBAO).id != L.create(EDITOR, DIBAO).id  # without a key: a fresh UUIDv7
