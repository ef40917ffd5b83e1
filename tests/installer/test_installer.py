"""The installer builds and runs: ``pyinstaller build_installer.spec`` into a temporary folder, then the
frozen ``hotline`` (not this Python) runs ``rules due``, the database commands, and the desk offscreen
through login, registration with a real lab Kamailio and one call from a caller that is the bundle's
own helper process (``hotline _child telephony.lab.peer``). bench.installer does the work; the build
takes about three minutes, so the default run includes it (marker ``installer``)."""

from __future__ import annotations

import pytest

from bench.installer import measure
from bench.installer_smoke import RULES_DUE_EXPECTED

pytestmark = pytest.mark.installer


def test_the_frozen_bundle_builds_and_runs_the_cli_the_desk_and_a_call():
    figures = measure()
    assert figures["ok"] is True
    assert figures["rules_due"] == RULES_DUE_EXPECTED
    assert figures["call"] == "answered and ended" and figures["desk_exit"] == 0
    assert figures["bundle_files"] > 100 and figures["bundle_mb"] > 50  # the desk, Qt and pjsua2 are in it
