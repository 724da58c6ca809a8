"""Issue #19 items 2 and 3 in a real browser: the ticket page shows one badge per clock,
and the one that counts is live (static/app.js), service time and wall clock alike."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpdesk import clock as project_clock
from tests.browser.steps import log_in
from tests.factories import make_ticket

pytestmark = pytest.mark.browser
# A Wednesday morning: type 5's window (Mon-Fri 06:00-24:00) is open all day.
LOOKED_AT = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture
def ticking_wednesday():  # type: ignore[no-untyped-def]
    """The project's clock ticks from LOOKED_AT, for the live server's thread too."""
    previous = project_clock.install(project_clock.ShiftedClock.starting_at(LOOKED_AT))
    yield
    project_clock.install(previous)


def test_the_ticket_page_counts_down_live_with_the_badge(live_server, new_page, people,
                                                          ticking_wednesday):
    contact, staff = people
    # P1 reaction 2 h, submitted 1 h 30 ago: 30 min left, all of it in today's window.
    ticket = make_ticket(contact, urgency="blocking", impact="all",
                         at=project_clock.utcnow() - timedelta(hours=1, minutes=30))
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/tickets/{ticket.reference}")
    reaction = desk.locator("table.clocks tr.state-running .clock-badge")
    assert reaction.get_attribute("data-badge") == "due"
    first = reaction.inner_text()
    assert re.fullmatch(r"due in (29|30) min \d\d s", first), first
    desk.wait_for_function(
        "before => document.querySelector('table.clocks tr.state-running .clock-badge')"
        ".textContent !== before", arg=first, timeout=2500)
    assert re.fullmatch(r"due in (29|30) min \d\d s", reaction.inner_text())
    remaining = desk.locator("table.clocks tr.state-running .clock-remaining").inner_text()
    assert re.fullmatch(r"due in (29|30) min \d\d s", remaining), remaining
    # the headline badge beside the status, and the resolution clock not started yet
    assert "due in" in desk.locator(".meta .clock-badge").inner_text()
    assert desk.locator("table.clocks .badge-pending").inner_text() == "not started"
