"""The desk's widgets: they get models, signals and plain values from desktop.app, never an engine.

Nothing here imports pjsua2, SQLAlchemy, storage or a telephony engine (tests/desk/test_purity.py);
the frozen snapshots of ``telephony.softphone.model`` and the pure domain ``hotline`` are allowed.
"""
