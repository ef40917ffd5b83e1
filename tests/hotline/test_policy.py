"""Profiles: the shipped files load and cite articles; bad files are refused with file, key, reason;
a center's overrides merge over a shipped profile; the flags match the regulations' articles."""

from pathlib import Path

import pytest

from hotline.enums import Category, MultiUnitMode, Urgency
from hotline.policy import Forbidden, PolicyError, Span, Unset
from hotline.policy_loader import load_all, load_profile, merge, policies_dir, profile_ids

SIX = ["changzhi", "hohhot", "inner-mongolia", "liangshan", "national", "ordos"]


def test_six_profiles_ship_and_load():
    assert profile_ids() == SIX
    profiles = load_all()
    assert sorted(profiles) == SIX
    for pid, prof in profiles.items():
        assert prof.id == pid
        assert prof.allows_mode(MultiUnitMode.SINGLE)


@pytest.mark.parametrize("pid", SIX)
def test_every_value_cites_an_article(pid):
    prof = load_profile(pid)
    assert prof.working_hours_article and prof.due_soon_article
    for rule in prof.clocks.values():
        entries = [rule.default, *rule.by_category.values(), *rule.by_urgency.values()]
        for entry in entries:
            if entry is not None:
                assert entry.article.strip(), (pid, rule.name)
                if pid != "national":
                    assert "第" in entry.article or pid == "changzhi", (pid, rule.name, entry)
    for name in ("return_requires_review", "late_return_counts_overdue", "extension_approver",
                 "extension_tell_caller", "callback_sms_first", "redo_on_unsatisfied",
                 "note_close_allowed", "screening_allowed", "terminate_allowed", "repeated_same_matter"):
        assert getattr(prof, name).article.strip(), (pid, name)
    assert all(a.strip() for a in prof.multi_unit_modes.values())
    assert all(g.article and g.guidance for g in prof.guidance_classes)


def test_national_cites_the_product_default_honestly():
    prof = load_profile("national")
    for rule in prof.clocks.values():
        for entry in [rule.default, *rule.by_category.values(), *rule.by_urgency.values()]:
            if entry is not None:
                assert entry.article == "默认值"


def test_shared_clock_names_cover_the_binding_set():
    profiles = load_all()
    for pid in SIX:
        assert {"dispatch", "finish", "return", "extension", "callback"} <= set(profiles[pid].clocks), pid


class TestLiangshan:
    prof = load_profile("liangshan")

    def test_consult_extension_forbidden_第十二条三(self):
        entry = self.prof.clock("extension").entry_for(Category.CONSULT)
        assert isinstance(entry, Forbidden) and entry.article == "第十二条(三)"

    def test_multi_unit_countersign_and_lead_assist_第十一条三(self):
        assert self.prof.multi_unit_modes[MultiUnitMode.COUNTERSIGN] == "第十一条(三)"
        assert self.prof.multi_unit_modes[MultiUnitMode.LEAD_ASSIST] == "第十一条(三)"
        assert not self.prof.allows_mode(MultiUnitMode.DUAL)

    def test_flags_第十二条二_第十三条(self):
        p = self.prof
        assert p.late_return_counts_overdue.value is True and p.late_return_counts_overdue.article == "第十二条(二)"
        assert p.extension_approver.value == "center" and p.extension_approver.article == "第十二条(三)"
        assert p.callback_sms_first.value is True and p.callback_sms_first.article == "第十三条(一)"
        assert p.redo_on_unsatisfied.value is True and p.note_close_allowed.value is True
        assert p.screening_allowed.value is True and p.screening_allowed.article == "第十三条(三)"
        assert p.terminate_allowed.value is True and p.terminate_allowed.article == "第十三条(四)"

    def test_answer_rate_95_第十条(self):
        assert self.prof.targets["answer_rate"].value == 0.95
        assert self.prof.targets["answer_rate"].article == "第十条"

    def test_supervision_chase_第二十二条_and_seven_not_accepted_classes_第九条(self):
        assert self.prof.supervision_levels[0].label == "催办"
        assert self.prof.supervision_levels[0].article == "第二十二条"
        assert [g.article for g in self.prof.guidance_classes] == [f"第九条({n})" for n in "一二三四五六七"]


class TestInnerMongolia:
    prof = load_profile("inner-mongolia")

    def test_sign_in_set_time_is_unset_第十一条三(self):
        entry = self.prof.clock("sign").entry_for(Category.HELP)
        assert isinstance(entry, Unset) and entry.article == "第十一条(三)" and "规定时间" in entry.reason

    def test_special_dispatch_first_moment_第十条(self):
        span = self.prof.span("dispatch", Category.HELP, Urgency.SPECIAL)
        assert span == Span(0, "hours", "第十条", span.note)

    def test_lead_assist_第十一条二_and_supervision_第二十三条(self):
        assert self.prof.multi_unit_modes[MultiUnitMode.LEAD_ASSIST] == "第十一条(二)"
        assert "第二十三条" in {s.article for s in self.prof.supervision_levels}
        assert {g.article for g in self.prof.guidance_classes} == {"第九条"}


