"""One committed unit of work on the central database for the administrators' commands (user, caller)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.cli.main import CommandError


def in_center(db: str | None, work: Callable[[Any], Any], refusals: tuple[type[Exception], ...]) -> Any:
    """Run ``work(uow)`` at the center (role center, origin admin) and commit; a refusal of one of the
    given types, or a database error, becomes the command's message (exit 2)."""
    from hotline.paths import default_db_url
    from storage.db import DatabaseError, engine_for, upgrade
    from storage.uow import UnitOfWork

    try:
        engine = engine_for(db or default_db_url())
    except DatabaseError as exc:
        raise CommandError(str(exc)) from None
    try:
        upgrade(engine)
        with UnitOfWork(engine, origin="admin", role="center") as uow:
            result = work(uow)
            uow.commit()
            return result
    except (*refusals, DatabaseError) as exc:
        raise CommandError(str(exc)) from None
    finally:
        engine.dispose()
