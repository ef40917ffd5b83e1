"""The working calendar in the database: seeded from chinesecalendar, extended a year at a time by the center.

``work_calendar`` holds only the exceptional days (holidays on weekdays, make-up working weekends,
named holidays); ``calendar_years`` the years covered by official data. Only official data is
stored: a later year with no row is provisional, computed by the domain from the statutory holidays
(hotline.statutory) and marked 暂定, until an admin adds it (``CalendarRepository.add_year``, with
the open tickets re-counted by storage.calendar_publish); an earlier one raises CalendarYearMissing.

The loaded calendar is shared by the units of work of one engine: each unit of work first reads the
few ``calendar_years`` rows (year, source, loaded_at) as the calendar's version and reuses the
shared copy while that version is unchanged. ``add_year`` and ``seed`` always rewrite those rows,
so a year added by the center (or by any other unit of work) is seen by the next unit of work.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Engine, String, delete, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from hotline.timezone import now
from hotline.workcalendar import WorkCalendar, default_calendar
from storage.tables import CalendarDayRow, CalendarYearRow


class CalendarRepository:
    """Reads the stored calendar as a WorkCalendar and adds or replaces whole years."""

    def __init__(self, session: Session, recorder: Any = None) -> None:
        self.session = session
        self.recorder = recorder  # a ChangeRecorder: years added by an admin travel to the other machines
        self._cached: WorkCalendar | None = None
        self._written = False  # this session changed the calendar: never share what it sees

    def load(self) -> WorkCalendar:
        """The stored calendar, as this unit of work sees it (checked once per unit of work).

        Reads the calendar's version (its ``calendar_years`` rows); the days are read again only
        when that differs from the copy shared by this engine's units of work.
        """
        if self._cached is None:
            version = self._version()
            engine = _engine_of(self.session)
            shared = None if self._written or engine is None else _shared.get(engine)
            if shared is not None and shared[0] == version:
                self._cached = shared[1]
            else:
                rows = self.session.execute(
                    select(CalendarDayRow.day, CalendarDayRow.is_workday, CalendarDayRow.name)
                ).all()
                self._cached = WorkCalendar.from_rows(
                    [(d, w, n) for d, w, n in rows], [y for y, _, _ in version]
                )
                if not self._written and engine is not None:
                    with _shared_lock:
                        _shared[engine] = (version, self._cached)
        return self._cached

    def _version(self) -> tuple[tuple[Any, ...], ...]:
        years = CalendarYearRow.__table__.c  # Core columns, loaded_at as the driver gives it: cheap
        stmt = select(years.year, years.source, type_coerce(years.loaded_at, String)).order_by(years.year)
        rows = self.session.execute(stmt)
        return tuple(tuple(r) for r in rows)

    def years(self) -> list[int]:
        """The covered years, ascending."""
        return list(self.session.scalars(select(CalendarYearRow.year).order_by(CalendarYearRow.year)))

    def add_year(self, year: int, overrides: Mapping[date, tuple[bool, str]], source: str = "admin") -> None:
        """Cover ``year`` with these exceptional days, replacing what was stored for it.

        With a recorder the year is recorded for sync (entity ``calendar``), so a year the center
        adds reaches every workstation with its next pull.
        """
        for day in overrides:
            if day.year != year:
                raise ValueError(f"{day.isoformat()} is not in {year}")
        if self.recorder is not None:
            days = [[d.isoformat(), bool(w), str(n)] for d, (w, n) in sorted(overrides.items())]
            self.recorder.record("calendar", f"calendar-{year}", {"year": year, "source": source, "days": days})
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
        self._written = True

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
        self._written = True
        return len(fresh)


def year_from_change(payload: Mapping[str, Any]) -> tuple[int, dict[date, tuple[bool, str]], str]:
    """The (year, overrides, source) a ``calendar`` change carries."""
    overrides = {date.fromisoformat(d): (bool(w), str(n)) for d, w, n in payload["days"]}
    return int(payload["year"]), overrides, str(payload.get("source") or "center")


# engine -> (version, calendar): the calendar last loaded through that engine, with its version
_shared: weakref.WeakKeyDictionary[Engine, tuple[tuple[tuple[Any, ...], ...], WorkCalendar]] = (
    weakref.WeakKeyDictionary()
)
_shared_lock = threading.Lock()


def _engine_of(session: Session) -> Engine | None:
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    return engine if isinstance(engine, Engine) else None


def seed_if_empty(engine: Engine) -> int:
    """Seed the calendar from chinesecalendar when no year is stored; returns the years added."""
    with Session(engine) as session:
        if session.scalar(select(func.count()).select_from(CalendarYearRow)):
            return 0
        added = CalendarRepository(session).seed(default_calendar())
        session.commit()
        return added
