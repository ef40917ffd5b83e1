"""Property-based tests of the ``hotline`` command: random input never crashes it, and a refusal names
the bad part.

The command runs in this process (``desktop.cli.main.main``) on a real SQLite file. Each example takes
a valid command line and replaces ONE value with random text (or random dates at the edges of the
calendar); the command must either succeed (exit 0) or refuse with its convention (exit 2 for a bad
value, 3 for a step the lifecycle refuses) and a message on stderr that names the bad part: the
option's name or the value given. A Python traceback (any other exception) fails the test.
"""

from __future__ import annotations

import contextlib
import io
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli.main import main

pytestmark = pytest.mark.property
PROPS = settings(max_examples=30, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# random values: any text, ISO-looking times at the ends of the calendar, and numbers
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
EDGE_TIME = st.builds(lambda y, m, d, h, off: f"{y:04d}-{m:02d}-{d:02d}T{h:02d}:00{off}",
                      st.sampled_from([1, 2, 1999, 2024, 2025, 2099, 2100, 9998, 9999]),
                      st.integers(1, 12), st.integers(1, 28), st.integers(0, 23),
                      st.sampled_from(["", "+08:00", "+14:00", "-12:00", "Z"]))
VALUE = st.one_of(TEXT, EDGE_TIME, st.sampled_from(["9999-12-31T23:00", "9999-12-31T23:00-12:00",
                                                  "0001-01-01T00:00+14:00", "2099-12-31T12:00"]), st.integers(-10**6, 10**6).map(str), st.just(""))


def run(argv: list[str]) -> tuple[int, str]:
    """Exit status and stderr of ``hotline argv`` (argparse's SystemExit included)."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def names_the_bad_part(stderr: str, option: str, value: str) -> bool:
    """The message names the option (its dashed or plain name) or repeats the value given; a time on a
    year the calendar cannot count is named by that year (CalendarYearMissing: 'add-year YEAR')."""
    if "add-year" in stderr:
        try:
            year = datetime.fromisoformat(value.strip()).year
        except ValueError:
            year = None
        if year is not None and any(f"add-year {y} " in stderr for y in (year - 1, year, year + 1)):
            return True
    text = stderr.lower()
    plain = option.lstrip("-").replace("-", " ")
    shown = value.strip()
    return (option in stderr or plain in text or option.lstrip("-").replace("-", "_") in text
            or repr(value) in stderr or repr(shown) in stderr
            or (bool(shown) and (shown in stderr or repr(shown)[1:-1] in stderr)))


def check(argv: list[str], option: str, value: str, allowed: tuple[int, ...] = (0, 2)) -> None:
    code, stderr = run(argv)
    assert code in allowed, (argv, code, stderr)
    if code != 0:
        assert stderr.strip(), argv
        assert names_the_bad_part(stderr, option, value), (argv, stderr)


RULES_DUE = {"--profile": "liangshan", "--clock": "finish", "--category": "投诉", "--urgency": "normal",
             "--from": "2026-09-30T10:00"}


@PROPS
@given(option=st.sampled_from(sorted(RULES_DUE)), value=VALUE)
def test_rules_due_never_crashes_and_names_the_bad_value(option, value):
    args = {**RULES_DUE, option: value}
    argv = ["rules", "due"] + [f"{k}={v}" for k, v in args.items()]
    check(argv, option, value)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'desk.sqlite3'}"
    code, stderr = run(["db", "upgrade", "--db", url])
    assert code == 0, stderr
    code, stderr = run(["db", "seed-demo", "--db", url])
    assert code == 0, stderr
    return url


CREATE = {"--profile": "ordos", "--category": "求助", "--urgency": "normal", "--channel": "phone",
          "--content": "路灯不亮", "--phone": "13700000001", "--seat": "007", "--at": "2026-11-02T10:00"}


@PROPS
@given(option=st.sampled_from(sorted(CREATE)), value=VALUE)
def test_ticket_create_never_crashes_and_names_the_bad_value(db, option, value):
    args = {**CREATE, option: value}
    check(["ticket", "create", "--db", db] + [f"{k}={v}" for k, v in args.items()], option, value,
          allowed=(0, 2, 3))  # 3: the lifecycle's named refusal (an intake field it requires)


@PROPS
@given(action=st.sampled_from(["show", "sign", "dispatch", "reply", "archive"]), value=VALUE)
def test_ticket_actions_on_a_random_ticket_name_it(db, action, value):
    extra = {"sign": ["--unit", "qc.cgj"], "dispatch": ["--unit", "qc.cgj"], "reply": ["--unit", "qc.cgj"]}
    argv = ["ticket", action, "--db", db, *extra.get(action, []), "--", value]  # "--": a value may start with -
    check(argv, "ticket", value, allowed=(0, 2, 3))


MD_LINE = st.one_of(
    TEXT,
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(["分类", "单位", "标签", "标准答案", "生效日期", "失效日期",
                                                          "复核日期", "编号", "category", "unit"]), TEXT),
    st.sampled_from(["# 医保缴费", "#", "# ", "", "分类: 医疗保障", "生效日期: 2026-13-01", "标准答案: 也许"]),
)


@PROPS
@given(files=st.lists(st.tuples(st.sampled_from([".md", ".docx", ".txt", ".MD"]),
                                st.one_of(st.lists(MD_LINE, max_size=8).map("\n".join),
                                          st.binary(max_size=200))), min_size=1, max_size=3))
def test_kb_import_of_random_files_never_crashes_and_names_each_bad_file(db, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("kb")
    paths = []
    for i, (suffix, content) in enumerate(files):
        path = folder / f"article{i}{suffix}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths.append(path)
    code, stderr = run(["kb", "import", "--db", db, "--category", "测试", *map(str, paths)])
    assert code in (0, 2), stderr
    if code == 2:
        named = [p for p in paths if str(p) in stderr]
        assert named, stderr  # at least one file is named, with its problem
        for line in stderr.splitlines()[1:]:
            assert any(str(p) in line for p in paths), line  # every problem line names its file
