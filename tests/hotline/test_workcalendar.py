"""The PRC working calendar: 调休 make-up days, holidays, missing years, working-time arithmetic.

Expected values are worked out by hand from the 2026 State Council holiday notice (as carried by
chinesecalendar 1.11): 元旦 01-01..03 (01-04 Sun works); 春节 02-15..02-23 (02-14 Sat and 02-28 Sat
work); 中秋 09-25..27; 国庆 10-01..10-07 (09-20 Sun and 10-10 Sat work).
"""

from datetime import date, datetime, time, timedelta

import pytest

from hotline.timezone import CST
from hotline.workcalendar import CalendarYearMissing, WorkCalendar, default_calendar


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=CST)


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 1), False),  # 元旦, Thursday
        (date(2026, 1, 4), True),  # Sunday make-up for 元旦
        (date(2026, 2, 14), True),  # Saturday make-up for 春节
        (date(2026, 2, 16), False),  # 春节, Monday
        (date(2026, 2, 23), False),  # 春节, Monday
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday make-up for 春节
        (date(2026, 9, 20), True),  # Sunday make-up for 国庆
        (date(2026, 9, 25), False),  # 中秋, Friday
        (date(2026, 10, 7), False),  # 国庆, Wednesday
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday make-up for 国庆
        (date(2026, 10, 11), False),  # ordinary Sunday
        (date(2026, 3, 14), False),  # ordinary Saturday
        (date(2026, 3, 13), True),  # ordinary Friday
    ],
)
def test_is_workday_2026(cal, day, working):
    assert cal.is_workday(day) is working


def test_day_names(cal):
    assert cal.day_name(date(2026, 10, 1)) == "国庆节"
    assert cal.day_name(date(2026, 10, 10)) == "国庆节调休上班"
    assert cal.day_name(date(2026, 3, 13)) == ""


def strict(calendar):
    """The same official data with provisional years switched off."""
    return WorkCalendar.from_rows(calendar.overrides_rows(), calendar.years, provisional=False)


@pytest.mark.parametrize(("year", "provisional"), [(2027, False), (2003, False), (2003, True)])
def test_year_without_data_raises_and_names_the_year(cal, year, provisional):
    # 2003: before chinesecalendar's data and before the amended statute (2025): never guessed
    calendar = strict(cal) if not provisional else cal
    with pytest.raises(CalendarYearMissing) as err:
        calendar.is_workday(date(year, 6, 1))
    message = str(err.value)
    assert str(year) in message and "管理员" in message and f"hotline db add-year {year}" in message


def test_arithmetic_running_into_a_missing_year_raises_on_a_strict_calendar(cal):
    with pytest.raises(CalendarYearMissing, match="2027"):
        strict(cal).add_working_days(at(2026, 12, 30, 10), 5)


def test_from_chinesecalendar_rejects_a_year_it_has_no_data_for():
    with pytest.raises(CalendarYearMissing, match="2027"):
        WorkCalendar.from_chinesecalendar([2026, 2027])


def test_event_day_never_counts_whatever_the_hour(cal):
    # Tue 2026-03-10: 1 working day is the close of Wed 03-11, at 08:00 or at 23:00 alike
    assert cal.add_working_days(at(2026, 3, 10, 8), 1) == at(2026, 3, 11, 17, 30)
    assert cal.add_working_days(at(2026, 3, 10, 23), 1) == at(2026, 3, 11, 17, 30)


def test_friday_night_event_skips_the_weekend(cal):
    assert cal.add_working_days(at(2026, 3, 13, 23), 1) == at(2026, 3, 16, 17, 30)


def test_national_day_and_make_up_saturday(cal):
    # from Wed 09-30: 10-08 (1), 10-09 (2), Sat 10-10 make-up (3), 10-12 (4), 10-13 (5)
    assert cal.add_working_days(at(2026, 9, 30, 10), 3) == at(2026, 10, 10, 17, 30)
    assert cal.add_working_days(at(2026, 9, 30, 10), 5) == at(2026, 10, 13, 17, 30)


def test_new_year_make_up_sunday_across_the_year_boundary(cal):
    # from Wed 2025-12-31: 01-01..03 off, Sun 01-04 is the make-up working day
    assert cal.add_working_days(at(2025, 12, 31, 10), 1) == at(2026, 1, 4, 17, 30)


