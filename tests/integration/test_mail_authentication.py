"""The verdicts of the provider's MX (RFC 8601 Authentication-Results) are recorded on the
ticket, and administrators may require dmarc=pass for threading into a ticket (#18)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.mail.authresults import dmarc_passed, verdicts
from helpdesk.models import InboundMail, TicketEvent
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)

OURS = "mx.provider.example"
PASS = (f"{OURS}; spf=pass smtp.mailfrom=zonnedorp.example; dkim=pass (2048-bit key) "
        "header.d=zonnedorp.example; dmarc=pass (p=reject) header.from=zonnedorp.example")
FORGED = ("mx.provider.example.evil; dmarc=pass header.from=zonnedorp.example")


def test_only_the_configured_servers_verdict_is_believed():
    found = verdicts([FORGED, PASS], OURS)
    assert found == {"authserv_id": OURS, "trusted": "yes", "spf": "pass", "dkim": "pass",
                     "dmarc": "pass"}
    assert verdicts([FORGED], OURS) is None
    assert verdicts([f"{OURS} 1; dmarc=fail (p=none) header.from=x.example"], OURS)["dmarc"] \
        == "fail"


def test_without_a_configured_server_the_topmost_header_is_read_but_not_trusted():
    found = verdicts([PASS, FORGED])
    assert found["trusted"] == "unverified" and found["dmarc"] == "pass"
    assert not dmarc_passed(found)
    assert dmarc_passed(verdicts([PASS], OURS))


def mail(subject: str, results: str, message_id: str) -> bytes:
    return (f"Authentication-Results: {results}\r\nFrom: An <an@zonnedorp.example>\r\n"
            f"To: helpdesk@helpdesk.test\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>"
            "\r\n\r\nStill broken.\r\n").encode()


@pytest.fixture
def an():
    customer = make_customer(name="Zonnedorp")
    make_contract(customer)
    person = make_contact(customer, name="An Janssens", email="an@zonnedorp.example")
    db.session.commit()
    return person


def deliver(raw: bytes) -> None:
    store_raw_message(raw, peer="127.0.0.1", envelope_from="an@zonnedorp.example",
                      envelope_to=["helpdesk@helpdesk.test"])
    process_pending(utcnow())


def test_the_verdicts_are_kept_on_the_ticket_and_shown_to_staff(app, client, an):
    app.config["HELPDESK_AUTHSERV_ID"] = OURS
    deliver(mail("Printer broken", PASS, "m1@zonnedorp.example"))
    submitted = db.session.scalars(select(TicketEvent).where(
        TicketEvent.type == "submitted")).one()
    assert submitted.payload["authentication"]["dmarc"] == "pass"
    login(client, make_staff())
    db.session.commit()
    page = client.get(f"/staff/tickets/{submitted.ticket.reference}").get_data(as_text=True)
    assert "SPF pass · DKIM pass · DMARC pass" in page


def test_a_reply_without_dmarc_pass_is_held_when_required(app, an):
    app.config.update(HELPDESK_AUTHSERV_ID=OURS, HELPDESK_THREADING_REQUIRES_DMARC=True)
    ticket = make_ticket(an, title="Printer broken")
    db.session.commit()
    subject = f"Re: [{ticket.reference}] Printer broken"
    deliver(mail(subject, f"{OURS}; dmarc=fail header.from=zonnedorp.example", "r1@x"))
    held = db.session.scalars(select(InboundMail).order_by(InboundMail.id)).all()[-1]
    assert held.state == "held" and "DMARC did not pass (fail)" in held.note
    deliver(mail(subject, PASS, "r2@x"))
    message = db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.type == "customer_message")).one()
    assert message.payload["authentication"]["dmarc"] == "pass"


def test_without_the_requirement_a_reply_threads_whatever_dmarc_says(app, an):
    app.config["HELPDESK_AUTHSERV_ID"] = OURS
    ticket = make_ticket(an, title="Printer broken")
    db.session.commit()
    deliver(mail(f"Re: [{ticket.reference}] x", f"{OURS}; dmarc=fail", "r3@x"))
    assert db.session.scalars(select(TicketEvent.type).where(
        TicketEvent.ticket_id == ticket.id)).all()[-1] == "customer_message"
