"""The queue director process: Kamailio's events in, the Director's decisions out, every record stored.

:class:`DirectorService` owns one evapi link and one :class:`hotline.acd.Director` (pure). Each
event Kamailio relays becomes one Director input; each action it returns becomes an evapi command
(route / overflow / reject) or a record handed to :class:`telephony.center.records.RecordsWriter`,
which spools it and stores it on its own threads, so a slow or absent database never delays a call
and loses no record. The records of a callback overflow are spooled durably before its command goes
out: a caller told 预约回拨 has a record on disk. A restart rebuilds the Director from today's stored
events (and the spooled ones not yet stored) and the current registrations (``registered()``), and
the calls still suspended in Kamailio are resumed: their transaction handle travels in the events.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from hotline.timezone import now
from telephony.center.inbound import BadEvent, clean
from telephony.center.monitor_audit import monitor_record
from telephony.center.records import ONCE_PER_CALL, RecordStore, RecordsWriter, makes_promise

log = logging.getLogger("telephony.center")
# the records after which a caller no longer waits: the queue music stops
MUSIC_ENDS = frozenset({"answered", "abandoned", "overflowed", "ended", "transferred"})
DESK_USER_AGENT = "hotline12345-softphone"  # telephony.softphone.core sets it on the desk's phone


class Link(Protocol):
    def send(self, command: str) -> None: ...


def contact_uri(contact: str) -> str:
    """The SIP URI of a Contact header value (``<sip:1001@127.0.0.1:5072;ob>;expires=300``), or ''."""
    text = contact.strip()
    if "<" in text:
        text = text.split("<", 1)[1].split(">", 1)[0]
    else:
        text = text.split(";", 1)[0] if text.count(";") and not text.startswith("sip:") else text
    if not text.startswith(("sip:", "sips:")) or "," in text or any(ch.isspace() for ch in text):
        return ""
    return text


def tell_text(data: dict[str, Any]) -> str:
    """``state|<state>|<reason>|<until>`` for the desk (``until``: the end of wrap-up, ISO, or empty;
    commas, the command separator, and bars in a reason are replaced)."""
    reason = str(data.get("reason", "")).replace("|", "/")
    text = "|".join(["state", str(data.get("state", "")), reason, str(data.get("until") or "")])
    return text.replace(",", "，").replace("\n", " ")[:400]


def command_for(action: Any, domain: str, announcer: str | None = None, prompt: str = "") -> str | None:
    """The evapi command for a routing action (None for a record).

    An overflow to a seat rings that user; a callback or voicemail overflow goes to the announcer
    (``sip:<prompt>@<announcer>``: it tells the caller, and records the voicemail); with no
    announcer the caller gets 480.
    """
    from hotline.acd import actions as a

    handle = getattr(action, "handle", None) or {}
    where = f"{int(handle.get('tindex', -1))},{int(handle.get('tlabel', -1))}"
    if isinstance(action, a.RouteCall):
        return f"route,{where},{action.agent},{int(action.ring_timeout_s * 1000)}"
    if isinstance(action, a.Overflow):
        target = str(action.target or "")
        if target.startswith("sip:"):
            return f"overflow,{where},{target}"
        if target:
            return f"overflow,{where},sip:{target}@{domain}"
        if announcer:
            return f"overflow,{where},sip:{prompt or action.kind}@{announcer}"
        return f"reject,{where},480"
    if isinstance(action, a.RejectCall):
        return f"reject,{where},{int(action.code)}"
    return None


def once_ids(actions: Iterable[Any]) -> list[Any]:
    """``actions`` with the records of a call's once-only facts keyed by call and kind (uuid5), so two
    directors (a leader and the one that took over from it) recording the same fact store it once."""
    out = []
    for action in actions:
        event = getattr(action, "event", None)
        if event is not None and event.call and event.kind in ONCE_PER_CALL:
            key = uuid.uuid5(uuid.NAMESPACE_URL, f"hotline-center:{event.call}:{event.kind}")
            action = dataclasses.replace(action, event=dataclasses.replace(event, id=str(key)))
        out.append(action)
    return out


class DirectorService:
    """Drives one Director from one evapi link; see the module docstring."""

    def __init__(self, director: Any, store: RecordStore, domain: str,
                 clock: Callable[[], datetime] = now, announcer: str | None = None, music: Any = None,
                 records: RecordsWriter | None = None) -> None:
        self.director = director
        self.announcer = announcer
        self.music = music  # telephony.center.music_control.MusicControl, or None (ringback only)
        self.store = store
        self.domain = domain
        self.clock = clock
        self.link: Link | None = None
        self.records = records or RecordsWriter(store)
        self.handled = 0
        self.rejected = 0  # events skipped as malformed or failing
        self.not_desks: set[str] = set()  # agents whose phone is not the desk's (no state MESSAGEs)
        self.board: Any = None  # telephony.center.board_publish.BoardPublisher: the live board's mirror
        self.leads: Any = None  # telephony.center.lead_actions.LeadActions: a team lead's requests

    # ------------------------------------------------------------------ events
    def on_event(self, event: dict[str, Any]) -> None:
        """One Kamailio event: check it, feed the Director, apply what it decides.

        A malformed event (telephony.center.inbound) or one the Director cannot take is logged
        and skipped: input from outside never stops the director.
        """
        try:
            checked = clean(event)
            self._handle(checked)
        except BadEvent as exc:
            self.rejected += 1
            log.warning("evapi event skipped (%s): %.200r", exc, event)
        except Exception as exc:  # noqa: BLE001 - one event must not stop the queues
            self.rejected += 1
            log.error("evapi event failed (%s: %s): %.200r", type(exc).__name__, exc, event)

    def _handle(self, event: dict[str, Any]) -> None:
        from hotline.acd import AgentState

        d, at, kind = self.director, self.clock(), event["event"]
        call = event.get("callid", "")
        if kind == "queued":
            handle = {"tindex": event["tindex"], "tlabel": event["tlabel"]}
            actions = d.call_queued(call, caller=event["caller"], dialled=event["dialled"], at=at,
                                    queue=event["queue"] or None, handle=handle, verified=event["verified"])
        elif kind == "ring-failed":
            actions = d.ring_failed(call, event["agent"], event["code"], at)
        elif kind == "answered":
            actions = d.ring_answered(call, event["agent"], at)
        elif kind == "left":
            actions = d.caller_left(call, at, why=event["why"])
        elif kind == "gone":
            actions = self._gone(event["tindex"], event["tlabel"], at)
        elif kind == "ended":
            actions = d.call_ended(call, at)
        elif kind == "dialout":
            actions = d.agent_dialled(event["user"], event["to"], at)
        elif kind == "transferred":
            actions = d.call_transferred(call, at, event["to"])
        elif kind == "reg":
            self._phone_kind(event["user"], event["ua"])
            if event["expires"] > 0:
                actions = d.agent_registered(event["user"], at, contact=event["contact"])
            else:
                actions = d.agent_unregistered(event["user"], at)
        elif kind == "unreg":
            actions = d.agent_unregistered(event["user"], at)
        elif kind == "agent":
            actions = self._agent_message(event["user"], event["body"], at, AgentState)
        elif kind == "monitor":
            actions = []
            self.records.put([monitor_record(event, at)])  # audited (telephony.center.store)
        else:
            actions = []
        self.handled += 1
        self.apply(actions)
        if kind == "queued" and self.music is not None and event["sdp"] and call in d.calls:
            self._music(call, event)  # after the route went out: never delays it

    def _gone(self, tindex: int, tlabel: int, at: datetime) -> list[Any]:
        """A command found no transaction: the call it was for is over."""
        handle = {"tindex": tindex, "tlabel": tlabel}
        for c in list(self.director.calls.values()):
            if c.handle == handle:
                return self.director.caller_left(c.call, at, why="gone")
        return []

    def _music(self, call: str, event: dict[str, Any]) -> None:
        """Hold music only to the caller's own address: the SDP's audio address must be the one the
        INVITE came from, unless it came from a trusted peer (a carrier's media gateway differs)."""
        from telephony.center.music import caller_media

        media = caller_media(event["sdp"])
        if media is None:
            return
        if media[0] != event["src"] and not event["trusted"]:
            log.warning("call %.80s: no music to %s (the INVITE came from %s)", call, media[0], event["src"])
            return
        self.music.play(call, event["sdp"])

    def _agent_message(self, user: str, body: str, at: datetime, states: Any) -> list[Any]:
        word, _, why = body.strip().partition(":")
        word = word.strip().lower()
        if word == "lead" and self.leads is not None:
            return self.leads.handle(self.director, user, why, at)
        if word == "ready":
            return self.director.agent_state(user, states.READY, at)
        if word in ("not-ready", "pause"):
            return self.director.agent_state(user, states.NOT_READY, at, reason=why.strip() or "小休")
        if word == "logout":
            return self.director.agent_state(user, states.LOGGED_OUT, at)
        if word == "wrap-up-done":
            return self.director.agent_state(user, states.READY, at)
        if word == "wrap-up-extend":
            try:
                seconds = float(why.strip() or 60)
            except ValueError:
                seconds = 60.0
            return self.director.extend_wrap_up(user, seconds, at)
        log.warning("agent %s sent an unknown state %r", user, body)
        return []

    def tick(self) -> None:
        try:
            self.apply(self.director.tick(self.clock()))
        except Exception as exc:  # noqa: BLE001 - time goes on; the next tick tries again
            log.error("director tick failed (%s: %s)", type(exc).__name__, exc)

    def apply(self, actions: Iterable[Any]) -> None:
        actions = once_ids(actions)
        night = {a.event.call for a in actions if getattr(a, "event", None) is not None
                 and a.event.kind == "overflowed" and a.event.data.get("why") == "night"}
        records = [a.event for a in actions if getattr(a, "event", None) is not None]
        promise = makes_promise(records)
        if promise:  # on disk (fsynced) before the command that tells the caller 预约回拨 goes out
            self.records.put(records, durable=True)
        for action in actions:
            prompt = "night" if getattr(action, "call", None) in night else ""
            command = command_for(action, self.domain, self.announcer, prompt)
            if command is not None:
                if self.link is not None:
                    self.link.send(command)
                else:
                    log.warning("no evapi link: dropped %s", command)
            event = getattr(action, "event", None)
            if event is not None and self.music is not None and event.kind in MUSIC_ENDS:
                self.music.stop(event.call)
        if records and not promise:  # after the commands: a route never waits for its records
            self.records.put(records)
        for record in records:
            if record.kind == "agent-state":
                self._tell(record.agent, record.data)
        if self.board is not None:
            self.board.changed(self.director)

    def _phone_kind(self, user: str, user_agent: str) -> None:
        """Remember which agents registered with something other than the desk's softphone: they are
        not told their state (a desk phone answers the MESSAGE at once; another phone may never, and
        each unanswered MESSAGE holds a transaction in Kamailio's memory for its timer)."""
        if user_agent.startswith(DESK_USER_AGENT):
            self.not_desks.discard(user)
        else:
            self.not_desks.add(user)

    def _tell(self, user: str, data: dict[str, Any]) -> None:
        """Tell the agent's desk the state the director applied (a MESSAGE to its phone), so the
        phone bar shows what is, not what was asked for."""
        if user in self.not_desks:
            return
        rec = self.director.agents.get(user)
        uri = contact_uri(rec.contact if rec is not None else "")
        if not uri or self.link is None:
            return
        text = tell_text(data)
        try:
            self.link.send(f"tell,{uri},{text}")
        except OSError as exc:
            log.warning("could not tell %s its state: %s", user, exc)

    def close(self) -> None:
        if self.board is not None:
            self.board.close()
        self.records.close()

    # ------------------------------------------------------------------ run
    def run(self, host: str, port: int, stopped: threading.Event, tick_s: float = 0.25, link: Any = None) -> None:
        """Connect to evapi and serve on this thread until ``stopped`` is set or Kamailio closes the link.

        One blocking loop: an event is handled as soon as ``recv`` returns it, and time passes
        (``tick``) every ``tick_s`` between events. ConnectionError if Kamailio closed the link.
        ``link``: a connected link to serve instead (a standby's, handed over when it takes the lead).
        """
        from telephony.center.evapi import EvapiSocket

        link = link or EvapiSocket.connect(host, port, stopped=stopped)
        self.link = link
        next_tick = time.monotonic()
        try:
            while not stopped.is_set():
                left = next_tick - time.monotonic()
                if left <= 0:
                    self.tick()
                    next_tick = time.monotonic() + tick_s
                    continue
                events = link.receive(left)
                if events is None:
                    if stopped.is_set():
                        return
                    raise ConnectionError(f"Kamailio closed the evapi link ({host}:{port})")
                for event in events:
                    self.on_event(event)
        finally:
            self.link = None
            link.close()

    def wake(self) -> None:
        """Make a blocked ``run`` return (after its caller set ``stopped``)."""
        shutdown = getattr(self.link, "shutdown", None)
        if shutdown is not None:
            shutdown()
