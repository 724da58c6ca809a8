"""Issue #17: every mail is in its addressee's language, whoever builds it (a request in
another language, the intake worker, the scheduler): texts, dates and amounts alike.

Dutch is the catalogue on this branch; French and German catalogues arrive at merge, so for
them these tests check the Babel formatting (day names, dates), which needs no catalogue."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import refresh

from helpdesk.auth import confirmation
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.models import OutboxMessage
from helpdesk.tickets import actions
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)

# Wed 18 Nov 2026 11:00 Brussels (CET): inside every preset's service window.
AT = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def mails(kind: str) -> list[OutboxMessage]:
    return list(db.session.query(OutboxMessage).filter_by(kind=kind).order_by(OutboxMessage.id))


@pytest.fixture
def customer(clock):
    clock.set(AT)
    found = make_customer(name="Kroon")
    make_contract(found, sla_preset="type4")
    db.session.refresh(found)
    return found


def report(client) -> None:
    refresh()
    response = client.post("/portal/new", data={
        "title": "Mail down", "urgency": "blocking", "impact": "all",
        "description": "Nobody can send mail since 9:00."},
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 302


def test_the_portal_receipt_is_in_the_reporters_language_not_the_browsers(client, customer):
    contact = make_contact(customer, locale="nl")
    db.session.commit()
    login(client, contact)
    report(client)
    (receipt,) = mails("receipt")
    assert "Ontvangen: Mail down" in receipt.subject
    assert "We ontvingen uw melding" in receipt.body_text
    assert "(P1 – Kritiek) op wo 18 nov 2026 11:00:00 CET." in receipt.body_text
    assert "Dit is een automatisch bericht." in receipt.body_text


def test_a_french_reporter_gets_french_dates_in_the_receipt(client, customer):
    contact = make_contact(customer, locale="fr")
    db.session.commit()
    login(client, contact)
    report(client)
    (receipt,) = mails("receipt")
    assert "mer. 18 nov. 2026 11:00:00 CET" in receipt.body_text
    assert "P1 – critique" in receipt.body_text


def test_without_a_choice_the_receipt_follows_the_page_the_reporter_reads(client, customer):
    contact = make_contact(customer)
    db.session.commit()
    login(client, contact)
    client.post("/language/nl", data={"next": "/portal/"})
    contact.locale = None  # the picker stored it; this test is about an unset preference
    db.session.commit()
    refresh()
    response = client.post("/portal/new", data={
        "title": "Mail down", "urgency": "blocking", "impact": "all",
        "description": "Nobody can send mail since 9:00."},
        content_type="multipart/form-data", headers={"Accept-Language": "nl"})
    assert response.status_code == 302
    (receipt,) = mails("receipt")
    assert "Ontvangen: Mail down" in receipt.subject


def test_the_mail_intake_receipt_is_in_the_senders_language(customer):
    make_contact(customer, email="jan@kroon.example", locale="nl")
    db.session.commit()
    raw = (b"From: jan@kroon.example\r\nTo: helpdesk@helpdesk.test\r\nSubject: Printer broken"
           b"\r\nMessage-ID: <m1@kroon.example>\r\nContent-Type: text/plain; charset=utf-8"
           b"\r\n\r\nIt does not print.\r\n")
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=["hd"])
    process_pending(AT)
    (receipt,) = mails("receipt")
    assert "Ontvangen: Printer broken" in receipt.subject
    assert "We ontvingen uw melding en registreerden ze als" in receipt.body_text
    assert "laat de referentie in het onderwerp staan" in receipt.body_text


def test_staff_acting_in_english_send_the_dutch_contact_dutch_mail(client, customer, clock):
    contact = make_contact(customer, locale="nl")
    staff = make_staff(name="Tom", locale="en")
    ticket = make_ticket(contact, title="Mail down", at=AT)
    db.session.commit()
    actions.acknowledge(ticket, by=staff, now=AT)
    actions.resolve(ticket, by=staff, now=AT, note="Disk replaced.")
    db.session.commit()
    (ack,) = mails("acknowledgement")
    assert "In behandeling: Mail down" in ack.subject
    assert "en behandelen ze.\nTom, supportteam" in ack.body_text
    (resolution,) = mails("resolution")
    assert "Opgelost: Mail down" in resolution.subject
    assert "Disk replaced." in resolution.body_text  # the staff member's own words stay
    assert "Toch niet opgelost?" in resolution.body_text
    assert "Het ticket wordt dan heropend en geëscaleerd (art. 39.4.1)." in resolution.body_text


def test_an_english_contact_keeps_english_mail_whatever_the_staff_language(customer):
    contact = make_contact(customer, locale="en")
    staff = make_staff(name="Tom", locale="nl")
    ticket = make_ticket(contact, title="Mail down", at=AT)
    db.session.commit()
    actions.acknowledge(ticket, by=staff, now=AT)
    db.session.commit()
    (ack,) = mails("acknowledgement")
    assert ack.subject.endswith("Being handled: Mail down")
    assert "Tom, support team" in ack.body_text


def test_the_confirmation_mail_is_in_the_contacts_language(customer):
    contact = make_contact(customer, locale="nl", email_confirmed=False)
    db.session.commit()
    message = confirmation.send_link(contact)
    assert message.subject == "Bevestig uw e-mailadres voor de helpdesk"
    assert message.body_text.startswith(f"Beste {contact.name},")
    assert confirmation.PLACEHOLDER in message.body_text  # delivery still finds the link's place


def test_the_reset_mail_is_in_the_account_holders_language_not_the_askers(client, customer):
    make_staff(email="tom@provider.example", locale="nl")
    db.session.commit()
    refresh()
    client.post("/password/forgot", data={"email": "tom@provider.example"},
                headers={"Accept-Language": "en"})
    (reset,) = mails("password_reset")
    assert reset.subject == "Stel uw helpdeskwachtwoord opnieuw in"
    assert "op wo 18 nov 2026 11:00:00 CET" in reset.body_text
    assert "Open deze link binnen" in reset.body_text and " hour" not in reset.body_text


def test_a_rejected_fix_tells_each_staff_member_in_their_language(customer):
    contact = make_contact(customer, locale="en")
    dutch = make_staff(name="Tom", locale="nl")
    english = make_staff(name="Ann", role="escalation_manager", locale="en")
    ticket = make_ticket(contact, title="Mail down", at=AT)
    actions.acknowledge(ticket, by=dutch, now=AT, assign_to_me=True)
    actions.resolve(ticket, by=dutch, now=AT, note="Disk replaced.")
    actions.reject_fix(ticket, by=contact, now=AT, reason="Still no mail.")
    db.session.commit()
    by_address = {m.to_addr: m for m in mails("fix_rejected") + mails("escalation")}
    assert "Oplossing afgewezen door de klant" in by_address[dutch.email].subject
    assert "Still no mail." in by_address[dutch.email].body_text
    english_mail = by_address[english.email]
    assert "Fix rejected by the customer" in english_mail.subject \
        or "Escalated to tier" in english_mail.subject
    assert "Oplossing" not in english_mail.body_text and "geëscaleerd" not in english_mail.body_text


def test_the_deadline_explanation_mail_is_in_the_reporters_language(customer, clock):
    from helpdesk.web import services

    contact = make_contact(customer, locale="nl")
    staff = make_staff(name="Tom", locale="en")
    ticket = make_ticket(contact, title="Mail down", at=AT)
    db.session.commit()
    clocks = actions.commands.refresh(ticket, AT)
    services.send_explanation(ticket, clocks.clocks["reaction"], by=staff, now=AT)
    db.session.commit()
    (mail,) = mails("explanation")
    assert "Waarom deze termijn: Reactietijd" in mail.subject
    body = mail.body_text
    assert "Hoe deze termijn berekend wordt" in body
    assert "Reactietijd: termijn do 19 nov 2026 11:00:00 CET" in body
    assert "Doel: " in body and "Totaal geteld: " in body and "target    " not in body
