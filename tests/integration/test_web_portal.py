"""The customer portal through the Flask test client: report, reply, confirm, reject a fix."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Attachment, Ticket
from helpdesk.tickets import actions
from helpdesk.timefmt import BRUSSELS
from helpdesk.web.portal import views
from tests.factories import login, make_contact, make_ticket
from tests.integration.test_web_helpers import events, outbox_kinds, page, world


@pytest.fixture
def w(client):
    w = world()
    login(client, w.contact)
    return w


def report(client, **overrides):
    data = {"title": "Mail down", "urgency": "blocking", "impact": "all",
            "description": "Nobody can send mail since 9:00."}
    data.update(overrides)
    return client.post("/portal/new", data=data, content_type="multipart/form-data")


def test_the_form_shows_the_priority_matrix(client, w):
    html = page(client.get("/portal/new"))
    assert "art. 39.1.1" in html and "P1 – critical" in html and 'type="radio"' in html


def test_a_contact_reports_an_incident_with_attachments(client, w):
    response = report(client, files=[(io.BytesIO(b"trace"), "trace.log"),
                                     (io.BytesIO(b"\x89PNG"), "screen.png")])
    assert response.status_code == 302
    ticket = db.session.query(Ticket).one()
    assert ticket.priority == "P1" and ticket.channel == "portal"
    files = db.session.query(Attachment).filter_by(ticket_id=ticket.id).all()
    assert sorted(f.filename for f in files) == ["screen.png", "trace.log"]
    html = page(client.get(response.headers["Location"]))
    assert "trace.log" in html and "P1 – critical" in html
    assert "received, not yet acknowledged" in html
    assert outbox_kinds() == ["receipt"]


def test_a_report_without_urgency_keeps_what_was_typed_and_says_what_is_missing(client, w):
    response = report(client, urgency="", title="Printer jammed")
    assert response.status_code == 400
    html = page(response)
    assert "Choose the urgency." in html and 'value="Printer jammed"' in html
    assert db.session.query(Ticket).count() == 0


def test_outside_the_window_the_form_says_when_the_clock_starts(client, w, monkeypatch):
    saturday = datetime(2026, 2, 7, 12, 0, tzinfo=BRUSSELS)
    monkeypatch.setattr(views, "utcnow", lambda: saturday.astimezone(UTC))
    html = page(client.get("/portal/new"))
    assert "outside the service window" in html and "2026-02-09" in html


def test_the_ticket_page_says_priority_deadlines_and_status_in_plain_words(client, w):
    ticket = make_ticket(w.contact)
    html = page(client.get(f"/portal/tickets/{ticket.reference}"))
    assert "we aim to respond by" in html and "P2 – major" in html
    staff_note = actions.note(ticket, by=w.staff, now=utcnow(), text="Secret note")
    db.session.commit()
    assert staff_note.body not in page(client.get(f"/portal/tickets/{ticket.reference}"))


def test_a_customer_replies_with_a_file(client, w):
    ticket = make_ticket(w.contact)
    empty = client.post(f"/portal/tickets/{ticket.reference}/message", data={"text": ""})
    assert empty.status_code == 400 and "This field is required." in page(empty)
    response = client.post(f"/portal/tickets/{ticket.reference}/message",
                           data={"text": "Here is the log",
                                 "files": (io.BytesIO(b"abc"), "more.log")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert events(ticket)[-1] == "customer_message"
    html = page(client.get(f"/portal/tickets/{ticket.reference}"))
    assert "Here is the log" in html and "more.log" in html


def test_a_phone_report_is_confirmed_in_writing_in_the_portal(client, w):
    ticket = make_ticket(w.contact, channel="phone")
    html = page(client.get(f"/portal/tickets/{ticket.reference}"))
    assert "Please confirm this phone report in writing" in html
    response = client.post(f"/portal/tickets/{ticket.reference}/confirm",
                           data={"text": "Confirmed: the server is down."})
    assert response.status_code == 302
    db.session.refresh(ticket)
    assert not ticket.confirmation_outstanding
    assert events(ticket)[-2:] == ["customer_message", "written_confirmation"]
    again = client.post(f"/portal/tickets/{ticket.reference}/confirm", data={"text": "again"})
    assert again.status_code == 409


def test_rejecting_a_fix_reopens_and_escalates_the_ticket(client, w):
    ticket = make_ticket(w.contact)
    early = client.post(f"/portal/tickets/{ticket.reference}/reject", data={"reason": "No"})
    assert early.status_code == 409 and "Only a resolved ticket" in page(early)
    now = utcnow()
    actions.acknowledge(ticket, by=w.staff, now=now)
    actions.resolve(ticket, by=w.staff, now=now)
    db.session.commit()
    assert "Not resolved? Tell us" in page(client.get(f"/portal/tickets/{ticket.reference}"))
    blank = client.post(f"/portal/tickets/{ticket.reference}/reject", data={"reason": ""})
    assert blank.status_code == 400
    done = client.post(f"/portal/tickets/{ticket.reference}/reject",
                       data={"reason": "Still no mail"})
    assert done.status_code == 302
    db.session.refresh(ticket)
    assert ticket.tier == 2 and ticket.status == "acknowledged"
    assert "tier 2 (escalated)" in page(client.get(f"/portal/tickets/{ticket.reference}"))


def test_internal_attachments_are_not_downloadable_in_the_portal(client, w):
    from helpdesk.intake.attachments import store_attachments
    from helpdesk.mail import Attachment as Upload

    ticket = make_ticket(w.contact)
    event = actions.note(ticket, by=w.staff, now=utcnow(), text="internal")
    [row] = store_attachments([Upload("internal.txt", "text/plain", 1, b"x")],
                              now=utcnow(), ticket_id=ticket.id, event_id=event.id)
    db.session.commit()
    url = f"/portal/tickets/{ticket.reference}/attachments/{row.id}"
    assert client.get(url).status_code == 404


def test_the_portal_list_is_paged(client, w, monkeypatch):
    for i in range(3):
        make_ticket(w.contact, title=f"Issue {i}")
    assert "Issue 2" in page(client.get("/portal/"))
    other = make_contact(w.customer)
    db.session.commit()
    login(client, other)
    assert "Issue 0" in page(client.get("/portal/"))  # colleagues see the customer's tickets


def test_a_nul_character_is_refused_with_a_clear_error_and_nothing_is_stored(client, w):
    """PostgreSQL's text columns cannot hold NUL: a 400 that says so, not a server error."""
    response = report(client, title="Mail\x00down")
    assert response.status_code == 400
    assert "cannot be stored (NUL)" in page(response)
    assert db.session.query(Ticket).count() == 0
    assert client.get("/portal/?q=a%00b").status_code == 400
