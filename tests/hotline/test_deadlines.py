"""Every deadline each shipped profile sets, checked against the article it cites.

Each case's id names the profile, the clock, the span and the article. Expected times are worked
out by hand on the 2026 calendar (see test_workcalendar): counting working days from Wed 2026-09-30
gives 10-08 (1), 10-09 (2), Sat 10-10 make-up (3), 10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7),
10-16 (8), 10-19 (9), 10-20 (10), 10-21 .. 10-23 (11-13), 10-26 .. 10-30 (14-18), 11-02 .. 11-05
(19-22). A working day closes at 17:30 (default periods 09:00-12:00, 13:30-17:30).
"""

from datetime import datetime

import pytest

from hotline.deadlines import Due, add_span, clock_status, due, due_info, extension_limit
from hotline.enums import Category, ClockStatus, Urgency
from hotline.policy import ClockUnavailable, Span
from hotline.policy_loader import load_profile
from hotline.timezone import CST
from hotline.workcalendar import CalendarYearMissing, default_calendar

N, S, E = Urgency.NORMAL, Urgency.SPECIAL, Urgency.EMERGENCY
CONSULT, HELP, COMPLAINT, REPORT, SUGGESTION = (
    Category.CONSULT, Category.HELP, Category.COMPLAINT, Category.REPORT, Category.SUGGESTION,
)


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=CST)


NATIONAL_DAY_EVE = at(2026, 9, 30, 10)  # Wednesday before 国庆 10-01..10-07
CLOSE = (17, 30)

