"""The PRC working calendar (工作日 with 调休 make-up days) and time arithmetic on it.

A :class:`WorkCalendar` knows, for the years it covers with official data, which dates are
exceptions to the Monday-to-Friday rule: public holidays falling on weekdays (not working) and
make-up weekends (working). A year without official data from 2025 on is a *provisional* year,
computed from the statutory holidays (:mod:`hotline.statutory`: weekends plus the statutory days on
weekdays, no 调休) the first time it is asked about; :attr:`WorkCalendar.provisional_years` lists
those computed so far and :meth:`WorkCalendar.touches_provisional` tells whether a span relies on
one, so deadlines computed on it are shown as 暂定. Any other missing year (before 2025, or a
calendar made with ``provisional=False``) raises :class:`CalendarYearMissing`. Storage persists
only the official data, as rows of ``(date, is_workday, name)`` plus the list of covered years
(:meth:`WorkCalendar.overrides_rows`, :meth:`WorkCalendar.from_rows`).

Binding conventions (all datetimes aware, returned in CST +08:00):

* *N working days* from an event end at the close of working hours of the N-th working day after
  the event's day; the event's day never counts, whatever the hour.
* *N working hours* count only time inside the working periods of working days (default
  09:00-12:00 and 13:30-17:30; a profile may set its own).
* plain *hours* are clock hours, day and night (see :mod:`hotline.deadlines`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from hotline import statutory
from hotline.timezone import CST, to_cst

Period = tuple[time, time]
DEFAULT_PERIODS: tuple[Period, ...] = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))
_MAX_SCAN_DAYS = 3700  # about ten years: a guard against endless loops on a broken calendar


class CalendarYearMissing(Exception):
    """The working calendar has no data for a year; an administrator must add it."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"工作日历缺少 {year} 年的节假日和调休数据，请管理员在中心用 "
            f"“hotline db add-year {year} 文件.csv”补充该年度日历 "
            f"(no working-calendar data for {year}: an administrator must add that year at the center "
            f"with 'hotline db add-year {year} FILE.csv'; a year outside {statutory.FIRST_YEAR}-{statutory.LAST_YEAR} "
            f"is never guessed)"
        )
        self.year = year


def _check_periods(periods: Sequence[Period]) -> tuple[Period, ...]:
    result = tuple(periods)
    if not result:
        raise ValueError("working periods must not be empty")
    previous_end: time | None = None
    for begin, end in result:
        if not begin < end:
            raise ValueError(f"working period {begin}-{end} does not end after it begins")
        if previous_end is not None and begin < previous_end:
            raise ValueError("working periods must be in order and must not overlap")
        previous_end = end
    return result


