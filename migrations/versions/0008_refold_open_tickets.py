"""refold open tickets: the SLA engine folds some tickets differently from this version on

R12/R8 (a priority change leaves a stopped clock's target alone) and the platform
objectives (a workaround starts the permanent-fix objective; out of scope) change the
derived columns of some open tickets, next deadline and wake instant among them. Every open
ticket wakes now: the scheduler's sweep settles each one, which recomputes its columns from
its events as `helpdesk rebuild` does, in every deployment, without a step to remember.
Nothing is lost: the events are the truth and stay as they are.

Revision ID: 0008_refold_open_tickets
Revises: 0007_maintenance_series
Create Date: 2026-11-22 05:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

from helpdesk.clock import utcnow
from helpdesk.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0008_refold_open_tickets'
down_revision = '0007_maintenance_series'
branch_labels = None
depends_on = None

CLOSED = ("resolved", "not_an_incident", "out_of_scope")


def upgrade():
    ticket = sa.table("ticket", sa.column("status", sa.String),
                      sa.column("next_wake_at", UTCDateTime()))
    op.execute(ticket.update().where(ticket.c.status.not_in(CLOSED))
               .values(next_wake_at=utcnow().replace(microsecond=0)))


def downgrade():
    pass  # nothing to undo: the columns were recomputed from the events
