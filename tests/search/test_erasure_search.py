"""An erased person cannot be found (seed 003; helpdesk/privacy/erasure.py): the erasure's
redaction marks every ticket it touched, and their search documents are rebuilt from the
redacted events before the erasure commits."""

from __future__ import annotations

from helpdesk.extensions import db
from helpdesk.intake.attachments import store_attachments
from helpdesk.mail import Attachment as Upload
from helpdesk.privacy.erasure import erase
from helpdesk.search.query import search
from helpdesk.tickets import actions
from tests.factories import make_contact, make_customer, make_staff, make_ticket, now


def refs(text, **scope):
    return [hit.ticket.reference for hit in search(text, **scope)]


def test_an_erased_contact_is_no_longer_found_by_name_address_text_or_file():
    customer = make_customer(name="Bakkerij Noord")
    wanda = make_contact(customer, name="Wanda Vermeulen", email="wanda@noord.example")
    colleague = make_contact(customer, name="Piet Claes", email="piet@noord.example")
    staff = make_staff(name="Agent Lopez")
    ticket = make_ticket(wanda, title="Oven controller offline",
                         description="Call me on my private line, Zwanenlaan 7.")
    actions.customer_message(ticket, by=wanda, now=now(), channel="portal",
                             text="My daughter Lotte saw the oven blink.")
    store_attachments([Upload("wanda-vermeulen-photo.jpg", "image/jpeg", 3, b"abc")],
                      now=now(), ticket_id=ticket.id, event_id=ticket.events[-1].id)
    other = make_ticket(colleague, title="Till printer", description="Wanda said it jams.")
    db.session.commit()
    for words in ("Vermeulen", "wanda@noord.example", "Zwanenlaan", "Lotte", "photo"):
        assert ticket.reference in refs(words), words

    erase(wanda, by=staff, reason="request of the person", now=now())
    db.session.commit()

    for words in ("Vermeulen", "wanda@noord.example", "noord.example wanda", "Zwanenlaan",
                  "Lotte", "photo"):
        assert ticket.reference not in refs(words), words
        assert ticket.reference not in refs(words, customer_id=customer.id), words
    # The ticket itself stays findable by what is not personal.
    assert refs("oven controller") == [ticket.reference]
    # A colleague's own text that names her is not hers to erase (seed 003: her data).
    assert refs("jams") == [other.reference]


def test_an_erased_staff_member_is_no_longer_found():
    customer = make_customer(name="Garage Zuid")
    contact = make_contact(customer)
    staff = make_staff(name="Bartholomeus Quist", email="quist@provider.example")
    manager = make_staff(name="Manager")
    ticket = make_ticket(contact, title="Lift broken")
    actions.note(ticket, by=staff, now=now(), text="Spoke to the lift company")
    actions.reply(ticket, by=staff, now=now(), text="A technician comes tomorrow")
    db.session.commit()
    assert refs("Quist") == [ticket.reference]

    erase(staff, by=manager, reason="left the company", now=now())
    db.session.commit()

    assert refs("Quist") == [] and refs("Bartholomeus") == []
    assert refs("technician") == []  # the erased author's own text
    assert refs("lift") == [ticket.reference]
