"""Issue #19 in a real browser: queue tabs count and page through every ticket; the first
reply acknowledges (R26) and acknowledging assigns; resolving asks for a note and a
confirmation, the customer reads the note, and a rejected fix is loud."""

from __future__ import annotations

import pytest

from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.browser.steps import log_in, staff_action
from tests.factories import make_ticket

pytestmark = pytest.mark.browser


def test_the_queue_counts_every_open_ticket_and_pages_to_the_last(live_server, new_page,
                                                                 people):
    contact, staff = people
    made = [make_ticket(contact, title=f"Incident {n}") for n in range(27)]
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    assert desk.locator("nav.tabs a.current").inner_text() == "All open (27)"
    assert desk.locator("nav.tabs a[data-queue=all]").inner_text() == "All tickets (27)"
    first = desk.locator("table.queue tbody tr").all_inner_texts()
    assert len(first) == 25
    desk.click("nav.pager >> text=Next")
    desk.wait_for_selector("text=Page 2 of 2")
    second = desk.locator("table.queue tbody tr").all_inner_texts()
    assert len(second) == 2
    shown = {row.split()[0] for row in first + second}
    assert shown == {t.reference for t in made}


def test_the_first_reply_acknowledges_and_acknowledging_assigns(live_server, new_page,
                                                                people):
    contact, staff = people
    replied = make_ticket(contact, title="VPN down")
    acknowledged = make_ticket(contact, title="Printer jammed")
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)

    desk.goto(f"{live_server}/staff/tickets/{replied.reference}")
    assert "acknowledges the ticket, R26" in desk.locator("#action-reply summary").inner_text()
    staff_action(desk, "reply", text="We see the outage; a technician is on it.")
    assert "acknowledged the ticket (R26)" in desk.locator(".flash.success").inner_text()
    assert "being handled" in desk.locator(".meta").inner_text()
    assert desk.locator("#action-acknowledge").count() == 0  # nothing left to acknowledge

    desk.goto(f"{live_server}/staff/tickets/{acknowledged.reference}")
    desk.click("#action-acknowledge summary")
    assert desk.is_checked("#action-acknowledge [name=assign_to_me]")  # nobody has it yet
    desk.click("#action-acknowledge input[type=submit]")
    desk.wait_for_selector(".flash.success")
    assert f"assignee: {staff.name}" in desk.locator(".meta").inner_text()

    customer = new_page()
    log_in(customer, live_server, "portal", contact.email)
    customer.goto(f"{live_server}/portal/tickets/{replied.reference}")
    assert "being handled" in customer.locator(".facts").inner_text()
    assert "We see the outage; a technician is on it." in customer.content()


def test_resolving_asks_for_a_note_and_a_confirmation_and_a_rejection_is_loud(
        live_server, new_page, people):
    contact, staff = people
    ticket = make_ticket(contact, title="Mail server down")
    actions.acknowledge(ticket, by=staff, now=ticket.submitted_at)
    db.session.commit()
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/tickets/{ticket.reference}")

    desk.click("#action-resolve summary")
    desk.fill("#action-resolve [name=note]", "Replaced the failed disk.")
    desk.click("#action-resolve input[type=submit]")  # not confirmed
    assert desk.locator("#action-resolve .error").inner_text() == "Tick to confirm."
    assert desk.input_value("#action-resolve [name=note]") == "Replaced the failed disk."
    desk.check("#action-resolve [name=confirm]")
    desk.click("#action-resolve input[type=submit]")
    desk.wait_for_selector(".flash.success")
    assert "resolved" in desk.locator(".meta").inner_text()

    customer = new_page()
    log_in(customer, live_server, "portal", contact.email)
    customer.goto(f"{live_server}/portal/tickets/{ticket.reference}")
    assert "Replaced the failed disk." in customer.locator(".msg-resolved").inner_text()
    customer.click("text=Not resolved? Tell us")
    customer.fill("textarea[name=reason]", "Mail still bounces.")
    customer.click("input[type=submit][value='Not resolved']")
    customer.wait_for_selector("text=reopened")

    desk.reload()
    banner = desk.locator(".reopened-banner")
    assert "Reopened: the customer rejected the fix." in banner.inner_text()
    assert "Mail still bounces." in banner.inner_text()
    desk.goto(f"{live_server}/staff/")
    row = desk.locator("table.queue tbody tr", has_text=ticket.reference)
    assert row.locator(".badge.reopened").inner_text() == "reopened"
