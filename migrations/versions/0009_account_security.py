"""account security: reset links never stored, revocable log-in sessions, token scopes

Reset mails are queued with a placeholder and the account they are for; the delivery worker
makes the link as it sends (helpdesk/outbox/secrets.py). Reset mails already in the outbox
lose their link here: whoever could read the outbox could take the account over (#18).
Log-in sessions get a row each, so that a log-out, a password change or an erasure ends
them (helpdesk/auth/revocation.py); sessions begun before this upgrade have no row and end.
API tokens get scopes (helpdesk/auth/api_scopes.py); existing ones keep all their rights.

Revision ID: 0009_account_security
Revises: 0008_refold_open_tickets
Create Date: 2026-12-03 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_account_security'
down_revision = '0008_refold_open_tickets'
branch_labels = None
depends_on = None

REMOVED = "[reset link removed from the stored copy: ask for a new one]"


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_for', sa.String(length=64), nullable=True))
    outbox = sa.table("outbox_message", sa.column("kind", sa.String),
                      sa.column("body_text", sa.Text), sa.column("body_html", sa.Text),
                      sa.column("status", sa.String))
    # A pending one is failed rather than sent without its link.
    op.execute(outbox.update().where(outbox.c.kind == "password_reset")
               .values(body_text=REMOVED, body_html=None))
    op.execute(outbox.update().where(outbox.c.kind == "password_reset",
                                     outbox.c.status.in_(("pending", "sending")))
               .values(status="failed"))

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scopes', sa.String(length=1000), nullable=True))

    op.create_table(
        'account_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key_sha256', sa.String(length=64), nullable=False),
        sa.Column('account', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_because', sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_session')),
        sa.UniqueConstraint('key_sha256', name=op.f('uq_account_session_key_sha256')),
    )
    with op.batch_alter_table('account_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_session_account'), ['account'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('account_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_session_account'))
    op.drop_table('account_session')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('scopes')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('secret_for')
