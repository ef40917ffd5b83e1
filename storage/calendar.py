"""The working calendar in the database: seeded from chinesecalendar, extended a year at a time by the center.

``work_calendar`` holds only the exceptional days (holidays on weekdays, make-up working weekends,
named holidays); ``calendar_years`` the years covered. A year with no row makes the domain raise
CalendarYearMissing: an admin adds it (``CalendarRepository.add_year``), nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from hotline.timezone import now
from hotline.workcalendar import WorkCalendar, default_calendar
from storage.tables import CalendarDayRow, CalendarYearRow


class CalendarRepository:
    """Reads the stored calendar as a WorkCalendar and adds or replaces whole years."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cached: WorkCalendar | None = None

    def load(self) -> WorkCalendar:
        """The stored calendar (read once per unit of work)."""
        if self._cached is None:
            years = self.session.scalars(select(CalendarYearRow.year)).all()
            rows = self.session.execute(
                select(CalendarDayRow.day, CalendarDayRow.is_workday, CalendarDayRow.name)
            ).all()
            self._cached = WorkCalendar.from_rows([(d, w, n) for d, w, n in rows], years)
        return self._cached

    def years(self) -> list[int]:
        """The covered years, ascending."""
        return list(self.session.scalars(select(CalendarYearRow.year).order_by(CalendarYearRow.year)))

    def add_year(self, year: int, overrides: Mapping[date, tuple[bool, str]], source: str = "admin") -> None:
        """Cover ``year`` with these exceptional days, replacing what was stored for it."""
        for day in overrides:
            if day.year != year:
                raise ValueError(f"{day.isoformat()} is not in {year}")
        self.session.execute(
            delete(CalendarDayRow).where(
                CalendarDayRow.day >= date(year, 1, 1), CalendarDayRow.day <= date(year, 12, 31)
            )
        )
        self.session.add_all(
            CalendarDayRow(day=d, is_workday=bool(w), name=str(n)) for d, (w, n) in sorted(overrides.items())
        )
        existing = self.session.get(CalendarYearRow, year)
        if existing is None:
            self.session.add(CalendarYearRow(year=year, source=source, loaded_at=now()))
        else:
            existing.source, existing.loaded_at = source, now()
        self.session.flush()
        self._cached = None

    def seed(self, calendar: WorkCalendar, source: str = "chinesecalendar") -> int:
        """Add every year of ``calendar`` not yet stored; returns how many years were added."""
        stored = set(self.years())
        fresh = sorted(y for y in calendar.years if y not in stored)
        if not fresh:
            return 0
        wanted = set(fresh)
        days = [
            {"day": d, "is_workday": bool(w), "name": str(n)}
            for d, w, n in calendar.overrides_rows()
            if d.year in wanted
        ]
        self.session.execute(
            delete(CalendarDayRow).where(func.extract("year", CalendarDayRow.day).in_(fresh))
        )
        if days:
            self.session.execute(insert(CalendarDayRow), days)
        moment = now()
        self.session.execute(
            insert(CalendarYearRow), [{"year": y, "source": source, "loaded_at": moment} for y in fresh]
        )
        self._cached = None
        return len(fresh)


def seed_if_empty(engine: Engine) -> int:
    """Seed the calendar from chinesecalendar when no year is stored; returns the years added."""
    with Session(engine) as session:
        if session.scalar(select(func.count()).select_from(CalendarYearRow)):
            return 0
        added = CalendarRepository(session).seed(default_calendar())
        session.commit()
        return added
