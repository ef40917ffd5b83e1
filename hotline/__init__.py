"""The hotline's domain, in pure Python: profiles, calendar, deadlines, tickets, KPIs.

Nothing in this package imports Qt, SQLAlchemy or pjsua2 (tests/hotline/test_purity.py proves it);
storage/, telephony/ and desktop/ depend on it, never the other way round.
"""
