"""Regressions found by the mail fuzzers (tests/mail/test_parse_fuzz.py and
bench/fuzz_mail_parser.py): parsed values that PostgreSQL refuses to store made the mail
fail processing instead of being held or turned into a ticket (the never-dropped rule of
issue #5). Each test runs the real intake, so on PostgreSQL it fails without the fix."""

from __future__ import annotations

from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.models import Attachment, InboundMail, OutboxMessage

LONG_ID = "x" * 400 + "@y.example"


def test_mail_from_an_unknown_sender_with_an_overlong_message_id_is_held_and_answered():
    raw = (f"From: stranger@else.example\r\nSubject: Hello\r\nMessage-ID: <{LONG_ID}>\r\n"
           "\r\nPlease call me.\r\n").encode()
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=[])
    process_pending(utcnow())
    mail = db.session.scalars(select(InboundMail)).one()
    assert mail.state == "held", mail.note
    answer = db.session.scalars(select(OutboxMessage)).one()
    assert answer.kind == "held_answer" and answer.in_reply_to is None


def test_an_inline_image_with_an_overlong_content_id_is_stored():
    raw = (b"From: stranger@else.example\r\nSubject: Screenshot\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: text/plain\r\n\r\nSee image\r\n--b\r\nContent-Type: image/png\r\n"
           b"Content-ID: <" + LONG_ID.encode() + b">\r\n\r\npng\r\n--b--\r\n")
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=[])
    process_pending(utcnow())
    assert db.session.scalars(select(InboundMail)).one().state == "held"
    assert db.session.scalars(select(Attachment)).one().content_id is None


def test_a_charset_label_with_nul_bytes_does_not_make_the_warnings_unstorable():
    """Found by atheris: the parse warning quoted the charset label, NUL bytes and all,
    and inbound_mail.warnings (a PostgreSQL text column) refused it."""
    raw = (b"From: stranger@else.example\r\nSubject: Factuur\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=I\x13\x00\x00SO-8859-15\r\n\r\n"
           b"De factuur bedraagt 150 \xa4 per maand.\r\n")
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=[])
    process_pending(utcnow())
    mail = db.session.scalars(select(InboundMail)).one()
    assert mail.state == "held", mail.note
    assert "\x00" not in mail.warnings and "decoded as UTF-8" in mail.warnings


def test_an_attachment_whose_content_type_holds_nul_bytes_is_stored():
    """Found by atheris: attachment.content_type refused the NUL bytes on PostgreSQL."""
    raw = (b"From: stranger@else.example\r\nSubject: Winmail\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: text/plain\r\n\r\nSee attachment\r\n--b\r\n"
           b"Content-Type: a\x00\x00pplication/ms-tnef\r\n\r\ndata\r\n--b--\r\n")
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=[])
    process_pending(utcnow())
    assert db.session.scalars(select(InboundMail)).one().state == "held"
    assert db.session.scalars(select(Attachment)).one().content_type == \
        "application/octet-stream"
