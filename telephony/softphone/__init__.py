"""The agent's softphone engine on pjsua2: one owner thread, checked commands, frozen events.

Public API: :class:`Softphone` (engine), :class:`SoftphoneConfig`, the commands in
:mod:`telephony.softphone.commands`, the snapshots and events in :mod:`telephony.softphone.model`
and the errors in :mod:`telephony.softphone.errors`. Importing this package does not import
pjsua2; starting a phone does.
"""

from telephony.softphone.commands import (
    Answer,
    BlindTransfer,
    CompleteTransfer,
    Conference,
    Dial,
    DropOut,
    Hangup,
    HangupAll,
    Hold,
    Mute,
    Reject,
    Resume,
    SendDtmf,
    SendMessage,
)
from telephony.softphone.config import SoftphoneConfig
from telephony.softphone.engine import Softphone

__all__ = [
    "Answer", "BlindTransfer", "CompleteTransfer", "Conference", "Dial", "DropOut", "Hangup", "HangupAll",
    "Hold", "Mute", "Reject", "Resume", "SendDtmf", "SendMessage", "Softphone", "SoftphoneConfig",
]
