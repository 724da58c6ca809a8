"""The real SMTP listener on loopback: stored before 250, SIZE advertised, oversize refused."""

from __future__ import annotations

import smtplib
import socket

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.intake.smtp import IntakeController
from helpdesk.models import InboundMail


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def listener(app):
    controller = IntakeController(app, host="127.0.0.1", port=free_port(), max_bytes=50_000,
                                  process=False)
    controller.start()
    yield controller
    controller.stop()


MESSAGE = (b"From: jan@klant.example\r\nTo: helpdesk@helpdesk.test\r\n"
           b"Subject: Printer\r\nMessage-ID: <smtp-1@klant.example>\r\n\r\nIt is broken.\r\n")


def test_a_message_is_committed_before_the_listener_answers_250(listener):
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=10) as client:
        code, _ = client.ehlo()
        assert code == 250
        assert "size" in client.esmtp_features and client.esmtp_features["size"] == "50000"
        client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], MESSAGE)
    db.session.expire_all()
    stored = db.session.scalars(select(InboundMail)).one()
    assert stored.raw.replace(b"\r\n", b"\n").strip() == MESSAGE.replace(b"\r\n", b"\n").strip()
    assert stored.envelope_from == "jan@klant.example" and stored.state == "received"
    assert stored.dedup_key == "mid:smtp-1@klant.example"


def test_a_message_over_the_size_limit_is_refused_with_552(listener):
    big = MESSAGE + b"x" * 60_000 + b"\r\n"
    with (smtplib.SMTP("127.0.0.1", listener.port, timeout=10) as client,
          pytest.raises(smtplib.SMTPException) as refused):
        client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], big)
    assert "552" in str(refused.value)
    db.session.expire_all()
    assert db.session.scalars(select(InboundMail)).all() == []


def test_the_listener_turns_stored_mail_into_tickets_when_idle(app):
    """Storage first, then processing in the same writer thread (group_commit.py)."""
    import time

    from tests.factories import make_contact, make_contract, make_customer

    customer = make_customer()
    make_contract(customer)
    make_contact(customer, email="jan@klant.example")
    db.session.commit()
    controller = IntakeController(app, host="127.0.0.1", port=free_port(), max_bytes=50_000)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as client:
            client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], MESSAGE)
        for _ in range(50):
            db.session.expire_all()
            stored = db.session.scalars(select(InboundMail)).one()
            if stored.state != "received":
                break
            time.sleep(0.1)
    finally:
        controller.stop()
    assert stored.state == "processed" and stored.ticket_id is not None
