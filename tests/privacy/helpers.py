"""A customer with a history full of one person's data: reports by portal and mail, messages,
files, replies mailed to them, an API token and audit entries; and a colleague's data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.intake.attachments import store_attachments
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.mail import Attachment as Upload
from helpdesk.models import ApiToken, Ticket
from helpdesk.outbox.delivery import deliver_due
from helpdesk.privacy import audit
from helpdesk.tickets import actions
from tests.clocks import clock_at
from tests.factories import make_contact
from tests.reports.helpers import managed_customer, ticket, utc

SUBMITTED, ACKNOWLEDGED = utc(2026, 11, 2, 8, 0), utc(2026, 11, 2, 8, 30)
RESOLVED_LATE = utc(2026, 11, 4, 9, 0)  # past the Tue 08:30Z deadline: a credit is owed
AS_OF = utc(2026, 12, 1, 12, 0)
# Jan's mail: its P3 reaction breach (Wed 26 Nov) may still be claimed on AS_OF (R17: 7 days),
# so the statement has money payable whatever the day the suite runs.
MAIL_RECEIVED = utc(2026, 11, 24, 9, 0)
JAN = "jan@acme.example"
PIA = "pia@acme.example"


@dataclass
class History:
    customer: object
    contract: object
    jan: object
    pia: object
    staff: object
    tickets: list


def mail_from(sender: str, subject: str, text: str) -> bytes:
    return (f"From: Jan Janssens <{sender}>\r\nTo: helpdesk@helpdesk.test\r\n"
            f"Subject: {subject}\r\nMessage-ID: <{subject.replace(' ', '')}@acme.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            f"--b\r\nContent-Type: text/plain\r\n\r\n{text}\r\n"
            "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
            "filename=jan-log.txt\r\n\r\njan's log\r\n--b--\r\n").encode()


def history() -> History:
    customer, contract, _, staff = managed_customer()
    jan = make_contact(customer, name="Jan Janssens", email=JAN, phone="+32 470 11 22 33")
    pia = make_contact(customer, name="Pia Peeters", email=PIA)
    db.session.commit()
    first = ticket(jan, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
                   resolved=RESOLVED_LATE, title="Mail server down")
    message = actions.customer_message(first, by=jan, now=utc(2026, 11, 2, 9, 0),
                                       text="Jan here: call me on +32 470 11 22 33",
                                       channel="portal")
    store_attachments([Upload("jan-screenshot.png", "image/png", 4, b"\x89PNG")],
                      now=message.at, ticket_id=first.id, event_id=message.id)
    actions.customer_message(first, by=pia, now=utc(2026, 11, 2, 9, 5),
                             text="Pia adds: the printer too", channel="portal")
    actions.reply(first, by=staff, now=utc(2026, 11, 2, 9, 10), text="Dear Jan, we are on it.")
    db.session.commit()
    deliver_due(utc(2026, 11, 2, 9, 11))
    with clock_at(MAIL_RECEIVED):
        store_raw_message(mail_from(JAN, "VPN broken", "Jan writes: the VPN is broken"),
                          peer="127.0.0.1", envelope_from=JAN,
                          envelope_to=["helpdesk@helpdesk.test"])
        process_pending(MAIL_RECEIVED)
        db.session.add(ApiToken(name="Jan's script", secret_sha256="a" * 64, prefix="hd_aaaa",
                                contact_id=jan.id, created_at=MAIL_RECEIVED))
    audit.record("viewed", "contact", jan.id, actor=staff)
    audit.record("viewed", "contact", pia.id, actor=staff)
    db.session.commit()
    tickets = list(db.session.scalars(select(Ticket).order_by(Ticket.id)))
    return History(customer, contract, jan, pia, staff, tickets)