# (profile, clock, category, urgency, start, expected due, article)
CASES = [
    # 凉山 001
    ("liangshan", "dispatch", HELP, N, at(2026, 9, 30, 16), at(2026, 10, 8, 10, 30), "第十二条(一)",
     "dispatch_3_working_hours_over_national_day_第十二条一"),
    ("liangshan", "dispatch", HELP, N, at(2026, 3, 10, 12, 15), at(2026, 3, 10, 16, 30), "第十二条(一)",
     "dispatch_3_working_hours_from_lunch_break_第十二条一"),
    ("liangshan", "dispatch", HELP, N, at(2026, 3, 13, 23), at(2026, 3, 16, 12), "第十二条(一)",
     "dispatch_3_working_hours_friday_2300_第十二条一"),
    ("liangshan", "dispatch", HELP, E, at(2026, 10, 1, 23), at(2026, 10, 1, 23), "第十二条(四)",
     "dispatch_special_emergency_at_once_第十二条四"),
    ("liangshan", "sign", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 8, *CLOSE), "第十二条(二)",
     "sign_1_working_day_第十二条二"),
    ("liangshan", "return", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 9, *CLOSE), "第十二条(二)",
     "return_2_working_days_第十二条二"),
    ("liangshan", "finish", CONSULT, N, NATIONAL_DAY_EVE, at(2026, 10, 13, *CLOSE), "第十二条(二)",
     "finish_consult_5_working_days_make_up_saturday_第十二条二"),
    ("liangshan", "finish", CONSULT, N, at(2026, 3, 13, 16), at(2026, 3, 20, *CLOSE), "第十二条(二)",
     "finish_consult_5_working_days_friday_第十二条二"),
    ("liangshan", "finish", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 15, *CLOSE), "第十二条(二)",
     "finish_help_7_working_days_第十二条二"),
    ("liangshan", "finish", SUGGESTION, N, NATIONAL_DAY_EVE, at(2026, 10, 15, *CLOSE), "第十二条(二)",
     "finish_suggestion_7_working_days_第十二条二"),
    ("liangshan", "finish", COMPLAINT, N, NATIONAL_DAY_EVE, at(2026, 10, 20, *CLOSE), "第十二条(二)",
     "finish_complaint_10_working_days_第十二条二"),
    ("liangshan", "finish", REPORT, N, NATIONAL_DAY_EVE, at(2026, 10, 20, *CLOSE), "第十二条(二)",
     "finish_report_10_working_days_第十二条二"),
    ("liangshan", "extension", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 29, *CLOSE), "第十二条(三)",
     "extension_help_7_plus_10_working_days_第十二条三"),
    ("liangshan", "extension", COMPLAINT, N, NATIONAL_DAY_EVE, at(2026, 11, 3, *CLOSE), "第十二条(三)",
     "extension_complaint_10_plus_10_working_days_第十二条三"),
    ("liangshan", "first-response", HELP, S, at(2026, 10, 1, 23), at(2026, 10, 2, 3), "第十二条(四)",
     "first_response_special_4_hours_on_holiday_night_第十二条四"),
    ("liangshan", "first-response", HELP, E, at(2026, 2, 17, 22, 30), at(2026, 2, 18, 0, 30), "第十二条(四)",
     "first_response_emergency_2_hours_spring_festival_第十二条四"),
    ("liangshan", "progress", HELP, S, at(2026, 2, 13, 9), at(2026, 2, 25, *CLOSE), "第十二条(四)",
     "progress_special_3_working_days_spring_festival_第十二条四"),
    ("liangshan", "progress", HELP, E, at(2026, 2, 13, 9), at(2026, 2, 24, *CLOSE), "第十二条(四)",
     "progress_emergency_2_working_days_spring_festival_第十二条四"),
    # 内蒙古 000
    ("inner-mongolia", "dispatch", HELP, S, at(2026, 10, 2, 3), at(2026, 10, 2, 3), "第十条",
     "dispatch_special_first_moment_第十条"),
    ("inner-mongolia", "dispatch", REPORT, E, at(2026, 10, 2, 3), at(2026, 10, 2, 3), "第十条",
     "dispatch_emergency_first_moment_第十条"),
    # 长治 002
    ("changzhi", "finish", CONSULT, N, NATIONAL_DAY_EVE, at(2026, 10, 13, *CLOSE), "三(三)",
     "finish_2_to_5_working_days_cap_三三"),
    ("changzhi", "finish", HELP, N, at(2026, 2, 12, 15), at(2026, 2, 26, *CLOSE), "三(三)",
     "finish_5_working_days_spring_festival_三三"),
    ("changzhi", "finish", SUGGESTION, N, at(2026, 3, 13, 23), at(2026, 3, 20, *CLOSE), "三(三)",
     "finish_suggestion_friday_2300_三三"),
    ("changzhi", "return", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 8, *CLOSE), "三(三)",
     "return_1_working_day_三三"),
    ("changzhi", "initial-reply", COMPLAINT, N, NATIONAL_DAY_EVE, at(2026, 10, 13, *CLOSE), "三(三)",
     "initial_reply_complaint_5_working_days_三三"),
    ("changzhi", "initial-reply", REPORT, N, NATIONAL_DAY_EVE, at(2026, 10, 13, *CLOSE), "三(三)",
     "initial_reply_report_5_working_days_三三"),
    ("changzhi", "extension", CONSULT, N, NATIONAL_DAY_EVE, at(2026, 10, 20, *CLOSE), "三(三)",
     "extension_5_plus_5_working_days_三三"),
    # 呼和浩特 003
    ("hohhot", "finish", HELP, E, at(2026, 10, 1, 23), at(2026, 10, 2, 1), "第十六条(一)",
     "finish_emergency_2_hours_第十六条一"),
    ("hohhot", "finish", HELP, S, at(2026, 9, 30, 20), at(2026, 10, 1, 20), "第十六条(二)",
     "finish_water_power_gas_heat_24_hours_第十六条二"),
    ("hohhot", "finish", COMPLAINT, N, NATIONAL_DAY_EVE, at(2026, 10, 20, *CLOSE), "第十六条(三)",
     "finish_5_to_10_working_days_cap_第十六条三"),
    ("hohhot", "finish", CONSULT, N, at(2026, 3, 13, 16), at(2026, 3, 27, *CLOSE), "第十六条(三)",
     "finish_10_working_days_friday_第十六条三"),
    # 鄂尔多斯 004
    ("ordos", "finish", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 15, *CLOSE), "第十九条(二)",
     "finish_3_to_7_working_days_cap_第十九条二"),
    ("ordos", "finish", SUGGESTION, N, NATIONAL_DAY_EVE, at(2026, 10, 15, *CLOSE), "第十九条(三)",
     "finish_suggestion_adoption_7_working_days_第十九条三"),
    ("ordos", "return", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 8, *CLOSE), "第十九条(七)",
     "return_1_working_day_第十九条七"),
    ("ordos", "extension", HELP, N, NATIONAL_DAY_EVE, at(2026, 11, 5, *CLOSE), "第十九条(八)",
     "extension_7_plus_15_working_days_第十九条八"),
    ("ordos", "feedback", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 10, *CLOSE), "第二十条",
     "feedback_system_3_working_days_make_up_saturday_第二十条"),
    ("ordos", "feedback-written", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 15, *CLOSE), "第二十条",
     "feedback_written_7_working_days_第二十条"),
    ("ordos", "callback", HELP, N, at(2026, 10, 9, 18), at(2026, 10, 10, *CLOSE), "第二十一条",
     "callback_1_working_day_make_up_saturday_第二十一条"),
    ("ordos", "notify", HELP, E, at(2026, 10, 3, 2), at(2026, 10, 3, 2), "第十八条(五)",
     "notify_emergency_management_at_once_第十八条五"),
    # 通用默认 national
    ("national", "dispatch", CONSULT, N, at(2026, 3, 10, 12, 15), at(2026, 3, 10, 16, 30), "默认值",
     "dispatch_3_working_hours_lunch_默认值"),
    ("national", "sign", HELP, N, at(2026, 2, 13, 23), at(2026, 2, 14, *CLOSE), "默认值",
     "sign_1_working_day_make_up_saturday_默认值"),
    ("national", "return", HELP, N, NATIONAL_DAY_EVE, at(2026, 10, 8, *CLOSE), "默认值",
     "return_1_working_day_默认值"),
    ("national", "finish", CONSULT, N, NATIONAL_DAY_EVE, at(2026, 10, 13, *CLOSE), "默认值",
     "finish_consult_5_working_days_默认值"),
    ("national", "finish", COMPLAINT, N, NATIONAL_DAY_EVE, at(2026, 10, 20, *CLOSE), "默认值",
     "finish_complaint_10_working_days_默认值"),
    ("national", "extension", CONSULT, N, NATIONAL_DAY_EVE, at(2026, 10, 27, *CLOSE), "默认值",
     "extension_5_plus_10_working_days_默认值"),
    ("national", "first-response", HELP, E, at(2026, 10, 1, 23), at(2026, 10, 2, 1), "默认值",
     "first_response_emergency_2_hours_默认值"),
    ("national", "callback", HELP, N, at(2025, 12, 31, 10), at(2026, 1, 4, *CLOSE), "默认值",
     "callback_1_working_day_new_year_make_up_sunday_默认值"),
]


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


