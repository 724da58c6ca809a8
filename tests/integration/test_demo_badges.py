"""`helpdesk demo` holds a ticket for each clock badge (issue #19 item 2)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.sla.badges import headline
from helpdesk.tickets import log, projection
from tests.integration.test_cli import invoke

BXL = ZoneInfo("Europe/Brussels")


def _badges() -> dict[str, tuple[str, str]]:
    found = {}
    for ticket in db.session.scalars(select(Ticket)):
        top = headline(projection.fold_ticket(ticket, log.events_of(ticket), utcnow()))
        if top is not None:
            found[ticket.title] = (top.state, top.level)
    return found


def test_the_demo_shows_every_badge_on_a_weekday_morning(app, clock):
    clock.set(datetime(2026, 11, 18, 11, 0, tzinfo=BXL))  # Wednesday: every window open
    result = invoke(app, "demo", "--tickets", "12")
    assert result.exit_code == 0, result.output
    badges = _badges()
    assert badges["Core switch down in the data centre"] == ("due", "ok")
    # type 3 P1 from 09:20: 1 h 40 of 2 h counted, 20 min left: breaching soon
    assert badges["ERP unreachable for every employee"] == ("due", "danger")
    assert badges["Storage array failed"][0] == "overdue"
    assert badges["Leased line down at the branch office"][0] == "suspended"
    assert badges["Password reset page shows an old logo"][0] == "met"
    assert badges["Backup NAS not reachable"][0] == "missed"
    assert "Clock badges shown by the showcase tickets now: due, met, missed, overdue, " \
           "suspended." in result.output


def test_after_office_hours_the_demo_shows_paused_clocks(app, clock):
    clock.set(datetime(2026, 11, 18, 20, 0, tzinfo=BXL))  # type 1 and 3 closed, 5 open
    invoke(app, "demo", "--tickets", "7")
    badges = _badges()
    assert badges["Scanner on floor 1 jams"][0] == "paused"
    assert badges["ERP unreachable for every employee"][0] == "paused"
    assert badges["Core switch down in the data centre"][0] == "due"
