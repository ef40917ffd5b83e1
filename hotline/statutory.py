"""Statutory public holidays of a year, for a provisional calendar year the State Council has not announced.

《全国年节及纪念日放假办法》 as amended in 2024 (in force from 2025-01-01), 第二条: 元旦 1 day
(January 1); 春节 4 days (除夕 to 正月初三); 清明节 1 day (the day of the 清明 solar term); 劳动节
2 days (May 1-2); 端午节 1 day (五月初五); 中秋节 1 day (八月十五); 国庆节 3 days (October 1-3).

Lunar dates and the 清明 solar term come from ``lunar_python`` (astronomical computation), never from
a table typed here. What a provisional year does NOT know: the make-up working days (调休) and the
days given in lieu of a holiday falling on a weekend, which the State Council announces each year.
So a provisional year is the weekends plus the statutory days that fall on weekdays, and nothing else.
"""

from __future__ import annotations

from datetime import date, timedelta

#: the first year the 2024 amendment governs: earlier years are never computed
FIRST_YEAR = 2025
#: the last year computed (lunar_python's tables are good far beyond; a guard against absurd dates)
LAST_YEAR = 2099


def in_range(year: int) -> bool:
    """Whether ``year`` is one the statutory rules can be computed for (2025 through 2099)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def statutory_holidays(year: int) -> list[tuple[date, str]]:
    """Every statutory holiday day of ``year`` with its name, weekends included, in date order.

    ValueError for a year outside :func:`in_range`. A 除夕 that falls in the previous Gregorian year
    (never between 2025 and 2099, but the rule allows it) is left to that year. Two festivals on one
    day are one day off, named by both; the law gives no day in lieu.
    """
    if not in_range(year):
        raise ValueError(f"statutory holidays are computed for {FIRST_YEAR}-{LAST_YEAR}, not {year}")
    from lunar_python import Lunar

    def solar(month: int, day: int) -> date:
        s = Lunar.fromYmd(year, month, day).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    new_year = solar(1, 1)  # 正月初一
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days: list[tuple[date, str]] = [(date(year, 1, 1), "元旦")]
    days += [(new_year + timedelta(days=offset), "春节") for offset in range(-1, 3)]  # 除夕 .. 初三
    days.append((date(qingming.getYear(), qingming.getMonth(), qingming.getDay()), "清明节"))
    days += [(date(year, 5, 1), "劳动节"), (date(year, 5, 2), "劳动节")]
    days.append((solar(5, 5), "端午节"))
    days.append((solar(8, 15), "中秋节"))
    days += [(date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    merged: dict[date, list[str]] = {}
    for day, name in days:  # two festivals on one day (中秋 on 10-03 in 2028) make one day off
        if day.year == year and name not in merged.setdefault(day, []):
            merged[day].append(name)
    return [(day, "、".join(names)) for day, names in sorted(merged.items())]


def provisional_overrides(year: int) -> dict[date, tuple[bool, str]]:
    """The exceptions of a provisional ``year`` in WorkCalendar's form: statutory days on weekdays.

    A statutory day on a Saturday or Sunday is a rest day anyway and gives no weekday in lieu (补休
    is announced, never assumed); no weekend is a make-up working day.
    """
    return {day: (False, name) for day, name in statutory_holidays(year) if day.weekday() < 5}
