"""A director on standby: it watches Kamailio's events, takes the leader lease when it runs out, leads.

    code = serve(lease, evapi_port, build, stopped, ready)   # telephony.center.director_main --lease

Kamailio's evapi relays every event to every connected director, so a standby sees the calls queue
and end while the leader serves them (telephony.center.standby_observer). It tries the lease (telephony.center.lease)
every TRY_S; once it has it, it tells Kamailio ``lead,<epoch>`` (from then on Kamailio takes
commands from this link only: the fence), rebuilds its Director from the stored records and every
director's spool (``build``), then adds what only it saw: callers whose ``queued`` the old leader
never recorded (it died first) are queued again, calls that ended meanwhile are ended. The calls
themselves wait in Kamailio's suspended transactions all along; their handles travel in the events.
An agent's last state request (示闲/示忙) of the last AGENT_WINDOW_S is applied again when the
rebuilt director holds another state for that agent (the old leader may have died before recording it).

While leading, :class:`LeaseKeeper` renews every RENEW_S. If the lease was taken by another (this
process was paused past its expiry) or Kamailio announces a higher epoch, :class:`FencedLink` stops
sending and ``serve`` returns FENCED: the supervisor restarts the process as a standby. A database
that does not answer does not end the lead (nobody else can take the lease meanwhile); a command
waits for the keeper's next answer when the keeper has not been heard from for a lease's length.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from telephony.center.lease import RENEW_S, TRY_S, Lease
from telephony.center.standby_observer import Observer, reconcile

log = logging.getLogger("telephony.center")
FENCED = 3  # serve's result when another director took over


class LeaseKeeper:
    """Renews the lease on its own thread; fences the link when the lease is lost."""

    def __init__(self, lease: Lease, epoch: int, link: FencedLink, leased: bool = True) -> None:
        self.lease, self.epoch, self.link = lease, epoch, link
        self.leased = leased  # False: led by Kamailio's word alone while the database was down
        self.heard = time.monotonic()  # the last renewal that came back (yes, or a database error)
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self.errors = 0
        self._thread = threading.Thread(target=self._run, name="director-lease", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(RENEW_S):
            try:
                ours = self.lease.renew(self.epoch) if self.leased else self._take_lease()
                if self.errors:
                    log.warning("the lease database answers again after %d failed renewals", self.errors)
                self.errors = 0
            except Exception as exc:  # noqa: BLE001 - reported; the lead goes on (Kamailio fences)
                ours = True
                self.errors += 1
                if self.errors in (1, 10) or self.errors % 100 == 0:
                    log.error("lease not renewed (%d in a row; still leading, Kamailio fences): %s",
                              self.errors, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            if not ours:
                self.link.fence(f"the lease went to another director (epoch {self.epoch} is over)")
            with self._cond:
                self.heard = time.monotonic()
                self._cond.notify_all()

    def _take_lease(self) -> bool:
        """The database is back: take the lease above the epoch Kamailio follows, and tell Kamailio."""
        epoch = self.lease.acquire(floor=self.epoch)
        if epoch is None:
            return False  # another director holds it: it leads
        self.epoch, self.leased = epoch, True
        self.link.lead(epoch)
        log.warning("the database is back: the lease taken (epoch %d)", epoch)
        return True

    def fresh(self) -> bool:
        return time.monotonic() - self.heard < self.lease.ttl_s

    def wait_fresh(self, timeout: float) -> None:
        """Wait (at most ``timeout``) for the keeper's next answer."""
        asked = time.monotonic()
        with self._cond:
            self._cond.wait_for(lambda: self.heard > asked, timeout)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(3)


class FencedLink:
    """The evapi socket of a director under a lease: sends only while it leads."""

    def __init__(self, sock: Any) -> None:
        self.sock = sock
        self.epoch = 0
        self.fenced = ""
        self.dropped = 0
        self.keeper: LeaseKeeper | None = None
        self.k_epoch = 0  # the highest epoch Kamailio follows, as far as this link heard
        self.k_peer = ""  # the link it follows
        self.leader_gone = False  # Kamailio said the leader's link closed (and no lead since)

    def lead(self, epoch: int) -> None:
        self.epoch = epoch
        self.sock.send(f"lead,{epoch}")

    def fence(self, why: str) -> None:
        if not self.fenced:
            log.error("fenced: %s; no more commands from this director", why)
        self.fenced = self.fenced or why

    def send(self, command: str) -> None:
        keeper = self.keeper
        if keeper is not None and not self.fenced and not keeper.fresh():
            keeper.wait_fresh(2 * keeper.lease.ttl_s)  # paused or starved: is the lease still ours?
        if self.fenced:
            self.dropped += 1
            log.warning("fenced director: not sent %.80s", command)
            return
        self.sock.send(command)

    def receive(self, timeout: float) -> list[dict[str, Any]] | None:
        events = self.sock.receive(timeout)
        if not events:
            return events
        out = []
        for event in events:
            kind = event.get("event")
            if kind in ("leader", "fenced", "leader-gone"):
                epoch = event.get("epoch")
                if not isinstance(epoch, int):
                    continue
                self.k_epoch = max(self.k_epoch, epoch)
                if kind == "leader":
                    self.k_peer, self.leader_gone = str(event.get("peer", "")), False
                elif kind == "leader-gone":
                    self.leader_gone = True
                if self.epoch and epoch > self.epoch:
                    self.fence(f"Kamailio follows epoch {epoch}")
                continue
            out.append(event)
        return out

    def shutdown(self) -> None:
        self.sock.shutdown()

    def close(self) -> None:
        self.sock.close()


