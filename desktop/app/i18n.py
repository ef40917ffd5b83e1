"""The desk's languages: Simplified Chinese is the source text; English comes from a Qt translation.

``install(app, "en")`` loads ``resources/i18n/desk_en.qm`` (built from ``desk_en.ts`` by
``pyside6-lrelease`` at install; compiled here on first use when only the .ts is present).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"


def qm_file(language: str) -> Path | None:
    """The compiled translation for ``language`` (None for Chinese, the source language)."""
    if language == "zh_CN":
        return None
    qm = I18N / f"desk_{language}.qm"
    ts = I18N / f"desk_{language}.ts"
    if not qm.exists() and ts.exists():
        tool = shutil.which("pyside6-lrelease")
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
    app.installTranslator(translator)
    app._hotline_translator = translator  # keep it alive with the app
    return True
