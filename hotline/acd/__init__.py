"""The queue director (ACD) of the telephony center, pure: no I/O, time always passed in.

    from hotline.acd import Director, CenterPlan, AgentState, actions as a
    plan = CenterPlan.load()                     # resources/center/plan.toml
    d = Director(plan, now)
    for action in d.call_queued("call-1", caller="13700000001", dialled="12345", at=now, handle=h):
        ...                                      # RouteCall / Overflow / RejectCall / Record

Modules: ``states`` (agent states and labels), ``actions`` (what the director asks for, and the
``QueueEvent`` storage keeps), ``plan`` (the center plan and its strict loader), ``director`` (the
inputs), ``routing`` (distribution, overflow, night rule), ``rebuild`` (resuming after a restart),
``snapshot`` and ``model`` (working memory and frozen views).

Interface notes: ``QueueEvent`` has an ``id`` (idempotent appends); ``Overflow`` has ``message``
(what the caller is told); ``Director.rebuild`` takes ``registrations`` as users or a mapping
user -> contact, and its reconciliation and the offers of the calls still waiting come out of the
first ``tick(now)``.
"""

from hotline.acd import actions
from hotline.acd.actions import Overflow, QueueEvent, Record, RejectCall, RouteCall
from hotline.acd.director import Director
from hotline.acd.model import AgentSnapshot, CenterSnapshot, QueueSnapshot, WaitingCall
from hotline.acd.plan import CenterPlan, District, NightRule, PlanError, QueuePlan
from hotline.acd.states import AgentState

__all__ = [
    "AgentSnapshot", "AgentState", "CenterPlan", "CenterSnapshot", "Director", "District", "NightRule",
    "Overflow", "PlanError", "QueueEvent", "QueuePlan", "QueueSnapshot", "Record", "RejectCall",
    "RouteCall", "WaitingCall", "actions",
]