class WorkCalendar:
    """Working days of the covered years: weekdays, minus holidays, plus make-up weekends."""

    def __init__(
        self, overrides: Mapping[date, tuple[bool, str]], years: Iterable[int], *, provisional: bool = True
    ) -> None:
        self._years = frozenset(int(y) for y in years)
        for day in overrides:
            if day.year not in self._years:
                raise ValueError(f"override {day.isoformat()} lies outside the covered years")
        self._overrides: dict[date, tuple[bool, str]] = {
            day: (bool(flag), str(name)) for day, (flag, name) in overrides.items()
        }
        self._allow_provisional = provisional
        # year -> its computed exceptions; filled the first time a provisional year is asked about
        self._provisional: dict[int, dict[date, tuple[bool, str]]] = {}
        self._touches: dict[tuple[int, int], bool] = {}
        # (day, n) -> the n-th working day after ``day``: the fold counts the same days over and over
        self._nth: dict[tuple[date, int], date] = {}

    # -- construction and persistence ---------------------------------------------------------

    @classmethod
    def from_chinesecalendar(cls, years: Iterable[int] | None = None) -> WorkCalendar:
        """Seed from the ``chinesecalendar`` package: every year it has data for, or the given ones."""
        import chinese_calendar
        from chinese_calendar.constants import holidays

        first, last = min(holidays).year, max(holidays).year
        wanted = range(first, last + 1) if years is None else sorted(set(years))
        overrides: dict[date, tuple[bool, str]] = {}
        for year in wanted:
            if not first <= year <= last:
                raise CalendarYearMissing(year)
            day = date(year, 1, 1)
            while day.year == year:
                working = chinese_calendar.is_workday(day)
                if working != (day.weekday() < 5):
                    overrides[day] = (working, _holiday_name(chinese_calendar, day, working))
                day += timedelta(days=1)
        return cls(overrides, wanted)

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[date, bool, str]], years: Iterable[int], *, provisional: bool = True
    ) -> WorkCalendar:
        """Rebuild from stored rows ``(date, is_workday, name)`` and the covered years."""
        return cls({day: (flag, name) for day, flag, name in rows}, years, provisional=provisional)

    def overrides_rows(self) -> list[tuple[date, bool, str]]:
        """The exceptions as rows ``(date, is_workday, name)``, sorted by date, for a table."""
        return [(day, flag, name) for day, (flag, name) in sorted(self._overrides.items())]

    @property
    def years(self) -> tuple[int, ...]:
        """The years covered by official data, ascending (provisional years are not among them)."""
        return tuple(sorted(self._years))

    @property
    def official_until(self) -> date | None:
        """The last day of official data (December 31 of the last official year), None when empty."""
        return date(max(self._years), 12, 31) if self._years else None

    @property
    def provisional_years(self) -> frozenset[int]:
        """The provisional years this calendar has computed so far (asked about, no official data)."""
        return frozenset(self._provisional)

    def with_year(self, year: int, overrides: Mapping[date, tuple[bool, str]]) -> WorkCalendar:
        """A copy that also covers ``year`` with its exceptions (the center adds a new year)."""
        merged = {d: v for d, v in self._overrides.items() if d.year != year}
        merged.update(overrides)
        return WorkCalendar(merged, self._years | {year}, provisional=self._allow_provisional)

    # -- days -----------------------------------------------------------------------------------

    def covers(self, year: int) -> bool:
        """Whether the calendar has official data for ``year``."""
        return year in self._years

    def is_provisional(self, year: int) -> bool:
        """Whether ``year`` is counted provisionally: no official data, but statutory rules apply."""
        return self._allow_provisional and year not in self._years and statutory.in_range(year)

    def touches_provisional(self, start: datetime | date, end: datetime | date) -> bool:
        """Whether a span from ``start`` to ``end`` (either order) crosses a provisional year."""
        a = to_cst(start).year if isinstance(start, datetime) else start.year
        b = to_cst(end).year if isinstance(end, datetime) else end.year
        key = (a, b) if a <= b else (b, a)
        found = self._touches.get(key)
        if found is None:  # the fold asks this for every due time: remember each pair of years
            found = self._touches[key] = any(self.is_provisional(y) for y in range(key[0], key[1] + 1))
        return found

    def _exceptions(self, year: int) -> dict[date, tuple[bool, str]]:
        """The exceptional days of a year without official data: computed once, or CalendarYearMissing."""
        found = self._provisional.get(year)
        if found is None:
            if not self.is_provisional(year):
                raise CalendarYearMissing(year)
            found = statutory.provisional_overrides(year)
            self._provisional[year] = found  # one assignment: safe for threads sharing the calendar
        return found

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day (provisionally in a provisional year).

        CalendarYearMissing for a year with no official data that cannot be provisional.
        """
        if isinstance(day, datetime):
            day = to_cst(day).date()
        if day.year in self._years:
            found = self._overrides.get(day)
        else:
            found = self._exceptions(day.year).get(day)
        if found is not None:
            return found[0]
        return day.weekday() < 5

    def day_name(self, day: date) -> str:
        """The holiday or make-up name of an exceptional day, else ''."""
        if day.year not in self._years and self.is_provisional(day.year):
            return self._exceptions(day.year).get(day, (False, ""))[1]
        return self._overrides.get(day, (False, ""))[1]

    def next_workday(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        for _ in range(_MAX_SCAN_DAYS):
            day = _step(day, 1)
            if self.is_workday(day):
                return day
        raise ValueError("no working day found within ten years")

    def prev_workday(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        for _ in range(_MAX_SCAN_DAYS):
            day = _step(day, -1)
            if self.is_workday(day):
                return day
        raise ValueError("no working day found within ten years")

    # -- arithmetic -----------------------------------------------------------------------------

    def add_working_days(
        self, start: datetime, n: float, periods: Sequence[Period] = DEFAULT_PERIODS
    ) -> datetime:
        """The close of working hours of the n-th working day after ``start``'s day.

        The start's own day never counts. A fractional part ``f`` adds ``f`` of a full working
        day's hours, counted from the start of the next working day. ``n == 0`` returns ``start``.
        """
        if n < 0 or math.isnan(n):
            raise ValueError(f"working days must be a non-negative number, got {n}")
        spans = _check_periods(periods)
        start = to_cst(start)
        if n == 0:
            return start
        whole = int(math.floor(n))
        fraction = n - whole
        day = self._nth_workday(start.date(), whole)
        close = datetime.combine(day, spans[-1][1], CST)
        if fraction == 0:
            return close
        # the fraction is counted from the next working moment after the whole days (for n < 1:
        # after the event's day, which does not count)
        day_hours = sum(_seconds(b, e) for b, e in spans) / 3600
        return self.add_working_hours(close, fraction * day_hours, spans)

    def _nth_workday(self, day: date, n: int) -> date:
        """The n-th working day strictly after ``day`` (``day`` itself for n == 0), remembered."""
        key = (day, n)
        found = self._nth.get(key)
        if found is None:
            found = day
            for _ in range(n):
                found = self.next_workday(found)
            self._nth[key] = found  # one assignment: safe for threads sharing the calendar
        return found

    def add_working_hours(
        self, start: datetime, hours: float, periods: Sequence[Period] = DEFAULT_PERIODS
    ) -> datetime:
        """The moment ``hours`` of working time after ``start`` (only inside the periods count)."""
        if hours < 0 or math.isnan(hours):
            raise ValueError(f"working hours must be a non-negative number, got {hours}")
        spans = _check_periods(periods)
        start = to_cst(start)
        remaining = timedelta(hours=hours)
        if not remaining:
            return start
        day = start.date()
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_workday(day):
                for begin, end in spans:
                    lo = max(datetime.combine(day, begin, CST), start)
                    hi = datetime.combine(day, end, CST)
                    if hi <= lo:
                        continue
                    if hi - lo >= remaining:
                        return lo + remaining
                    remaining -= hi - lo
            day = _step(day, 1)
        raise ValueError("working hours do not fit within ten years")

    def working_time_between(
        self, a: datetime, b: datetime, periods: Sequence[Period] = DEFAULT_PERIODS
    ) -> timedelta:
        """Working time inside the periods between ``a`` and ``b`` (zero when ``b <= a``)."""
        spans = _check_periods(periods)
        a, b = to_cst(a), to_cst(b)
        total = timedelta(0)
        if b <= a:
            return total
        day, last = a.date(), b.date()
        while True:
            if self.is_workday(day):
                for begin, end in spans:
                    lo = max(datetime.combine(day, begin, CST), a)
                    hi = min(datetime.combine(day, end, CST), b)
                    if hi > lo:
                        total += hi - lo
            if day >= last:
                return total
            day = _step(day, 1)  # never past ``last``: no overflow on 9999-12-31


def _step(day: date, days: int) -> date:
    """``day`` plus ``days``; past the last (or before the first) date Python has, the year that would
    be needed is missing from the calendar (CalendarYearMissing), never an OverflowError."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise CalendarYearMissing(day.year + (1 if days > 0 else -1)) from None


def _seconds(begin: time, end: time) -> float:
    return (datetime.combine(date.min, end) - datetime.combine(date.min, begin)).total_seconds()


def _holiday_name(module: object, day: date, working: bool) -> str:
    """A Chinese name for an exceptional day from chinesecalendar's data."""
    from chinese_calendar.constants import Holiday

    _, english = module.get_holiday_detail(day)  # type: ignore[attr-defined]
    label = next((m.chinese for m in Holiday if m.value == english), english or "")
    if working:
        return f"{label}调休上班" if label else "调休上班"
    return label or "休息日"


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The calendar seeded from chinesecalendar, built once per process."""
    return WorkCalendar.from_chinesecalendar()
