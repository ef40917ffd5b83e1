"""Tickets on a provisional calendar year (issue 11): dispatched with 暂定 deadlines, then the official
year is added and the open tickets' deadlines move, each move recorded with its reason.

凉山 第十二条(二): sign within 1 working day, consult 5, help 7, complaint 10 working days.
Provisional 2027 (《全国年节及纪念日放假办法》第二条, no 调休): Fri 01-01 元旦 off; no other day in
January off. The "official" 2027 file below is test data, not the State Council's notice: 01-01 and
Mon 01-04 off, Sat 01-09 a make-up working day. Worked out by hand:

A  complaint dispatched Fri 2026-12-18: 12-21..25 (1-5), 12-28..31 (6-9); provisional Mon 01-04 is 10,
   official 01-04 is off so Tue 01-05 is 10. Sign Mon 12-21 either way.
B  help dispatched Fri 2027-01-08: provisional sign Mon 01-11, finish 01-11..15 (1-5), 01-18 (6),
   01-19 (7); official Sat 01-09 works: sign 01-09, finish 01-09 (1), 01-11..15 (2-6), 01-18 (7).
C  complaint dispatched 2026-12-18 like A but closed on 12-22: never rewritten.
D  consult dispatched Tue 2026-12-01: 12-02..04, 12-07, 12-08: due inside 2026, not concerned.
E  consult dispatched Mon 2027-03-01: 03-02..05, 03-08 the same either way: marks go, no event.
"""

import json

import pytest

from desktop.cli.main import main

OFFICIAL_2027 = """date,kind,name
# test data: an "official" notice with one more day off and a make-up Saturday
2027-01-01,休,元旦
2027-01-04,休,测试假日
2027-01-09,班,测试调休
"""
REASON = "2027 年官方放假安排已公布，替换暂定日历 (calendar year published: the official 2027 calendar replaced the provisional one)"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def ticket(capsys, db, *argv):
    code, out, err = run(capsys, "ticket", *argv, "--db", db, "--json")
    assert code == 0, (argv, err)
    return json.loads(out)


def open_ticket(capsys, db, category, created, dispatched, content):
    view = ticket(capsys, db, "create", "--profile", "liangshan", "--category", category, "--content", content,
                  "--phone", "13800000011", "--at", created)
    return ticket(capsys, db, "dispatch", view["number"], "--unit", "qc.cgj", "--at", dispatched)


def show(capsys, db, number, *extra):
    code, out, err = run(capsys, "ticket", "show", number, "--db", db, *extra)
    assert code == 0, err
    return out


@pytest.fixture
def center(db_url, capsys):
    code, _, err = run(capsys, "db", "seed-demo", "--db", db_url)
    assert code == 0, err
    return db_url


def test_a_december_complaint_is_dispatched_with_a_provisional_due_第十二条二(center, capsys):
    a = open_ticket(capsys, center, "投诉", "2026-12-18T10:00", "2026-12-18T10:30", "工地夜间施工噪音")
    (part,) = a["assignments"]
    unit = part["unit_id"]
    assert (part["sign_due"], part["finish_due"]) == ("2026-12-21T17:30:00+08:00", "2027-01-04T17:30:00+08:00")
    assert a["provisional"] == ["finish", f"finish:{unit}"]
    out = show(capsys, center, a["number"], "--at", "2026-12-18T12:00")
    assert "办结时限 2027-01-04 17:30（暂定）" in out and "签收时限 2026-12-21 17:30  " in out
    assert f"时限 办结 {unit}  2027-01-04 17:30（暂定）  正常" in out
    assert f"时限 签收 {unit}  2026-12-21 17:30  正常" in out
    shown = json.loads(show(capsys, center, a["number"], "--json", "--at", "2026-12-18T12:00"))
    assert {c["clock"]: c["provisional"] for c in shown["clocks"]} == {"sign": False, "finish": True}
    code, out, _ = run(capsys, "ticket", "list", "--db", center)
    assert code == 0 and f"{a['number']}" in out and "时限暂定" in out


# the December complaint dispatched on every profile: 10 working days from Fri 2026-12-18 is Mon
# 2027-01-04 on the provisional year (01-01 元旦); 7 (Ordos 第十九条(二)) is 12-29, inside 2026; Changzhi
# sets no finish clock for complaints but 5 working days to an initial reply (12-25); Inner Mongolia
# sets no numbers (第十一条(三) 限时答复)
EVERY_PROFILE = [
    ("liangshan", "2027-01-04T17:30:00+08:00", True),  # 第十二条(二)
    ("hohhot", "2027-01-04T17:30:00+08:00", True),  # 第十六条(三)
    ("national", "2027-01-04T17:30:00+08:00", True),  # product default
    ("ordos", "2026-12-29T17:30:00+08:00", False),  # 第十九条(二)
    ("changzhi", None, False),  # 三(三): complaints unset
    ("inner-mongolia", None, False),  # 第十一条(三)
]


