"""Where the product keeps its files: resources shipped with it, and the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """The shipped resources/ folder (HOTLINE_RESOURCES overrides, e.g. inside an installer bundle)."""
    override = os.environ.get("HOTLINE_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "resources"


def data_dir() -> Path:
    """The per-user data directory (HOTLINE_HOME overrides); created on first use."""
    base = os.environ.get("HOTLINE_HOME") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "hotline"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The local working copy: an SQLite file in the data directory."""
    return f"sqlite:///{data_dir() / 'desk.sqlite3'}"
