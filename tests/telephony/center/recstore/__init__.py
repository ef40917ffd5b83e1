"""Recording store tests (real nginx, PostgreSQL, SQLite)."""
