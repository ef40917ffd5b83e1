"""Signed playback URLs for the recording store (nginx ``secure_link``), and the secret they use.

    secret = read_secret(center_dir)                       # <center_dir>/recordings.secret (0600)
    url = sign_play_url("http://127.0.0.1:8090", "desk-01/20261207/abc.ogg", secret, ttl_s=300)
    # -> http://127.0.0.1:8090/play/desk-01/20261207/abc.ogg?md5=<m>&expires=<unix>

nginx checks ``secure_link $arg_md5,$arg_expires; secure_link_md5 "$secure_link_expires$uri <secret>"``
(telephony.center.recstore_nginx), so ``m = base64url-without-padding(md5(f"{expires}{uri} {secret}"))``
with ``uri = "/play/" + store_path`` exactly as nginx sees it (percent-decoded, normalised). A
forged hash gets 403, an expired link 410. Only the center holds the secret: it is made once by
:func:`ensure_secret` when ``hotline center run`` starts the store and read back by :func:`read_secret`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import time
from pathlib import Path
from urllib.parse import quote

SECRET_FILE = "recordings.secret"
PLAY_PREFIX = "/play/"


class SecretError(Exception):
    """The store's secret is missing, empty or readable by others."""


def secret_path(state_dir: str | Path) -> Path:
    """Where the secret lives: ``<state_dir>/recordings.secret``."""
    return Path(state_dir) / SECRET_FILE


def ensure_secret(state_dir: str | Path) -> str:
    """The secret, made (32 random bytes, hex, mode 0600, written atomically) if there is none yet."""
    path = secret_path(state_dir)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)  # never replaces a secret another process made meanwhile
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return read_secret(state_dir)


def read_secret(state_dir: str | Path) -> str:
    """The secret in ``<state_dir>/recordings.secret``; SecretError if missing, empty or not 0600."""
    path = secret_path(state_dir)
    try:
        mode = path.stat().st_mode & 0o777
        text = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise SecretError(f"recording store secret unreadable: {path} ({exc.strerror or exc})") from None
    if mode & 0o077:
        raise SecretError(f"recording store secret {path} is readable by others (mode {mode:o}); chmod 600 it")
    if not text or any(c in text for c in ' "\\$;{}'):
        raise SecretError(f"recording store secret {path} is empty or holds characters nginx cannot take")
    return text


def play_uri(store_path: str) -> str:
    """The URI nginx sees for ``store_path`` (what the hash covers): ``/play/<store_path>``."""
    clean = store_path.strip("/")
    if not clean or ".." in clean.split("/") or "?" in clean or "#" in clean or "//" in clean:
        raise ValueError(f"bad store path {store_path!r}")
    return PLAY_PREFIX + clean


def play_hash(uri: str, expires: int, secret: str) -> str:
    """base64url without padding of md5(f"{expires}{uri} {secret}") — nginx's secure_link_md5 form."""
    digest = hashlib.md5(f"{expires}{uri} {secret}".encode()).digest()  # noqa: S324 - nginx's secure_link
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_play_url(base_url: str, store_path: str, secret: str, ttl_s: int, now: float | None = None) -> str:
    """``<base_url>/play/<store_path>?md5=<m>&expires=<unix>``, valid for ``ttl_s`` seconds from ``now``."""
    if ttl_s <= 0:
        raise ValueError("ttl_s must be > 0")
    uri = play_uri(store_path)
    expires = int((time.time() if now is None else now) + ttl_s)
    return f"{base_url.rstrip('/')}{quote(uri)}?md5={play_hash(uri, expires, secret)}&expires={expires}"
