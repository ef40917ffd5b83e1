"""The center issues playback URLs: role checked, audit row written, then a short-lived signed URL.

    issuer = PlaybackIssuer(engine, base_url="http://127.0.0.1:8044", secret=read_secret(state_dir))
    grant = issuer.issue(viewer, recording_id, action="play")      # -> Grant(url, expires, audit_id)

Order matters: the access rules (hotline.recording_access) first, then whether the store may serve
the file (only ``verified``; never a quarantined or withdrawn one), then the audit row (who, which
recording, when, play or download) is committed, and only then is the URL signed. A refusal is
audited too (action ``play-refused``, the code in the detail) and raised as AccessDenied or
RecordingUnavailable. The URL is nginx's secure_link form ``/play/<store_path>?md5=&expires=``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from hotline.recording_access import (
    AccessDenied,
    RecordingOwner,
    RecordingUnavailable,
    Viewer,
    check_play,
    check_servable,
)
from storage.account_tables import UserRow
from storage.recording_tables import RecordingRow
from telephony.center.recsign import sign_play_url

AUDIT_ACTIONS = {"play": "play-recording", "download": "download-recording"}
REFUSED = "play-refused"


@dataclass(frozen=True)
class Grant:
    """A signed URL, when it stops working, and the audit row that allowed it."""

    url: str
    expires: int
    audit_id: str


def owner_of(session: Any, agent: str) -> RecordingOwner:
    """The agent named on a recording and their group (the account's unit_id), by login or extension."""
    group = session.scalars(select(UserRow.unit_id).where(or_(UserRow.login == agent, UserRow.sip_user == agent))
                            ).first()
    return RecordingOwner(agent=agent, group=group)


class PlaybackIssuer:
    """See the module docstring."""

    def __init__(self, engine: Any, base_url: str, secret: str, ttl_s: int = 300, origin: str = "center") -> None:
        self.engine, self.base_url, self.secret, self.ttl_s, self.origin = engine, base_url, secret, ttl_s, origin

    def issue(self, viewer: Viewer, recording_id: str, action: str = "play") -> Grant:
        """Check, audit, sign; see the module docstring. Raises AccessDenied / RecordingUnavailable."""
        from storage.uow import UnitOfWork

        with UnitOfWork(self.engine, origin=self.origin, role="center") as uow:
            row = uow.session.get(RecordingRow, recording_id)
            try:
                if row is None:
                    check_servable(None)
                check_play(viewer, owner_of(uow.session, row.agent), action)
                check_servable(row.state)
            except (AccessDenied, RecordingUnavailable) as exc:
                uow.audit.record(viewer.login, REFUSED, "recording", recording_id, wanted=action, code=exc.code,
                                 role=viewer.role.value)
                uow.commit()
                raise
            entry = uow.audit.record(viewer.login, AUDIT_ACTIONS[action], "recording", recording_id,
                                     role=viewer.role.value, ttl_s=self.ttl_s)
            store_path = row.store_path
            uow.commit()
        now = time.time()
        url = sign_play_url(self.base_url, store_path, self.secret, self.ttl_s, now=now)
        return Grant(url, int(now + self.ttl_s), entry.id)
