"""data breaches: the register of personal-data breaches and their 72-hour clock (R24)

A breach is registered with its discovery instant and the customers it touches; each
customer must be told within 72 hours of calendar time (seed 003; seed 004 annex 2 art. 6.1).
Every notification (who, when, which address, which channel) and every escalation warning of
the clock gets a row of its own (helpdesk/breaches/).

Revision ID: 0010_data_breaches
Revises: 0009_account_security
Create Date: 2026-12-10 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_data_breaches'
down_revision = '0009_account_security'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_breach',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('data_categories', sa.Text(), nullable=False),
        sa.Column('consequences', sa.Text(), nullable=False),
        sa.Column('measures', sa.Text(), nullable=False),
        sa.Column('contact_point', sa.Text(), nullable=False),
        sa.Column('discovered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('registered_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['registered_by_id'], ['staff.id'],
                                name=op.f('fk_data_breach_registered_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_breach')),
    )
    with op.batch_alter_table('data_breach', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_breach_discovered_at'), ['discovered_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_data_breach_due_at'), ['due_at'], unique=False)

    op.create_table(
        'data_breach_customer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('breach_id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['breach_id'], ['data_breach.id'],
                                name=op.f('fk_data_breach_customer_breach_id_data_breach')),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id'],
                                name=op.f('fk_data_breach_customer_customer_id_customer')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_breach_customer')),
        sa.UniqueConstraint('breach_id', 'customer_id',
                            name=op.f('uq_data_breach_customer_breach_id_customer_id')),
    )
    with op.batch_alter_table('data_breach_customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_breach_customer_breach_id'), ['breach_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_data_breach_customer_customer_id'),
                              ['customer_id'], unique=False)

    op.create_table(
        'data_breach_notification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('breach_id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.Column('contact_name', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=320), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('outbox_message_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['breach_id'], ['data_breach.id'],
                                name=op.f('fk_data_breach_notification_breach_id_data_breach')),
        sa.ForeignKeyConstraint(['contact_id'], ['contact_person.id'],
                                name=op.f('fk_data_breach_notification_contact_id_contact_person')),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id'],
                                name=op.f('fk_data_breach_notification_customer_id_customer')),
        sa.ForeignKeyConstraint(
            ['outbox_message_id'], ['outbox_message.id'],
            name=op.f('fk_data_breach_notification_outbox_message_id_outbox_message')),
        sa.ForeignKeyConstraint(['sent_by_id'], ['staff.id'],
                                name=op.f('fk_data_breach_notification_sent_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_breach_notification')),
    )
    with op.batch_alter_table('data_breach_notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_breach_notification_breach_id'),
                              ['breach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_breach_notification_customer_id'),
                              ['customer_id'], unique=False)

    op.create_table(
        'data_breach_warning',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('breach_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('untold', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['breach_id'], ['data_breach.id'],
                                name=op.f('fk_data_breach_warning_breach_id_data_breach')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_breach_warning')),
        sa.UniqueConstraint('breach_id', 'level',
                            name=op.f('uq_data_breach_warning_breach_id_level')),
    )
    with op.batch_alter_table('data_breach_warning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_breach_warning_breach_id'), ['breach_id'],
                              unique=False)


def downgrade():
    for table, indexes in (
            ('data_breach_warning', ('breach_id',)),
            ('data_breach_notification', ('breach_id', 'customer_id')),
            ('data_breach_customer', ('breach_id', 'customer_id')),
            ('data_breach', ('discovered_at', 'due_at'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
        op.drop_table(table)
