"""duty leftovers: the overdue site-visit report reminder is sent once (art. 27.2.2)

A preventive site visit whose report is not made within the reasonable term (REPORT_DAYS,
helpdesk/duties/visit_rules.py) is mailed to the managers and to whoever announced it, once;
`report_reminded_at` records it and is claimed by a conditional UPDATE, so a retry or the
next scheduler run does not send it again. Nullable: existing visits have had none.

Revision ID: 0020_duty_leftovers
Revises: 0019_queue_filter_counts
Create Date: 2026-12-03 17:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_duty_leftovers'
down_revision = '0019_queue_filter_counts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site_visit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_reminded_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('site_visit', schema=None) as batch_op:
        batch_op.drop_column('report_reminded_at')
