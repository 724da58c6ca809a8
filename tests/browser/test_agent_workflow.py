"""Issue #16 in a real browser: the live queue, a canned reply picked, filled in and sent,
presence between two staff members, and the keyboard shortcuts."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpdesk import clock as project_clock
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage, TicketEvent
from helpdesk.workflow import canned_replies
from tests.browser.steps import log_in
from tests.factories import make_staff, make_ticket

pytestmark = pytest.mark.browser


# A Wednesday morning: type 5's window (Mon-Fri 06:00-24:00) is open all day.
LOOKED_AT = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture
def ticking():  # type: ignore[no-untyped-def]
    """The project's clock ticks from LOOKED_AT, for the live server's thread too."""
    previous = project_clock.install(project_clock.ShiftedClock.starting_at(LOOKED_AT))
    yield
    project_clock.install(previous)


def test_a_ticket_created_in_the_background_appears_in_the_open_queue_within_2_s(
        live_server, new_page, people, ticking):
    contact, staff = people
    first = make_ticket(contact, title="Brewery line 1 stopped", at=project_clock.utcnow())
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/?show=open")
    assert desk.locator("table.queue tbody tr.queue-row").count() == 1
    assert first.reference in desk.locator("table.queue tbody").inner_text()
    desk.wait_for_timeout(1500)  # the page is polling and being answered 304 by now
    count_before = desk.locator('a[data-queue="open"] .count').inner_text()
    started = time.monotonic()
    fresh = make_ticket(contact, title="Cooling failed", at=project_clock.utcnow())
    row = desk.locator("table.queue tbody tr.queue-row", has_text=fresh.reference)
    row.wait_for(state="visible", timeout=2000)
    assert time.monotonic() - started < 2.0
    assert "Cooling failed" in row.inner_text()
    assert count_before == "(1)"
    assert desk.locator('a[data-queue="open"] .count').inner_text() == "(2)"
    assert desk.locator("[data-live-status]").inner_text() == "The queue was updated."


def test_a_canned_reply_is_picked_filled_in_edited_and_sent(live_server, new_page, people,
                                                             ticking):
    contact, staff = people
    now = project_clock.utcnow()
    ticket = make_ticket(contact, title="Cooling failed", urgency="blocking", impact="all",
                         at=now)
    manager = make_staff(name="Mia", role="escalation_manager")
    canned_replies.save(None, name="We are on it", by=manager, now=now, texts={
        "en": "Dear {contact_name}, we are handling {reference}. Deadline: {deadline}.",
        "nl": "Beste {contact_name}, we behandelen {reference}."})
    db.session.commit()
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/tickets/{ticket.reference}")
    desk.click("#action-reply summary")
    desk.select_option("#canned-pick", label="We are on it")
    desk.click("#canned-use")
    text = desk.locator("#reply-text")
    text.wait_for(state="visible")
    filled = text.input_value()
    assert filled.startswith(f"Dear Jan Peeters, we are handling {ticket.reference}. "
                             "Deadline: ")
    assert "(Brussels time)" in filled
    assert "the contact’s language" in desk.locator("#canned-note").inner_text()
    text.fill(filled + "\nA technician is on the way.")
    desk.click("#reply-submit")
    assert "it acknowledged the ticket (R26)" in desk.locator(".flash.success").inner_text()
    db.session.expire_all()
    [reaction] = db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.type == "acknowledged")).all()
    assert reaction.body.endswith("A technician is on the way.")
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply")).one()
    assert mail.body_text == reaction.body and mail.to_addr == contact.email


def test_a_second_staff_member_sees_who_is_on_the_ticket(live_server, new_page, people,
                                                         ticking):
    contact, staff = people
    other = make_staff(name="Olga", email="olga@provider.example")
    db.session.commit()
    ticket = make_ticket(contact, at=project_clock.utcnow())
    tom = new_page()
    log_in(tom, live_server, "staff", staff.email)
    tom.goto(f"{live_server}/staff/tickets/{ticket.reference}")
    tom.click("#action-reply summary")
    tom.fill("#reply-text", "Looking into it")  # typing tells the server at once: replying
    tom.wait_for_timeout(500)
    olga = new_page()
    log_in(olga, live_server, "staff", other.email)
    olga.goto(f"{live_server}/staff/tickets/{ticket.reference}")
    box = olga.locator("#presence")
    box.wait_for(state="visible", timeout=3000)
    assert box.inner_text() == "Tom Support is replying to this ticket."


def test_keyboard_shortcuts_open_the_overlay_and_the_forms_but_not_while_typing(
        live_server, new_page, people, ticking):
    contact, staff = people
    ticket = make_ticket(contact, at=project_clock.utcnow())
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/?show=open")
    desk.keyboard.press("j")  # select the first row, then open it
    assert desk.locator("table.queue tr.selected").count() == 1
    desk.keyboard.press("o")
    desk.wait_for_url(f"**/staff/tickets/{ticket.reference}")
    desk.keyboard.press("?")
    dialog = desk.locator("dialog#shortcuts")
    dialog.wait_for(state="visible")
    assert "Assign to me" in dialog.inner_text()
    desk.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    desk.keyboard.press("r")
    assert desk.locator("#action-reply").get_attribute("open") is not None
    assert desk.evaluate("document.activeElement.id") == "reply-text"
    desk.keyboard.type("need")  # an "n" typed into the reply must not open the note form
    assert desk.locator("#action-note").get_attribute("open") is None
    assert desk.locator("#reply-text").input_value() == "need"
    desk.locator("#reply-text").blur()
    desk.keyboard.press("m")  # assign to me
    desk.wait_for_load_state()
    desk.locator(".flash.success").wait_for()
    assert "Assigned to Tom Support." in desk.locator(".flash.success").inner_text()




def test_a_deadline_passing_shows_in_the_open_queue_within_2_s(live_server, new_page, people,
                                                               ticking):
    contact, staff = people
    # Type 5, P1: reaction 2 h of window time (open all Wednesday); due 3 s from now.
    ticket = make_ticket(contact, urgency="blocking", impact="all",
                         at=project_clock.utcnow() - timedelta(hours=2) + timedelta(seconds=3))
    due = ticket.next_deadline
    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    desk.goto(f"{live_server}/staff/?show=open")
    breached = desk.locator('a[data-queue="breached"] .count')
    assert breached.inner_text() == "(0)"
    wait = (due - project_clock.utcnow()).total_seconds()
    desk.wait_for_function(
        "() => document.querySelector('a[data-queue=\"breached\"] .count').textContent"
        " === '(1)'", timeout=int((wait + 2) * 1000))
    assert (project_clock.utcnow() - due).total_seconds() < 2.5
