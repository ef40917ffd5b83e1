"""The port through which storage asks the domain to judge and fold ticket events.

``LifecycleRules`` is the real one: hotline.tickets.lifecycle with the profile named in the ticket's
CREATED event (hotline.policy_loader) and the calendar read from the database. Storage never
decides a ticket's state itself; tests may pass their own TicketRules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from hotline.tickets.events import Event
from hotline.tickets.view import TicketView
from hotline.workcalendar import WorkCalendar


class TicketRules(Protocol):
    """Fold a ticket's events into its view; refuse an illegal new event by raising."""

    def fold(self, events: Sequence[Event], profile: str, calendar: WorkCalendar) -> TicketView:
        """The ticket as these events (in any order) make it; rejected events are marked, not dropped."""
        ...

    def decide(self, view: TicketView | None, event: Event, profile: str, calendar: WorkCalendar) -> None:
        """Raise a TransitionError subclass when ``event`` is illegal on ``view`` (None: no ticket yet)."""
        ...


class LifecycleRules:
    """TicketRules backed by hotline.tickets.lifecycle and the jurisdiction profiles."""

    def __init__(self) -> None:
        self._profiles: dict[str, Any] = {}

    def profile(self, profile_id: str) -> Any:
        """The loaded Profile, cached for the life of this object."""
        if profile_id not in self._profiles:
            from hotline.policy_loader import load_profile

            self._profiles[profile_id] = load_profile(profile_id)
        return self._profiles[profile_id]

    def fold(self, events: Sequence[Event], profile: str, calendar: WorkCalendar) -> TicketView:
        from hotline.tickets import lifecycle

        return lifecycle.fold(list(events), self.profile(profile), calendar)

    def decide(self, view: TicketView | None, event: Event, profile: str, calendar: WorkCalendar) -> None:
        from hotline.tickets import lifecycle

        lifecycle.decide(view, event, self.profile(profile), calendar)

    def apply(
        self, view: TicketView | None, event: Event, profile: str, calendar: WorkCalendar
    ) -> TicketView:
        """``view`` after ``event`` (raises like ``decide`` when it is illegal).

        Optional for TicketRules: when an event sorts after every event folded into ``view``,
        ``fold(history + [event]) == apply(fold(history), event)``, so the repository uses it (when
        present) to judge and fold a desk's new events in one pass instead of folding again.
        """
        from hotline.tickets import lifecycle

        return lifecycle.apply(view, event, self.profile(profile), calendar)


def profile_of(events: Sequence[Event]) -> str | None:
    """The profile named by the earliest CREATED event, if there is one."""
    created = [e for e in events if e.kind == "created"]
    if not created:
        return None
    first = min(created, key=lambda e: e.sort_key)
    profile = first.data.get("profile")
    return str(profile) if profile else None
