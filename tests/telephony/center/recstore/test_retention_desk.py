"""Retention end to end on real nginx, a real central PostgreSQL and a SQLite desk: a recording purged at the center
while its desk still held a copy (it had not pulled the verified mark) is gone from the store, nginx no longer
serves it, the desk learns ``purged`` by pull and deletes its copy, and its late push cannot bring the row back."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta

from desktop.app.recupload import Uploader
from hotline.timezone import parse_iso
from storage.sync import sync_once
from telephony.center.recsign import sign_play_url
from telephony.center.recverify import verify_uploads
from telephony.center.retention import purge_expired
from tests.telephony.center.recstore.support import DESK, files, key_for, make_recording, states


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_purged_at_the_center_then_deleted_at_the_desk_and_never_served(tmp_path, store, central, desk_db):
    manifests = [make_recording(tmp_path / "recordings", seconds=2.0, n=i) for i in range(2)]
    started = parse_iso(json.loads(manifests[0].read_text())["started_at"])
    up = Uploader(desk_db, tmp_path / "recordings", store.base_url, desk=DESK, key=key_for(store), origin="desk-1001")
    assert up.run_once().sent == 2
    sync_once(desk_db, central)
    assert verify_uploads(central, store.state_dir).verified == 2
    [first, second] = files(store.dirs["store"])
    url = sign_play_url(store.base_url, first.relative_to(store.dirs["store"]).as_posix(), store.secret, 60)
    assert _status(url) == 200
    # a year and more later (the desk was away and never pulled the verified mark)
    report = purge_expired(central, store.state_dir, days=365, at=started + timedelta(days=366))
    assert report.purged == 2 and states(central) == {"purged": 2}
    assert not files(store.dirs["store"]) and _status(url) == 404
    assert len(files(tmp_path / "recordings")) == 4  # the desk still holds audio + manifest of both
    sync_once(desk_db, central)  # its push says "uploaded"; the pull brings "purged"
    assert states(desk_db) == {"purged": 2} and states(central) == {"purged": 2}
    assert up.run_once().deleted == 2
    assert not files(tmp_path / "recordings")
    sync_once(desk_db, central)
    assert states(central) == {"purged": 2}  # nothing the desk says brings it back
