"""Run Debian's nginx as the center's recording store: resources/nginx/recstore.conf, filled in.

    store = RecordingStore(center_dir / "recstore", center_dir, uploaders={"1001": "<key>"}, port=0)
    store.start()            # nginx on 127.0.0.1:<store.port>, ready when /health answers
    store.base_url           # http://127.0.0.1:<port>
    store.stop()

Layout under the center's state dir: ``recordings.secret`` (0600, telephony.center.recsign), and
``recordings/incoming/<desk>/…`` (what desks PUT), ``recordings/store/…`` (verified, served by
``/play/``), ``recordings/quarantine/…`` (hash mismatch, never served). The run dir holds the
generated ``nginx.conf``, ``uploaders.htpasswd``, ``error.log`` and ``denied.log`` (JSON lines).

Upload authentication: HTTP basic auth per desk. A desk's name is its SIP user (from the center's
accounts, as Kamailio's table is) and its key is HMAC-SHA256(<recordings.secret>, "upload:" + name)
— :func:`upload_key`, printed for an installer by ``hotline center upload-key NAME`` — so the center
stores no upload password, only salted SHA-1 hashes of random-strength keys in the htpasswd file
(nginx 1.22 reads ``{SSHA}``), and the config pins each desk to its own directory: a stolen key
cannot overwrite another desk's recordings. The list follows the accounts while the center runs
(:meth:`RecordingStore.set_uploaders`, from telephony.center.accounts_live): a disabled account
cannot upload from its next PUT on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from telephony.center.procs import die_with_parent, end_group
from telephony.center.recsign import ensure_secret

TEMPLATE = Path(__file__).resolve().parents[2] / "resources" / "nginx" / "recstore.conf"
NGINX = "/usr/sbin/nginx"


class StoreError(RuntimeError):
    """nginx would not start (config, port, binary); the message names its log."""


def find_nginx() -> str:
    found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else "")
    if not found:
        raise StoreError("nginx is not installed (apt-get install nginx)")
    return found


def upload_key(secret: str, desk: str) -> str:
    """The upload password of ``desk``: hex HMAC-SHA256 of the store secret (32 hex chars)."""
    return hmac.new(secret.encode(), f"upload:{desk}".encode(), hashlib.sha256).hexdigest()[:32]


def ssha(password: str) -> str:
    """``{SSHA}`` form of ``password`` for an nginx auth_basic_user_file."""
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()  # noqa: S324


def store_dirs(state_dir: Path) -> dict[str, Path]:
    root = Path(state_dir) / "recordings"
    return {name: root / name for name in ("incoming", "store", "quarantine")}


def move_file(src: Path, dst: Path, *, missing_ok: bool = False) -> bool:
    """Rename ``src`` to ``dst`` within the store (parents made). A missing ``src`` is
    FileNotFoundError, or with ``missing_ok`` a False."""
    if missing_ok and not src.exists():
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)
    return True


def _safe(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "_.-" for c in name) and name not in (".", "..")


def render(run_dir: Path, state_dir: Path, *, port: int, secret: str, uploaders: list[str],
           host: str = "127.0.0.1", max_body: str = "512m") -> Path:
    """Write nginx.conf and uploaders.htpasswd into ``run_dir``; the config's path."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    dirs = store_dirs(state_dir)
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    write_uploaders(run_dir, secret, uploaders)
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"RUN": str(run_dir), "INCOMING": str(dirs["incoming"]), "STORE": str(dirs["store"]),
                       "SECRET": secret, "HOST": host, "PORT": str(port), "MAX_BODY": max_body,
                       "USER": _user_line()}.items():
        text = text.replace(f"@{key}@", value)
    conf = run_dir / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    os.chmod(conf, 0o600)  # it holds the secret
    return conf


