"""ticket lists: indexes for the desk's paged lists (my tickets, running deadlines, sort by category)

- ``ix_ticket_events_actor_kind_ticket_id``: the tickets an agent created (我的工单) come from the
  CREATED events by ``actor``, read from the index alone.
- ``ix_tickets_due_at``: the ticket's running deadline as the lists show it (``coalesce(finish_due,
  dispatch_due)``), for sorting by 时限 and the due-soon range.
- ``ix_tickets_category_created_at``, ``ix_tickets_state_created_at``: sorting by 类别 or 状态 (then by
  creation time) walks an index instead of sorting a whole category's rows.

Indexes only: no row changes. Named 0006 (0005 is taken by the accounts branch); at merge its
``down_revision`` follows whichever revision is head then.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DUE = "coalesce(finish_due, dispatch_due)"


def upgrade():
    op.create_index("ix_ticket_events_actor_kind_ticket_id", "ticket_events", ["actor", "kind", "ticket_id"])
    op.create_index("ix_tickets_due_at", "tickets", [sa.text(DUE)])
    op.create_index("ix_tickets_category_created_at", "tickets", ["category", "created_at"])
    op.create_index("ix_tickets_state_created_at", "tickets", ["state", "created_at"])


def downgrade():
    op.drop_index("ix_tickets_state_created_at", table_name="tickets")
    op.drop_index("ix_tickets_category_created_at", table_name="tickets")
    op.drop_index("ix_tickets_due_at", table_name="tickets")
    op.drop_index("ix_ticket_events_actor_kind_ticket_id", table_name="ticket_events")
