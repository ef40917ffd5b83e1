"""Drafts that survive a crash: the ticket being written, saved within moments of each change.

    drafts = Drafts(data_dir() / "drafts", login="1001")
    drafts.save({"content": "...", "call_id": "..."})    # atomic: temp file, fsync, rename
    drafts.load()                                        # after a restart: the last saved draft or None
    drafts.clear()                                       # once the ticket is saved

A desk killed with SIGKILL mid-ticket finds the draft and its call link on the next start.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.app.settings import write_atomic


class Drafts:
    def __init__(self, folder: Path, login: str) -> None:
        self.path = Path(folder) / f"{''.join(c for c in login if c.isalnum() or c in '-_') or 'desk'}.json"

    def save(self, values: dict[str, Any]) -> None:
        write_atomic(self.path, json.dumps(values, ensure_ascii=False, default=str))

    def load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and any(data.get(k) for k in ("content", "caller_phone")) else None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