@pytest.mark.parametrize(("profile", "finish", "provisional"), EVERY_PROFILE, ids=[p[0] for p in EVERY_PROFILE])
def test_the_december_complaint_dispatches_on_every_profile(sqlite_url, capsys, profile, finish, provisional):
    assert run(capsys, "db", "seed-demo", "--db", sqlite_url)[0] == 0
    view = ticket(capsys, sqlite_url, "create", "--profile", profile, "--category", "投诉", "--content", "噪音",
                  "--phone", "13800000013", "--at", "2026-12-18T10:00")
    view = ticket(capsys, sqlite_url, "dispatch", view["number"], "--unit", "qc.cgj", "--at", "2026-12-18T10:30")
    assert view["state"] == "dispatched" and view["finish_due"] == finish
    assert ("finish" in view["provisional"]) is provisional
    out = show(capsys, sqlite_url, view["number"], "--at", "2026-12-18T12:00")
    assert ("2027-01-04 17:30（暂定）" in out) is provisional


def test_the_official_year_moves_open_deadlines_and_records_why(center, tmp_path, capsys):
    a = open_ticket(capsys, center, "投诉", "2026-12-18T10:00", "2026-12-18T10:30", "A 工地夜间施工噪音")
    b = open_ticket(capsys, center, "求助", "2027-01-08T09:00", "2027-01-08T10:00", "B 小区停电求助")
    c = open_ticket(capsys, center, "投诉", "2026-12-18T11:00", "2026-12-18T11:30", "C 占道经营")
    for argv in (("sign", "--unit", "qc.cgj", "--at", "2026-12-21T09:00"),
                 ("reply", "--unit", "qc.cgj", "--text", "已处理", "--at", "2026-12-22T10:00"),
                 ("review", "--accept", "--at", "2026-12-22T11:00"),
                 ("callback", "--method", "sms", "--satisfaction", "满意", "--resolved", "yes",
                  "--at", "2026-12-22T15:00")):
        c = ticket(capsys, center, argv[0], c["number"], *argv[1:])
    assert c["state"] == "closed"
    d = open_ticket(capsys, center, "咨询", "2026-12-01T10:00", "2026-12-01T10:30", "D 医保咨询")
    e = open_ticket(capsys, center, "咨询", "2027-03-01T10:00", "2027-03-01T10:30", "E 公积金咨询")
    unit = a["assignments"][0]["unit_id"]
    assert b["assignments"][0]["sign_due"] == "2027-01-11T17:30:00+08:00"
    assert b["finish_due"] == "2027-01-19T17:30:00+08:00"
    assert d["finish_due"] == "2026-12-08T17:30:00+08:00" and d["provisional"] == []
    # every due time of E lies in 2027, the dispatch clock (3 working hours, 第十二条(一)) too
    assert e["finish_due"] == "2027-03-08T17:30:00+08:00"
    assert e["provisional"] == ["dispatch", "finish", f"finish:{unit}", f"sign:{unit}"]
    events_before = {v["number"]: len(show_events(capsys, center, v["number"])) for v in (a, b, c, d, e)}

    csv = tmp_path / "2027.csv"
    csv.write_text(OFFICIAL_2027, encoding="utf-8")
    code, out, err = run(capsys, "db", "add-year", "2027", str(csv), "--db", center, "--at", "2027-01-08T12:00")
    assert code == 0, err
    assert "2 holidays, 1 make-up workdays; replaced the provisional year" in out
    assert "open tickets re-counted: 2 with moved deadlines (时限调整), 1 unchanged" in out
    assert f"{a['number']}: 办结 2027-01-04 17:30 → 2027-01-05 17:30" in out

    moved = {
        a["number"]: [
            {"deadline": "finish", "from": "2027-01-04T17:30:00+08:00", "to": "2027-01-05T17:30:00+08:00"},
            {"deadline": f"finish:{unit}", "from": "2027-01-04T17:30:00+08:00", "to": "2027-01-05T17:30:00+08:00"},
        ],
        b["number"]: [
            {"deadline": "finish", "from": "2027-01-19T17:30:00+08:00", "to": "2027-01-18T17:30:00+08:00"},
            {"deadline": f"finish:{unit}", "from": "2027-01-19T17:30:00+08:00", "to": "2027-01-18T17:30:00+08:00"},
            {"deadline": f"sign:{unit}", "from": "2027-01-11T17:30:00+08:00", "to": "2027-01-09T17:30:00+08:00"},
        ],
    }
    for number, changes in moved.items():
        events = show_events(capsys, center, number)
        assert len(events) == events_before[number] + 1
        last = events[-1]
        assert (last["kind"], last["status"], last["actor"]) == ("deadlines-recomputed", "accepted", "admin")
        assert last["at"] == "2027-01-08T12:00:00+08:00"
        assert last["data"] == {"year": 2027, "source": "admin:2027.csv", "reason": REASON, "changes": changes}
    view_a = ticket(capsys, center, "show", a["number"])["ticket"]
    assert view_a["finish_due"] == "2027-01-05T17:30:00+08:00" and view_a["provisional"] == []
    view_b = ticket(capsys, center, "show", b["number"])["ticket"]
    assert view_b["assignments"][0]["sign_due"] == "2027-01-09T17:30:00+08:00"
    assert view_b["finish_due"] == "2027-01-18T17:30:00+08:00"
    out = show(capsys, center, a["number"], "--events", "--at", "2027-01-04T12:00")
    assert "办结时限 2027-01-05 17:30\n" in out and "（暂定）" not in out, out
    assert f"时限调整：办结 2027-01-04 17:30 → 2027-01-05 17:30; 办结 {unit} 2027-01-04 17:30 → 2027-01-05 17:30" in out
    assert "calendar year published" in out

    # C is closed: nothing rewritten, no event; D never reached 2027; E's due stayed and lost its mark
    view_c = ticket(capsys, center, "show", c["number"])["ticket"]
    assert view_c["finish_due"] == "2027-01-04T17:30:00+08:00" and view_c["provisional"] == c["provisional"]
    view_e = ticket(capsys, center, "show", e["number"])["ticket"]
    assert view_e["finish_due"] == "2027-03-08T17:30:00+08:00" and view_e["provisional"] == []
    for v in (c, d, e):
        assert len(show_events(capsys, center, v["number"])) == events_before[v["number"]]
    code, out, _ = run(capsys, "ticket", "list", "--db", center, "--open")
    assert code == 0 and "时限暂定" not in out

    # the same file again: an update, nothing moves, no event anywhere
    code, out, err = run(capsys, "db", "add-year", "2027", str(csv), "--db", center, "--at", "2027-01-08T13:00")
    assert code == 0, err
    assert "replaced the provisional year" not in out
    assert "open tickets re-counted: 0 with moved deadlines (时限调整), 3 unchanged" in out
    assert len(show_events(capsys, center, a["number"])) == events_before[a["number"]] + 1


