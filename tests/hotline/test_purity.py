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


#: the third-party packages the domain may use, each deliberately: the official holiday data, and the
#: lunar calendar and solar terms of the statutory holidays for a provisional year (issue 11); Google's
#: phone number metadata, to put every caller's number in one canonical form (hotline.phones, desk issue 6)
ALLOWED_THIRD_PARTY = {"chinese_calendar", "lunar_python", "phonenumbers"}


def test_the_domain_uses_only_the_listed_third_party_packages():
    root = Path(hotline.__file__).parent
    modules = sorted(
        "hotline." + ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for p in root.rglob("*.py")
    )
    modules = [m.removesuffix(".") for m in modules]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "from datetime import date\n"
        "from hotline.workcalendar import default_calendar\n"
        "default_calendar().is_workday(date(2027, 2, 5))  # a provisional year loads the lunar library\n"
        "tops = {m.split('.')[0] for m in sys.modules}\n"
        "print(','.join(sorted(t for t in tops if t not in sys.stdlib_module_names and t[0] != '_'"
        " and t != 'hotline')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert set(out.stdout.strip().split(",")) == ALLOWED_THIRD_PARTY
