"""The migrations are the only way the schema is made: they must build exactly the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from helpdesk.extensions import db


def test_migrated_schema_matches_the_models():
    with db.engine.connect() as connection:
        # SQLite's FTS5 table over search_document and its shadow tables have no model
        # (migration 0014): the index of a table that has one.
        context = MigrationContext.configure(connection, opts={
            "compare_type": False,
            "include_name": lambda name, kind, parent: not (
                kind == "table" and (name or "").startswith("search_fts"))})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_postgresqls_queue_index_carries_the_ticket_id():
    """Migration 0022: a filtered queue picks its page's ids on ix_ticket_queue_counts;
    PostgreSQL's indexes do not hold the row id as SQLite's do, so it is included."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's indexes hold the row id")
    with db.engine.connect() as connection:
        definition = connection.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_ticket_queue_counts'"
        ).scalar_one()
    assert definition.endswith("INCLUDE (id)")
