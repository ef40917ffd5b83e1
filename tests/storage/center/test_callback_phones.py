"""A callback reservation's ticket stores the trunk's caller ID canonical, the raw beside it, and its call."""

from __future__ import annotations

from storage.uow import UnitOfWork
from tests.hotline.acd.helpers import at
from tests.storage.center.test_center_repository import Center


def test_the_callback_ticket_keeps_the_caller_id_canonical_and_raw_and_links_the_call(engine):
    c = Center(engine)
    c.call_queued("n1@gw", caller="+8613700000042", dialled="123452", at=at(0))  # night: a callback
    with UnitOfWork(engine, role="center") as uow:
        ticket = uow.tickets.get(uow.center.call("n1@gw").ticket_id)
        assert (ticket.caller_phone, ticket.caller_phone_raw, ticket.call_id) == (
            "13700000042", "+8613700000042", "n1@gw")
        assert [t.ticket_id for t in uow.tickets.tickets_for_call("n1@gw")] == [ticket.id]
        assert [v.id for v in uow.tickets.history_for_caller("013700000042")] == [ticket.id]
