"""person locale: the language each staff member and contact person chose (issue #17)

A nullable column on both tables: NULL means no choice made, so pages follow the browser's
Accept-Language and mails use the default language. Existing people keep NULL.

Revision ID: 0017_person_locale
Revises: 0016_imap_mailboxes
Create Date: 2026-12-03 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_person_locale'
down_revision = '0016_imap_mailboxes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))
    with op.batch_alter_table('contact_person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('contact_person', schema=None) as batch_op:
        batch_op.drop_column('locale')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('locale')
