"""``hotline center run``'s children, started and watched: a dead one is restarted and the log says so.

    sup = Supervisor(run_dir, plan, users=..., static=..., port=5060, db_url=..., music=True, say=print)
    sup.start()                       # watchdog, music server, Kamailio, announcer, director
    while not stopping: why = sup.check()   # every 0.1 s: restarts the dead; a reason if the run must end
    sup.stop()

Children, each in its own session (process group) with PR_SET_PDEATHSIG, and each group told to
the watchdog (telephony.center.watchdog), so a SIGKILL of the run leaves nothing behind:
- the **director** (``python -m telephony.center.director_main --rebuild --spool <run_dir>/spool``):
  restarted at once; the new one rebuilds from the stored and spooled records plus ``kamcmd
  ul.dump`` and resumes the calls still suspended in Kamailio. It writes to the run's stderr.
- with ``standby``, a second director (``director_b``): both run ``--lease`` (telephony.center.standby);
  the one holding the leader lease serves, the other watches and takes over within seconds of its
  death; either one dead is restarted and comes back as the standby.
- the **announcer** and the **music server**: restarted on the same ports (Kamailio's config and
  the director hold them).
- the **recording store** (nginx, telephony.center.recstore_nginx) when ``store_port`` is given:
  restarted on the same port; desks queue their uploads meanwhile.
- **Kamailio is not restarted**: registrations and the suspended transactions live only in its
  memory, so a new one would know no agent until their phones re-register and would drop every
  queued caller while the director still counts them. Its death ends the run (exit 1) after its
  whole process group is ended; a service manager restarting ``center run`` starts clean.
A restarted child that dies again within CRASH_S of its restart is restarted after a growing delay
(1 s doubling to 30 s) so a crash loop does not spin.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telephony.center.child import python_env, wait_line
from telephony.center.procs import die_with_parent, end_group, identity
from telephony.spawn import module_argv

CRASH_S = 10.0
BACKOFF_MAX_S = 30.0


class Supervisor:
    """The center's processes (see the module docstring)."""

    def __init__(self, run_dir: Path, plan: Any, *, users: dict[str, str], static: dict[str, str], port: int,
                 evapi_port: int, db_url: str, music: bool, prompts: Path, queues: dict[str, str],
                 say: Callable[[str], None], trusted: list[str] | None = None, guard: Any = None,
                 ha1: dict[str, str] | None = None, monitor: Any = None, standby: bool = False,
                 store_port: int | None = None, tls_port: int | None = None) -> None:
        self.tls_port = tls_port  # None: UDP only; 0: TLS on a free port (telephony.center.tls)
        self.run_dir, self.plan, self.users, self.static = run_dir, plan, users, static
        self.ha1 = dict(ha1 or {})  # user -> HA1 from the accounts (``users`` holds plain demo passwords)
        self.port, self.evapi_port, self.db_url, self.want_music = port, evapi_port, db_url, music
        self.prompts, self.queues, self.say = prompts, queues, say
        self.trusted, self.guard = list(trusted or []), guard
        self.monitor = monitor  # telephony.center.monitor_rules.MonitorRules, or None: nobody monitors
        self.store_port = store_port  # None: no recording store; 0: a free port
        self.store: Any = None  # telephony.center.recstore_nginx.RecordingStore
        self.watchdog: Any = None
        self.kamailio: Any = None
        self.music: Any = None
        self.announcer: Any = None
        self.director: subprocess.Popen[str] | None = None
        self.standby = standby  # two directors under the leader lease (telephony.center.standby)
        self.director_b: subprocess.Popen[str] | None = None
        self._started: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._due: dict[str, float] = {}
        self._seen: dict[str, float] = {}
        self.restarts: dict[str, int] = {}

    # ------------------------------------------------------------------ start
    def start(self) -> None:
        """Start every child; on any failure the ones started are stopped and the error raised."""
        from telephony.center.kamailio import start_center_kamailio
        from telephony.center.watchdog import Watchdog

        self.watchdog = Watchdog()
        try:
            if self.want_music:
                self._start_music()
            self.kamailio = start_center_kamailio(
                self.run_dir / "kamailio", users=self.users, ha1=self.ha1, static=self.static,
                queues=self.queues,
                port=self.port, evapi_port=self.evapi_port, music_port=self.music.rtp_port if self.music else 0,
                trusted=self.trusted, guard=self.guard, monitor=self.monitor, die_with_parent=True,
                tls_port=self.tls_port, tls_dir=self.run_dir / "tls")
            self.watchdog.watch(self.kamailio.pid)
            self._start_announcer()
            self._start_director()
            if self.standby:
                self._start_director_b()
            if self.store_port is not None:
                self._start_store()
        except BaseException:
            self.stop()
            raise

    def _start_music(self) -> None:
        from telephony.center.music_control import MusicServer

        old = self.music
        self.music = MusicServer(rtp_port=old.rtp_port if old else 0, control_port=old.control_port if old else 0,
                                 log_path=self.run_dir / "music.log", die_with_parent=True)
        self.watchdog.watch(self.music.proc.pid)
        self._started["music"] = time.monotonic()

    def _start_announcer(self) -> None:
        from telephony.center.announcer import Announcer

        old = self.announcer
        self.announcer = Announcer(self.prompts, voicemail_dir=self.run_dir / "voicemail", port=old.port if old else 0,
                                   log_path=self.run_dir / "announcer.log", die_with_parent=True)
        self.watchdog.watch(self.announcer.proc.pid)
        self._started["announcer"] = time.monotonic()

    def _start_director_b(self) -> None:
        self._start_director("director_b")

    def _start_store(self) -> None:
        """nginx, the recording store (restarted on the same port: desks keep its address)."""
        from telephony.center.recstore_nginx import RecordingStore

        old = self.store
        self.store = RecordingStore(self.run_dir / "recstore", self.run_dir, uploaders=sorted({*self.users, *self.ha1}),
                                    port=old.port if old else self.store_port or 0, die_with_parent=True)
        try:
            self.store.start()
        finally:
            if self.store.proc is not None:
                self.watchdog.watch(self.store.proc.pid)
        self._started["store"] = time.monotonic()

    def _start_director(self, name: str = "director") -> None:
        k = self.kamailio
        spools = {"director": self.run_dir / "spool", "director_b": self.run_dir / "spool-b"}
        argv = module_argv("telephony.center.director_main", "--evapi-port", str(k.evapi_port),
                           "--ctl-socket", str(k.ctl_socket), "--domain", k.host, "--db", self.db_url,
                           "--spool", str(spools[name]), "--rebuild", "--seconds", str(10 * 365 * 86400),
                           "--announcer", self.announcer.address, "--no-upgrade")  # center run upgraded it
        if self.standby:
            argv += ["--lease", name, *(a for other, d in spools.items() if other != name
                                        for a in ("--peer-spool", str(d)))]
        if self.plan.source:
            argv += ["--plan", str(self.plan.source)]
        if self.music is not None:
            argv += ["--music-control", str(self.music.control_port)]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=python_env(),
                                start_new_session=True, preexec_fn=die_with_parent)  # from the main thread
        self.watchdog.watch(proc.pid)
        setattr(self, name, proc)
        self._started[name] = time.monotonic()
        if wait_line(proc, "READY", time.monotonic() + 30) != "READY":
            self._end(name, proc)
            raise RuntimeError(f"the director did not start (exit {proc.poll()})")

    # ------------------------------------------------------------------ watch
    def check(self) -> str | None:
        """Restart whatever died (when its delay is over); a reason if the run must end (Kamailio died)."""
        k = self.kamailio
        if k.proc.poll() is not None:
            code = k.proc.returncode
            end_group(k.pid, grace=1.0)  # its workers would keep the SIP port
            self.watchdog.unwatch(k.pid)
            return f"Kamailio exited ({code}); see {k.log_path}"
        if not self.watchdog.alive():
            self.say(f"the watchdog exited ({self.watchdog.proc.returncode}); restarting it")
            self.watchdog.restart()
        for name, proc, restart in (("director", self.director, self._start_director),
                                    ("director_b", self.director_b, self._start_director_b),
                                    ("announcer", self.announcer.proc if self.announcer else None,
                                     self._start_announcer),
                                    ("music", self.music.proc if self.music else None, self._start_music),
                                    ("store", self.store.proc if self.store else None, self._start_store)):
            if proc is None or proc.poll() is None:
                continue
            self._restart(name, proc, restart)
        return None

    def _restart(self, name: str, proc: subprocess.Popen[str], restart: Callable[[], None]) -> None:
        now = time.monotonic()
        if name not in self._due:
            self._end(name, proc)
            quick = now - self._started.get(name, 0.0) < CRASH_S and self.restarts.get(name, 0) > 0
            delay = min(self._delay.get(name, 0.5) * 2, BACKOFF_MAX_S) if quick else 0.0
            self._delay[name] = delay or 0.5  # the first death, or one after a good run: at once
            self._due[name] = now + delay
            self._seen[name] = now
            self.say(f"{name} (PID {proc.pid}) exited ({proc.returncode}); restarting"
                     + (f" in {delay:.0f} s" if delay else ""))
        if now < self._due[name]:
            return
        del self._due[name]
        self.restarts[name] = self.restarts.get(name, 0) + 1
        try:
            restart()
        except (RuntimeError, OSError) as exc:
            self.say(f"{name} did not restart: {exc}; trying again")
            self._started[name] = time.monotonic()
            return
        child = getattr(self, name)
        pid = child.pid if name.startswith("director") else child.proc.pid
        self.say(f"{name} restarted (PID {pid}), ready {time.monotonic() - self._seen.pop(name, now):.2f} s "
                 "after its exit was seen")

    def _end(self, name: str, proc: subprocess.Popen[str]) -> None:
        end_group(proc.pid, grace=10.0 if name.startswith("director") else 2.0)  # a director flushes its spool
        try:
            proc.wait(1)
        except subprocess.TimeoutExpired:
            pass
        if proc.stdout is not None:
            proc.stdout.close()
        self.watchdog.unwatch(proc.pid)

    # ------------------------------------------------------------------ state
    def children(self) -> dict[str, dict[str, int]]:
        """name -> {"pid", "start", "pgid"} of every child running now (for the state file)."""
        procs = {"watchdog": self.watchdog.proc if self.watchdog else None,
                 "kamailio": self.kamailio.proc if self.kamailio else None,
                 "music": self.music.proc if self.music else None,
                 "announcer": self.announcer.proc if self.announcer else None,
                 "director": self.director, "director_b": self.director_b,
                 "store": self.store.proc if self.store else None}
        out = {}
        for name, proc in procs.items():
            if proc is not None and proc.poll() is None:
                out[name] = {**identity(proc.pid), "pgid": proc.pid}
        return out

    # ------------------------------------------------------------------ stop
    def stop(self) -> None:
        """Director first (it flushes its spool), then the announcer, the music server and Kamailio."""
        for name in ("director_b", "director"):
            proc = getattr(self, name)
            if proc is not None:
                self._end(name, proc)
        if self.store is not None:
            self.store.stop()
            if self.store.proc is not None:
                self.watchdog.unwatch(self.store.proc.pid)
        for child in (self.announcer, self.music):
            if child is not None:
                child.stop()
                self.watchdog.unwatch(child.proc.pid)
        if self.kamailio is not None:
            self.kamailio.stop()
            self.watchdog.unwatch(self.kamailio.pid)
        if self.watchdog is not None:
            self.watchdog.close()
