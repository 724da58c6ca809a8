"""The real scheduler and real parallel processes: a breach fires once, on time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.jobs.scheduler import DeadlineScheduler
from helpdesk.models import TicketEvent
from tests.factories import make_contact, make_contract, make_customer, make_ticket

# Around the clock every day, no holidays: a deadline a few seconds away on any date.
ALWAYS = {
    "name": "always", "label": "24/7 test contract", "timezone": "Europe/Brussels",
    "holiday_country": None,
    "windows": {day: ["00:00-24:00"] for day in (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")},
    "clocks": [{"name": "reaction", "label": "Reaction time", "starts_on": "submitted",
                "stops_on": ["acknowledged"]}],
    "targets": {"reaction": {p: {"amount": 1, "unit": "minutes"}
                             for p in ("P1", "P2", "P3", "P4")}},
}


@pytest.fixture
def contact():
    customer = make_customer()
    make_contract(customer, sla_preset=None, sla_definition=ALWAYS)
    person = make_contact(customer)
    db.session.commit()
    return person


def breaches(ticket_id=None):
    query = select(TicketEvent).where(TicketEvent.type == "breach_recorded")
    if ticket_id is not None:
        query = query.where(TicketEvent.ticket_id == ticket_id)
    db.session.expire_all()
    return db.session.scalars(query).all()


def test_the_running_scheduler_escalates_a_deadline_seconds_away(app, contact):
    now = utcnow().replace(microsecond=0)
    ticket = make_ticket(contact, at=now - timedelta(seconds=57), now=now)
    deadline = ticket.next_deadline
    assert deadline == now + timedelta(seconds=3)
    scheduler = DeadlineScheduler(app).start()
    try:
        for _ in range(100):
            found = breaches(ticket.id)
            if found:
                break
            time.sleep(0.1)
        noticed = utcnow()
    finally:
        scheduler.shutdown()
    assert [b.at for b in found] == [deadline]  # recorded at the deadline itself
    assert found[0].recorded_at - deadline < timedelta(seconds=3)
    assert noticed >= deadline


WORKER = textwrap.dedent("""
    from helpdesk import create_app
    from helpdesk.clock import utcnow  # HELPDESK_CLOCK_OFFSET: the test's clock
    from helpdesk.jobs.deadlines import process_due
    app = create_app({"SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        for _ in range(3):
            process_due(utcnow())
""")


def test_two_scheduler_processes_record_each_breach_and_escalation_once(app, contact):
    """Exactly once (art. 39.4.1 escalation) with two real processes on one database."""
    past = utcnow() - timedelta(hours=2)
    tickets = [make_ticket(contact, at=past + timedelta(seconds=n))
               for n in range(25)]
    db.session.commit()
    env = dict(os.environ, HELPDESK_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"])
    workers = [subprocess.Popen([sys.executable, "-c", WORKER], env=env,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    db.session.expire_all()
    for ticket in tickets:
        assert len(breaches(ticket.id)) == 1
    escalations = db.session.execute(
        select(TicketEvent.ticket_id, func.count()).where(TicketEvent.type == "escalated")
        .group_by(TicketEvent.ticket_id)).all()
    assert sorted(count for _, count in escalations) == [1] * 25
