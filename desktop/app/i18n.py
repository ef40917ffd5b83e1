"""The desk's languages: Simplified Chinese is the source text; English comes from a Qt translation.

``install(app, "en")`` loads ``resources/i18n/desk_en.qm`` (built from ``desk_en.ts`` by
``pyside6-lrelease`` at install, bootstrap.sh; compiled here on first use when only the .ts is
present or the .ts is newer). ``uninstall(app)`` takes it out again (the text is Chinese again for
widgets built afterwards). The messages are collected by ``python -m desktop.app.i18n_extract``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from hotline.paths import resources_dir

I18N = resources_dir() / "i18n"  # inside the installer's bundle too (HOTLINE_RESOURCES)


def _lrelease() -> str | None:
    """``pyside6-lrelease`` on PATH or next to this interpreter (a venv that is not activated)."""
    found = shutil.which("pyside6-lrelease")
    if found:
        return found
    beside = Path(sys.executable).parent / "pyside6-lrelease"
    return str(beside) if beside.exists() else None


def qm_file(language: str) -> Path | None:
    """The compiled translation for ``language`` (None for Chinese, the source language)."""
    if language == "zh_CN":
        return None
    qm = I18N / f"desk_{language}.qm"
    ts = I18N / f"desk_{language}.ts"
    stale = ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime)
    tool = _lrelease() if stale else None
    if tool:
        subprocess.run([tool, str(ts), "-qm", str(qm)], capture_output=True, timeout=60, check=False)
    return qm if qm.exists() else None


def install(app: Any, language: str) -> bool:
    """Install the translator for ``language``; False when there is none (the text stays Chinese)."""
    from PySide6.QtCore import QTranslator

    qm = qm_file(language)
    if qm is None:
        return False
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        return False
    uninstall(app)
    app.installTranslator(translator)
    app._hotline_translator = translator  # keep it alive with the app
    return True


def uninstall(app: Any) -> None:
    """Remove the translator ``install`` put in (nothing when there is none)."""
    translator = getattr(app, "_hotline_translator", None)
    if translator is not None:
        app.removeTranslator(translator)
        app._hotline_translator = None
