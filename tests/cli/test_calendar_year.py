"""A year the packaged calendar lacks is provisional (暂定) until the center adds it; then it reaches the desks.

docs/REGULATIONS.md: the PRC official calendar with 调休 decides what a working day is. Without the
State Council's notice a year is counted on the statutory holidays (《全国年节及纪念日放假办法》第二条)
and every deadline on it is marked 暂定; the official year added at the center replaces it.
"""

import json

from desktop.cli.main import main

YEAR_2027 = """date,kind,name
# an administrator's file; the days below are test data, not the State Council's notice
2027-01-01,休,元旦
2027-01-04,休,测试假日
2027-01-09,班,测试调休
"""


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def due_2027(capsys, db):
    # 凉山 第十二条(二): sign within 1 working day
    return run(capsys, "rules", "due", "--profile", "liangshan", "--clock", "sign", "--category", "help",
               "--from", "2027-01-01T10:00", "--db", db)


def test_a_year_added_at_the_center_reaches_a_desk_with_its_next_pull(tmp_path, pg_url, capsys):
    desk = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    # provisional: 01-01 (Fri) is 元旦 by statute; the next working day is Mon 01-04
    code, out, err = due_2027(capsys, pg_url)
    assert (code, out.strip()) == (0, "2027-01-04T17:30:00+08:00 暂定"), err
    assert "2027" in err and "hotline db add-year 2027" in err
    csv = tmp_path / "2027.csv"
    csv.write_text(YEAR_2027, encoding="utf-8")
    code, out, err = run(capsys, "db", "add-year", "2027", str(csv), "--db", pg_url)
    assert code == 0, err
    assert "2 holidays, 1 make-up workdays" in out
    # 01-01 holiday (Fri), 01-02/03 weekend, 01-04 holiday -> the first working day after is Tue 01-05
    code, out, err = due_2027(capsys, pg_url)
    assert (code, out.strip()) == (0, "2027-01-05T17:30:00+08:00"), err
    code, out, err = due_2027(capsys, desk)
    assert (code, out.strip()) == (0, "2027-01-04T17:30:00+08:00 暂定"), err
    code, out, err = run(capsys, "sync", "--db", desk, "--central", pg_url, "--json")
    assert code == 0, err and json.loads(out)["pulled"] >= 1
    code, out, err = due_2027(capsys, desk)
    assert (code, out.strip()) == (0, "2027-01-05T17:30:00+08:00"), err
    assert err == ""


def test_a_make_up_saturday_counts_as_a_working_day(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    csv = tmp_path / "2027.csv"
    csv.write_text(YEAR_2027, encoding="utf-8")
    assert run(capsys, "db", "add-year", "2027", str(csv), "--db", db)[0] == 0
    # 凉山 第十二条(二): sign within 1 working day; Fri 01-08 -> Sat 01-09 is a make-up workday
    code, out, _ = run(capsys, "rules", "due", "--profile", "liangshan", "--clock", "sign", "--category", "help",
                       "--from", "2027-01-08T10:00", "--db", db)
    assert out.strip() == "2027-01-09T17:30:00+08:00"


def test_a_bad_calendar_file_names_the_line_and_changes_nothing(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    csv = tmp_path / "bad.csv"
    csv.write_text("2027-01-01,休,元旦\n2027-13-01,班,\n", encoding="utf-8")
    code, _, err = run(capsys, "db", "add-year", "2027", str(csv), "--db", db)
    assert code == 2 and f"{csv}:2" in err and "not a date" in err
    csv.write_text("2027-01-01,假,元旦\n", encoding="utf-8")
    code, _, err = run(capsys, "db", "add-year", "2027", str(csv), "--db", db)
    assert code == 2 and "kind must be 班" in err
    csv.write_text("2026-01-01,休,元旦\n", encoding="utf-8")
    code, _, err = run(capsys, "db", "add-year", "2027", str(csv), "--db", db)
    assert code == 2 and "not in 2027" in err
    code, out, err = due_2027(capsys, db)
    assert (code, out.strip()) == (0, "2027-01-04T17:30:00+08:00 暂定"), err