@pytest.mark.parametrize(
    ("profile", "clock", "category", "urgency", "start", "expected", "article"),
    [case[:7] for case in CASES],
    ids=[f"{case[0]}_{case[7]}" for case in CASES],
)
def test_profile_deadline_matches_its_article(cal, profile, clock, category, urgency, start, expected, article):
    prof = load_profile(profile)
    result = due_info(prof, cal, clock, category, urgency, start)
    assert result.at == expected
    assert result.at.utcoffset().total_seconds() == 8 * 3600
    assert result.article == article
    assert due(prof, cal, clock, category, urgency, start) == expected


# (profile, clock, category, urgency, kind, article, id)
UNAVAILABLE = [
    ("liangshan", "extension", CONSULT, N, "forbidden", "第十二条(三)", "extension_consult_forbidden_第十二条三"),
    ("liangshan", "callback", HELP, N, "not set", "第十三条(一)", "callback_sms_no_number_第十三条一"),
    ("liangshan", "first-response", HELP, N, "not set", "", "first_response_only_special_第十二条四"),
    ("inner-mongolia", "dispatch", HELP, N, "not set", "第十一条(二)", "dispatch_no_number_第十一条二"),
    ("inner-mongolia", "sign", HELP, N, "not set", "第十一条(三)", "sign_in_set_time_第十一条三"),
    ("inner-mongolia", "finish", COMPLAINT, N, "not set", "第十一条(三)", "finish_in_set_time_第十一条三"),
    ("inner-mongolia", "return", HELP, N, "not set", "第十一条(四)", "return_promptly_第十一条四"),
    ("inner-mongolia", "extension", HELP, N, "not set", "第十一条(四)", "extension_before_deadline_第十一条四"),
    ("inner-mongolia", "callback", HELP, N, "not set", "第十一条(五)", "callback_after_finish_第十一条五"),
    ("changzhi", "finish", COMPLAINT, N, "not set", "三(三)", "finish_complaint_per_law_三三"),
    ("changzhi", "finish", REPORT, N, "not set", "三(三)", "finish_report_per_law_三三"),
    ("changzhi", "extension", REPORT, N, "not set", "三(三)", "extension_report_per_law_三三"),
    ("changzhi", "dispatch", HELP, N, "not set", "二(三)2", "dispatch_promptly_二三2"),
    ("changzhi", "callback", HELP, N, "not set", "三(五)", "callback_no_number_三五"),
    ("changzhi", "sign", HELP, N, "no such clock", "", "no_sign_clock"),
    ("hohhot", "extension", HELP, N, "not set", "第十九条(三)", "extension_approval_no_cap_第十九条三"),
    ("hohhot", "return", HELP, N, "not set", "第十五条(四)", "return_objection_review_第十五条四"),
    ("hohhot", "dispatch", HELP, N, "not set", "第十四条", "dispatch_no_number_第十四条"),
    ("hohhot", "callback", HELP, N, "not set", "第二十四条", "callback_no_number_第二十四条"),
    ("ordos", "finish", HELP, E, "not set", "第二十条", "finish_emergency_promptly_第二十条"),
    ("ordos", "dispatch", HELP, N, "not set", "第十九条", "dispatch_in_set_time_第十九条"),
]


