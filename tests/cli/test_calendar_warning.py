"""The missing calendar year is announced in time: ``db status`` and the center's board (issue 11).

The packaged official data (chinesecalendar 1.11) ends on 2026-12-31; from 90 days before it (10-02)
the status and the board name 2027 and say how to add it; ``--calendar-warn-days`` changes the lead.
"""

import json

from desktop.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def status(capsys, db, *extra):
    code, out, err = run(capsys, "db", "status", "--db", db, "--json", *extra)
    assert code == 0, err
    return json.loads(out)["calendar"]


def test_db_status_warns_from_90_days_before_the_official_data_ends(db_url, capsys):
    assert run(capsys, "db", "upgrade", "--db", db_url)[0] == 0
    assert status(capsys, db_url, "--today", "2026-10-01") == {
        "official_until": "2026-12-31", "provisional_years": [], "warning": "",
    }
    on_the_day = status(capsys, db_url, "--today", "2026-10-02")  # 2026-12-31 less 90 days
    assert on_the_day["official_until"] == "2026-12-31" and on_the_day["provisional_years"] == [2027]
    assert "缺少 2027 年" in on_the_day["warning"] and "hotline db add-year 2027" in on_the_day["warning"]
    assert status(capsys, db_url, "--today", "2026-11-30", "--calendar-warn-days", "30")["warning"] == ""
    assert status(capsys, db_url, "--today", "2026-12-01", "--calendar-warn-days", "30")["provisional_years"] == [2027]
    # past the end and close to the next: both missing years are named
    assert status(capsys, db_url, "--today", "2027-10-15")["provisional_years"] == [2027, 2028]
    code, out, err = run(capsys, "db", "status", "--db", db_url, "--today", "2026-12-18")
    assert code == 0, err
    assert "calendar   2004–2026 (23 years)" in out
    assert "！工作日历官方数据截至 2026-12-31，缺少 2027 年" in out and "hotline db add-year 2027 文件.csv" in out


def test_the_warning_goes_once_the_year_is_added(sqlite_url, tmp_path, capsys):
    assert run(capsys, "db", "upgrade", "--db", sqlite_url)[0] == 0
    csv = tmp_path / "2027.csv"
    csv.write_text("2027-01-01,休,元旦\n", encoding="utf-8")
    assert run(capsys, "db", "add-year", "2027", str(csv), "--db", sqlite_url)[0] == 0
    assert status(capsys, sqlite_url, "--today", "2026-12-18") == {
        "official_until": "2027-12-31", "provisional_years": [], "warning": "",
    }


def test_the_board_says_which_year_is_missing(sqlite_url, capsys):
    assert run(capsys, "db", "upgrade", "--db", sqlite_url)[0] == 0
    code, out, err = run(capsys, "board", "--db", sqlite_url, "--today", "2026-12-18")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("== 队列实时数据") and lines[1].startswith("！日历 工作日历官方数据截至 2026-12-31，缺少 2027 年")
    code, out, err = run(capsys, "board", "--db", sqlite_url, "--today", "2026-12-18", "--json")
    assert json.loads(out)["calendar"]["provisional_years"] == [2027]
    code, out, err = run(capsys, "board", "--db", sqlite_url, "--today", "2026-06-01")
    assert code == 0 and "！日历" not in out
