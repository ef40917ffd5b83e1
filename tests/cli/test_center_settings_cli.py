"""``hotline center settings``: show, set, check; every refusal with its code, the file untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _hotline(tmp_path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOTLINE_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_set_then_show_round_trips_through_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    for key, value in (("monitor.indicator", "false"), ("monitor.scope", "center"),
                       ("monitor.roles", "supervisor"), ("recordings.retention_days", "730")):
        done = _hotline(tmp_path, "center", "settings", "set", key, value, "--file", str(path))
        assert done.returncode == 0, done.stderr
    shown = _hotline(tmp_path, "center", "settings", "show", "--file", str(path), "--json")
    assert json.loads(shown.stdout)["settings"] == {"monitor.indicator": False, "monitor.scope": "center",
                                                    "monitor.roles": ["supervisor"],
                                                    "recordings.retention_days": 730}
    assert _hotline(tmp_path, "center", "settings", "check", "--file", str(path)).returncode == 0


def test_the_default_file_lives_in_the_data_directory(tmp_path):
    assert _hotline(tmp_path, "center", "settings", "set", "monitor.indicator", "no").returncode == 0
    assert (tmp_path / "home" / "center-settings.toml").read_text(encoding="utf-8").count("indicator = false") == 1


def test_refusals_name_their_code_and_leave_the_file_as_it_was(tmp_path):
    path = tmp_path / "settings.toml"
    assert _hotline(tmp_path, "center", "settings", "set", "monitor.scope", "center", "--file", str(path)).returncode == 0
    before = path.read_bytes()
    for key, value, code in (("monitor.scope", "world", "bad-choice"), ("recordings.retention_days", "7", "out-of-range"),
                             ("recordings.retention_days", "a year", "bad-type"), ("monitor.volume", "3", "unknown-key")):
        done = _hotline(tmp_path, "center", "settings", "set", key, value, "--file", str(path), "--json")
        assert done.returncode == 2
        assert json.loads(done.stdout.splitlines()[0])["error"] == code
        assert f"[{code}]" in done.stderr
    assert path.read_bytes() == before
    path.write_text("[monitor]\nscope = 'nowhere'\n", encoding="utf-8")
    done = _hotline(tmp_path, "center", "settings", "check", "--file", str(path))
    assert done.returncode == 2 and "[bad-choice]" in done.stderr
    path.write_text("[monitor\n", encoding="utf-8")
    assert "[bad-file]" in _hotline(tmp_path, "center", "settings", "show", "--file", str(path)).stderr


def test_center_run_refuses_a_bad_settings_file_before_starting_anything(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[recordings]\nretention_days = 3\n", encoding="utf-8")
    done = _hotline(tmp_path, "center", "run", "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}", "--settings", str(path),
                    "--max-seconds", "5")
    assert done.returncode == 2 and "[out-of-range]" in done.stderr


def test_center_run_lets_a_team_lead_monitor_the_agents_of_their_group_from_the_accounts(tmp_path):
    from telephony.center.kamailio import free_udp_port

    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert _hotline(tmp_path, "db", "seed-demo", "--db", db).returncode == 0
    for login, role, sip, unit in (("lead9", "team-lead", "1088", "qc.cgj"), ("ag9", "agent", "1089", "qc.cgj"),
                                   ("ag8", "agent", "1087", "qc.rsj")):
        env = dict(os.environ, HOTLINE_HOME=str(tmp_path / "home"))
        done = subprocess.run([sys.executable, "-m", "desktop.cli.main", "user", "add", login, "--role", role,
                               "--sip", sip, "--unit", unit, "--password-stdin", "--db", db], input="pw\n",
                              capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0, done.stderr
    path = tmp_path / "settings.toml"
    assert _hotline(tmp_path, "center", "settings", "set", "monitor.indicator", "off", "--file", str(path)).returncode == 0
    done = _hotline(tmp_path, "center", "run", "--db", db, "--settings", str(path), "--port", str(free_udp_port()),
                    "--no-music", "--max-seconds", "2")
    assert done.returncode == 0, done.stderr
    [data] = (tmp_path / "home").rglob("center-data.cfg")
    table = [line.strip() for line in data.read_text(encoding="utf-8").splitlines() if "monitor=>" in line]
    assert "$sht(monitor=>show) = 0;" in table and "$sht(monitor=>1088:1089) = 1;" in table
    assert not [line for line in table if "1087" in line]  # another group's agent
