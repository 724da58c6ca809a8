"""Issue #16 in a real browser: a filtered view is saved and reopened from its link with its
count; a bulk action on three selected tickets, one of them changed meanwhile, reports the
refusal and applies the other two (CSRF on, as in production)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from helpdesk import clock as project_clock
from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.browser.steps import log_in
from tests.factories import make_staff, make_ticket

pytestmark = pytest.mark.browser
# A Wednesday morning: type 5's window (Mon-Fri 06:00-24:00) is open.
LOOKED_AT = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture
def wednesday():  # type: ignore[no-untyped-def]
    previous = project_clock.install(project_clock.ShiftedClock.starting_at(LOOKED_AT))
    yield
    project_clock.install(previous)


def test_a_filtered_view_is_saved_and_reopened_with_its_count(live_server, new_page, people,
                                                              wednesday):
    contact, staff = people
    for n in range(2):
        make_ticket(contact, title=f"Critical {n}", urgency="blocking", impact="all")
    make_ticket(contact, title="Minor", urgency="light", impact="some")
    db.session.commit()
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/?show=open")
    desk.click("details.filters summary")
    desk.select_option("select[name=priority]", ["P1"])
    desk.click("#filter-form button[type=submit]")
    assert desk.locator("h1 [data-count]").inner_text() == "(2)"
    shared_link = desk.url
    desk.fill("form.save-view input[name=name]", "Critical now")
    desk.click("form.save-view button[type=submit]")
    desk.wait_for_selector(".flash.success")
    view = desk.locator("li[data-view='Critical now']")
    assert view.locator(".count").inner_text() == "(2)"
    # Opened from its link elsewhere (the whole queue first), it shows the filtered queue.
    desk.goto(f"{live_server}/staff/?show=all")
    desk.click("li[data-view='Critical now'] a")
    assert desk.locator("h1").inner_text().startswith("Critical now")
    assert desk.locator("h1 [data-count]").inner_text() == "(2)"
    assert desk.locator("table.queue tbody tr[data-ticket]").count() == 2
    # and the link one would share opens the same queue
    other = new_page()
    log_in(other, live_server, "staff", staff.email)
    other.goto(shared_link)
    assert other.locator("h1 [data-count]").inner_text() == "(2)"


def test_a_bulk_action_with_one_stale_ticket_applies_the_other_two(live_server, new_page,
                                                                   people, wednesday):
    contact, staff = people
    tickets = [make_ticket(contact, title=f"Printer {n}") for n in range(3)]
    colleague = make_staff(name="Eva Colleague", email="eva@provider.example")
    db.session.commit()
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/?show=open")
    for ticket in tickets:
        desk.check(f"tr[data-ticket='{ticket.reference}'] input[name=selected]")
    # Meanwhile a colleague acknowledges the second one: the selection is stale for it.
    actions.acknowledge(tickets[1], by=colleague, now=project_clock.utcnow())
    db.session.commit()
    desk.select_option("#bulk-form select[name=action]", "acknowledge")
    desk.click("#bulk-form button[type=submit]")
    summary = desk.locator("[data-summary]").inner_text()
    assert summary == "Applied to 2 of 3 tickets; refused: 1."
    refused = desk.locator(f"[data-refused='{tickets[1].reference}']").inner_text()
    assert "Changed since you selected it (acknowledged by Eva Colleague)" in refused
    for ticket in (tickets[0], tickets[2]):
        assert desk.locator(f"[data-applied='{ticket.reference}']").count() == 1
    db.session.expire_all()
    assert [t.status for t in tickets] == ["acknowledged"] * 3
    desk.click("text=Back to the queue")
    assert "/staff/" in desk.url
