"""search index: one searchable document per ticket, full-text indexed (issue #16)

`search_document` holds each ticket's searchable text (reference, subject, people, what the
customer sees, what only staff see, attachment names). SQLite indexes it with the FTS5
table `search_fts` (external content, unicode61 with remove_diacritics 2; the Dutch, French
and English Snowball stems sit in the `*_stems` columns, written by the application),
kept in step by triggers. PostgreSQL indexes it with two tsvector columns (the customer's
view and the staff's, each under the simple, Dutch, French and English configurations)
and GIN indexes. The documents of existing tickets are built here (backfill).

Revision ID: 0018_search_index
Revises: 0017_person_locale
Create Date: 2026-12-03 14:00:00.000000

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

# revision identifiers, used by Alembic.
revision = '0018_search_index'
down_revision = '0017_person_locale'
branch_labels = None
depends_on = None

TEXT_COLUMNS = ('reference', 'title', 'people', 'public_text', 'public_files',
                'public_stems', 'internal_text', 'internal_files', 'internal_stems')
VECTOR = postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite')


def _sqlite_fts():
    # customer_id is indexed too (its number as a token), so the portal's scope is one
    # more term of the MATCH, intersected inside FTS5, rather than a lookup per match.
    fts_columns = (*TEXT_COLUMNS, 'customer_id')
    columns = ', '.join(fts_columns)
    new = ', '.join(f'new.{c}' for c in fts_columns)
    old = ', '.join(f'old.{c}' for c in fts_columns)
    op.execute(f"CREATE VIRTUAL TABLE search_fts USING fts5({columns}, "
               "content='search_document', content_rowid='ticket_id', "
               "tokenize='unicode61 remove_diacritics 2')")
    op.execute(f"""CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, {columns}) VALUES (new.ticket_id, {new}); END""")
    op.execute(f"""CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {columns})
        VALUES ('delete', old.ticket_id, {old}); END""")
    op.execute(f"""CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {columns})
        VALUES ('delete', old.ticket_id, {old});
        INSERT INTO search_fts(rowid, {columns}) VALUES (new.ticket_id, {new}); END""")


def upgrade():
    op.create_table(
        'search_document',
        sa.Column('ticket_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=32), nullable=False),
        *[sa.Column(name, sa.Text(), nullable=False) for name in TEXT_COLUMNS[1:]],
        sa.Column('public_vector', VECTOR, nullable=True),
        sa.Column('staff_vector', VECTOR, nullable=True),
        sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'],
                                name=op.f('fk_search_document_ticket_id_ticket')),
        sa.PrimaryKeyConstraint('ticket_id', name=op.f('pk_search_document')),
    )
    op.create_index(op.f('ix_search_document_customer_id'), 'search_document',
                    ['customer_id'], unique=False)
    op.create_index('ix_search_document_public_vector', 'search_document',
                    ['public_vector'], unique=False, postgresql_using='gin')
    op.create_index('ix_search_document_staff_vector', 'search_document',
                    ['staff_vector'], unique=False, postgresql_using='gin')
    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_fts()
    _backfill()


def _backfill():
    from helpdesk.search import documents, index

    connection = op.get_bind()
    session = Session(bind=connection)
    ids = list(connection.scalars(sa.text('SELECT id FROM ticket ORDER BY id')))
    for start in range(0, len(ids), index.BATCH):
        index.write(documents.build(ids[start:start + index.BATCH], session), connection)
    session.close()


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for trigger in ('ai', 'ad', 'au'):
            op.execute(f'DROP TRIGGER IF EXISTS search_document_{trigger}')
        op.execute('DROP TABLE IF EXISTS search_fts')
    op.drop_index('ix_search_document_staff_vector', table_name='search_document')
    op.drop_index('ix_search_document_public_vector', table_name='search_document')
    op.drop_index(op.f('ix_search_document_customer_id'), table_name='search_document')
    op.drop_table('search_document')
