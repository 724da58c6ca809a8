"""`helpdesk rebuild`: the bulk path derives exactly what a single refresh derives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text, update

from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets import actions, projection, rebuild
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
COLUMNS = ("status", "priority", "tier", "breach_count", "next_deadline", "next_wake_at",
           "assignee_id", "confirmation_outstanding", "title")


def snapshot():
    db.session.expire_all()
    return {t.id: tuple(getattr(t, c) for c in COLUMNS)
            for t in db.session.scalars(select(Ticket).order_by(Ticket.id))}


def type5_contact_and_staff():
    customer = make_customer()
    make_contract(customer, sla_preset="type5")
    contact, staff = make_contact(customer), make_staff()
    db.session.commit()
    return contact, staff


def test_bulk_rebuild_matches_the_single_ticket_refresh(monkeypatch):
    contact, staff = type5_contact_and_staff()
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


def test_rebuild_writes_each_row_s_stale_columns_and_no_others(monkeypatch):
    contact, staff = type5_contact_and_staff()
    now = T0 + timedelta(hours=30)
    for n in range(9):
        ticket = make_ticket(contact, at=T0 + timedelta(minutes=n))
        actions.assign(ticket, to=staff, by=staff, now=ticket.submitted_at + timedelta(minutes=5))
    db.session.commit()
    rebuild.rebuild_all(now)
    expected = snapshot()
    # Each third of the tickets has a different column gone stale: three UPDATE statements.
    ids = sorted(expected)
    db.session.execute(update(Ticket).where(Ticket.id.in_(ids[0::3])).values(assignee_id=None))
    db.session.execute(update(Ticket).where(Ticket.id.in_(ids[1::3])).values(title="stale"))
    db.session.execute(update(Ticket).where(Ticket.id.in_(ids[2::3]))
                       .values(status="stale", next_wake_at=None))
    db.session.commit()
    statements = []
    write = rebuild._write

    def recording(changes):
        statements.extend(tuple(name for name in columns if name != "ticket_id")
                          for columns in changes)
        write(changes)

    monkeypatch.setattr(rebuild, "_write", recording)
    assert rebuild.rebuild_all(now).changed == 9
    assert sorted(statements) == [("assignee_id",), ("status", "next_wake_at"), ("title",)]
    assert snapshot() == expected


def test_rebuild_stores_instants_exactly_as_the_orm_does():
    """SQLite compares stored instants as text: the bulk write must store the same text."""
    customer = make_customer()
    make_contract(customer, sla_preset="type2")
    contact = make_contact(customer)
    db.session.commit()
    for n in range(4):
        make_ticket(contact, at=T0 + timedelta(minutes=n, seconds=n, microseconds=n * 1001))
    db.session.commit()
    now = T0 + timedelta(hours=1, microseconds=7)
    for ticket in db.session.scalars(select(Ticket)):
        projection.refresh(ticket, ticket.events, now)
    db.session.commit()
    columns = "next_deadline, next_wake_at, last_event_at, status, priority, tier"
    by_orm = db.session.execute(text(f"SELECT id, {columns} FROM ticket ORDER BY id")).all()
    db.session.execute(update(Ticket).values(next_deadline=None, next_wake_at=None,
                                             last_event_at=None, status="stale", tier=7))
    db.session.commit()
    assert rebuild.rebuild_all(now).changed == 4
    assert db.session.execute(text(f"SELECT id, {columns} FROM ticket ORDER BY id")).all() \
        == by_orm
