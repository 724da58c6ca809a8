"""queue filter counts: the tab counts of a filtered queue read one index, not the rows

`ix_ticket_queue_counts` (0014) held every column the open queues' tab counts read, so
counting 10,000 open tickets read the index alone; a filter on SLA type, customer,
priority, tier, channel or creation date added a column outside it, and the counts then
read every open ticket's row (13 ms of the filtered view's SQL at 100,000 tickets,
bench/profile_pages.py). The index now also holds the columns the queue's filters read
(helpdesk/web/staff/filters.py), so a filtered count is index-only too (but for the
resolved-date filter on PostgreSQL, which asks the events by ticket id, a column
PostgreSQL's indexes do not carry).

Revision ID: 0019_queue_filter_counts
Revises: 0018_search_index
Create Date: 2026-12-03 17:10:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_queue_filter_counts'
down_revision = '0018_search_index'
branch_labels = None
depends_on = None

COUNTED = ['status', 'assignee_id', 'earliest_deadline', 'breach_count',
           'confirmation_outstanding']
FILTERED = ['priority', 'tier', 'channel', 'customer_id', 'contract_id', 'submitted_at']


def upgrade():
    op.drop_index('ix_ticket_queue_counts', table_name='ticket')
    op.create_index('ix_ticket_queue_counts', 'ticket', COUNTED + FILTERED, unique=False)


def downgrade():
    op.drop_index('ix_ticket_queue_counts', table_name='ticket')
    op.create_index('ix_ticket_queue_counts', 'ticket', COUNTED, unique=False)