def write_uploaders(run_dir: Path, secret: str, uploaders: list[str]) -> Path:
    """(Re)write ``uploaders.htpasswd`` atomically (0600): nginx reads it on every upload, so a change
    takes effect at the next PUT, no reload."""
    import tempfile

    lines = [f"{name}:{ssha(upload_key(secret, name))}" for name in sorted(set(uploaders)) if _safe(name)]
    target = run_dir / "uploaders.htpasswd"
    fd, tmp = tempfile.mkstemp(prefix=".uploaders-", dir=run_dir)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _user_line() -> str:
    """Workers run as the center's own user; as root nginx would switch them to ``nobody``, who cannot
    read the 0600 files, so a root center keeps them as root (the service should not run as root)."""
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd

    return f"user {pwd.getpwuid(0).pw_name} {grp.getgrgid(os.getegid()).gr_name};"


def read_denied(log_path: Path, offset: int = 0) -> tuple[list[dict[str, str]], int]:
    """The refused requests nginx logged after byte ``offset`` of ``denied.log`` (JSON lines) and the
    offset to read from next time; a last line still being written is left for then. A log that
    shrank (rotated) is read from its start."""
    import json

    try:
        size = log_path.stat().st_size
    except FileNotFoundError:
        return [], 0
    if size < offset:
        offset = 0
    with log_path.open("rb") as fh:
        fh.seek(offset)
        data = fh.read()
    whole = data[: data.rfind(b"\n") + 1]
    entries = [json.loads(line) for line in whole.decode("utf-8", errors="replace").splitlines() if line.strip()]
    return entries, offset + len(whole)


def free_tcp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RecordingStore:
    """One nginx master (its own process group) serving the store; see the module docstring."""

    def __init__(self, run_dir: Path, state_dir: Path, *, uploaders: list[str], port: int = 0,
                 die_with_parent: bool = False) -> None:
        self.run_dir, self.state_dir = Path(run_dir), Path(state_dir)
        self.uploaders, self.port, self.die_with_parent = list(uploaders), port, die_with_parent
        self.proc: subprocess.Popen[bytes] | None = None
        self.secret = ensure_secret(self.state_dir)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def dirs(self) -> dict[str, Path]:
        return store_dirs(self.state_dir)

    @property
    def denied_log(self) -> Path:
        return self.run_dir / "denied.log"

    @property
    def log_path(self) -> Path:
        return self.run_dir / "error.log"

    def start(self, timeout: float = 10.0) -> None:
        """Start nginx (on a free port unless one was given, the same one on a restart); StoreError."""
        if not self.port:
            self.port = free_tcp_port()
        conf = render(self.run_dir, self.state_dir, port=self.port, secret=self.secret, uploaders=self.uploaders)
        binary = find_nginx()
        check = subprocess.run([binary, "-t", "-q", "-p", str(self.run_dir), "-e", str(self.log_path), "-c", str(conf)],
                               capture_output=True, text=True, timeout=15)
        if check.returncode != 0:
            raise StoreError(f"nginx config rejected: {(check.stderr or check.stdout).strip()[-400:]}")
        log = open(self.run_dir / "stderr.log", "ab")  # noqa: SIM115 - handed to the child
        try:
            self.proc = subprocess.Popen([binary, "-p", str(self.run_dir), "-e", str(self.log_path), "-c", str(conf)],
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                                         preexec_fn=die_with_parent if self.die_with_parent else None)
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise StoreError(f"nginx exited ({self.proc.returncode}); see {self.log_path}")
            if self.healthy(0.5):
                return
            time.sleep(0.05)
        self.stop()
        raise StoreError(f"nginx did not answer on port {self.port} within {timeout:.0f} s; see {self.log_path}")

    def set_uploaders(self, uploaders: list[str]) -> None:
        """The desks that may upload, from now on (the next PUT sees it; a restart keeps it)."""
        self.uploaders = sorted(set(uploaders))
        write_uploaders(self.run_dir, self.secret, self.uploaders)

    def healthy(self, timeout: float = 1.0) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/health", timeout=timeout) as resp:  # noqa: S310 - loopback
                return bool(resp.status == 204)
        except OSError:
            return False

    def stop(self) -> None:
        """SIGTERM to nginx's process group (master and worker), SIGKILL if it lingers."""
        if self.proc is not None:
            end_group(self.proc.pid, grace=3.0)
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                pass
