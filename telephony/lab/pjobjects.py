"""The pjsua2 subclasses of a lab peer: an Account per identity and a Call per call leg.

They hold no logic: every callback is forwarded, wrapped so that a Python exception is logged and
never escapes into pjsua2 (a SWIG director that raises can take the process down), to the owning
``PeerRuntime`` (telephony.lab.runtime), which runs on the one thread that owns pjsua2.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

if TYPE_CHECKING:
    from telephony.lab.runtime import PeerRuntime


def _guard(what: str, fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception:  # noqa: BLE001 - a callback must never raise into pjsua2
        print(f"lab peer: error in {what}:\n{traceback.format_exc()}", file=sys.stderr, flush=True)


class LabAccount(pj.Account):
    """One identity (user part) of the peer, registered or not."""

    def __init__(self, runtime: PeerRuntime, user: str) -> None:
        super().__init__()
        self.runtime = runtime
        self.user = user

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:  # noqa: N802 - pjsua2 name
        _guard("onIncomingCall", lambda: self.runtime.on_incoming(self, prm))

    def onRegState(self, prm: pj.OnRegStateParam) -> None:  # noqa: N802
        _guard("onRegState", lambda: self.runtime.on_reg_state(self, prm))


class LabCall(pj.Call):
    """One call leg; ``lab_id`` is the id the control channel uses (``<peer>-<n>``)."""

    def __init__(
        self, runtime: PeerRuntime, account: LabAccount, lab_id: str, direction: str,
        call_id: int = pj.PJSUA_INVALID_ID,
    ) -> None:
        super().__init__(account, call_id)
        self.runtime = runtime
        self.account = account
        self.lab_id = lab_id
        self.direction = direction

    def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802
        _guard("onCallState", lambda: self.runtime.on_call_state(self))

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:  # noqa: N802
        _guard("onCallMediaState", lambda: self.runtime.on_media_state(self))

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:  # noqa: N802
        _guard("onDtmfDigit", lambda: self.runtime.on_dtmf(self, prm.digit, prm.method))

    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:  # noqa: N802
        _guard("onCallTransferRequest", lambda: self.runtime.on_transfer_request(self, prm))

    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:  # noqa: N802
        _guard("onCallTransferStatus", lambda: self.runtime.on_transfer_status(self, prm))

    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:  # noqa: N802
        _guard("onCallReplaced", lambda: self.runtime.on_replaced(self, prm))
