"""A database URL's password never reaches a person: CLI output, errors, the sync status, logs."""

import json
import logging
import subprocess
import sys

import pytest

from desktop.cli.main import main
from hotline.secrets import MaskingFilter, mask_secrets, mask_url

SECRET = "Hunter2-s3cret"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("url", [
    f"postgresql://alice:{SECRET}@127.0.0.1:5432/hotline",
    f"postgres://alice:{SECRET}@db.example/x?sslmode=require",
    f"postgresql://alice:{SECRET}@host:notaport/db",          # unparseable port
    f"postgresql://alice:{SECRET}@@host/db",                  # '@' in the password, unescaped
    f"postgresql://alice:p w {SECRET}@host/db",               # spaces
    f"mysql+nothing://alice:{SECRET}@host/db",                # unknown driver
    f"postgresql://h/db?password={SECRET}",
])
def test_mask_url_hides_the_password_of_any_url(url):
    shown = mask_url(url)
    assert SECRET not in shown and "***" in shown


def test_mask_secrets_inside_a_longer_text_and_conninfo():
    text = f"cannot connect 'postgresql://bob:{SECRET}@h/db' (host=h password={SECRET} user=bob)"
    masked = mask_secrets(text)
    assert SECRET not in masked and masked.count("***") == 2 and "bob" in masked


def test_a_url_without_password_is_unchanged():
    assert mask_url("postgresql://postgres@127.0.0.1:5432/x") == "postgresql://postgres@127.0.0.1:5432/x"
    assert mask_url("sqlite:////tmp/a.sqlite3") == "sqlite:////tmp/a.sqlite3"


@pytest.mark.parametrize("argv", [
    ["db", "status", "--db", f"postgresql://alice:{SECRET}@127.0.0.1:1/none"],          # unreachable
    ["db", "upgrade", "--db", f"postgresql://alice:{SECRET}@127.0.0.1:1/none"],
    ["db", "status", "--db", f"postgresql://alice:{SECRET}@host:notaport/db"],          # unparseable
    ["db", "upgrade", "--db", f"postgresql://alice:{SECRET}@@host:notaport/db"],
    ["db", "status", "--db", f"oracle://alice:{SECRET}@host/db"],                        # unsupported
    ["board", "--db", f"postgresql://alice:{SECRET}@127.0.0.1:1/none"],
    ["ticket", "list", "--db", f"postgresql://alice:{SECRET}@host:notaport/db"],
])
def test_cli_errors_never_print_the_password(capsys, argv):
    code, text = run(capsys, *argv)
    assert code != 0
    assert SECRET not in text and "***" in text


def test_cli_success_output_masks_the_password(capsys, pg_url):
    # trust auth: the server accepts the URL's password and ignores it; the output must not show it
    with_password = pg_url.replace("postgres@", f"postgres:{SECRET}@", 1)
    code, text = run(capsys, "db", "upgrade", "--db", with_password)
    assert code == 0 and SECRET not in text and "***" in text
    code, text = run(capsys, "db", "status", "--db", with_password, "--json")
    assert code == 0 and SECRET not in text and json.loads(text)["url"].count("***") == 1


def test_sync_failure_recorded_for_the_status_bar_is_masked(capsys, sqlite_url):
    assert run(capsys, "db", "upgrade", "--db", sqlite_url)[0] == 0
    code, text = run(capsys, "sync", "--db", sqlite_url, "--central",
                     f"postgresql://alice:{SECRET}@127.0.0.1:1/none", "--json")
    assert code != 0 and SECRET not in text
    code, text = run(capsys, "sync", "--db", sqlite_url, "--status", "--json")
    assert SECRET not in text


def test_the_log_filter_masks_messages_and_arguments():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "connect %s failed", (f"postgresql://a:{SECRET}@h/d",),
                               None)
    assert MaskingFilter().filter(record) is True
    assert SECRET not in record.getMessage() and "***" in record.getMessage()


def test_a_subprocess_cli_never_echoes_the_password(tmp_path):
    import os

    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    proc = subprocess.run([sys.executable, "-m", "desktop.cli.main", "db", "status", "--db",
                           f"postgresql://alice:{SECRET}@host:notaport/db"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2 and SECRET not in proc.stdout + proc.stderr


def test_desk_settings_refuse_a_central_url_with_a_password():
    from desktop.app.settings import DeskSettings, SettingsError

    DeskSettings(central_db="postgresql://agent@10.0.0.5/hotline").validate()
    with pytest.raises(SettingsError) as refused:
        DeskSettings(central_db=f"postgresql://agent:{SECRET}@10.0.0.5/hotline").validate()
    assert refused.value.field == "central_db" and SECRET not in str(refused.value)
