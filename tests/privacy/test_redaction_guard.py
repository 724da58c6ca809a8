"""The narrow redaction path (migration 0006): the database accepts an UPDATE of a ticket
event only when the contract columns and non-personal payload keys stay as they were and
the personal columns become the marker; deletes stay refused. Runs on SQLite and, with
HELPDESK_TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from helpdesk.extensions import db
from helpdesk.models import AppendOnlyViolation, AuditEntry, TicketEvent
from helpdesk.privacy import audit
from helpdesk.privacy.redaction import PERSONAL_KEYS, REDACTED
from tests.factories import make_contact, make_customer, make_ticket


@pytest.fixture
def event():
    ticket = make_ticket(make_contact(make_customer()))
    row = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).one()
    return row


def _update(event_id: int, **values):
    db.session.execute(update(TicketEvent).where(TicketEvent.id == event_id).values(**values),
                       execution_options={"synchronize_session": False})


def _row(event_id: int):
    db.session.expire_all()
    return db.session.get(TicketEvent, event_id)


def test_the_migration_freezes_the_same_personal_keys_and_marker():
    migration = importlib.import_module("migrations.versions.0006_production")
    assert migration.PERSONAL_KEYS == PERSONAL_KEYS
    assert migration.REDACTED == REDACTED


def test_name_text_and_personal_payload_keys_may_become_the_marker(event):
    payload = dict(event.payload)
    original = {k: v for k, v in payload.items()}
    _update(event.id, actor_name=REDACTED, body=REDACTED,
            payload={**payload, "html": REDACTED, "from": REDACTED})
    db.session.commit()
    row = _row(event.id)
    assert (row.actor_name, row.body) == (REDACTED, REDACTED)
    assert {k: v for k, v in row.payload.items() if k not in ("html", "from")} == original
    assert row.type == "submitted" and row.seq == 1


@pytest.mark.parametrize("values", [
    {"actor_name": "Someone else"},
    {"body": "a rewritten message"},
    {"type": "resolved"},
    {"seq": 7},
    {"actor_id": 999},
    {"actor_kind": "staff"},
    {"channel": "phone"},
    {"dedup_key": "forged"},
])
def test_any_other_change_of_a_column_is_refused(event, values):
    with pytest.raises(DatabaseError, match="append-only"):
        _update(event.id, **values)
    db.session.rollback()


def test_instants_cannot_move(event):
    from datetime import timedelta

    with pytest.raises(DatabaseError, match="append-only"):
        _update(event.id, at=event.at + timedelta(seconds=1))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        _update(event.id, recorded_at=event.recorded_at + timedelta(seconds=1))
    db.session.rollback()


@pytest.mark.parametrize("key,value", [
    ("priority", "P4"), ("urgency", "light"), ("impact", "all"), ("title", REDACTED),
    ("channel", REDACTED), ("html", "other text"),
])
def test_the_clock_relevant_payload_is_frozen_and_personal_keys_only_take_the_marker(
        event, key, value):
    with pytest.raises(DatabaseError, match="append-only"):
        _update(event.id, payload={**event.payload, key: value})
    db.session.rollback()


def test_a_personal_key_cannot_be_added_or_a_contract_key_removed(event):
    payload = dict(event.payload)
    with pytest.raises(DatabaseError, match="append-only"):
        _update(event.id, payload={**payload, "note": REDACTED})
    db.session.rollback()
    del payload["priority"]
    with pytest.raises(DatabaseError, match="append-only"):
        _update(event.id, payload=payload)
    db.session.rollback()


def test_raw_sql_updates_and_deletes_stay_refused(event):
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("UPDATE ticket_event SET body = 'changed'"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(delete(TicketEvent).where(TicketEvent.id == event.id))
    db.session.rollback()
    _update(event.id, body=REDACTED)  # even a redacted event cannot be deleted
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(delete(TicketEvent))
    db.session.rollback()


def test_the_orm_still_refuses_every_change_of_an_event(event):
    event.actor_name = REDACTED
    with pytest.raises(AppendOnlyViolation):
        db.session.commit()
    db.session.rollback()


def test_audit_entries_cannot_be_changed_or_deleted_while_young():
    audit.record("viewed", "ticket", 1, actor_kind="system")
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(update(AuditEntry).values(action="exported"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()
    db.session.execute(update(AuditEntry).values(actor_name=REDACTED, remote_addr=None))
    db.session.commit()
    assert db.session.scalar(select(AuditEntry.actor_name)) == REDACTED


def test_audit_entries_older_than_the_retention_period_may_be_purged():
    from datetime import timedelta

    from tests.clocks import older_for_the_database

    old = audit.record("viewed", "ticket", 1, actor_kind="system")
    old.at = older_for_the_database(timedelta(days=731))
    audit.record("viewed", "ticket", 2, actor_kind="system")
    db.session.commit()
    db.session.execute(delete(AuditEntry).where(AuditEntry.subject_id == 1))
    db.session.commit()
    assert db.session.scalars(select(AuditEntry.subject_id)).all() == [2]
