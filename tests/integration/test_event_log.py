"""The ticket event log is append-only: neither the ORM nor raw SQL can rewrite history."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError, IntegrityError

from helpdesk.extensions import db
from helpdesk.models import AppendOnlyViolation, TicketEvent
from tests.factories import make_contact, make_customer, make_ticket


@pytest.fixture
def event():
    ticket = make_ticket(make_contact(make_customer()))
    return db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).one()


def test_changing_an_event_through_the_orm_is_refused(event):
    event.type = "resolved"
    with pytest.raises(AppendOnlyViolation):
        db.session.commit()
    db.session.rollback()


def test_deleting_an_event_through_the_orm_is_refused(event):
    db.session.delete(event)
    with pytest.raises(AppendOnlyViolation):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_update_statements(event):
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("UPDATE ticket_event SET type = 'resolved'"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(update(TicketEvent).values(type="resolved"))
    db.session.rollback()


def test_the_database_refuses_delete_statements(event):
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(delete(TicketEvent))
    db.session.rollback()
    assert db.session.scalar(select(TicketEvent.type)) == "submitted"


def test_the_same_dedup_key_cannot_be_recorded_twice_on_a_ticket(event):
    from helpdesk.tickets import log
    from helpdesk.tickets.actors import Actor

    ticket = event.ticket
    log.append(ticket, "note_added", at=event.at, actor=Actor.system(), dedup_key="once")
    db.session.commit()
    with pytest.raises(IntegrityError):
        log.append(ticket, "note_added", at=event.at, actor=Actor.system(), dedup_key="once")
    db.session.rollback()


def test_events_keep_utc_instants_with_their_zone(event):
    assert event.at.utcoffset().total_seconds() == 0
    assert event.recorded_at.tzinfo is not None


def test_naive_instants_are_refused():
    from datetime import datetime

    from helpdesk.models.types import UTCDateTime

    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), db.engine.dialect)


def test_references_are_numbered_per_year(event):
    from helpdesk.tickets.references import next_reference

    first = event.ticket.reference
    year = int(first.split("-")[1])
    assert next_reference(year) == f"HD-{year}-00002"
    assert next_reference(1999) == "HD-1999-00001"
