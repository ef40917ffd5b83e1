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


# Issue 11, the December case: a complaint on Fri 2026-12-18 whose clock runs into 2027, which has no
# official holiday notice. Counted on the statutory days (01-01 Fri 元旦; 01-02/03 the weekend), from
# 12-18: 12-21..25 are working days 1-5, 12-28..31 are 6-9, Mon 01-04 is 10, Tue 01-05 is 11.
DECEMBER = [
    (["--profile", "liangshan", "--clock", "finish", "--category", "投诉", "--from", "2026-12-18T10:00"],
     "2027-01-04T17:30:00+08:00 暂定"),  # 凉山 第十二条(二) 10 working days
    (["--profile", "hohhot", "--clock", "finish", "--category", "投诉", "--from", "2026-12-18T10:00"],
     "2027-01-04T17:30:00+08:00 暂定"),  # 呼和浩特 第十六条(三) 10 working days
    (["--profile", "national", "--clock", "finish", "--category", "投诉", "--from", "2026-12-18T10:00"],
     "2027-01-04T17:30:00+08:00 暂定"),  # national default 10 working days
    (["--profile", "ordos", "--clock", "finish", "--category", "投诉", "--from", "2026-12-18T10:00"],
     "2026-12-29T17:30:00+08:00"),  # 鄂尔多斯 第十九条(二) 7 working days: still inside 2026, official
    (["--profile", "ordos", "--clock", "extension", "--category", "投诉", "--from", "2026-12-18T10:00"],
     # 第十九条(八) 7 + 15: from 12-29, 12-30/31 are 1-2, 01-04..08 are 3-7, 01-11..15 8-12, 01-18..20 13-15
     "2027-01-20T17:30:00+08:00 暂定"),
    (["--profile", "changzhi", "--clock", "initial-reply", "--category", "投诉", "--from", "2026-12-28T10:00"],
     "2027-01-05T17:30:00+08:00 暂定"),  # 长治 5 working days: 12-29..31 are 1-3, 01-04 4, 01-05 5
]


@pytest.mark.parametrize(("args", "expected"), DECEMBER, ids=[f"{a[1]}-{a[3]}" for a, _ in DECEMBER])
def test_december_complaints_get_a_provisional_january_due(args, expected):
    out = hotline("rules", "due", *args)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected
    if expected.endswith("暂定"):
        assert "2027" in out.stderr and "hotline db add-year 2027" in out.stderr
    else:
        assert out.stderr == ""


def test_december_due_as_json_says_provisional():
    out = hotline("rules", "due", "--profile", "liangshan", "--clock", "finish", "--category", "投诉",
                  "--from", "2026-12-18T10:00", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "due": "2027-01-04T17:30:00+08:00", "clock": "finish", "span": {"amount": 10.0, "unit": "working_days"},
        "article": "第十二条(二)", "provisional": True,
    }
    out = hotline("rules", "due", "--profile", "liangshan", "--clock", "sign", "--category", "投诉",
                  "--from", "2026-12-18T10:00", "--json")
    assert json.loads(out.stdout)["provisional"] is False and json.loads(out.stdout)["due"].startswith("2026-12-21")


def test_a_year_that_cannot_be_provisional_exits_2_with_the_named_message():
    # 2003: before the packaged data and before the amended statute: never guessed, and no traceback
    out = hotline("rules", "due", "--profile", "liangshan", "--clock", "sign", "--category", "help",
                  "--from", "2003-03-03T10:00:00+08:00")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "工作日历缺少 2003 年" in out.stderr and "hotline db add-year 2003" in out.stderr


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
