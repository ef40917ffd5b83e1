"""``hotline demo`` plays every profile's story on a real database and fails if any goes astray."""

import pytest

from desktop.cli.main import main


def test_demo_runs_every_story(db_url, capsys):
    assert main(["demo", "--db", db_url]) == 0
    out = capsys.readouterr().out
    # 凉山 第十二条(三): the consult extension is refused; 内蒙古: the lead cannot reply before its assist
    assert "2 steps refused as the rules require" in out
    assert "咨询类工单原则上不予延期 (第十二条(三))" in out
    for profile in ("liangshan", "hohhot", "ordos", "changzhi", "inner-mongolia", "national"):
        assert f"   {profile} " in out
    # 凉山 第十二条(三): the extension of 5 wd moves the finish due from 10-20 to 10-27
    assert "办结 10-27 17:30" in out
    # 凉山 第十二条(二), issue 11: a complaint dispatched 12-18 runs into 2027 (no official notice yet):
    # sign 1 wd on 12-21 is official; finish 10 wd is Mon 2027-01-04 on the statutory holidays, 暂定
    assert "[市城管局 dispatched 签收 12-21 17:30 办结 01-04 17:30（暂定）]" in out


@pytest.mark.parametrize("argv", [["demo", "--db", "postgresql://nobody@127.0.0.1:1/none"]])
def test_demo_says_when_the_database_is_unreachable(argv, capsys):
    assert main(argv) == 1
    assert "cannot reach the database" in capsys.readouterr().err
