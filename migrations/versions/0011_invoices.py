"""invoices: everything invoiced under an agreement, the base of the annual cap (R22)

Art. 16.3 caps the year's credits at 20 % of what was invoiced in the 12 whole calendar
months before the breach month: SLA fees, hours, projects and licences alike, so each invoice
gets a row (date, number, amount in cents, what for, paid on). Art. 16.4 adds the project's
total price where the agreement names one: a nullable column on the contract (existing
contracts name none).

Revision ID: 0011_invoices
Revises: 0010_data_breaches
Create Date: 2026-12-03 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_invoices'
down_revision = '0010_data_breaches'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'invoice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contract_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=64), nullable=False),
        sa.Column('invoiced_on', sa.Date(), nullable=False),
        sa.Column('amount_cents', sa.Integer(), nullable=False),
        sa.Column('what_for', sa.String(length=16), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['contract_id'], ['contract.id'],
                                name=op.f('fk_invoice_contract_id_contract')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'],
                                name=op.f('fk_invoice_recorded_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice')),
        sa.UniqueConstraint('contract_id', 'number',
                            name=op.f('uq_invoice_contract_id_number')),
    )
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_contract_id'), ['contract_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_invoice_invoiced_on'), ['invoiced_on'],
                              unique=False)
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_price_cents', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_column('project_price_cents')
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_invoiced_on'))
        batch_op.drop_index(batch_op.f('ix_invoice_contract_id'))
    op.drop_table('invoice')
