"""queue count ranges: every open queue's tab count is a range of one index

The tab counts of the unfiltered queue are now one scalar subquery per queue, each a range
of an index (helpdesk/web/staff/queues.py, `_unfiltered_numbers`), instead of one pass
evaluating every queue's condition on each open ticket (5 ms of the queue's SQL at 10,000
open tickets, bench/profile_pages.py). Two queues had no index of their own: "phone"
(a written confirmation outstanding, art. 39.2.2) and the breached tickets whose deadline
is still ahead (a breach recorded); without these they read the open range entry by entry.

Under a filter the counts stay one pass over the filtered open tickets, on
`ix_ticket_queue_counts`, which now leads with the deadline after the status: a filter on
the deadline ("due within 24 hours") is then a range of the index that covers every
column the pass reads (8.3 ms → 1.1 ms for a priority and due-within filter at 10,000
open tickets); before, the database took the narrower deadline index and read each
ticket's row.

Revision ID: 0021_queue_count_ranges
Revises: 0020_duty_leftovers
Create Date: 2026-12-04 03:10:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_queue_count_ranges'
down_revision = '0020_duty_leftovers'
branch_labels = None
depends_on = None


COLUMNS = ['status', 'assignee_id', 'earliest_deadline', 'breach_count',
           'confirmation_outstanding', 'priority', 'tier', 'channel', 'customer_id',
           'contract_id', 'submitted_at']  # 0019's
DEADLINE_FIRST = ['status', 'earliest_deadline', 'assignee_id', *COLUMNS[3:]]


def upgrade():
    op.drop_index('ix_ticket_queue_counts', table_name='ticket')
    op.create_index('ix_ticket_queue_counts', 'ticket', DEADLINE_FIRST, unique=False)
    op.create_index('ix_ticket_status_confirmation', 'ticket',
                    ['status', 'confirmation_outstanding'], unique=False)
    op.create_index('ix_ticket_status_breach', 'ticket',
                    ['status', 'breach_count', 'earliest_deadline'], unique=False)


def downgrade():
    op.drop_index('ix_ticket_status_breach', table_name='ticket')
    op.drop_index('ix_ticket_status_confirmation', table_name='ticket')
    op.drop_index('ix_ticket_queue_counts', table_name='ticket')
    op.create_index('ix_ticket_queue_counts', 'ticket', COLUMNS, unique=False)
