"""The lab client's reader thread: a dead peer is reported and wakes its waiters; a line it cannot
take is reported and the channel goes on."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import pytest

from telephony.lab.client import LabError, LabPeer, LabTimeout


def test_a_killed_peer_is_reported_and_its_waiters_get_an_error_not_a_timeout(lab, caplog):
    caplog.set_level(logging.WARNING, logger="telephony.lab")
    peer = lab.start("caller-1", users=["13800000001"])
    os.kill(peer.pid, signal.SIGKILL)  # a crash, from outside
    with pytest.raises(LabError) as raised:
        peer.wait_for(lambda status: False, timeout=60, what="a status that never comes")
    assert not isinstance(raised.value, LabTimeout)
    ended = [r for r in caplog.records if r.name == "telephony.lab" and "caller-1" in r.getMessage()]
    assert ended and ended[0].levelno == logging.WARNING and str(-signal.SIGKILL) in ended[0].getMessage()


def test_lines_the_reader_cannot_take_are_reported_and_the_next_ones_still_read(tmp_path, caplog):
    """A stand-in for a peer on the control channel (our own protocol) writes three broken messages,
    then a good status."""
    caplog.set_level(logging.ERROR, logger="telephony.lab")
    script = ("import sys, time\n"
              "for line in ('[1]', '{\"reply\": \"x\"}', '{\"status\": 5}', "
              "'{\"event\": \"status\", \"status\": {\"calls\": [], \"registrations\": {}, \"dtmf\": [], "
              "\"recordings\": [\"r.wav\"]}}'):\n"
              "    print(line, flush=True)\n"
              "time.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    peer = LabPeer("stand-in", proc, tmp_path, tmp_path / "stand-in.log")
    try:
        peer.wait_for(lambda status: status["recordings"] == ["r.wav"], timeout=20, what="the good status")
        bad = [r for r in caplog.records if "not understood" in r.getMessage()]
        assert len(bad) == 3 and peer._reader.is_alive()
    finally:
        peer.kill()
