"""Who hears whom: the conference-bridge links the phone wants, computed from its calls.

:func:`desired_links` is pure: from each call's state (media up, held, muted, conferenced) and
the open recordings it returns the set of (source, sink) links between logical ports — ``"mic"``
(the agent's voice), ``"spk"`` (the agent's ear), ``("call", id)`` and ``("rec", id)``. The
engine applies the difference to pjsua2's bridge, so a hold, a consultation or a three-way call
is one recomputation, not a hand-kept list of startTransmit calls.

A monitoring leg (a team lead's call the phone answered for listen / whisper / barge, ``monitor``
set to the mode) is linked by its mode, with the agent's talking calls ("the parties"): the lead
always hears the agent and the parties; in ``whisper`` the agent also hears the lead; in ``barge``
the parties hear the lead too (and the recording keeps the lead's voice). Nobody else ever hears it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Port = str | tuple[str, str]
Link = tuple[Port, Port]


@dataclass(frozen=True, slots=True)
class Leg:
    """What the bridge needs to know about one call."""

    call_id: str
    interaction_id: str
    media: bool  # the call has an audio port on the bridge
    held: bool  # held by the agent
    muted: bool
    conference: bool
    monitor: str = ""  # "", "listen", "whisper", "barge": a team lead monitoring this phone


def desired_links(legs: Iterable[Leg], recording_interactions: Iterable[str]) -> set[Link]:
    """The links that should exist now (see the module docstring)."""
    legs = [leg for leg in legs if leg.media]
    monitors = [leg for leg in legs if leg.monitor and not leg.held]
    legs = [leg for leg in legs if not leg.monitor]
    links: set[Link] = set()
    talking = [leg for leg in legs if not leg.held]
    for leg in talking:
        port = ("call", leg.call_id)
        links.add((port, "spk"))
        if not leg.muted:
            links.add(("mic", port))
    bridged = [leg for leg in talking if leg.conference]
    for a in bridged:
        for b in bridged:
            if a is not b and a.interaction_id == b.interaction_id:
                links.add((("call", a.call_id), ("call", b.call_id)))
    for interaction in set(recording_interactions):
        rec = ("rec", interaction)
        mine = [leg for leg in legs if leg.interaction_id == interaction]
        if not mine:
            continue
        links.add(("mic", rec))
        for leg in mine:
            links.add((("call", leg.call_id), rec))
            if any(m.monitor == "barge" for m in monitors) and not leg.held:
                links.update((("call", m.call_id), rec) for m in monitors if m.monitor == "barge")
    for mon in monitors:
        links |= monitor_links(mon, talking)
    return links


def monitor_links(mon: Leg, parties: list[Leg]) -> set[Link]:
    """The links of one monitoring leg by its mode (see the module docstring)."""
    port: Port = ("call", mon.call_id)
    links: set[Link] = {("mic", port)}
    for leg in parties:
        links.add((("call", leg.call_id), port))
        if mon.monitor == "barge":
            links.add((port, ("call", leg.call_id)))
    if mon.monitor in ("whisper", "barge"):
        links.add((port, "spk"))
    return links


def involving(links: set[Link], port: Port) -> set[Link]:
    """The links that touch ``port`` (to forget when its call or recorder goes away)."""
    return {link for link in links if port in link}
