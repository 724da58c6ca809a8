"""canned replies and presence (issue #16, the agent workflow)

Canned replies: a named template with one text per language (nl, en, fr, de). Presence: who
of the staff has a ticket open, refreshed by the page's short poll and expiring by age.
Merging duplicates needs no schema: it is two events (`merged_into` on the duplicate,
`duplicate_merged` on the kept ticket) and the duplicate's status column, a cache of the fold.

Revision ID: 0012_canned_replies_and_merge
Revises: 0011_invoices
Create Date: 2026-12-03 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_canned_replies_and_merge'
down_revision = '0011_invoices'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'canned_reply',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['staff.id'],
                                name=op.f('fk_canned_reply_updated_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_canned_reply')),
        sa.UniqueConstraint('name', name=op.f('uq_canned_reply_name')),
    )
    op.create_table(
        'canned_reply_variant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('canned_reply_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['canned_reply_id'], ['canned_reply.id'],
                                name=op.f('fk_canned_reply_variant_canned_reply_id_canned_reply')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_canned_reply_variant')),
        sa.UniqueConstraint('canned_reply_id', 'language',
                            name=op.f('uq_canned_reply_variant_canned_reply_id_language')),
    )
    op.create_table(
        'ticket_presence',
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('activity', sa.String(length=16), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'],
                                name=op.f('fk_ticket_presence_staff_id_staff')),
        sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'],
                                name=op.f('fk_ticket_presence_ticket_id_ticket')),
        sa.PrimaryKeyConstraint('ticket_id', 'staff_id', name=op.f('pk_ticket_presence')),
    )
    with op.batch_alter_table('ticket_presence', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_presence_ticket_seen', ['ticket_id', 'seen_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('ticket_presence', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_presence_ticket_seen')
    op.drop_table('ticket_presence')
    op.drop_table('canned_reply_variant')
    op.drop_table('canned_reply')
