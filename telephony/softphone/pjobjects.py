"""The pjsua2 subclasses: thin callback forwarders into :class:`~telephony.softphone.core.PhoneCore`.

They run only on the pjsua2 thread and do nothing but hand the callback's data to the core,
so all decisions live in one place. A Python exception escaping a SWIG director callback would
be printed and lost, so each forwarder catches and logs it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from telephony.softphone.errors import current_traceback

if TYPE_CHECKING:
    from telephony.softphone.core import PhoneCore

log = logging.getLogger("telephony.softphone")


def _guard(fn: Any) -> Any:
    def wrapper(self: Any, prm: Any) -> None:
        try:
            fn(self, prm)
        except Exception:  # noqa: BLE001 - a director callback must never raise into pjsua2
            log.error("softphone callback %s failed: %s", fn.__name__, current_traceback())

    wrapper.__name__ = fn.__name__
    return wrapper


class PjAccount(pj.Account):
    """The agent's SIP account: registration state and incoming calls."""

    def __init__(self, core: PhoneCore) -> None:
        super().__init__()
        self.core = core

    @_guard
    def onRegState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 name
        self.core.on_reg_state()

    @_guard
    def onIncomingCall(self, prm: Any) -> None:  # noqa: N802
        self.core.on_incoming(prm.callId, prm.rdata.wholeMsg, str(prm.rdata.srcAddress))

    @_guard
    def onInstantMessage(self, prm: Any) -> None:  # noqa: N802
        self.core.on_message(str(prm.fromUri), str(prm.msgBody))

    @_guard
    def onInstantMessageStatus(self, prm: Any) -> None:  # noqa: N802
        self.core.on_message_status(str(prm.toUri), int(prm.code), str(prm.reason))


class PjCall(pj.Call):
    """One call; ``call_id`` is the engine's id for it."""

    def __init__(self, core: PhoneCore, account: pj.Account, pj_call_id: int = -1) -> None:
        super().__init__(account, pj_call_id)
        self.core = core
        self.call_id = ""

    @_guard
    def onCallState(self, prm: Any) -> None:  # noqa: N802
        self.core.on_call_state(self)

    @_guard
    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        self.core.on_media_state(self)

    @_guard
    def onDtmfDigit(self, prm: Any) -> None:  # noqa: N802
        self.core.on_dtmf(self, prm.digit)

    @_guard
    def onCallTransferStatus(self, prm: Any) -> None:  # noqa: N802
        self.core.on_transfer_status(self, prm)

    @_guard
    def onCallTransferRequest(self, prm: Any) -> None:  # noqa: N802
        self.core.on_transfer_request(self, prm)

    @_guard
    def onCallReplaced(self, prm: Any) -> None:  # noqa: N802
        self.core.on_replaced(self, prm)

    @_guard
    def onInstantMessage(self, prm: Any) -> None:  # noqa: N802 - an in-dialog MESSAGE
        self.core.on_call_message(self, str(prm.contentType), str(prm.msgBody))
