"""The transition table: which event kind is legal in which ticket state, and in which unit status.

This is the one place that says where each step may happen. The finer rules of each step (fields,
profile flags, windows) live in the step modules; :func:`check_table` raises the named error for a
step taken in the wrong state. The resulting state of each step is listed in ``RESULTS`` for people
(and the docs); the step modules produce it.
"""

from __future__ import annotations

from hotline.enums import TicketState as S
from hotline.tickets import errors as E
from hotline.tickets.events import EventKind as K
from hotline.tickets.view import TicketView

_OPEN_DISPATCHED = frozenset({S.DISPATCHED, S.RETURN_REVIEW, S.RETURNED, S.PROCESSING, S.REPLIED,
                              S.AWAITING_CALLBACK})
_UNIT_WORK = frozenset({S.DISPATCHED, S.PROCESSING})

#: ticket states in which each kind is legal (CREATED needs no ticket; it is legal only first)
LEGAL_STATES: dict[K, frozenset[S]] = {
    K.CLASSIFIED: frozenset({S.INTAKE}),
    K.ANSWERED_DIRECTLY: frozenset({S.INTAKE}),
    K.NOT_ACCEPTED: frozenset({S.INTAKE}),
    K.EMERGENCY_LINKED: frozenset({S.INTAKE, S.DISPATCHED, S.PROCESSING}),
    K.LINKED_AS_REPEAT: frozenset({S.INTAKE}),
    K.REPEAT_CALL_RECORDED: frozenset(set(S) - {S.ARCHIVED}),
    K.DISPATCHED: frozenset({S.INTAKE, S.RETURNED}),
    K.SIGNED: _UNIT_WORK,
    K.RETURNED: _UNIT_WORK,
    K.RETURN_REVIEWED: frozenset({S.RETURN_REVIEW, S.DISPATCHED, S.PROCESSING}),
    K.EXTENSION_REQUESTED: _UNIT_WORK,
    K.EXTENSION_DECIDED: _UNIT_WORK,
    K.PROGRESS_REPORTED: _UNIT_WORK,
    K.ASSIST_REPLIED: _UNIT_WORK,
    K.REPLIED: _UNIT_WORK,
    K.REVIEWED: frozenset({S.REPLIED}),
    K.CALLED_BACK: frozenset({S.AWAITING_CALLBACK}),
    K.SCREENED: frozenset(set(S) - {S.INTAKE}),
    K.REDO_ORDERED: frozenset({S.AWAITING_CALLBACK}),
    K.NOTE_CLOSED: frozenset({S.AWAITING_CALLBACK}),
    K.TERMINATED: frozenset({S.DISPATCHED, S.PROCESSING, S.REPLIED, S.AWAITING_CALLBACK}),
    K.CHASED: _OPEN_DISPATCHED,
    K.ARCHIVED: frozenset({S.CLOSED}),
    K.DEADLINES_RECOMPUTED: frozenset(set(S) - {S.CLOSED, S.ARCHIVED}),
    K.CALL_LINKED: frozenset(set(S) - {S.ARCHIVED}),
    K.EXPERT_OPINION: frozenset(set(S) - {S.CLOSED, S.ARCHIVED}),
}

#: unit actions: the assignment statuses in which the acting unit may take the step
UNIT_STATUSES: dict[K, frozenset[str]] = {
    K.SIGNED: frozenset({"dispatched"}),
    K.RETURNED: frozenset({"dispatched", "signed"}),
    K.EXTENSION_REQUESTED: frozenset({"signed"}),
    K.PROGRESS_REPORTED: frozenset({"signed"}),
    K.ASSIST_REPLIED: frozenset({"signed"}),
    K.REPLIED: frozenset({"signed"}),
}