def serve(lease: Lease, port: int, build: Callable[[FencedLink], Any], stopped: Callable[[], bool],
          ready: Callable[[str], None]) -> int:
    """Stand by, then lead until stopped (0), fenced (FENCED) or Kamailio closes the link (1)."""
    from telephony.center.evapi import EvapiSocket

    link = FencedLink(EvapiSocket.connect("127.0.0.1", port, timeout=30.0))
    observer = Observer()
    ready("READY")
    epoch, next_try, failing, down_since, leased = None, 0.0, 0, 0.0, True
    while epoch is None:
        if stopped() or not _watch(link, observer, 0.05):
            link.close()
            return 0 if stopped() else 1
        if time.monotonic() < next_try:
            continue
        next_try = time.monotonic() + TRY_S
        try:
            epoch = lease.acquire(floor=link.k_epoch)
            failing, down_since, leased = 0, 0.0, True
        except Exception as exc:  # noqa: BLE001 - reported, tried again
            failing += 1
            down_since = down_since or time.monotonic()
            if failing in (1, 10) or failing % 100 == 0:
                log.error("standby: the lease database does not answer (%d tries): %s", failing,
                          str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            if link.leader_gone and time.monotonic() - down_since >= lease.ttl_s:
                epoch, leased = _lead_by_kamailio(link, observer), False
    return _lead(lease, epoch, link, observer, build, stopped, ready, leased)


def _watch(link: FencedLink, observer: Observer, timeout: float) -> bool:
    """Read what arrives within ``timeout`` into the observer; False once Kamailio closed the link."""
    events = link.receive(timeout)
    if events is None:
        log.error("Kamailio closed the evapi link of the standby")
        return False
    for event in events:
        observer.see(event)
    return True


def _lead_by_kamailio(link: FencedLink, observer: Observer) -> int | None:
    """The database is down and the leader's link closed: ask Kamailio, whose lead is a
    compare-and-set (one evapi worker; only a higher epoch wins), for the next epoch. Ours if
    Kamailio then follows this link; None if another standby won, or no answer came."""
    wanted = link.k_epoch + 1
    link.sock.send(f"lead,{wanted}")
    deadline = time.monotonic() + 2.0
    while link.k_epoch < wanted and time.monotonic() < deadline:
        if not _watch(link, observer, 0.05):
            return None
    if link.k_epoch == wanted and link.k_peer == link.sock.local():
        log.warning("the lease database is down and the leader gone: leading on Kamailio's word (epoch %d)",
                    wanted)
        return wanted
    return None


def _lead(lease: Lease, epoch: int, link: FencedLink, observer: Observer, build: Callable[[FencedLink], Any],
          stopped: Callable[[], bool], ready: Callable[[str], None], leased: bool = True) -> int:
    took = time.monotonic()
    if leased:
        link.lead(epoch)
    else:
        link.epoch = epoch
    link.keeper = keeper = LeaseKeeper(lease, epoch, link, leased)
    try:
        runner = build(link)
        built = time.monotonic()
        runner.service.link = link
        counts = reconcile(runner.service, observer)
        runner.start(link=link)
    except Exception as exc:  # noqa: BLE001 - said, the lease let go: another director tries at once
        log.error("could not take over (%s: %s); letting the lease go", type(exc).__name__, exc)
        keeper.stop()
        link.close()
        try:
            if keeper.leased:
                lease.release(keeper.epoch)
        except Exception:  # noqa: BLE001 - it expires by itself
            pass
        return 1
    log.warning("leading the queues (epoch %d) %.2f s after taking the lease (rebuilt in %.2f s); %d calls "
                "queued again from what the standby saw, %d ended, %d agent states applied", epoch,
                time.monotonic() - took, built - took, counts["requeued"], counts["ended"], counts["states"])
    ready(f"LEADING {epoch}")
    try:
        while not stopped() and not runner.error and not link.fenced:
            time.sleep(0.05)
    finally:
        keeper.stop()
        runner.stop()
    if link.fenced:
        return FENCED
    try:
        if keeper.leased:
            lease.release(keeper.epoch)
    except Exception as exc:  # noqa: BLE001 - the lease runs out by itself
        log.error("lease not released (%s): the standby waits for it to expire", type(exc).__name__)
    return 1 if runner.error else 0
