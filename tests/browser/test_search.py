"""Issue #16 in a real browser: an agent types in the header's search box, sees ranked
results with a highlighted snippet and opens the ticket; a portal contact's search finds
only its own customer's tickets."""

from __future__ import annotations

import pytest

from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.browser.steps import log_in
from tests.factories import make_contact, make_contract, make_customer, make_ticket, now

pytestmark = pytest.mark.browser


@pytest.fixture
def tickets(people):  # type: ignore[no-untyped-def]
    contact, staff = people
    other_customer = make_customer(name="Bakkerij Noord")
    make_contract(other_customer, sla_preset="type5")
    db.session.refresh(other_customer)
    other = make_contact(other_customer, name="Wanda Noord", email="wanda@noord.example")
    best = make_ticket(contact, title="Koelcel alarm <script>x</script>",
                       description="The cold store alarm rings at night.")
    mention = make_ticket(contact, title="Tap broken", description="Unrelated tap.")
    actions.reply(mention, by=staff, now=now(), text="Could the koelcel be the cause?")
    theirs = make_ticket(other, title="Koelcel warm", description="Our cold store is warm.")
    db.session.commit()
    return contact, staff, other, best, mention, theirs


def test_an_agent_searches_from_the_header_and_opens_the_best_match(live_server, new_page,
                                                                     tickets):
    contact, staff, other, best, mention, theirs = tickets
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    box = desk.locator("#header-search-q")
    box.fill("koelcel")
    box.press("Enter")
    desk.wait_for_url("**/staff/search?q=koelcel")
    rows = desk.locator("tr.search-hit")
    assert rows.count() == 3
    # Subject matches rank above a match in a reply.
    assert mention.reference in rows.nth(2).inner_text()
    row = desk.locator("tr.search-hit", has_text=best.reference)
    title = row.locator("td").nth(3)
    assert title.locator("mark").inner_text() == "Koelcel"
    assert "<script>x</script>" in title.inner_text()  # shown as text, never run
    assert rows.nth(2).locator("td.snippet mark").inner_text() == "koelcel"
    row.locator("a", has_text=best.reference).click()
    desk.wait_for_url(f"**/staff/tickets/{best.reference}")
    assert best.reference in desk.locator("main").inner_text()


def test_a_portal_contact_finds_only_its_own_customers_tickets(live_server, new_page,
                                                              tickets):
    contact, staff, other, best, mention, theirs = tickets
    page = new_page()
    log_in(page, live_server, "portal", contact.email)
    page.fill("#portal-search-q", "koelcel")
    page.press("#portal-search-q", "Enter")
    page.wait_for_url("**/portal/?q=koelcel")
    listed = page.locator("tr.search-hit").all_inner_texts()
    assert any(best.reference in row for row in listed)
    assert not any(theirs.reference in row for row in listed)
    page.fill("#portal-search-q", "warm")
    page.press("#portal-search-q", "Enter")
    assert page.locator("tr.search-hit").count() == 0
    assert "No ticket matches" in page.locator("main").inner_text()
