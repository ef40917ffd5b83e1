"""``hotline rules``: due times as one ISO line, refusals with status 2 and the article, ``show``.

Runs the real command in a subprocess (``python -m desktop.cli.main``). Expected times are worked
out by hand on the 2026 calendar: from Wed 09-30 the 5th working day is Tue 10-13 (国庆 10-01..07
off, Sat 10-10 a make-up working day).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def hotline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli.main", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--profile", "liangshan", "--clock", "finish", "--category", "咨询", "--from", "2026-09-30T10:00:00+08:00"],
         "2026-10-13T17:30:00+08:00"),  # 第十二条(二) 5 working days
        (["--profile", "liangshan", "--clock", "sign", "--category", "help", "--from", "2026-09-30T10:00"],
         "2026-10-08T17:30:00+08:00"),  # 第十二条(二) 1 working day
        (["--profile", "liangshan", "--clock", "first-response", "--category", "求助", "--urgency", "emergency",
          "--from", "2026-10-01T23:00+08:00"], "2026-10-02T01:00:00+08:00"),  # 第十二条(四) 2 hours
        (["--profile", "hohhot", "--clock", "finish", "--category", "complaint", "--urgency", "special",
          "--from", "2026-09-30T20:00+08:00"], "2026-10-01T20:00:00+08:00"),  # 第十六条(二) 24 hours
        (["--profile", "ordos", "--clock", "extension", "--category", "求助", "--from", "2026-09-30T10:00+08:00",
          "--db", "sqlite:///ignored.sqlite3"], "2026-11-05T17:30:00+08:00"),  # 第十九条(八) 7 + 15 wd
        (["--profile", "ordos", "--clock", "callback", "--category", "consult",
          "--from", "2026-10-09T10:00:00Z"], "2026-10-10T17:30:00+08:00"),  # 第二十一条, UTC input
    ],
    ids=["liangshan_finish_第十二条二", "liangshan_sign_第十二条二", "liangshan_first_response_第十二条四",
         "hohhot_special_第十六条二", "ordos_extension_第十九条八", "ordos_callback_第二十一条"],
)
def test_due_prints_one_iso_line(args, expected):
    out = hotline("rules", "due", *args)
    assert out.returncode == 0, out.stderr
    assert out.stdout == expected + "\n"


def test_forbidden_clock_exits_2_with_reason_and_article():
    out = hotline("rules", "due", "--profile", "liangshan", "--clock", "extension", "--category", "咨询",
                  "--from", "2026-09-30T10:00:00+08:00")
    assert out.returncode == 2 and out.stdout == ""
    assert "咨询类工单原则上不予延期" in out.stderr and "第十二条(三)" in out.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--profile", "inner-mongolia", "--clock", "sign", "--category", "help"], "第十一条(三)"),
        (["--profile", "changzhi", "--clock", "sign", "--category", "help"], "no such clock"),
        (["--profile", "atlantis", "--clock", "finish", "--category", "help"], "no such profile"),
        (["--profile", "liangshan", "--clock", "finish", "--category", "gossip"], "unknown category"),
        (["--profile", "liangshan", "--clock", "finish", "--category", "help", "--urgency", "panic"], "unknown urgency"),
    ],
    ids=["unset_第十一条三", "no_clock", "no_profile", "bad_category", "bad_urgency"],
)
def test_unavailable_or_bad_input_exits_2(args, needle):
    out = hotline("rules", "due", *args, "--from", "2026-09-30T10:00:00+08:00")
    assert out.returncode == 2
    assert needle in out.stderr


def test_missing_calendar_year_exits_2():
    out = hotline("rules", "due", "--profile", "liangshan", "--clock", "sign", "--category", "help",
                  "--from", "2027-03-01T10:00:00+08:00")
    assert out.returncode == 2 and "2027" in out.stderr


def test_bad_time_exits_2():
    out = hotline("rules", "due", "--profile", "liangshan", "--clock", "sign", "--category", "help",
                  "--from", "yesterday")
    assert out.returncode == 2 and "ISO-8601" in out.stderr


def test_show_lists_clocks_with_articles_and_flags():
    out = hotline("rules", "show", "liangshan")
    assert out.returncode == 0, out.stderr
    for needle in ("签收时限", "第十二条(二)", "第十二条(三)", "late_return_counts_overdue", "第十三条(四)", "催办"):
        assert needle in out.stdout


def test_show_json():
    out = hotline("rules", "show", "ordos", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["clocks"]["callback"]["default"] == {
        "kind": "span", "amount": 1.0, "unit": "working_days", "article": "第二十一条",
        "note": data["clocks"]["callback"]["default"]["note"],
    }
    assert data["flags"]["repeated_same_matter"] == {"value": "explain-and-chase", "article": "第十八条(四)"}
    assert data["targets"]["callback_rate"]["value"] == 1.0


def test_list_profiles():
    out = hotline("rules", "list")
    assert out.stdout.split() == ["changzhi", "hohhot", "inner-mongolia", "liangshan", "national", "ordos"]


def test_rules_cli_imports_no_sqlalchemy():
    code = (
        "import sys; from desktop.cli.main import main\n"
        "main(['rules', 'due', '--profile', 'national', '--clock', 'sign', '--category', 'help',"
        " '--from', '2026-03-10T10:00'])\n"
        "assert not [m for m in sys.modules if m.startswith('sqlalchemy')], 'sqlalchemy imported'\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2026-03-11T17:30:00+08:00"


def test_installed_entry_point_runs():
    exe = Path(sys.executable).parent / "hotline"
    if not exe.exists():
        pytest.fail(f"{exe} missing: the package is not installed in the venv")
    out = subprocess.run([str(exe), "rules", "due", "--profile", "changzhi", "--clock", "return",
                          "--category", "投诉", "--from", "2026-09-30T10:00+08:00"],
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2026-10-08T17:30:00+08:00"  # 三(三) 1 working day
