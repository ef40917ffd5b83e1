"""Password hashes for sign-in and the SIP digest: scrypt for people, HA1 for Kamailio.

``hash_password`` makes ``scrypt$n=16384,r=8,p=1$<salt>$<hash>`` (salt and hash in unpadded
base64): a fresh 16-byte salt per password, the parameters kept in the string so they can be raised
later without breaking stored hashes. ``verify_password`` reads them back and compares with
``hmac.compare_digest``; a malformed hash or absurd parameters verify as False, never raise.
``dummy_verify`` costs the same as a real check, for a login that does not exist.

``sip_ha1`` is MD5(user:realm:password), what Kamailio's ``pv_auth_check`` takes when its flags
say the password is HA1. The realm is fixed (``SIP_REALM``) and announced by the center's Kamailio,
so an HA1 made when a password is set stays valid wherever the center runs. Standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

SIP_REALM = "12345"
SCHEME = "scrypt"
N, R, P = 16384, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
_MAXMEM = 64 * 1024 * 1024
_FORMAT = re.compile(r"^scrypt\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$")
_dummy: list[str] = []


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=length)


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    """A new scrypt hash of ``password`` with a fresh salt, parameters inside the string."""
    if not password:
        raise ValueError("empty password")
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, n, r, p, KEY_BYTES)
    return f"{SCHEME}$n={n},r={r},p={p}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (a :func:`hash_password` string); constant-time compare."""
    match = _FORMAT.match(stored or "")
    if match is None:
        return False
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    if n < 2 or n & (n - 1) or n > 2**20 or not 1 <= r <= 32 or not 1 <= p <= 16:
        return False  # not a power of two, or parameters no hash of ours has: refuse, never hang
    try:
        salt, key = _unb64(match.group(4)), _unb64(match.group(5))
        if len(salt) < SALT_BYTES or len(key) != KEY_BYTES:
            return False  # a cut or doctored hash must not verify a prefix
        candidate = _scrypt(password, salt, n, r, p, len(key))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, key)


def dummy_verify(password: str) -> bool:
    """Spend what a real check costs (for a login that does not exist); always False."""
    if not _dummy:
        _dummy.append(hash_password("not a password of anyone"))
    verify_password(password, _dummy[0])
    return False


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with other parameters than today's (rehash at the next sign-in)."""
    return not (stored or "").startswith(f"{SCHEME}$n={N},r={R},p={P}$")


def sip_ha1(user: str, password: str, realm: str = SIP_REALM) -> str:
    """MD5(user:realm:password) in hex: the digest secret Kamailio checks (pv_auth_check flags 1)."""
    return hashlib.md5(f"{user}:{realm}:{password}".encode()).hexdigest()  # noqa: S324 - SIP digest is MD5
