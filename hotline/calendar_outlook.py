"""Whether the working calendar's official data runs out soon, and what the administrator should do.

From ``warn_days`` (default 90) before the last day of official data, the years that deadlines
will reach without an official holiday notice are counted provisionally (暂定); ``hotline db
status`` and the center's board show the warning this module words, so the year is added (``hotline
db add-year``) before units see provisional deadlines, or at least while they do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

DEFAULT_WARN_DAYS = 90


@dataclass(frozen=True)
class CalendarOutlook:
    """The last day of official data, the provisional years in sight, and the warning ('' if none)."""

    official_until: date | None
    provisional_years: tuple[int, ...]
    warning: str

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json`` output."""
        return {
            "official_until": self.official_until.isoformat() if self.official_until else None,
            "provisional_years": list(self.provisional_years),
            "warning": self.warning,
        }


def outlook(calendar: Any, today: date, warn_days: int = DEFAULT_WARN_DAYS) -> CalendarOutlook:
    """The calendar's outlook on ``today``: from ``warn_days`` before the official data ends, the years
    without official data from the next one through the year of ``today + warn_days``."""
    if warn_days < 0:
        raise ValueError(f"warn_days must not be negative, got {warn_days}")
    until: date | None = calendar.official_until
    if until is None:
        return CalendarOutlook(None, (), "工作日历为空：请运行 hotline db upgrade 载入日历 "
                                          "(the working calendar is empty: run 'hotline db upgrade')")
    if today < until - timedelta(days=warn_days):
        return CalendarOutlook(until, (), "")
    last = max(until.year + 1, (today + timedelta(days=warn_days)).year)
    years = tuple(y for y in range(until.year + 1, last + 1) if calendar.is_provisional(y))
    return CalendarOutlook(until, years, warning(until, years) if years else "")


def warning(until: date, years: tuple[int, ...]) -> str:
    """The warning in Chinese with English in parentheses: which years are missing and how to add them."""
    names = "、".join(str(y) for y in years)
    first = years[0]
    return (
        f"工作日历官方数据截至 {until.isoformat()}，缺少 {names} 年：这些年份的时限按法定节假日暂定计算（无调休）。"
        f"国务院办公厅公布放假安排后，请在中心运行“hotline db add-year {first} 文件.csv”"
        f"（每行：日期,休/班,名称），各工作站下次同步即可收到，未办结工单的时限随之重算 "
        f"(official working-calendar data ends {until.isoformat()}; {', '.join(map(str, years))} missing: "
        f"deadlines there are provisional, statutory holidays only. Once the State Council publishes the "
        f"holiday notice, run 'hotline db add-year {first} FILE.csv' at the center, lines date,休/班,name; "
        f"desks receive it with their next pull and open tickets' deadlines are recomputed)"
    )
