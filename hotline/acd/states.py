"""Agent states of the queue director (ACD), with the Chinese labels the desk and the board show."""

from __future__ import annotations

from enum import StrEnum


class AgentState(StrEnum):
    """Where an agent stands in the center: only READY agents are offered calls."""

    LOGGED_OUT = "logged-out"
    READY = "ready"
    NOT_READY = "not-ready"
    RINGING = "ringing"
    TALKING = "talking"
    WRAP_UP = "wrap-up"

    @property
    def label(self) -> str:
        """The Chinese name of the state (未登录, 空闲, 示忙, 振铃, 通话中, 话后整理)."""
        return LABELS[self]

    @classmethod
    def parse(cls, text: str) -> AgentState:
        """The state named by its value or its Chinese label; ValueError lists the choices."""
        wanted = text.strip().lower().replace("_", "-")
        for state in cls:
            if wanted in (state.value, LABELS[state]):
                return state
        choices = ", ".join(f"{s.value}/{LABELS[s]}" for s in cls)
        raise ValueError(f"unknown agent state {text!r}; expected one of: {choices}")


LABELS: dict[AgentState, str] = {
    AgentState.LOGGED_OUT: "未登录",
    AgentState.READY: "空闲",
    AgentState.NOT_READY: "示忙",
    AgentState.RINGING: "振铃",
    AgentState.TALKING: "通话中",
    AgentState.WRAP_UP: "话后整理",
}

# states an agent may ask for from the desk (the others the director sets itself)
DESK_STATES = (AgentState.READY, AgentState.NOT_READY, AgentState.LOGGED_OUT)

# the not-ready reason the director gives after too many unanswered offers
MISSED_REASON = "连续未接"
