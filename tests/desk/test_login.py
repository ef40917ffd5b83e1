"""Signing in: offline against the synced hash; a refused login is a message, never a traceback;
the real ``hotline desk`` process opens its window with the center unreachable (offline work)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app.login import check

pytestmark = pytest.mark.desk


def test_the_demo_agent_signs_in_offline_and_gets_the_agents_panes(desk_db):
    user, problem = check(desk_db, "1001", "demo-1001")
    assert problem is None and (user.login, user.sip_user, user.role) == ("1001", "1001", "agent")
    assert {"phone", "screen_pop", "ticket", "knowledge"} <= set(user.panes)


@pytest.mark.parametrize("login,password", [("1001", "wrong"), ("nobody", "demo-1001")])
def test_a_wrong_password_and_an_unknown_login_get_the_same_words(desk_db, login, password):
    user, problem = check(desk_db, login, password)
    assert user is None and problem == check(desk_db, "1001", "also-wrong")[1]


def _desk(tmp_path: Path, db: str, password: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", "desk", "--db", db, "--login", "1001",
                           "--password-stdin", "--center", "127.0.0.1:9", *extra], input=password + "\n",
                          capture_output=True, text=True, timeout=90, env=env)


def test_the_desk_process_opens_offline_and_takes_a_screenshot(desk_db, tmp_path):
    shot = tmp_path / "desk.png"
    done = _desk(tmp_path, desk_db, "demo-1001", "--screenshot", str(shot), "--quit-after", "3")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000  # a real picture of the window
    assert "Traceback" not in done.stderr


def test_the_desk_process_refuses_a_wrong_password_with_exit_2(desk_db, tmp_path):
    done = _desk(tmp_path, desk_db, "wrong", "--quit-after", "1")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "密码" in done.stderr