def show_events(capsys, db, number):
    return ticket(capsys, db, "show", number, "--events")["events"]


def test_a_desk_receives_the_year_and_the_reasons_with_its_next_pull(tmp_path, pg_url, capsys):
    desk = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert run(capsys, "db", "seed-demo", "--db", desk)[0] == 0
    assert run(capsys, "db", "seed-demo", "--db", pg_url, "--role", "center")[0] == 0
    a = open_ticket(capsys, desk, "投诉", "2026-12-18T10:00", "2026-12-18T10:30", "A 工地夜间施工噪音")
    e = open_ticket(capsys, desk, "咨询", "2027-03-01T10:00", "2027-03-01T10:30", "E 公积金咨询")
    code, _, err = run(capsys, "sync", "--db", desk, "--central", pg_url, "--json")
    assert code == 0, err
    assert ticket(capsys, pg_url, "show", a["number"])["ticket"]["provisional"] == a["provisional"] != []
    csv = tmp_path / "2027.csv"
    csv.write_text(OFFICIAL_2027, encoding="utf-8")
    # an admin clock earlier than the ticket's last event: the step is recorded just after it, so the
    # fold meets it on the dispatched ticket
    code, out, err = run(capsys, "db", "add-year", "2027", str(csv), "--db", pg_url, "--at", "2026-12-01T09:00")
    assert code == 0 and "1 with moved deadlines (时限调整), 1 unchanged" in out, err
    code, _, err = run(capsys, "sync", "--db", desk, "--central", pg_url, "--json")
    assert code == 0, err
    on_desk = ticket(capsys, desk, "show", a["number"], "--events")
    assert on_desk["ticket"]["finish_due"] == "2027-01-05T17:30:00+08:00" and on_desk["ticket"]["provisional"] == []
    last = on_desk["events"][-1]
    assert (last["kind"], last["status"], last["data"]["reason"]) == ("deadlines-recomputed", "accepted", REASON)
    assert last["at"] == "2026-12-18T10:30:00.001000+08:00"
    assert ticket(capsys, desk, "show", e["number"])["ticket"]["provisional"] == []


def test_a_year_no_rule_covers_is_the_named_message_and_nothing_is_written(sqlite_url, capsys):
    assert run(capsys, "db", "seed-demo", "--db", sqlite_url)[0] == 0
    # 凉山 第十二条(一) 3 working hours to dispatch, counted on 2003: no data, before the amended statute
    code, out, err = run(capsys, "ticket", "create", "--db", sqlite_url, "--profile", "liangshan",
                         "--category", "投诉", "--content", "旧日期", "--phone", "13800000012",
                         "--at", "2003-03-03T10:00")
    assert code == 2 and out == "" and "Traceback" not in err
    assert "工作日历缺少 2003 年" in err and "hotline db add-year 2003" in err
    code, out, _ = run(capsys, "ticket", "list", "--db", sqlite_url)
    assert code == 0 and out.strip() == "(0 件)"
