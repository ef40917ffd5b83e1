"""A provisional calendar year: the statutory holidays when the State Council has not announced a year.

《全国年节及纪念日放假办法》(amended 2024, in force 2025) 第二条: 元旦 1 day, 春节 除夕..正月初三, 清明
1 day on the solar term, 劳动节 05-01/02, 端午 五月初五, 中秋 八月十五, 国庆 10-01..03. Expected
dates worked out by hand for 2027: 正月初一 is Sat 02-06, so 除夕 is Fri 02-05 and 春节 02-05..08
(02-06/07 the weekend anyway); 清明 Mon 04-05; 端午 Wed 06-09; 中秋 Wed 09-15; 元旦 Fri 01-01;
劳动节 Sat/Sun 05-01/02 and 国庆 10-01 Fri, 10-02/03 weekend. No 调休, no day in lieu.
"""

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from hotline import statutory
from hotline.timezone import CST
from hotline.workcalendar import WorkCalendar, default_calendar


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=CST)


@pytest.fixture
def cal():
    # a fresh calendar each test: provisional_years records what this calendar computed
    return WorkCalendar.from_rows(default_calendar().overrides_rows(), default_calendar().years)


def test_statutory_days_of_2027_第二条():
    assert statutory.statutory_holidays(2027) == [
        (date(2027, 1, 1), "元旦"),
        (date(2027, 2, 5), "春节"), (date(2027, 2, 6), "春节"), (date(2027, 2, 7), "春节"),
        (date(2027, 2, 8), "春节"),
        (date(2027, 4, 5), "清明节"),
        (date(2027, 5, 1), "劳动节"), (date(2027, 5, 2), "劳动节"),
        (date(2027, 6, 9), "端午节"),
        (date(2027, 9, 15), "中秋节"),
        (date(2027, 10, 1), "国庆节"), (date(2027, 10, 2), "国庆节"), (date(2027, 10, 3), "国庆节"),
    ]


def test_only_weekday_statutory_days_are_exceptions_and_no_weekend_is_worked():
    assert statutory.provisional_overrides(2027) == {
        date(2027, 1, 1): (False, "元旦"),
        date(2027, 2, 5): (False, "春节"),
        date(2027, 2, 8): (False, "春节"),
        date(2027, 4, 5): (False, "清明节"),
        date(2027, 6, 9): (False, "端午节"),
        date(2027, 9, 15): (False, "中秋节"),
        date(2027, 10, 1): (False, "国庆节"),
    }


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2027, 1, 1), False),  # 元旦, Friday
        (date(2027, 1, 4), True),  # Monday: no make-up, no in-lieu
        (date(2027, 2, 4), True),  # Thursday before 除夕
        (date(2027, 2, 5), False),  # 除夕, Friday
        (date(2027, 2, 8), False),  # 正月初三, Monday
        (date(2027, 2, 9), True),  # Tuesday: 春节 is over
        (date(2027, 4, 5), False),  # 清明, Monday
        (date(2027, 5, 3), True),  # 劳动节 fell on the weekend: Monday works (no 补休 announced)
        (date(2027, 6, 9), False),  # 端午, Wednesday
        (date(2027, 9, 15), False),  # 中秋, Wednesday
        (date(2027, 10, 1), False),  # 国庆, Friday
        (date(2027, 10, 4), True),  # Monday after 国庆 10-01..03
        (date(2027, 3, 13), False),  # ordinary Saturday
    ],
)
def test_provisional_2027_working_days(cal, day, working):
    assert cal.is_workday(day) is working


def test_the_calendar_knows_which_years_it_computed(cal):
    assert cal.provisional_years == frozenset() and cal.official_until == date(2026, 12, 31)
    assert cal.is_provisional(2027) and not cal.is_provisional(2026) and not cal.is_provisional(2003)
    cal.is_workday(date(2027, 2, 5))
    assert cal.provisional_years == {2027} and cal.years[-1] == 2026
    assert cal.day_name(date(2027, 2, 5)) == "春节" and cal.day_name(date(2027, 2, 9)) == ""
    assert cal.touches_provisional(at(2026, 12, 18, 10), at(2027, 1, 4, 17, 30))
    assert not cal.touches_provisional(at(2026, 12, 1, 10), at(2026, 12, 31, 17, 30))


def test_working_days_across_the_provisional_spring_festival(cal):
    # from Thu 02-04: 02-05 (Fri, 除夕), 02-06/07 weekend, 02-08 (初三) off -> Tue 02-09 is day 1
    assert cal.add_working_days(at(2027, 2, 4, 10), 1) == at(2027, 2, 9, 17, 30)
    # from Fri 12-18-2026, 10 working days: 12-21..25 (5), 12-28..31 (9), 01-01 元旦, -> Mon 01-04
    assert cal.add_working_days(at(2026, 12, 18, 10), 10) == at(2027, 1, 4, 17, 30)


def test_two_festivals_on_one_day_give_one_day_off():
    # 2028: 中秋 (八月十五) is Tue 10-03, inside 国庆 10-01..03; the statute gives no day in lieu
    days = dict(statutory.statutory_holidays(2028))
    assert days[date(2028, 10, 3)] == "中秋节、国庆节"
    assert statutory.provisional_overrides(2028)[date(2028, 10, 3)] == (False, "中秋节、国庆节")
    assert date(2028, 10, 4) not in statutory.provisional_overrides(2028)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_is_off_in_the_official_years(year):
    # the announced years (chinesecalendar 1.11) give every statutory day off, and more: a check of
    # the lunar and solar-term computation against two published notices
    for day, name in statutory.statutory_holidays(year):
        assert not chinese_calendar.is_workday(day), (day, name)


@pytest.mark.parametrize("year", range(2025, 2041))
def test_qingming_agrees_with_chinesecalendars_solar_terms(year):
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
    expected = next(d for d, name in terms if name == "清明")
    assert date(year, 4, 1) <= expected <= date(year, 4, 10)
    assert (expected, "清明节") in statutory.statutory_holidays(year)


@pytest.mark.parametrize("year", [2024, 2100])
def test_years_outside_the_statute_are_not_computed(year):
    with pytest.raises(ValueError, match=str(year)):
        statutory.statutory_holidays(year)


def test_spring_festival_is_four_consecutive_days_every_year():
    for year in range(2025, 2100):
        spring = [d for d, name in statutory.statutory_holidays(year) if "春节" in name]
        assert len(spring) == 4 and spring[-1] - spring[0] == timedelta(days=3), year
