"""`helpdesk rebuild`: the bulk path derives exactly what a single refresh derives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets import actions, rebuild
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
COLUMNS = ("status", "priority", "tier", "breach_count", "next_deadline", "next_wake_at",
           "assignee_id", "confirmation_outstanding", "title")


def snapshot():
    db.session.expire_all()
    return {t.id: tuple(getattr(t, c) for c in COLUMNS)
            for t in db.session.scalars(select(Ticket).order_by(Ticket.id))}


def test_bulk_rebuild_matches_the_single_ticket_refresh(monkeypatch):
    customer = make_customer()
    make_contract(customer, sla_preset="type5")
    contact = make_contact(customer)
    staff = make_staff()
    db.session.commit()
    now = T0 + timedelta(hours=30)
    for n in range(30):
        ticket = make_ticket(contact, at=T0 + timedelta(minutes=7 * n), now=now,
                             channel="phone" if n % 5 == 0 else "portal",
                             urgency="blocking", impact="all" if n % 2 else "some")
        submitted = ticket.submitted_at
        if n % 3 == 0:
            actions.assign(ticket, to=staff, by=staff, now=submitted + timedelta(minutes=10))
        if n % 4 == 0:
            actions.acknowledge(ticket, by=staff, now=submitted + timedelta(minutes=20))
            if n % 8 == 0:
                actions.suspend_for_supplier(ticket, supplier="Proximus", by=staff,
                                             now=submitted + timedelta(minutes=30))
    db.session.commit()
    # Each ticket refreshed at its last action; bring them all to the same `now`.
    rebuild.rebuild_all(now)
    expected = snapshot()
    db.session.execute(update(Ticket).values(status="stale", priority=None, tier=9,
                                             next_deadline=None, next_wake_at=None))
    db.session.commit()
    result = rebuild.rebuild_all(now, batch=7)
    assert result.tickets == 30 and result.changed == 30
    assert snapshot() == expected
    assert rebuild.rebuild_all(now).changed == 0


def test_rebuild_in_parallel_processes_gives_the_same_columns(monkeypatch):
    customer = make_customer()
    make_contract(customer, sla_preset="type1")
    contact = make_contact(customer)
    db.session.commit()
    for n in range(12):
        make_ticket(contact, at=T0 + timedelta(minutes=n))
    now = T0 + timedelta(days=2)
    monkeypatch.setattr(rebuild, "CHUNK", 5)
    single = rebuild.rebuild_all(now)
    expected = snapshot()
    db.session.execute(update(Ticket).values(status="stale", next_wake_at=None))
    db.session.commit()
    parallel = rebuild.rebuild_all(now, workers=2)
    assert parallel.tickets == single.tickets == 12 and parallel.changed == 12
    assert snapshot() == expected
