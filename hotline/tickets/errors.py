"""Named refusals of the ticket lifecycle: one subclass of TransitionError per reason.

Every illegal step raises one of these with a plain-words message (Chinese terms allowed) and, where a
regulation is the reason, the article (``err.article``). The desk shows the message; the fold stores
it on the rejected event.
"""

from __future__ import annotations


class TransitionError(Exception):
    """An event the lifecycle rules refuse; ``reason`` says why, ``article`` cites the rule if any."""

    article: str = ""

    def __init__(self, reason: str, article: str = "") -> None:
        self.reason = reason
        self.article = article or type(self).article
        super().__init__(f"{reason} ({self.article})" if self.article else reason)


# --- the ticket itself -------------------------------------------------------------------------
class NoTicketYet(TransitionError):
    """An event before the ticket was created (CREATED)."""


class AlreadyCreated(TransitionError):
    """A second CREATED for the same ticket."""


class WrongTicket(TransitionError):
    """The event belongs to another ticket."""


class ProfileMismatch(TransitionError):
    """The ticket was created under another jurisdiction profile."""


class IntakeIncomplete(TransitionError):
    """A required intake field is missing or wrong (Ordos 第十八条, Liangshan 第十条)."""

    article = "鄂尔多斯 第十八条; 凉山 第十条"


class CallerPhoneMissing(IntakeIncomplete):
    """A phone call recorded without the caller's number."""


class BadValue(TransitionError):
    """A payload value that is not one of the allowed values."""


class ReasonMissing(TransitionError):
    """A step that must say why, without a reason."""


# --- states ------------------------------------------------------------------------------------
class IllegalInState(TransitionError):
    """The event kind is not legal in the ticket's current state."""


class AlreadyClosed(IllegalInState):
    """The ticket is closed (已办结) or archived: nothing more happens to it."""


class NotClosedYet(IllegalInState):
    """Archiving (归档) a ticket that is not closed."""


class IntakeOver(IllegalInState):
    """An intake step (classification, disposition) after the ticket left intake."""


class NotDispatched(IllegalInState):
    """A unit action on a ticket that no unit holds now."""


class AlreadyDispatched(IllegalInState):
    """Dispatching a ticket that units already hold (re-dispatch only after a return)."""


class NotRepliedYet(IllegalInState):
    """Reviewing a reply before the units' answer is complete."""


class NotAwaitingCallback(IllegalInState):
    """A callback (回访) on a ticket whose reply was not accepted yet."""


class ReturnUnderReview(IllegalInState):
    """The ticket is in 派单异议审核 (Hohhot 第十五条(四)); nothing else happens until it is decided."""

    article = "呼和浩特 第十五条(四)"


# --- dispositions ------------------------------------------------------------------------------
class ArticleMissing(TransitionError):
    """A direct answer (直接答复) must name the knowledge article and its version."""


class GuidanceClassUnknown(TransitionError):
    """A not-accepted class (不予受理) that the profile does not define."""


class EmergencyLineUnknown(TransitionError):
    """An emergency or utility line the hotline does not link (110/119/120/122, utilities)."""


class RepeatOfItself(TransitionError):
    """A ticket linked as a repeat of itself."""


class OriginalNotOpen(TransitionError):
    """A repeat (重复件) linked to a ticket the profile does not let it join."""


# --- dispatch and units -------------------------------------------------------------------------
class ModeNotAllowed(TransitionError):
    """A multi-unit mode the profile does not allow."""


class UnitsInvalid(TransitionError):
    """The units of a dispatch do not fit its mode (one lead, assists, countersigners, partners)."""


class NotAssigned(TransitionError):
    """The unit holds no live part of this ticket."""


class AlreadySigned(TransitionError):
    """The unit has signed (签收) already."""


class NotSignedYet(TransitionError):
    """The unit must sign (签收) before it acts on the ticket."""


class AlreadyReplied(TransitionError):
    """The unit has given its answer already."""


class NotAnAssist(TransitionError):
    """Only an assisting unit (协办) sends an assist reply."""


class NotTheLead(TransitionError):
    """An assisting unit answers its lead (主办), not the caller."""


class AssistsPending(TransitionError):
    """The lead (主办) answers once every assisting unit (协办) has sent its result."""

    article = "凉山 第十一条(三); 呼和浩特 第十七条"


# --- returns -----------------------------------------------------------------------------------
class ReturnIncomplete(TransitionError):
    """A return (退回) must carry a reason and its legal basis."""

    article = "凉山 第十二条(二)"


class ReturnWindowClosed(TransitionError):
    """The unit returns too late: the return window has passed."""


class NoReturnPending(TransitionError):
    """No return is waiting for review."""


class AmbiguousUnit(TransitionError):
    """Several units could be meant; the event must name one (unit_id)."""


# --- extensions --------------------------------------------------------------------------------
class ExtensionForbidden(TransitionError):
    """The profile forbids extending this ticket (e.g. Liangshan 咨询, 第十二条(三))."""


class ExtensionTooLate(TransitionError):
    """An extension must be asked before the finish deadline passes."""


class ExtensionTooLong(TransitionError):
    """More extension days than the profile allows."""


class ExtensionPending(TransitionError):
    """The unit already has an extension request waiting."""


class NoExtensionPending(TransitionError):
    """No extension request is waiting for a decision."""


class NotApprover(TransitionError):
    """Only the hotline center (or managing office) decides this."""


# --- reply, review, callback -------------------------------------------------------------------
class SatisfactionMissing(TransitionError):
    """A callback that reached the caller must record the rating (满意/基本满意/不满意)."""


class SmsCallbackFirst(TransitionError):
    """The first callback is an SMS (Liangshan 第十三条(一))."""

    article = "凉山 第十三条(一)"


class ManualCallbackRequired(TransitionError):
    """An unsatisfied SMS rating needs a manual (phone) callback first (Liangshan 第十三条(三))."""

    article = "凉山 第十三条(三)"


class NotUnsatisfied(TransitionError):
    """Redo or note-close needs an unsatisfied rating from the last callback."""


class RedoNotAllowed(TransitionError):
    """The profile does not order redos (重办)."""


class NoteCloseNotAllowed(TransitionError):
    """The profile has no 备注办结."""


class TerminateNotAllowed(TransitionError):
    """The profile has no 终结办理."""


class NoRepeatOrRedo(TransitionError):
    """终结办理 is for a matter raised again (repeat calls) or already redone."""

    article = "凉山 第十三条(四)"


class ScreeningNotAllowed(TransitionError):
    """The profile has no 甄别 of disputed ratings."""


class CallbackUnknown(TransitionError):
    """The screened callback is not a rated callback of this ticket."""


class AlreadyScreened(TransitionError):
    """That callback was screened already."""


class SupervisionLevelUnknown(TransitionError):
    """A supervision (督办/催办) level the profile does not define."""
