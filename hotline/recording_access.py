"""Who may play or download which recording: pure rules, no storage.

A supervisor (质检/管理) and the center admin reach every recording; a team lead (班长) the recordings
of the agents in their own group (the account's ``unit_id`` names the team); an agent only their own;
everyone else (a unit handler, a specialist) never. A recording is served only when the center has
verified its SHA-256 against the manifest: pending, uploaded-but-unchecked, quarantined (hash
mismatch) and withdrawn recordings are refused, as is one the center does not know.

    scope = search_scope(viewer)            # what the browser may list (raises AccessDenied)
    check_play(viewer, RecordingOwner(agent="1001", group=team_id), state="verified")
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline.accounts import Role

#: what the center audits: a play (streamed) or a download (saved)
ACTIONS = ("play", "download")
SERVABLE_STATE = "verified"


class AccessDenied(Exception):
    """The viewer may not have this recording. ``code``: role (never for this role), other-agent (an
    agent asking for someone else's), other-group (a team lead outside their group), no-group (a team
    lead without a group), bad-action."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class RecordingUnavailable(Exception):
    """The recording cannot be served. ``code``: unknown, withdrawn, quarantined, purged, not-verified, store-down."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Viewer:
    """Who asks: login, role and group (the account's unit_id; a team for agents and team leads)."""

    login: str
    role: Role
    group: str | None = None
    agent_id: str | None = None  # the name recordings carry for this person (the SIP extension), if any

    def names(self) -> frozenset[str]:
        """Every name a recording's ``agent`` column may hold for this viewer."""
        return frozenset(n for n in (self.login, self.agent_id) if n)


@dataclass(frozen=True)
class RecordingOwner:
    """Whose recording it is: the agent named on it and that agent's group."""

    agent: str
    group: str | None


@dataclass(frozen=True)
class Scope:
    """What a viewer may list: everything, one group's agents, or one agent's names."""

    everything: bool = False
    group: str | None = None
    agents: frozenset[str] = frozenset()


def search_scope(viewer: Viewer) -> Scope:
    """The recordings ``viewer`` may list, or AccessDenied (unit users and specialists never)."""
    if viewer.role in (Role.SUPERVISOR, Role.CENTER_ADMIN):
        return Scope(everything=True)
    if viewer.role is Role.TEAM_LEAD:
        if not viewer.group:
            raise AccessDenied("no-group", "班长账号未指定班组 (team lead without a group)")
        return Scope(group=viewer.group)
    if viewer.role is Role.AGENT:
        return Scope(agents=viewer.names())
    raise AccessDenied("role", f"该角色不能查看录音 (role {viewer.role.value} may not access recordings)")


def check_play(viewer: Viewer, owner: RecordingOwner, action: str = "play") -> None:
    """Raise AccessDenied unless ``viewer`` may ``action`` (play | download) ``owner``'s recording."""
    if action not in ACTIONS:
        raise AccessDenied("bad-action", f"unknown action {action!r}")
    scope = search_scope(viewer)
    if scope.everything:
        return
    if scope.group is not None:
        if owner.group != scope.group:
            raise AccessDenied("other-group", "不是本班组坐席的录音 (recording of an agent outside your group)")
        return
    if owner.agent not in scope.agents:
        raise AccessDenied("other-agent", "只能收听本人的录音 (an agent may play only their own recordings)")


def check_servable(state: str | None) -> None:
    """Raise RecordingUnavailable unless a recording in ``state`` (None: unknown) may be served."""
    if state is None:
        raise RecordingUnavailable("unknown", "录音不存在 (no such recording)")
    if state == SERVABLE_STATE:
        return
    if state == "quarantined":
        raise RecordingUnavailable("quarantined", "录音校验不符，已隔离 (hash mismatch: quarantined)")
    if state == "withdrawn":
        raise RecordingUnavailable("withdrawn", "录音已撤回 (recording withdrawn)")
    if state == "purged":
        raise RecordingUnavailable("purged", "录音已过保存期，已删除 (recording purged after its retention period)")
    raise RecordingUnavailable("not-verified", f"录音尚未校验 (recording not verified yet: {state})")
