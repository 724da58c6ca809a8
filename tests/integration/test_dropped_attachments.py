"""An attachment that is not kept is named on the ticket and the sender is told (#18,
finding 6: an oversized one vanished silently); at most MAX_ATTACHMENTS are kept a mail."""

from __future__ import annotations

from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.attachments import MAX_ATTACHMENT_BYTES
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.mail.parse import MAX_ATTACHMENTS, parse_message
from helpdesk.models import Attachment, OutboxMessage, TicketEvent
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)


def mail(files: list[tuple[str, bytes]], subject: str = "Printer broken") -> bytes:
    parts = "".join(
        f"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; "
        f'filename="{name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + __import__("base64").encodebytes(data).decode().replace("\n", "\r\n") + "\r\n"
        for name, data in files)
    return ("From: An <an@zonnedorp.example>\r\nTo: helpdesk@helpdesk.test\r\n"
            f"Subject: {subject}\r\nMessage-ID: <{subject.replace(' ', '')}@z.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            "--b\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n"
            f"{parts}--b--\r\n").encode()


def test_the_parser_names_what_it_does_not_keep():
    files = [(f"log{n}.txt", b"x") for n in range(MAX_ATTACHMENTS + 2)]
    parsed = parse_message(mail(files), max_attachment_bytes=10)
    assert len(parsed.attachments) == MAX_ATTACHMENTS
    assert [d["filename"] for d in parsed.dropped] == [f"log{MAX_ATTACHMENTS}.txt",
                                                      f"log{MAX_ATTACHMENTS + 1}.txt"]
    big = parse_message(mail([("dump.bin", b"y" * 11)]), max_attachment_bytes=10)
    assert big.attachments == [] and "larger than the limit" in big.dropped[0]["why"]


def test_an_oversized_attachment_is_shown_on_the_ticket_and_the_sender_told(client):
    customer = make_customer()
    make_contract(customer)
    make_contact(customer, name="An Janssens", email="an@zonnedorp.example")
    db.session.commit()
    raw = mail([("dump.bin", b"z" * (MAX_ATTACHMENT_BYTES + 1)), ("ok.txt", b"fine")])
    store_raw_message(raw, peer="127.0.0.1", envelope_from="an@zonnedorp.example",
                      envelope_to=["helpdesk@helpdesk.test"])
    process_pending(utcnow())
    submitted = db.session.scalars(select(TicketEvent).where(
        TicketEvent.type == "submitted")).one()
    assert submitted.payload["dropped_attachments"][0]["filename"] == "dump.bin"
    assert db.session.scalars(select(Attachment.filename)).all() == ["ok.txt"]
    receipt = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "receipt")).one()
    assert "dump.bin (10.0 MB): larger than the limit of 10 MB" in receipt.body_text
    login(client, make_staff())
    db.session.commit()
    page = client.get(f"/staff/tickets/{submitted.ticket.reference}").get_data(as_text=True)
    assert "not kept" in page and "dump.bin" in page


def test_a_reply_with_a_dropped_attachment_gets_a_notice():
    customer = make_customer()
    make_contract(customer)
    an = make_contact(customer, name="An Janssens", email="an@zonnedorp.example")
    ticket = make_ticket(an, title="Printer broken")
    db.session.commit()
    files = [(f"photo{n}.jpg", b"p") for n in range(MAX_ATTACHMENTS + 1)]
    store_raw_message(mail(files, subject=f"Re: [{ticket.reference}] Printer broken"),
                      peer="127.0.0.1", envelope_from="an@zonnedorp.example",
                      envelope_to=["helpdesk@helpdesk.test"])
    process_pending(utcnow())
    notice = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "attachments_dropped")).one()
    assert notice.to_addr == "an@zonnedorp.example"
    assert f"more than {MAX_ATTACHMENTS} attachments in one mail" in notice.body_text