#: what each step leads to (documentation; the step modules implement it)
RESULTS: dict[K, str] = {
    K.CREATED: "INTAKE",
    K.CLASSIFIED: "INTAKE (category/urgency corrected)",
    K.ANSWERED_DIRECTLY: "CLOSED (direct)",
    K.NOT_ACCEPTED: "CLOSED (not-accepted)",
    K.EMERGENCY_LINKED: "CLOSED (emergency) from INTAKE; otherwise recorded, no change",
    K.LINKED_AS_REPEAT: "CLOSED (repeat, or not-accepted where the profile says so)",
    K.REPEAT_CALL_RECORDED: "no change; repeat_calls + 1",
    K.DISPATCHED: "DISPATCHED",
    K.SIGNED: "PROCESSING (dual: first signer leads)",
    K.RETURNED: "RETURN_REVIEW where reviewed, else RETURNED (lead/sole unit) or part dropped",
    K.RETURN_REVIEWED: "approved: RETURNED (or part dropped); refused: back to the unit",
    K.EXTENSION_REQUESTED: "no change; request pending",
    K.EXTENSION_DECIDED: "no change; finish due moved when granted",
    K.PROGRESS_REPORTED: "no change; first response recorded",
    K.ASSIST_REPLIED: "no change; assist done",
    K.REPLIED: "REPLIED when the lead (or every countersigner) has answered",
    K.REVIEWED: "accepted: AWAITING_CALLBACK; sent back: PROCESSING",
    K.CALLED_BACK: "satisfied/basic: CLOSED; unsatisfied or not reached: AWAITING_CALLBACK",
    K.SCREENED: "no change; rating excluded from 满意率",
    K.REDO_ORDERED: "PROCESSING (new finish clock)",
    K.NOTE_CLOSED: "CLOSED (note-closed)",
    K.TERMINATED: "CLOSED (terminated)",
    K.CHASED: "no change; chase level recorded",
    K.ARCHIVED: "ARCHIVED",
    K.DEADLINES_RECOMPUTED: "no change; due times moved by a published calendar year recorded",
    K.CALL_LINKED: "no change; the call (and its recording) listed with the ticket",
    K.EXPERT_OPINION: "no change; the specialist's opinion (专家意见) listed with the ticket",
}

_INTAKE_KINDS = frozenset({K.CLASSIFIED, K.ANSWERED_DIRECTLY, K.NOT_ACCEPTED, K.LINKED_AS_REPEAT})


def check_table(view: TicketView, kind: K) -> None:
    """Raise the named error when ``kind`` is not legal in the ticket's state."""
    legal = LEGAL_STATES.get(kind)
    state = view.state
    if legal is None:
        raise E.AlreadyCreated("the ticket exists already; CREATED happens once")
    if state in legal:
        return
    if state in (S.CLOSED, S.ARCHIVED):
        if kind is K.ARCHIVED:
            raise E.AlreadyClosed("the ticket is archived already (已归档)")
        raise E.AlreadyClosed(f"the ticket is {state.label}; {kind.value} is no longer possible")
    if kind is K.ARCHIVED:
        raise E.NotClosedYet(f"only a closed ticket is archived; this one is {state.label}")
    if state is S.RETURN_REVIEW:
        raise E.ReturnUnderReview(f"the unit's return is under review (派单异议审核); {kind.value} waits")
    if kind in _INTAKE_KINDS:
        raise E.IntakeOver(f"{kind.value} happens during intake; the ticket is {state.label}")
    if kind is K.DISPATCHED:
        raise E.AlreadyDispatched(f"the ticket is {state.label}; re-dispatch only after a return (已退回)")
    if kind in UNIT_STATUSES and state in (S.REPLIED, S.AWAITING_CALLBACK):
        raise E.AlreadyReplied(f"the units have answered ({state.label}); {kind.value} refused")
    if kind in UNIT_STATUSES or kind is K.EXTENSION_DECIDED:
        raise E.NotDispatched(f"no unit is working on the ticket ({state.label}); {kind.value} refused")
    if kind is K.REVIEWED:
        raise E.NotRepliedYet(f"the units' answer is not complete ({state.label}); nothing to review")
    if kind in (K.CALLED_BACK, K.REDO_ORDERED, K.NOTE_CLOSED):
        raise E.NotAwaitingCallback(f"the ticket is {state.label}, not 待回访; {kind.value} refused")
    raise E.IllegalInState(f"{kind.value} is not possible while the ticket is {state.label}")