class TestChangzhi:
    prof = load_profile("changzhi")

    def test_supervision_ladder_三四(self):
        assert [(s.key, s.article) for s in self.prof.supervision_levels] == [
            ("system", "三(四)1"), ("written", "三(四)2"), ("special", "三(四)3"), ("leader-instruction", "三(四)4"),
        ]

    def test_due_soon_reminder_三四1(self):
        assert self.prof.due_soon_fraction == 0.2 and self.prof.due_soon_article.startswith("三(四)1")

    def test_finish_range_noted_and_lead_assist_三二(self):
        assert "2—5" in self.prof.span("finish", Category.HELP).note
        assert self.prof.multi_unit_modes[MultiUnitMode.LEAD_ASSIST] == "三(二)"
        assert all(g.article == "二(三)3" for g in self.prof.guidance_classes)


class TestHohhot:
    prof = load_profile("hohhot")

    def test_dual_dispatch_第十五条二_and_first_contact_第十七条(self):
        assert self.prof.multi_unit_modes[MultiUnitMode.DUAL] == "第十五条(二)"
        assert self.prof.multi_unit_modes[MultiUnitMode.LEAD_ASSIST] == "第十七条"

    def test_return_review_第十五条四_and_office_approves_extension_第十九条三(self):
        assert self.prof.return_requires_review.value is True
        assert self.prof.return_requires_review.article == "第十五条(四)"
        assert self.prof.extension_approver.value == "office"
        assert self.prof.extension_approver.article == "第十九条(三)"

    def test_repeated_not_accepted_第十一条四(self):
        assert self.prof.repeated_same_matter.value == "not-accepted"
        assert self.prof.repeated_same_matter.article == "第十一条(四)"

    def test_range_note_第十六条三(self):
        assert "五至十" in self.prof.span("finish", Category.CONSULT).note


class TestOrdos:
    prof = load_profile("ordos")

    def test_extension_tell_caller_第十九条八(self):
        assert self.prof.extension_tell_caller.value is True
        assert self.prof.extension_tell_caller.article == "第十九条(八)"

    def test_repeated_explain_and_chase_第十八条四(self):
        assert self.prof.repeated_same_matter.value == "explain-and-chase"
        assert self.prof.repeated_same_matter.article == "第十八条(四)"

    def test_callback_rate_100_第二十一条(self):
        assert self.prof.targets["callback_rate"].value == 1.0
        assert self.prof.targets["callback_rate"].article == "第二十一条"

    def test_supervision_第二十二条二(self):
        assert [s.key for s in self.prof.supervision_levels] == ["system", "phone", "written", "meeting", "on-site"]
        assert {s.article for s in self.prof.supervision_levels} == {"第二十二条(二)"}

    def test_guide_classes_第十六条_and_not_accepted_第十七条(self):
        guide = [g.article for g in self.prof.guidance_classes if g.kind == "guide"]
        refused = [g.article for g in self.prof.guidance_classes if g.kind == "not-accepted"]
        assert guide == ["第十六条(一)", "第十六条(二)"]
        assert refused == [f"第十七条({n})" for n in "一二三四五"]


# --- bad files -----------------------------------------------------------------------------------

SHIPPED = (policies_dir() / "liangshan.toml").read_text(encoding="utf-8")
SIGN = 'default = { amount = 1, unit = "working_days", article = "第十二条(二)", note = "接到工单1个工作日内签收" }'


def broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in SHIPPED
    path = tmp_path / "broken.toml"
    path.write_text(SHIPPED.replace(old, new, 1), encoding="utf-8")
    return path


