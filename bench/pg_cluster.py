"""A PostgreSQL cluster of our own, to stop for real: initdb in a temporary folder, pg_ctl start/stop.

    cluster = PgCluster(Path(tmp) / "pg").init()   # a free loopback port, trust auth
    cluster.start(); url = cluster.url("postgres")
    cluster.stop()                                  # the server process is gone: connections refused
    cluster.start()                                 # the same data comes back
    cluster.destroy()

The machine's shared server on 5432 is never touched. As root, the server runs as the ``postgres``
user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

from telephony.lab.sipp import free_port


def _bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("Debian's postgresql package is not installed (no /usr/lib/postgresql/*/bin/pg_ctl)")
    return found[-1].parent


class PgCluster:
    """One throwaway cluster under ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = port or free_port()
        self.bin = _bin()
        self._hold: socket.socket | None = None

    def _run(self, *args: str, timeout: float = 120) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-500:]} {tail}")

    def init(self) -> PgCluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        return self

    def start(self) -> None:
        if self._hold is not None:  # give the port back to the server
            self._hold.close()
            self._hold = None
        opts = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                f"-c max_connections=200 -c shared_buffers=64MB")
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.folder / "log"), "-w", "-t", "60",
                  "start")

    def stop(self) -> None:
        """Fast shutdown: open connections are dropped, new ones refused, until :meth:`start`."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
        # keep the port while the server is down (bound, not listening: connections are refused), so
        # no other process on this shared machine takes it and the desks' URL still works afterwards
        hold = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            hold.bind(("127.0.0.1", self.port))
        except OSError:
            hold.close()
        else:
            self._hold = hold

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def destroy(self) -> None:
        if self._hold is not None:
            self._hold.close()
            self._hold = None
        if self.running():
            try:
                self.stop()
            except (subprocess.SubprocessError, RuntimeError):
                pass
        shutil.rmtree(self.folder, ignore_errors=True)
