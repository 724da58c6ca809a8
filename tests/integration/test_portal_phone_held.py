"""Portal and phone intake (art. 35.2, 39.2.2) and the review of held mail (art. 33.2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake import held
from helpdesk.intake.mail import process_pending
from helpdesk.intake.phone import PhoneReportRefused, log_phone_report
from helpdesk.intake.portal import SubmissionRefused, start_notice, submit_from_portal
from helpdesk.intake.store import store_raw_message
from helpdesk.mail import Attachment as Upload
from helpdesk.models import Attachment, InboundMail, OutboxMessage
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket


@pytest.fixture
def contact():
    customer = make_customer()
    make_contract(customer, sla_preset="type1")
    person = make_contact(customer)
    db.session.commit()
    return person


def test_portal_submission_opens_a_ticket_with_the_reporters_priority(contact):
    now = utcnow()
    upload = Upload(filename="error.png", content_type="image/png", size=4, data=b"\x89PNG")
    ticket = submit_from_portal(contact, title="VPN down", description="All users blocked",
                                urgency="blocking", impact="all", uploads=[upload], now=now)
    assert ticket.channel == "portal" and ticket.priority == "P1"
    assert db.session.scalars(select(Attachment.filename)).one() == "error.png"
    receipt = db.session.scalars(select(OutboxMessage)).one()
    assert receipt.automatic  # R1: the receipt does not stop the reaction clock
    assert ticket.status == "open"


def test_portal_readers_cannot_submit(contact):
    reader = make_contact(contact.customer, portal_role="reader")
    with pytest.raises(SubmissionRefused, match="read"):
        submit_from_portal(reader, title="x", description="y", urgency="light", impact="some",
                           now=utcnow())


def test_outside_the_window_the_form_says_when_the_clock_starts(contact):
    """R3: Saturday 2026-02-07 10:00 Brussels -> the type 1 window opens Mon 08:45."""
    saturday = datetime(2026, 2, 7, 9, 0, tzinfo=UTC)
    notice = start_notice(contact.customer.contracts[0], "P2", saturday)
    assert notice is not None and "Mon 2026-02-09 08:45:00 CET" in notice
    inside = datetime(2026, 2, 9, 9, 0, tzinfo=UTC)
    assert start_notice(contact.customer.contracts[0], "P2", inside) is None


def test_phone_reports_of_p3_or_p4_are_refused_with_advice(contact):
    """Art. 39.2.2: only P1 and P2 by phone."""
    staff = make_staff()
    now = utcnow()
    with pytest.raises(PhoneReportRefused, match="e-mail or in the customer portal"):
        log_phone_report(contact, title="Slow PC", description="", urgency="light",
                         impact="some", called_at=now, by=staff, now=now)
    ticket = log_phone_report(contact, title="Server down", description="All blocked",
                              urgency="blocking", impact="all",
                              called_at=now - timedelta(minutes=3), by=staff, now=now)
    assert ticket.channel == "phone" and ticket.confirmation_outstanding
    assert ticket.submitted_at == now - timedelta(minutes=3)


def test_a_phone_call_cannot_be_logged_in_the_future(contact):
    staff = make_staff()
    now = utcnow()
    with pytest.raises(PhoneReportRefused, match="future"):
        log_phone_report(contact, title="x", description="", urgency="blocking", impact="all",
                         called_at=now + timedelta(hours=1), by=staff, now=now)


def held_mail() -> InboundMail:
    raw = (b"From: colleague@klant.example\r\nSubject: Printer\r\nMessage-ID: <h1@x>\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\nThe printer is broken.\r\n"
           b"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
           b"filename=log.txt\r\n\r\nerror 42\r\n--b--\r\n")
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=[])
    process_pending(utcnow())
    return db.session.scalars(select(InboundMail)).one()


def test_staff_open_a_ticket_from_held_mail_for_a_contact_person(contact):
    staff = make_staff()
    mail = held_mail()
    assert mail.state == "held"
    ticket = held.open_ticket(mail, contact, urgency="light", impact="all", by=staff,
                              now=utcnow())
    assert ticket.submitted_at == mail.received_at and ticket.title == "Printer"
    assert mail.review_action == "ticket" and mail.reviewed_by_id == staff.id
    assert db.session.scalars(select(Attachment.ticket_id)).one() == ticket.id
    with pytest.raises(held.ReviewRefused):
        held.discard(mail, reason="spam", by=staff, now=utcnow())


def test_staff_attach_held_mail_to_a_ticket(contact):
    staff = make_staff()
    ticket = make_ticket(contact)
    mail = held_mail()
    held.attach_to_ticket(mail, ticket, by=staff, now=utcnow())
    assert ticket.events[-1].type == "held_mail_attached"
    assert "printer is broken" in ticket.events[-1].body


def test_discarding_held_mail_needs_a_reason_and_keeps_the_raw_message(contact):
    staff = make_staff()
    mail = held_mail()
    with pytest.raises(held.ReviewRefused, match="why"):
        held.discard(mail, reason=" ", by=staff, now=utcnow())
    held.discard(mail, reason="newsletter", by=staff, now=utcnow())
    assert mail.state == "discarded" and mail.raw
