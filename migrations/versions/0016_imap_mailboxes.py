"""imap mailboxes: accounts the helpdesk reads mail from (issue #17)

One row per mailbox: where and how to log in (the secret sealed, never plain text; for
OAuth2 with a refresh token also the token endpoint and the app registration), the
folder, what to do with a message once stored, and how far it is stored (UIDVALIDITY and
the last stored UID). Mail read from a mailbox goes to inbound_mail like SMTP mail.

Revision ID: 0016_imap_mailboxes
Revises: 0015_contract_duties_b
Create Date: 2026-12-03 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_imap_mailboxes'
down_revision = '0015_contract_duties_b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'imap_mailbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('port', sa.Integer(), nullable=False),
        sa.Column('security', sa.String(length=16), nullable=False),
        sa.Column('username', sa.String(length=320), nullable=False),
        sa.Column('auth_method', sa.String(length=16), nullable=False),
        sa.Column('secret_sealed', sa.Text(), nullable=False),
        sa.Column('oauth_token_url', sa.String(length=500), nullable=False,
                  server_default=''),
        sa.Column('oauth_client_id', sa.String(length=300), nullable=False,
                  server_default=''),
        sa.Column('oauth_client_secret_sealed', sa.Text(), nullable=False,
                  server_default=''),
        sa.Column('oauth_scope', sa.String(length=500), nullable=False, server_default=''),
        sa.Column('folder', sa.String(length=200), nullable=False),
        sa.Column('after_storing', sa.String(length=16), nullable=False),
        sa.Column('processed_folder', sa.String(length=200), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('uidvalidity', sa.BigInteger(), nullable=True),
        sa.Column('last_uid', sa.BigInteger(), nullable=False),
        sa.Column('unseen_only_below', sa.BigInteger(), nullable=False,
                  server_default='0'),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_checked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imap_mailbox')),
    )


def downgrade():
    op.drop_table('imap_mailbox')
