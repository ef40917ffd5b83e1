"""After the units answer: reply review (答复审核), callback (回访), redo (重办), the closings and chasing.

Callback rounds: a round starts when a reply is accepted. Liangshan (第十三条) calls back by SMS first
and an unsatisfied rating needs a manual callback before redo or 备注办结. A satisfied or basically
satisfied rating closes the ticket.
"""

from __future__ import annotations

from typing import Any

from hotline.enums import Satisfaction, TicketState
from hotline.policy import Profile
from hotline.tickets import errors as E
from hotline.tickets.clocks import due_or_none
from hotline.tickets.events import Event, EventKind
from hotline.tickets.fastreplace import replace
from hotline.tickets.steps_common import (
    PRINCIPAL_ROLES,
    Apply,
    Check,
    center_only,
    latest_finish,
    parse_enum,
    required_bool,
    required_key,
    required_text,
    touch,
)
from hotline.tickets.steps_dispatch import finish_due_from
from hotline.tickets.view import CallbackView, TicketView

_METHODS = ("sms", "phone", "network")


def _check_reviewed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    center_only(event, "reply review (答复审核)")
    required_bool(event, "accepted")


def _reviewed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    if event.data["accepted"]:
        start = view.replied_at or event.at
        due = due_or_none(profile, calendar, "callback", view.category, view.urgency, start)
        return touch(view, event, state=TicketState.AWAITING_CALLBACK, reviewed_at=event.at, callback_due=due)
    # sent back for completion (补充完整): the answering units work on
    parts = tuple(replace(a, status="signed") if a.status == "replied" and a.role in PRINCIPAL_ROLES else a
                  for a in view.assignments)
    return touch(view, event, state=TicketState.PROCESSING, assignments=parts)


def _round(view: TicketView) -> list[CallbackView]:
    return [c for c in view.callbacks if view.reviewed_at is None or c.at >= view.reviewed_at]


