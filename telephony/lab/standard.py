"""The standard lab: which peers ``hotline lab run`` starts, their numbers, tones and speech.

One process per answering point (a process holds at most 4 calls): the emergency lines 110, 119,
120, 122; the utility lines (electricity 95598, water, gas, heating, each also answering a short
name); the expert seats of resources/demo/units.json (user part of their SIP URI); and three
callers, who answer a callback with their recorded request over a quiet pilot tone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hotline.paths import resources_dir
from telephony.lab.audio import FREQUENCY_PLAN


@dataclass(frozen=True)
class PeerSpec:
    """One standard peer."""

    name: str  # key of FREQUENCY_PLAN, peer name, recording prefix
    users: tuple[str, ...]
    label: str  # what it stands for, shown to people
    kind: str  # emergency | utility | expert | caller
    speech: str | None = None  # resources/speech/<speech>.wav

    @property
    def tone_hz(self) -> int:
        return FREQUENCY_PLAN[self.name]

    def wav(self) -> Path | None:
        return speech_path(self.speech) if self.speech else None


EMERGENCY = (
    PeerSpec("110", ("110",), "公安报警 110", "emergency"),
    PeerSpec("119", ("119",), "消防火警 119", "emergency"),
    PeerSpec("120", ("120",), "医疗急救 120", "emergency"),
    PeerSpec("122", ("122",), "交通事故 122", "emergency"),
)
UTILITIES = (
    PeerSpec("95598", ("95598", "electricity"), "供电服务 95598", "utility"),
    PeerSpec("water", ("96116", "water"), "供水热线 96116", "utility"),
    PeerSpec("gas", ("96777", "gas"), "燃气热线 96777", "utility"),
    PeerSpec("heating", ("96069", "heating"), "供热热线 96069", "utility"),
)
CALLERS = (
    PeerSpec("caller-1", ("13800000001",), "来电群众 1", "caller", "gjj-zufang"),
    PeerSpec("caller-2", ("13800000002",), "来电群众 2", "caller", "tingshui"),
    PeerSpec("caller-3", ("13800000003",), "来电群众 3", "caller", "wuye-shoufei"),
)


def speech_dir() -> Path:
    return resources_dir() / "speech"


def speech_path(name: str) -> Path:
    """resources/speech/<name>.wav, or ValueError listing the requests there are."""
    path = speech_dir() / f"{name}.wav"
    if not path.is_file():
        raise ValueError(f"no recorded request {name!r} in {speech_dir()}; there are: {', '.join(speech_names())}")
    return path


def speech_names() -> list[str]:
    return sorted(p.stem for p in speech_dir().glob("*.wav"))


def expert_seats(units_json: Path | None = None) -> tuple[PeerSpec, ...]:
    """A peer per expert seat of the demo units that has a tone in the plan."""
    path = units_json or resources_dir() / "demo" / "units.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    seats = []
    for unit in data["units"]:
        for seat in unit.get("expert_seats", ()):
            user = seat["sip_uri"].split(":", 1)[1].split("@", 1)[0]
            if user in FREQUENCY_PLAN:
                seats.append(PeerSpec(user, (user,), f"{unit['short_name']} {seat['name']}", "expert"))
    return tuple(seats)


def standard_peers(only: list[str] | None = None) -> list[PeerSpec]:
    """The standard set, or the peers named in ``only`` (names or user parts); ValueError if unknown."""
    peers = [*EMERGENCY, *UTILITIES, *expert_seats(), *CALLERS]
    if not only:
        return peers
    chosen = [p for p in peers if p.name in only or set(p.users) & set(only)]
    known = {p.name for p in chosen} | {u for p in chosen for u in p.users}
    unknown = [o for o in only if o not in known]
    if unknown:
        raise ValueError(f"unknown lab peers {', '.join(unknown)}; known: {', '.join(p.name for p in peers)}")
    return chosen