def test_spring_festival(cal):
    # from Fri 02-13: Sat 02-14 make-up (1), 02-15..02-23 off, 02-24 (2), 02-25 (3)
    assert cal.add_working_days(at(2026, 2, 13, 9), 3) == at(2026, 2, 25, 17, 30)


def test_fractional_working_days_count_working_hours_of_the_next_day(cal):
    # half a 7-hour day = 3.5 working hours from the start of 10-08: 09:00-12:00, 13:30-14:00
    assert cal.add_working_days(at(2026, 9, 30, 10), 0.5) == at(2026, 10, 8, 14, 0)
    assert cal.add_working_days(at(2026, 9, 30, 10), 0) == at(2026, 9, 30, 10)


def test_working_hours_inside_lunch_break_start_at_1330(cal):
    assert cal.add_working_hours(at(2026, 3, 10, 12, 15), 3) == at(2026, 3, 10, 16, 30)


def test_working_hours_overnight_and_holiday(cal):
    # 16:00-17:30 on 09-30 is 1.5 h, the rest from 09:00 on 10-08
    assert cal.add_working_hours(at(2026, 9, 30, 16), 3) == at(2026, 10, 8, 10, 30)
    # at 23:00 Friday nothing is left that day: Monday 09:00 + 3 h ends exactly at 12:00
    assert cal.add_working_hours(at(2026, 3, 13, 23), 3) == at(2026, 3, 16, 12, 0)
    # Saturday 09-19 is off, Sunday 09-20 is a make-up working day
    assert cal.add_working_hours(at(2026, 9, 19, 10), 3) == at(2026, 9, 20, 12, 0)


def test_custom_periods(cal):
    periods = ((time(8, 0), time(12, 0)), (time(14, 0), time(18, 0)))
    assert cal.add_working_days(at(2026, 3, 10, 9), 1, periods) == at(2026, 3, 11, 18, 0)
    assert cal.add_working_hours(at(2026, 3, 10, 11), 2, periods) == at(2026, 3, 10, 15, 0)


def test_working_time_between(cal):
    # 09-30 10:00-17:30 less lunch = 6 h; nothing until 10-08; 10-08 09:00-10:00 = 1 h
    assert cal.working_time_between(at(2026, 9, 30, 10), at(2026, 10, 8, 10)) == timedelta(hours=7)
    assert cal.working_time_between(at(2026, 10, 8, 10), at(2026, 9, 30, 10)) == timedelta(0)


def test_rows_round_trip_and_extension_with_a_new_year():
    small = WorkCalendar.from_chinesecalendar([2026])
    rows = small.overrides_rows()
    assert (date(2026, 10, 10), True, "国庆节调休上班") in rows
    assert (date(2026, 10, 1), False, "国庆节") in rows
    # only true exceptions are stored: a holiday on a Saturday is a weekend anyway
    assert all(d.weekday() >= 5 if w else d.weekday() < 5 for d, w, _ in rows)
    again = WorkCalendar.from_rows(rows, small.years)
    assert again.overrides_rows() == rows and again.years == (2026,)
    assert not again.covers(2027) and again.is_provisional(2027)
    assert not WorkCalendar.from_rows(rows, small.years, provisional=False).is_provisional(2027)
    extended = again.with_year(2027, {date(2027, 1, 1): (False, "元旦")})
    assert extended.is_workday(date(2027, 1, 1)) is False
    assert extended.is_workday(date(2027, 1, 4)) is True


def test_override_outside_years_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar({date(2027, 1, 1): (False, "元旦")}, [2026])


def test_bad_arguments(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(at(2026, 3, 10), -1)
    with pytest.raises(ValueError):
        cal.add_working_hours(at(2026, 3, 10), 1, ((time(12), time(9)),))


def test_naive_and_foreign_offsets_are_taken_as_cst(cal):
    utc_morning = datetime.fromisoformat("2026-03-10T01:00:00+00:00")  # 09:00 CST
    assert cal.add_working_hours(utc_morning, 1) == at(2026, 3, 10, 10, 0)
    assert cal.add_working_hours(datetime(2026, 3, 10, 9), 1).utcoffset() == timedelta(hours=8)
