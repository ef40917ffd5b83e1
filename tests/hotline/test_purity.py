"""The domain package imports no Qt, SQLAlchemy or pjsua2 (docs/ARCHITECTURE.md, Packages)."""

import subprocess
import sys
from pathlib import Path

import hotline

FORBIDDEN = ("PySide6", "sqlalchemy", "pjsua2", "alembic", "psycopg")


def test_importing_every_domain_module_loads_no_framework():
    root = Path(hotline.__file__).parent
    modules = sorted(
        "hotline." + ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for p in root.rglob("*.py")
    )
    modules = [m.removesuffix(".") for m in modules]
    assert len(modules) >= 5
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"domain imported: {out.stdout}"
