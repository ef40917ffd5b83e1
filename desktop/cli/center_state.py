"""The state file of ``hotline center run`` (``<data dir>/center/state.json``): who runs, by PID.

    {"pid": 1234, "run": {"pid": 1234, "start": 98765}, "port": 5060, "evapi_port": ..., "ready": true,
     "children": {"kamailio": {"pid", "start", "pgid"}, "director": {...}, "announcer": {...},
                  "music": {...}, "watchdog": {...}}, ...}

A PID alone is not proof: each process is named with its start time (telephony.center.procs), so a
PID reused by an unrelated process is not taken for the center's. The run rewrites the file when a
child is restarted; ``center stop`` ends the children still running after their run is gone
(orphans of a killed run), by process group.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from telephony.center.procs import end_group, group_alive, is_running


def center_dir() -> Path:
    from hotline.paths import data_dir

    path = data_dir() / "center"
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_state() -> dict[str, Any] | None:
    """The state file's content, or None (absent or unreadable)."""
    path = center_dir() / "state.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_state(state: dict[str, Any]) -> None:
    """Replace the state file atomically (``center status`` may read it at any moment)."""
    path = center_dir() / "state.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path)


def remove_state() -> None:
    (center_dir() / "state.json").unlink(missing_ok=True)


def run_alive(state: dict[str, Any] | None) -> bool:
    """The ``center run`` process of ``state`` is still running."""
    if not state:
        return False
    return is_running(state.get("run") or {"pid": int(state.get("pid", 0))})


def live_children(state: dict[str, Any] | None) -> dict[str, dict[str, int]]:
    """The children of ``state`` still running (name -> identity): the process itself, or members of
    its group (Kamailio's workers outlive a main process killed alone; a PID still used as a group
    id is not given to a new process, so the group is still this child's)."""
    children = (state or {}).get("children") or {}
    return {name: ident for name, ident in children.items()
            if is_running(ident) or (ident.get("pgid") and group_alive(int(ident["pgid"])))}


def describe(children: dict[str, dict[str, int]]) -> str:
    return ", ".join(f"{name} PID {ident['pid']}" for name, ident in sorted(children.items()))


def end_orphans(state: dict[str, Any] | None) -> dict[str, dict[str, int]]:
    """End (SIGTERM, then SIGKILL, by process group) the children of ``state`` still running."""
    left = live_children(state)
    for ident in left.values():
        end_group(int(ident.get("pgid") or ident["pid"]))
    return left