BAD = [
    ('id = "liangshan"', 'id = "liangshan"\ncolour = "red"', "colour", "unknown key"),
    (SIGN, 'default = { amount = 1, unit = "working_days" }', "clocks.sign.default.article", "missing article"),
    (SIGN, 'default = { amount = 1, unit = "days", article = "x" }', "clocks.sign.default.unit", "bad unit"),
    (SIGN, 'default = { amount = -1, unit = "working_days", article = "x" }', "clocks.sign.default.amount", "negative"),
    (SIGN, 'default = { amount = "1", unit = "working_days", article = "x" }', "clocks.sign.default.amount", "number"),
    (SIGN, 'default = { amount = 1, unit = "working_days", article = "  " }', "clocks.sign.default.article", "empty"),
    (SIGN, 'default = { amount = 1, forbidden = "no", unit = "working_days", article = "x" }',
     "clocks.sign.default", "exactly one"),
    (SIGN, 'default = { amount = 1, unit = "working_days", article = "x", colour = 1 }',
     "clocks.sign.default.colour", "unknown key"),
    ("by_category.consult = { amount = 5", "by_category.gossip = { amount = 5",
     "clocks.finish.by_category.gossip", "unknown category"),
    ("by_urgency.special = { amount = 4", "by_urgency.critical = { amount = 4",
     "clocks.first-response.by_urgency.critical", "unknown urgency"),
    ("by_urgency.special = { amount = 4", "by_urgency.normal = { amount = 4",
     "clocks.first-response.by_urgency.normal", "normal urgency"),
    ('"13:30-17:30"', '"13:30-25:00"', "working_hours.periods[1]", "bad time"),
    ('"13:30-17:30"', '"1:30pm-5pm"', "working_hours.periods[1]", "bad time period"),
    ('"13:30-17:30"', '"11:00-17:30"', "working_hours.periods[1]", "overlap"),
    ("fraction = 0.2", "fraction = 1.5", "due_soon.fraction", "fraction"),
    ('starts = "dispatch"', 'starts = "lunch"', "clocks.sign.starts", "unknown start event"),
    ('value = "link"', 'value = "ignore"', "flags.repeated_same_matter.value", "bad value"),
    ("late_return_counts_overdue = { value = true,", "late_return_counts_overdue = { value = 1,",
     "flags.late_return_counts_overdue.value", "true or false"),
    ('screening_allowed = { value = true, article = "第十三条(三)" }\n', "", "flags.screening_allowed", "missing"),
    ('countersign = "第十一条(三)"', 'triple = "第十一条(三)"', "multi_unit_modes.triple", "unknown mode"),
    ("answer_rate = { value = 0.95", "answer_rate = { value = 95", "targets.answer_rate.value", "fraction"),
    ("[clocks.finish]", "[clocks.Finish]", "clocks.Finish", "lower-case"),
    ('id = "liangshan"', 'id = "liangshan"\n[oops', "-", "not valid TOML"),
]


@pytest.mark.parametrize(("old", "new", "key", "reason"), BAD, ids=[b[2] + ":" + b[3] for b in BAD])
def test_bad_file_is_refused_with_file_key_and_reason(tmp_path, old, new, key, reason):
    path = broken(tmp_path, old, new)
    with pytest.raises(PolicyError) as err:
        load_profile(path)
    assert err.value.file == str(path)
    assert err.value.key == key
    assert reason in err.value.reason
    assert str(path) in str(err.value) and key in str(err.value)


def test_extension_without_finish_is_refused(tmp_path):
    text = SHIPPED.replace("[clocks.finish]", "[clocks.finished]")
    path = tmp_path / "nofinish.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match="clocks.extension"):
        load_profile(path)


def test_unknown_profile_and_missing_file():
    with pytest.raises(PolicyError, match="no such profile 'atlantis'"):
        load_profile("atlantis")
    with pytest.raises(PolicyError, match="file not found"):
        load_profile("/nonexistent/x.toml")


# --- center overrides ----------------------------------------------------------------------------

def test_mapping_override_changes_one_value_and_keeps_the_rest():
    over = {"clocks": {"finish": {"by_category": {"consult": {"amount": 3, "unit": "working_days", "article": "中心设置"}}}}}
    prof = load_profile("liangshan", over)
    assert prof.span("finish", Category.CONSULT) == Span(3, "working_days", "中心设置")
    assert prof.span("finish", Category.HELP).amount == 7
    assert load_profile("liangshan").span("finish", Category.CONSULT).amount == 5  # shipped untouched


def test_override_file_and_bad_override(tmp_path):
    good = tmp_path / "center.toml"
    good.write_text('[flags]\ncallback_sms_first = { value = false, article = "中心设置" }\n', encoding="utf-8")
    assert load_profile("liangshan", good).callback_sms_first.value is False
    bad = tmp_path / "bad.toml"
    bad.write_text('[clocks.sign.default]\namount = -2\nunit = "hours"\narticle = "中心设置"\n', encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_profile("liangshan", bad)
    assert str(bad) in err.value.file and err.value.key == "clocks.sign.default.amount"


def test_merge_replaces_arrays_and_entries_and_merges_tables():
    assert merge({"a": {"x": 1, "y": 2}, "l": [1]}, {"a": {"y": 3}, "l": [2]}) == {"a": {"x": 1, "y": 3}, "l": [2]}
    base = {"e": {"amount": 1, "unit": "hours", "article": "a", "note": "old"}}
    assert merge(base, {"e": {"forbidden": "no", "article": "b"}}) == {"e": {"forbidden": "no", "article": "b"}}


def test_override_can_forbid_what_the_shipped_profile_allows():
    over = {"clocks": {"extension": {"default": {"forbidden": "本中心不予延期", "article": "中心设置"}}}}
    entry = load_profile("ordos", over).clock("extension").entry_for(Category.HELP)
    assert entry == Forbidden("本中心不予延期", "中心设置")


def test_liangshan_asks_the_callers_consent_for_a_three_way_call():
    """凉山 第十一条(一): 经诉求人同意，也可采取三方通话、呼叫转接、专家坐席联动等方式进行解答."""
    from hotline.policy_loader import load_profile, profile_ids

    assert load_profile("liangshan").three_way_consent.value is True
    assert "第十一条(一)" in load_profile("liangshan").three_way_consent.article
    assert [p for p in profile_ids() if load_profile(p).three_way_consent.value] == ["liangshan"]
