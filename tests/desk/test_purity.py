"""Widgets never import pjsua2, SQLAlchemy, storage or an engine: they get models and signals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.desk
UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"
FORBIDDEN = ("pjsua2", "sqlalchemy", "psycopg", "storage", "telephony", "desktop.app", "desktop.cli")
ALLOWED = ("telephony.softphone.model",)  # frozen snapshots, no pjsua2 behind them


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_widget_imports_an_engine_or_the_database():
    files = sorted(UI.glob("*.py"))
    assert len(files) >= 6  # the panes are really there
    bad = {f.name: sorted(n for n in imports(f) if n.startswith(FORBIDDEN) and not n.startswith(ALLOWED))
           for f in files}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_check_catches_a_forbidden_import(tmp_path):
    sample = tmp_path / "w.py"
    sample.write_text("from storage.uow import UnitOfWork\nimport pjsua2\n", encoding="utf-8")
    assert {n for n in imports(sample) if n.startswith(FORBIDDEN)} == {"storage.uow", "pjsua2"}
