"""``hotline board``: the live queue figures per queue, in Chinese, as a team lead's board shows them.

``hotline board [--db URL] [--plan PATH]`` prints the figures once; ``--watch`` keeps printing them
whenever they change (LISTEN/NOTIFY on PostgreSQL, polling on SQLite) until Ctrl-C or ``--seconds``
have passed; ``--json`` prints machine-readable lines. Definitions: storage/center.py. From 90 days
(``--calendar-warn-days``) before the working calendar's official data ends, the board first says
which year is missing and how to add it (hotline.calendar_outlook); ``--json`` carries it as
``"calendar"``.
"""

from __future__ import annotations

import argparse
import json
import threading
from dataclasses import asdict
from typing import Any

from desktop.cli.db import calendar_options, calendar_outlook
from desktop.cli.main import CommandError
from hotline.secrets import mask_url

STATES = ("ready", "ringing", "talking", "wrap-up", "not-ready", "logged-out")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``board``."""
    parser = subparsers.add_parser("board", help="live queue figures: waiting, longest wait, agents, answer rate")
    parser.add_argument("--db", default=None, help="database URL (default: the local working copy)")
    parser.add_argument("--plan", default=None, help="center plan TOML (default: resources/center/plan.toml)")
    parser.add_argument("--watch", action="store_true", help="keep printing the figures as they change")
    parser.add_argument("--seconds", type=float, default=None, help="with --watch: stop after this many seconds")
    parser.add_argument("--json", action="store_true", help="one JSON line per refresh")
    calendar_options(parser)
    parser.set_defaults(func=_board)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def render(figures: list[Any], at: Any, calendar_warning: str = "") -> str:
    """The board as Chinese text, one block per queue (after the calendar warning, if any)."""
    from hotline.acd import AgentState

    lines = [f"== 队列实时数据 {at:%Y-%m-%d %H:%M:%S}"]
    if calendar_warning:
        lines.append(f"！日历 {calendar_warning}")
    for f in figures:
        agents = "  ".join(f"{AgentState(s).label} {f.agents[s]}" for s in STATES if f.agents.get(s))
        target = "达标" if f.meets_target else ("未达标" if f.meets_target is False else "暂无")
        lines.append(
            f"{f.label:<8} 排队 {f.waiting}（振铃 {f.ringing}）  最长等待 {f.longest_wait_s:.0f} 秒  通话 {f.talking}\n"
            f"         今日 进线 {f.offered}  接通 {f.answered}  放弃 {f.abandoned}  溢出 {f.overflowed}  "
            f"服务水平({f.service_level_s}秒) {_pct(f.service_level)}  "
            f"接通率 {_pct(f.answer_rate)}（目标 {f.answer_target * 100:.0f}%，{target}）\n"
            f"         坐席 {agents or '无'}"
        )
    return "\n".join(lines)


def _emit(args: argparse.Namespace, figures: list[Any], calendar: Any) -> None:
    from hotline.timezone import now

    at = now()
    if args.json:
        print(json.dumps({"at": at.isoformat(), "queues": [asdict(f) for f in figures],
                          "calendar": calendar.to_json()}, ensure_ascii=False), flush=True)
    else:
        print(render(figures, at, calendar.warning), flush=True)


def _board(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import OperationalError

    from hotline.acd import CenterPlan, PlanError
    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for, is_current

    try:
        plan = CenterPlan.load(args.plan)
    except PlanError as exc:
        raise CommandError(str(exc)) from None
    url = str(args.db or default_db_url())
    try:
        engine = engine_for(url)
        try:
            if not is_current(engine):
                raise CommandError(f"the database {mask_url(url)} is not upgraded: run 'hotline db upgrade --db URL'")
            from sqlalchemy.orm import Session

            from hotline.timezone import now
            from storage.center import CenterRepository

            with Session(engine) as session:
                calendar = calendar_outlook(session, args)
                if not args.watch:
                    _emit(args, CenterRepository(session).board(now(), plan=plan), calendar)
                    return 0
        finally:
            engine.dispose()
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    except OperationalError as exc:  # the server cannot be reached
        raise CommandError(f"cannot reach the database {mask_url(url)}: {type(exc.orig).__name__}") from None
    return _watch(args, url, plan, calendar)


def _watch(args: argparse.Namespace, url: str, plan: Any, calendar: Any) -> int:
    from storage.center_live import BoardWatcher

    done = threading.Event()
    watcher = BoardWatcher(url, lambda figures: _emit(args, figures, calendar), plan=plan)
    try:
        watcher.start()
        done.wait(args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    if watcher.error is not None:
        raise CommandError(f"board: {watcher.error}")
    return 0
