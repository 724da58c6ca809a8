"""contract duties b: suspensions for non-payment and preventive site visits (R25)

Seed 002 art. 6.9 (seed 004 art. 14.6): interventions suspended for non-payment, started and
stopped by a manager with a reason; the tickets opened meanwhile carry it as events. Art.
27.2.2/27.2.3: preventive maintenance visits on the customer's site, announced at least two
weeks before and reported after each visit. Two new tables; nothing existing changes.

Revision ID: 0015_contract_duties_b
Revises: 0014_saved_views
Create Date: 2026-12-03 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_contract_duties_b'
down_revision = '0014_saved_views'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'payment_suspension',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.Column('started_by_name', sa.String(length=200), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('stopped_by_id', sa.Integer(), nullable=True),
        sa.Column('stopped_by_name', sa.String(length=200), nullable=False),
        sa.Column('stop_reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id'],
                                name=op.f('fk_payment_suspension_customer_id_customer')),
        sa.ForeignKeyConstraint(['started_by_id'], ['staff.id'],
                                name=op.f('fk_payment_suspension_started_by_id_staff')),
        sa.ForeignKeyConstraint(['stopped_by_id'], ['staff.id'],
                                name=op.f('fk_payment_suspension_stopped_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_suspension')),
    )
    with op.batch_alter_table('payment_suspension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_suspension_customer_id'), ['customer_id'],
                              unique=False)
    op.create_table(
        'site_visit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('announced_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('announced_by_id', sa.Integer(), nullable=True),
        sa.Column('late', sa.Boolean(), nullable=False),
        sa.Column('late_agreement', sa.Text(), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cancel_reason', sa.Text(), nullable=False),
        sa.Column('defects', sa.Text(), nullable=False),
        sa.Column('open_points', sa.Text(), nullable=False),
        sa.Column('follow_up', sa.Text(), nullable=False),
        sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reported_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id'],
                                name=op.f('fk_site_visit_customer_id_customer')),
        sa.ForeignKeyConstraint(['announced_by_id'], ['staff.id'],
                                name=op.f('fk_site_visit_announced_by_id_staff')),
        sa.ForeignKeyConstraint(['reported_by_id'], ['staff.id'],
                                name=op.f('fk_site_visit_reported_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site_visit')),
    )
    with op.batch_alter_table('site_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_visit_customer_id'), ['customer_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_site_visit_starts_at'), ['starts_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('site_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_visit_starts_at'))
        batch_op.drop_index(batch_op.f('ix_site_visit_customer_id'))
    op.drop_table('site_visit')
    with op.batch_alter_table('payment_suspension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_suspension_customer_id'))
    op.drop_table('payment_suspension')
