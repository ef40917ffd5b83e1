"""Persistence: SQLAlchemy 2 tables, Alembic migrations, repositories, unit of work, sync.

- storage.db: ``engine_for(url)``, ``upgrade(url_or_engine)`` (run before the window opens), DatabaseError
- storage.uow: ``UnitOfWork(engine, origin=..., role="desk"|"center")`` with ``.tickets``, ``.units``,
  ``.calendar``, ``.audit`` and ``commit()``
- storage.tickets / units / calendar / audit: the repositories, returning domain objects
- storage.sync: ``push``, ``pull``, ``sync_once``, ``sync_status`` -> SyncStatus, SyncError; each entity's
  applier is registered in storage.sync_appliers
- storage.accounts: ``uow.accounts`` (AccountRepository) and ``sign_in`` -> Account or LoginRefused
- storage.caller_flags: ``uow.caller_flags`` (CallerFlagRepository; center-only writes, the screen pop's FlagLookup)
- storage.demo: ``load_units``, ``load_demo`` (the fictional city of 青川市)
"""
