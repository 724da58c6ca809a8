"""Fixtures of the IMAP intake tests: a Dovecot per test, a contact whose mail opens tickets,
and a mailbox row pointing at the Dovecot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.imap.secrets import seal
from helpdesk.models import Mailbox
from tests.factories import make_contact, make_contract, make_customer
from tests.imap.dovecot import PASSWORD, USER, Dovecot, available

SENDER = "jan@dekroon.example"


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    if not available():
        if os.environ.get("HELPDESK_REQUIRE_DOVECOT") == "1":
            pytest.fail("HELPDESK_REQUIRE_DOVECOT=1 but /usr/sbin/dovecot is not installed "
                        "(apt-get install dovecot-imapd)")
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture
def contact(app: Any) -> Any:
    customer = make_customer()
    make_contract(customer)
    person = make_contact(customer, email=SENDER)
    db.session.commit()
    return person


def make_mailbox(app: Any, port: int, **overrides: Any) -> Mailbox:
    secret = overrides.pop("secret", PASSWORD)
    values: dict[str, Any] = {
        "name": "Support", "host": "127.0.0.1", "port": port, "security": "none",
        "username": USER, "auth_method": "password", "folder": "INBOX",
        "after_storing": "move", "processed_folder": "Processed", "enabled": True,
        "last_uid": 0, "created_at": utcnow(),
    }
    values.update(overrides)
    box = Mailbox(secret_sealed=seal(secret, secret_key=app.config["SECRET_KEY"]), **values)
    db.session.add(box)
    db.session.commit()
    return box


def message(n: int, *, sender: str = SENDER, message_id: bool = True,
            body_bytes: int = 0) -> bytes:
    headers = [f"From: Jan <{sender}>", "To: support@provider.test",
               f"Subject: Printer {n} is broken", "Date: Wed, 18 Nov 2026 10:00:00 +0000"]
    if message_id:
        headers.append(f"Message-ID: <imap-{n}@dekroon.example>")
    body = f"Printer {n} shows error E{n}.\r\n" + ("x" * 76 + "\r\n") * (body_bytes // 78)
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode()
