"""Signed playback against real nginx: a good link plays, a forged one gets 403, an expired one 410, each refusal
lands in the JSON-lines log; the secret is the center's 0600 file."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request

import pytest

from telephony.center.recsign import SecretError, ensure_secret, play_hash, read_secret, sign_play_url
from telephony.center.recstore_nginx import read_denied


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_signed_forged_expired_and_moved_links(store):
    path = "1001/20261207/a.ogg"
    target = store.dirs["store"] / path
    target.parent.mkdir(parents=True)
    target.write_bytes(b"OggS" + bytes(100))
    good = sign_play_url(store.base_url, path, store.secret, 60)
    with urllib.request.urlopen(good, timeout=5) as resp:
        assert resp.read() == target.read_bytes() and resp.headers["Content-Type"] == "audio/ogg"
    forged = sign_play_url(store.base_url, path, "not-the-secret", 60)
    expired = sign_play_url(store.base_url, path, store.secret, 60, now=time.time() - 120)
    moved = good.replace("/a.ogg", "/b.ogg")  # a good hash for another file
    later = good.replace("expires=", "expires=9")  # a longer life than was signed
    assert [_status(u) for u in (forged, expired, moved, later)] == [403, 410, 403, 403]
    assert _status(f"{store.base_url}/play/{path}") == 403  # no signature at all
    denied, offset = read_denied(store.denied_log)
    assert [d["status"] for d in denied] == ["403", "410", "403", "403", "403"]
    assert all(d["method"] == "GET" and d["uri"].startswith("/play/1001/20261207/") for d in denied)
    assert denied[1]["expires"] and denied[0]["remote"] == "127.0.0.1"
    assert read_denied(store.denied_log, offset) == ([], offset)  # read from where it stopped
    assert _status(forged) == 403
    again, _ = read_denied(store.denied_log, offset)
    assert [d["status"] for d in again] == ["403"]


def test_the_hash_is_nginx_secure_link_md5_form():
    # the value of nginx documentation's recipe: echo -n "2147483647/play/x.ogg s3cret" | openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d =
    assert play_hash("/play/x.ogg", 2147483647, "s3cret") == "GB5gVkQzIlHlprgAAZ9hsQ"


def test_the_secret_is_made_once_0600_and_refused_when_others_can_read_it(tmp_path):
    first = ensure_secret(tmp_path)
    assert ensure_secret(tmp_path) == first and read_secret(tmp_path) == first and len(first) == 64
    secret = tmp_path / "recordings.secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    os.chmod(secret, 0o644)
    with pytest.raises(SecretError):
        read_secret(tmp_path)
    with pytest.raises(SecretError):
        read_secret(tmp_path / "nowhere")