@pytest.mark.parametrize(
    ("profile", "clock", "category", "urgency", "kind", "article"),
    [case[:6] for case in UNAVAILABLE],
    ids=[f"{case[0]}_{case[6]}" for case in UNAVAILABLE],
)
def test_profile_clock_unavailable_says_why_and_where(cal, profile, clock, category, urgency, kind, article):
    with pytest.raises(ClockUnavailable) as err:
        due(load_profile(profile), cal, clock, category, urgency, NATIONAL_DAY_EVE)
    assert kind in str(err.value)
    assert err.value.article == article
    assert profile in str(err.value) and clock in str(err.value)


def test_extension_limit_is_finish_due_plus_cap(cal):
    prof = load_profile("liangshan")
    assert extension_limit(prof, cal, HELP, N, NATIONAL_DAY_EVE) == at(2026, 10, 29, *CLOSE)
    with pytest.raises(ClockUnavailable, match="第十二条"):
        extension_limit(prof, cal, CONSULT, N, NATIONAL_DAY_EVE)


def test_categories_and_urgency_accept_chinese_and_english(cal):
    prof = load_profile("liangshan")
    assert due(prof, cal, "finish", "投诉", "一般", NATIONAL_DAY_EVE) == at(2026, 10, 20, *CLOSE)
    assert due(prof, cal, "first-response", "help", "特殊", at(2026, 10, 1, 23)) == at(2026, 10, 2, 3)


