"""saved views and the earliest open deadline (issue #16, issue #19 leftover)

`saved_view` holds each staff member's saved queue filters (a name and the queue URL's
query string), private or shared with the team.

`ticket.earliest_deadline` is a derived column like `next_deadline` (a cache of the fold,
rebuilt by `helpdesk rebuild`), but it keeps a deadline already passed while the clock is
not stopped, so overdue tickets sort first in the queues (#19); `next_deadline` keeps only
deadlines ahead, which the escalation plan wakes for. Existing rows get it here from what
they hold: the next deadline ahead where there is one. Every open ticket also wakes now (as
0008 does), so the scheduler's sweep refolds it from its events and fills in the deadlines
already passed; `helpdesk rebuild` does the same at once.

Indexes (bench/profile_pages.py, 100,000 tickets): the queue's orderings move to the new
column; one index holds every column the tab counts read (they no longer read the open
tickets' rows); the portal lists a customer's newest tickets in index order.

Revision ID: 0014_saved_views
Revises: 0013_contract_duties
Create Date: 2026-12-03 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

from helpdesk.clock import utcnow
from helpdesk.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0014_saved_views'
down_revision = '0013_contract_duties'
branch_labels = None
depends_on = None

CLOSED = ("resolved", "not_an_incident", "out_of_scope")


def upgrade():
    op.create_table(
        'saved_view',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('query', sa.String(length=2000), nullable=False),
        sa.Column('shared', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['staff.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('saved_view', schema=None) as batch_op:
        batch_op.create_index('ix_saved_view_owner', ['owner_id'], unique=False)
        batch_op.create_index('ix_saved_view_shared', ['shared'], unique=False)
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('earliest_deadline', UTCDateTime(), nullable=True))
        # The queues sort on the new column now: its indexes replace those of 0005.
        batch_op.drop_index('ix_ticket_status_next_deadline')
        batch_op.drop_index('ix_ticket_assignee_status_next_deadline')
        batch_op.create_index('ix_ticket_status_earliest_deadline',
                              ['status', 'earliest_deadline'], unique=False)
        batch_op.create_index('ix_ticket_assignee_status_earliest_deadline',
                              ['assignee_id', 'status', 'earliest_deadline'], unique=False)
        batch_op.create_index('ix_ticket_earliest_deadline', ['earliest_deadline'],
                              unique=False)
        batch_op.create_index('ix_ticket_customer_newest', ['customer_id', 'id'], unique=False)
        batch_op.create_index('ix_ticket_breach_count', ['breach_count', 'status'],
                              unique=False)
        batch_op.create_index('ix_ticket_queue_counts',
                              ['status', 'assignee_id', 'earliest_deadline', 'breach_count',
                               'confirmation_outstanding'], unique=False)
    ticket = sa.table("ticket", sa.column("status", sa.String),
                      sa.column("next_deadline", UTCDateTime()),
                      sa.column("earliest_deadline", UTCDateTime()),
                      sa.column("next_wake_at", UTCDateTime()))
    op.execute(ticket.update().values(earliest_deadline=ticket.c.next_deadline))
    op.execute(ticket.update().where(ticket.c.status.not_in(CLOSED))
               .values(next_wake_at=utcnow().replace(microsecond=0)))


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_queue_counts')
        batch_op.drop_index('ix_ticket_customer_newest')
        batch_op.drop_index('ix_ticket_breach_count')
        batch_op.drop_index('ix_ticket_earliest_deadline')
        batch_op.drop_index('ix_ticket_assignee_status_earliest_deadline')
        batch_op.drop_index('ix_ticket_status_earliest_deadline')
        batch_op.drop_column('earliest_deadline')
        batch_op.create_index('ix_ticket_assignee_status_next_deadline',
                              ['assignee_id', 'status', 'next_deadline'], unique=False)
        batch_op.create_index('ix_ticket_status_next_deadline', ['status', 'next_deadline'],
                              unique=False)
    with op.batch_alter_table('saved_view', schema=None) as batch_op:
        batch_op.drop_index('ix_saved_view_shared')
        batch_op.drop_index('ix_saved_view_owner')
    op.drop_table('saved_view')
