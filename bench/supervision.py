"""``python -m bench supervision``: the team lead's and supervisor's figures in one run.

Runs the three parts side by side, each with its own baseline, and gathers the keys the
supervision issue asks for:
- board-live (bench/board_live.py): director event -> board repaint while agents take calls;
- recstore (bench/recstore.py): recording size per minute, uploads through an nginx restart;
- recordings (bench/recordings.py): recording search over 1M rows.
Each part also writes its own results file; this one writes bench/results/supervision.json.
The last printed line is JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
PARTS = ("board_live", "recstore", "recordings")


def _part(name: str, quick: bool) -> dict[str, Any]:
    module = importlib.import_module(f"bench.{name}")
    started = time.monotonic()
    result = module.measure(quick=quick)
    print(f"[supervision] {name}: {time.monotonic() - started:.1f} s", flush=True)
    return result


def gather(quick: bool) -> dict[str, Any]:
    """Run every part and fold its keys into the issue's summary."""
    board, rec, search = (_part(name, quick) for name in PARTS)
    return {
        "board_update_ms": board["board_update_ms"],
        "agents": board["agents"],
        "cps": board["cps"],
        "recordings": search["recordings"],
        "recording_search_ms": search["recording_search_ms"],
        "recording_mb_per_min": rec["recording_mb_per_min"],
        "upload": rec["upload"],
        "parts": {"board_live": board, "recstore": rec, "recordings": search},
        "quick": quick,
    }


def main(argv: list[str]) -> int:
    """Run the parts, print the summary and write bench/results/supervision.json."""
    parser = argparse.ArgumentParser(prog="python -m bench supervision")
    parser.add_argument("--quick", action="store_true", help="smaller loads, for a smoke run")
    args = parser.parse_args(argv)
    summary = gather(args.quick)
    RESULTS.mkdir(exist_ok=True)
    if not args.quick:
        (RESULTS / "supervision.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "parts"}, ensure_ascii=False))
    return 0
