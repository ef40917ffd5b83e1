"""A reviewer's QA sheets and marks kept on the desk while the center's database cannot take them.

    outbox = QaOutbox(data_dir / "qa-outbox" / login)
    outbox.put({"kind": "score", "id": ..., ...})   # durable when it returns (fsync of file and folder)
    for path, item in outbox.items(): ...            # oldest first
    outbox.done(path) / outbox.refuse(path, code)    # written at the center / refused there for good

One JSON file per write, named ``<time>-<id>.json`` so the order of the names is the order they
were made, written to a temporary name, fsynced and renamed into place: a desk killed at any
moment leaves either the whole item or none. A file that cannot be read (a damaged disk, a hand
edit) is moved to ``bad/`` and named by :meth:`items`'s ``bad`` list, never silently skipped; an
item the center refuses for good (the reviewer lost the right, the recording is gone) goes to
``refused/`` with the code, so nothing a reviewer wrote disappears without a trace.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from desktop.app.settings import write_atomic

log = logging.getLogger("desktop.qa_outbox")


class QaOutbox:
    """See the module docstring."""

    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.bad: list[str] = []  # names moved to bad/ by the last items()

    def put(self, item: dict[str, Any]) -> Path:
        """Keep ``item`` (needs ``id`` and ``made_at``); durable when this returns (OSError otherwise)."""
        path = self.dir / f"{item['made_at'].replace(':', '').replace('-', '')}-{item['id']}.json"
        write_atomic(path, json.dumps(item, ensure_ascii=False))  # fsynced file and folder
        return path

    def items(self) -> list[tuple[Path, dict[str, Any]]]:
        """The kept items, oldest first; unreadable files go to ``bad/`` (listed in ``self.bad``)."""
        out: list[tuple[Path, dict[str, Any]]] = []
        self.bad = []
        for path in sorted(self.dir.glob("*.json")):
            try:
                item = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(item, dict) or "kind" not in item or "id" not in item:
                    raise ValueError("not an outbox item")
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                log.error("QA outbox: %s cannot be read (%s); moved to bad/", path.name, exc)
                self._move(path, "bad")
                self.bad.append(path.name)
                continue
            out.append((path, item))
        return out

    def done(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def refuse(self, path: Path, code: str) -> Path:
        """Set the item aside in ``refused/`` with the center's code; where it went."""
        try:
            item = json.loads(path.read_text(encoding="utf-8"))
            item["refused"] = code
            path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
        except (OSError, ValueError):
            pass
        return self._move(path, "refused")

    def __len__(self) -> int:
        return len(list(self.dir.glob("*.json")))

    def _move(self, path: Path, folder: str) -> Path:
        target = self.dir / folder / path.name
        target.parent.mkdir(exist_ok=True)
        os.replace(path, target)
        return target