def test_a_year_without_official_data_is_counted_provisionally_and_marked(cal):
    # Ordos callback 1 working day from Thu 2026-12-31 runs into 2027, which has no official data:
    # 2027-01-01 (Fri) is 元旦 by statute (《全国年节及纪念日放假办法》第二条), 01-02/03 the weekend
    result = due_info(load_profile("ordos"), cal, "callback", HELP, N, at(2026, 12, 31, 10))
    assert (result.at, result.provisional) == (at(2027, 1, 4, *CLOSE), True)
    # the same clock inside 2026 is official, not provisional
    inside = due_info(load_profile("ordos"), cal, "callback", HELP, N, at(2026, 12, 28, 10))
    assert (inside.at, inside.provisional) == (at(2026, 12, 29, *CLOSE), False)


def test_a_plain_hours_clock_is_never_provisional(cal):
    # Liangshan 第十二条(一) special first response: 4 clock hours, no working days counted
    result = due_info(load_profile("liangshan"), cal, "first-response", HELP, S, at(2026, 12, 31, 23))
    assert (result.at, result.provisional) == (at(2027, 1, 1, 3), False)


def test_a_year_no_rule_covers_still_raises_the_named_error(cal):
    # before 2025 the amended statute does not apply and chinesecalendar has no 2003: never guessed
    with pytest.raises(CalendarYearMissing, match="2003"):
        due(load_profile("ordos"), cal, "callback", HELP, N, at(2003, 6, 2, 10))


def test_add_span_units(cal):
    prof = load_profile("national")
    start = at(2026, 10, 1, 23)
    assert add_span(prof, cal, Span(3, "hours", "x"), start) == at(2026, 10, 2, 2)
    assert add_span(prof, cal, Span(1, "working_hours", "x"), start) == at(2026, 10, 8, 10)
    assert add_span(prof, cal, Span(1, "working_days", "x"), start) == at(2026, 10, 8, *CLOSE)


def test_due_result_shape(cal):
    result = due_info(load_profile("ordos"), cal, "return", HELP, N, NATIONAL_DAY_EVE)
    assert isinstance(result, Due) and result.clock == "return" and result.span.amount == 1


class TestClockStatus:
    """Liangshan sign: Tue 03-10 09:00 → due Wed 03-11 17:30, 14 working hours; 20 % is 2.8 h."""

    def test_working_day_clock(self, cal):
        prof = load_profile("liangshan")
        start, due_at = at(2026, 3, 10, 9), at(2026, 3, 11, 17, 30)
        assert clock_status(prof, cal, start, due_at, at(2026, 3, 11, 14)) is ClockStatus.ON_TIME
        assert clock_status(prof, cal, start, due_at, at(2026, 3, 11, 15)) is ClockStatus.DUE_SOON
        assert clock_status(prof, cal, start, due_at, at(2026, 3, 11, 17, 30)) is ClockStatus.DUE_SOON
        assert clock_status(prof, cal, start, due_at, at(2026, 3, 11, 17, 31)) is ClockStatus.OVERDUE
        # the night before counts no working time: still on time
        assert clock_status(prof, cal, start, due_at, at(2026, 3, 10, 23)) is ClockStatus.ON_TIME

    def test_clock_hours_at_night(self, cal):
        # Hohhot emergency: 23:00 → 01:00; 20 % of 2 h is 24 minutes
        prof = load_profile("hohhot")
        start, due_at = at(2026, 10, 1, 23), at(2026, 10, 2, 1)
        assert clock_status(prof, cal, start, due_at, at(2026, 10, 2, 0, 30)) is ClockStatus.ON_TIME
        assert clock_status(prof, cal, start, due_at, at(2026, 10, 2, 0, 40)) is ClockStatus.DUE_SOON
        assert clock_status(prof, cal, start, due_at, at(2026, 10, 2, 0, 40), "hours") is ClockStatus.DUE_SOON
        assert clock_status(prof, cal, start, due_at, at(2026, 10, 2, 1, 1)) is ClockStatus.OVERDUE

    def test_zero_length_clock(self, cal):
        prof = load_profile("inner-mongolia")
        moment = at(2026, 10, 2, 3)
        assert clock_status(prof, cal, moment, moment, moment) is ClockStatus.DUE_SOON
