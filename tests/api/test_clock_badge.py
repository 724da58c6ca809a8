"""The clock JSON carries the badge the pages show (issue #19), validated by the schema."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from helpdesk.extensions import db
from tests.factories import make_contact, make_contract, make_customer, make_ticket

BXL = ZoneInfo("Europe/Brussels")


def test_a_p2_looked_at_on_saturday_carries_the_paused_badge(client, world, clock):
    # Type 1 (Mon-Fri 08:45-17:00): a P2 submitted Friday 14:00 counts 3 h on Friday;
    # 5 h 15 of its 8 h 15 are left for Monday from 08:45, so it is due Monday 14:00.
    customer = make_customer(name="Type one")
    make_contract(customer, sla_preset="type1")
    db.session.refresh(customer)
    submitted = datetime(2026, 11, 20, 14, 0, tzinfo=BXL)
    clock.set(submitted)
    ticket = make_ticket(make_contact(customer), urgency="blocking", impact="some",
                         at=submitted)
    db.session.commit()
    clock.set(datetime(2026, 11, 21, 10, 0, tzinfo=BXL))
    body = client.get(f"/api/v1/tickets/{ticket.reference}/clocks",
                      headers=world.headers("agent")).get_json()
    reaction = next(c for c in body["items"] if c["name"] == "reaction")
    assert reaction["state"] == "running"  # the fold's state; the badge says what it means
    assert reaction["badge"] == {
        "state": "paused",
        "text": "paused until Mon 08:45 (outside service hours)",
        "remaining_text": "5 h 15 of service time left · due Mon 14:00",
        "level": "ok",
        "deadline": "2026-11-23T13:00:00Z",
        "service_seconds_left": 5 * 3600 + 15 * 60,
        "counting": False,
        "counting_until": None,
        "until": "2026-11-23T07:45:00Z",
        "overdue_seconds": 0,
    }
    resolution = next(c for c in body["items"] if c["name"] == "resolution")
    assert resolution["badge"]["state"] == "na"  # type 1 has no resolution clock