def _check_called_back(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    method = required_text(event, "method")
    if method not in _METHODS:
        raise E.BadValue(f"callback method {method!r}; expected one of {', '.join(_METHODS)}")
    reached = required_bool(event, "reached")
    if reached:
        if not event.data.get("satisfaction"):
            raise E.SatisfactionMissing("a callback that reached the caller records 满意/基本满意/不满意")
        parse_enum(Satisfaction, event.data["satisfaction"], "satisfaction")
    resolved = event.data.get("resolved")
    if resolved is not None and not isinstance(resolved, bool):
        raise E.BadValue(f"resolved is true/false, got {resolved!r}")
    if profile.callback_sms_first.value and not _round(view) and method != "sms":
        raise E.SmsCallbackFirst("the first callback after the units' answer is an SMS (短信回访)",
                                 profile.callback_sms_first.article)


def _called_back(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    d = event.data
    rating = Satisfaction.parse(str(d["satisfaction"])) if d["reached"] else None
    callback = CallbackView(event_id=event.id, at=event.at, method=str(d["method"]), reached=bool(d["reached"]),
                            resolved=d.get("resolved") if d["reached"] else None, satisfaction=rating)
    view = touch(view, event, callbacks=view.callbacks + (callback,))
    if rating is None:
        return view
    view = replace(view, satisfaction=rating)
    satisfied = rating in (Satisfaction.SATISFIED, Satisfaction.BASIC)
    no_next_step = not profile.redo_on_unsatisfied.value and not profile.note_close_allowed.value
    if satisfied or no_next_step:
        return replace(view, state=TicketState.CLOSED, closed_at=event.at, closed_how="callback")
    return view


def _check_unsatisfied(view: TicketView, event: Event, profile: Profile) -> None:
    required_text(event, "reason", E.ReasonMissing)
    rated = [c for c in _round(view) if c.satisfaction is not None]
    if not rated or rated[-1].satisfaction is not Satisfaction.UNSATISFIED:
        raise E.NotUnsatisfied(f"{event.kind.value} follows an unsatisfied (不满意) callback rating")
    if profile.callback_sms_first.value and rated[-1].method == "sms":
        raise E.ManualCallbackRequired("an unsatisfied SMS rating is checked by a manual callback (人工回访) first")


def _check_redo(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    if not profile.redo_on_unsatisfied.value:
        raise E.RedoNotAllowed(f"profile {profile.id} does not order redos (重办)",
                               profile.redo_on_unsatisfied.article)
    center_only(event, "重办")
    _check_unsatisfied(view, event, profile)


def _redo(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    due = finish_due_from(view, profile, calendar, event.at)
    parts = tuple(
        replace(a, status="signed" if a.status == "replied" and a.role in PRINCIPAL_ROLES else a.status,
                finish_due=due, base_finish_due=due, extension_days=0, extension_pending=False)
        if a.is_live else a
        for a in view.assignments)
    return touch(view, event, state=TicketState.PROCESSING, assignments=parts, finish_due=latest_finish(parts),
                 redo_count=view.redo_count + 1, callback_due=None, satisfaction=None)


def _check_note_closed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    if not profile.note_close_allowed.value:
        raise E.NoteCloseNotAllowed(f"profile {profile.id} has no 备注办结", profile.note_close_allowed.article)
    center_only(event, "备注办结")
    _check_unsatisfied(view, event, profile)


def _note_closed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    return touch(view, event, state=TicketState.CLOSED, closed_at=event.at, closed_how="note-closed")


def _check_terminated(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    if not profile.terminate_allowed.value:
        raise E.TerminateNotAllowed(f"profile {profile.id} has no 终结办理", profile.terminate_allowed.article)
    required_text(event, "reason", E.ReasonMissing)
    if view.repeat_calls == 0 and view.redo_count == 0:
        raise E.NoRepeatOrRedo("终结办理 is for a matter raised again or already redone; this one is neither")


def _terminated(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    return touch(view, event, state=TicketState.CLOSED, closed_at=event.at, closed_how="terminated")


def _check_screened(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    if not profile.screening_allowed.value:
        raise E.ScreeningNotAllowed(f"profile {profile.id} has no 甄别 of ratings", profile.screening_allowed.article)
    center_only(event, "甄别")
    wanted = required_text(event, "callback_event_id")
    required_text(event, "reason", E.ReasonMissing)
    match = [c for c in view.callbacks if c.event_id == wanted and c.satisfaction is not None]
    if not match:
        raise E.CallbackUnknown(f"{wanted} is not a rated callback of this ticket")
    if match[0].screened:
        raise E.AlreadyScreened(f"callback {wanted} was screened already")


def _screened(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    wanted, reason = str(event.data["callback_event_id"]), str(event.data["reason"])
    callbacks = tuple(replace(c, screened=True, screen_reason=reason) if c.event_id == wanted else c
                      for c in view.callbacks)
    return touch(view, event, callbacks=callbacks)


def _check_chased(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    required_key(event, "level", [s.key for s in profile.supervision_levels], E.SupervisionLevelUnknown,
                 "supervision level", profile.id)


def _chased(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    keys = [s.key for s in profile.supervision_levels]
    level = str(event.data["level"])
    if view.chase_level in keys and keys.index(view.chase_level) > keys.index(level):
        level = view.chase_level  # a lower rung (e.g. an automatic reminder) never lowers the level reached
    return touch(view, event, chase_level=level, chase_count=view.chase_count + 1)


def _check_archived(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    return None


def _archived(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    return touch(view, event, state=TicketState.ARCHIVED)


STEPS: dict[EventKind, tuple[Check, Apply]] = {
    EventKind.REVIEWED: (_check_reviewed, _reviewed),
    EventKind.CALLED_BACK: (_check_called_back, _called_back),
    EventKind.REDO_ORDERED: (_check_redo, _redo),
    EventKind.NOTE_CLOSED: (_check_note_closed, _note_closed),
    EventKind.TERMINATED: (_check_terminated, _terminated),
    EventKind.SCREENED: (_check_screened, _screened),
    EventKind.CHASED: (_check_chased, _chased),
    EventKind.ARCHIVED: (_check_archived, _archived),
}
