"""contract duties: SLA history (art. 38.1), complaints (16.1), conflicts (39.4.2), service fees

R25: the service level may only be raised during the term, so every assignment of a
contract's SLA is a row (who, when, from, to, why allowed). Written complaints (art. 16.1)
and conflict notices (art. 39.4.2) are rows of one table with their kind; their windows are
recomputed, not stored. R20: a hosted service's fee per billing period (1, 3 or 12 months),
invoiced and paid, the base of the availability credit.

Revision ID: 0013_contract_duties
Revises: 0012_canned_replies_and_merge
Create Date: 2026-12-03 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_contract_duties'
down_revision = '0012_canned_replies_and_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sla_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.Column('from_sla', sa.String(length=64), nullable=True),
        sa.Column('to_sla', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('agreement', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'],
                                name=op.f('fk_sla_change_contract_id_contract')),
        sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_sla_change_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_change')),
    )
    with op.batch_alter_table('sla_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sla_change_contract_id'), ['contract_id'],
                              unique=False)
    op.create_table(
        'contract_duty',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('subject', sa.String(length=16), nullable=False),
        sa.Column('invoice_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('noticed_on', sa.Date(), nullable=True),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('channel', sa.String(length=32), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.Column('registered_by_id', sa.Integer(), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id'],
                                name=op.f('fk_contract_duty_customer_id_customer')),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoice.id'],
                                name=op.f('fk_contract_duty_invoice_id_invoice')),
        sa.ForeignKeyConstraint(['contact_id'], ['contact_person.id'],
                                name=op.f('fk_contract_duty_contact_id_contact_person')),
        sa.ForeignKeyConstraint(['registered_by_id'], ['staff.id'],
                                name=op.f('fk_contract_duty_registered_by_id_staff')),
        sa.ForeignKeyConstraint(['answered_by_id'], ['staff.id'],
                                name=op.f('fk_contract_duty_answered_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_duty')),
    )
    with op.batch_alter_table('contract_duty', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_duty_customer_id'), ['customer_id'],
                              unique=False)
    op.create_table(
        'service_fee',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('invoiced_cents', sa.Integer(), nullable=False),
        sa.Column('paid_cents', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['service_id'], ['customer_service.id'],
                                name=op.f('fk_service_fee_service_id_customer_service')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_fee')),
        sa.UniqueConstraint('service_id', 'starts_on',
                            name=op.f('uq_service_fee_service_id_starts_on')),
    )
    with op.batch_alter_table('service_fee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_fee_service_id'), ['service_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('service_fee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_fee_service_id'))
    op.drop_table('service_fee')
    with op.batch_alter_table('contract_duty', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_duty_customer_id'))
    op.drop_table('contract_duty')
    with op.batch_alter_table('sla_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sla_change_contract_id'))
    op.drop_table('sla_change')
