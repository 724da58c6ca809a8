"""Migration 0008: open tickets wake at once, so the scheduler recomputes their columns
with the engine of this version (R12/R8, the platform's permanent fix)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import insert, select

from helpdesk import create_app
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.jobs.deadlines import process_due
from helpdesk.models import ContactPerson, Contract, Customer, Ticket, TicketEvent

SUBMITTED = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # a Monday


def _ticket(ticket_id: int, status: str) -> dict:
    return {"id": ticket_id, "reference": f"HD-2026-{ticket_id:06d}", "customer_id": 1,
            "contract_id": 1, "reporter_id": 1, "channel": "portal",
            "submitted_at": SUBMITTED, "title": "Mail down", "status": status, "tier": 1,
            "breach_count": 0, "confirmation_outstanding": False, "next_wake_at": None}


def _event(ticket_id: int, seq: int, kind: str, at: datetime, payload: dict) -> dict:
    return {"ticket_id": ticket_id, "seq": seq, "type": kind, "at": at, "recorded_at": at,
            "actor_kind": "system", "actor_id": None, "actor_name": "test", "channel": None,
            "payload": payload, "dedup_key": None, "body": None}


def test_open_tickets_wake_and_are_refolded(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0007_maintenance_series")
        now = utcnow()
        db.session.execute(insert(Customer), [{"id": 1, "name": "Acme", "created_at": now}])
        db.session.execute(insert(Contract), [{
            "id": 1, "customer_id": 1, "name": "SLA", "sla_preset": "type4",
            "sla_definition": None, "starts_on": date(2020, 1, 1), "ends_on": None,
            "annual_cap_enabled": True, "annual_cap_percent": 20, "annual_cap_cents": 500_000}])
        db.session.execute(insert(ContactPerson), [{
            "id": 1, "customer_id": 1, "name": "Ann", "email": "ann@acme.example",
            "portal_role": "administrator", "active": True, "email_confirmed": True,
            "created_at": now}])
        # As an older version left them: derived columns stale, no wake instant.
        db.session.execute(insert(Ticket), [_ticket(1, "open"), _ticket(2, "resolved")])
        submitted = {"priority": "P1", "urgency": "blocking", "impact": "all"}
        db.session.execute(insert(TicketEvent), [
            _event(1, 1, "submitted", SUBMITTED, submitted),
            _event(2, 1, "submitted", SUBMITTED, submitted),
            _event(2, 2, "acknowledged", SUBMITTED + timedelta(minutes=5), {}),
            _event(2, 3, "resolved", SUBMITTED + timedelta(minutes=9), {})])
        db.session.commit()

        upgrade(directory=directory)
        wake = dict(db.session.execute(select(Ticket.id, Ticket.next_wake_at)).all())
        assert wake[2] is None  # closed tickets are left alone
        assert wake[1] is not None and wake[1] <= utcnow()

        process_due(utcnow())
        db.session.expire_all()
        refolded = db.session.get(Ticket, 1)
        # P1 on type 4, submitted a week ago and never acknowledged: the reaction deadline
        # passed (R9: tier 2), recorded now; resolution runs only from an acknowledgement
        # (R2), so nothing is left to wake for.
        assert (refolded.priority, refolded.breach_count, refolded.tier) == ("P1", 1, 2)
        assert refolded.next_wake_at is None
        db.session.remove()
        db.engine.dispose()
