"""Held-mail review in the browser pages: view safely, attach, open a ticket, discard."""

from __future__ import annotations

import pytest

from helpdesk.extensions import db
from helpdesk.models import Ticket
from tests.factories import login, make_ticket
from tests.integration.test_web_helpers import events, held_mail, page, world


@pytest.fixture
def w(client):
    w = world()
    login(client, w.staff)
    return w


def test_held_mail_is_listed_and_shown_with_its_text_and_files(client, w):
    mail = held_mail(html='<p>hi</p><script>alert(1)</script>')
    assert "Printer" in page(client.get("/staff/held"))
    html = page(client.get(f"/staff/held/{mail.id}"))
    assert "The printer is broken." in html and "log.txt" in html
    assert "<script>alert(1)" not in html and 'sandbox=""' in html
    raw = client.get(f"/staff/held/{mail.id}/raw")
    assert raw.headers["Content-Disposition"].startswith("attachment")
    assert b"The printer is broken." in raw.data


def test_attach_held_mail_to_a_ticket(client, w):
    ticket = make_ticket(w.contact)
    mail = held_mail()
    missing = client.post(f"/staff/held/{mail.id}/attach", data={"reference": "HD-1-1"})
    assert missing.status_code == 409 and "There is no ticket HD-1-1" in page(missing)
    done = client.post(f"/staff/held/{mail.id}/attach",
                       data={"reference": ticket.reference.lower()})
    assert done.status_code == 302
    assert events(ticket)[-1] == "held_mail_attached"
    assert "log.txt" in page(client.get(f"/staff/tickets/{ticket.reference}"))
    assert "Printer" not in page(client.get("/staff/held"))


def test_open_a_ticket_from_held_mail_for_a_chosen_contact(client, w):
    mail = held_mail()
    bad = client.post(f"/staff/held/{mail.id}/open", data={"contact_id": w.contact.id})
    assert bad.status_code == 400
    done = client.post(f"/staff/held/{mail.id}/open", data={
        "contact_id": w.contact.id, "urgency": "light", "impact": "all", "reason": "colleague"})
    assert done.status_code == 302
    ticket = db.session.query(Ticket).one()
    assert ticket.reporter_id == w.contact.id and ticket.priority == "P3"


def test_discarding_needs_a_reason(client, w):
    mail = held_mail()
    refused = client.post(f"/staff/held/{mail.id}/discard", data={"reason": ""})
    assert refused.status_code == 400 and "This field is required." in page(refused)
    assert client.post(f"/staff/held/{mail.id}/discard",
                       data={"reason": "newsletter"}).status_code == 302
    db.session.refresh(mail)
    assert mail.review_action == "discarded"
    again = client.post(f"/staff/held/{mail.id}/discard", data={"reason": "again"})
    assert again.status_code == 409 and "already been reviewed" in page(again)


def test_unknown_held_mail_is_404(client, w):
    assert client.get("/staff/held/12345").status_code == 404
