"""``python -m bench installer [--dist DIR] [--keep]``: build the PyInstaller bundle and run it for real.

Builds ``build_installer.spec`` with this environment's PyInstaller into a temporary folder outside
the work tree (``--distpath``/``--workpath``; the spec compiles the .qm translations in place, which
git ignores), measures the build time and the size of ``dist/hotline/``, then runs the frozen checks
of bench.installer_smoke: ``hotline rules due``, ``db upgrade``/``seed-demo``, ``center run`` until
ready (its helper processes are the bundle's ``hotline _child MODULE``), and the desk offscreen
through login, registration with a lab Kamailio and one answered call from a caller that is itself
the bundle's helper process (``hotline _child telephony.lab.peer``). ``--dist DIR`` skips the build
and checks the bundle in DIR (``DIR/hotline/hotline``). The last printed line is JSON; it is also
written to bench/results/installer.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.installer_smoke import smoke

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "installer.json"
BUILD_TIMEOUT_S = 1800


def pyinstaller() -> list[str]:
    """This environment's PyInstaller (the ``installer`` extra)."""
    beside = Path(sys.executable).parent / "pyinstaller"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "PyInstaller"]


def build(out: Path) -> tuple[Path, float]:
    """Build the bundle into ``out``; returns (the ``hotline`` executable, seconds taken)."""
    start = time.monotonic()
    done = subprocess.run([*pyinstaller(), str(ROOT / "build_installer.spec"), "--noconfirm", "--log-level", "WARN",
                           "--distpath", str(out / "dist"), "--workpath", str(out / "build")],
                          cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        raise RuntimeError(f"pyinstaller failed ({done.returncode}): {done.stderr[-3000:]}")
    return out / "dist" / "hotline" / "hotline", seconds


def bundle_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def measure(dist: Path | None = None, keep: bool = False) -> dict[str, Any]:
    """Build (unless ``dist`` is given) and check the bundle; the figures as a dict."""
    out = Path(tempfile.mkdtemp(prefix="hotline-installer-"))
    try:
        figures: dict[str, Any] = {}
        if dist is None:
            exe, seconds = build(out)
            figures["build_s"] = round(seconds, 1)
        else:
            exe = dist / "hotline" / "hotline"
        size, files = bundle_size(exe.parent)
        figures.update(bundle_mb=round(size / 2**20, 1), bundle_files=files)
        figures.update(smoke(exe, out / "smoke"))
        figures["ok"] = True
        if keep:
            figures["kept"] = str(out)
        return figures
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)


def main(argv: list[str]) -> int:
    """Run the benchmark; prints the figures, last line JSON."""
    ap = argparse.ArgumentParser(prog="python -m bench installer")
    ap.add_argument("--dist", type=Path, help="check the bundle already built in DIR (DIR/hotline/hotline)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary build folder")
    args = ap.parse_args(argv)
    figures = measure(args.dist, args.keep)
    print(f"build           {figures.get('build_s', '-')} s   (pyinstaller build_installer.spec)")
    print(f"bundle          {figures['bundle_mb']} MB in {figures['bundle_files']} files (dist/hotline/)")
    print(f"rules due       {figures['rules_due']}")
    print(f"center ready    {figures['center_ready_s']} s; helpers: {figures['center_helpers']}")
    print(f"desk registered {figures['desk_registered_s']} s after start; call: {figures['call']}")
    if args.dist is None:
        kept = {k: v for k, v in figures.items() if k != "kept"}
        RESULTS.write_text(json.dumps(kept, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False))
    return 0
