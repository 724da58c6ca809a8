"""The password-reset request form is limited per client address and per e-mail address;
over the limit it comes back as a page with the address kept and when to try again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from helpdesk.extensions import db
from helpdesk.models import OutboxMessage
from tests.factories import make_contact, make_customer


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"RATE_LIMIT_ENABLED": True, "RATE_LIMIT_STORAGE": "memory://",
            "PASSWORD_RESET_RATE_LIMIT": "3 per hour",
            "PASSWORD_RESET_EMAIL_RATE_LIMIT": "2 per hour"}


def _ask(client, email: str, address: str = "198.51.100.7"):
    return client.post("/password/forgot", data={"email": email},
                       environ_base={"REMOTE_ADDR": address})


def _mails() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def _assert_friendly_refusal(response, email: str) -> None:
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Too many reset requests" in page
    assert re.search(r"ask again in \d+ minute\(s\), at \d\d:\d\d CES?T", page)
    assert f'value="{email}"' in page  # what was typed is kept
    assert "<form" in page and 0 < int(response.headers["Retry-After"]) <= 3600


def test_one_mailbox_gets_a_few_reset_mails_then_a_friendly_page(client):
    contact = make_contact(make_customer())
    db.session.commit()
    for _ in range(2):
        assert _ask(client, contact.email).status_code == 302
    # From elsewhere too: the limit is the mailbox's, not only this client's.
    refused = _ask(client, contact.email.upper(), "203.0.113.9")
    _assert_friendly_refusal(refused, contact.email.upper())
    assert _mails() == 2
    assert _ask(client, "someone.else@customer.example").status_code == 302


def test_one_client_asking_for_many_mailboxes_is_refused(client):
    for n in range(3):
        assert _ask(client, f"person{n}@customer.example").status_code == 302
    _assert_friendly_refusal(_ask(client, "person9@customer.example"), "person9@customer.example")
    assert _ask(client, "person9@customer.example", "203.0.113.9").status_code == 302


def test_a_rejected_form_does_not_count_and_the_page_itself_is_never_limited(client):
    for _ in range(5):
        assert _ask(client, "not an address").status_code == 400
        assert client.get("/password/forgot").status_code == 200
    assert _ask(client, "person@customer.example").status_code == 302


@pytest.mark.parametrize("app_settings", [{"RATE_LIMIT_ENABLED": False,
                                           "PASSWORD_RESET_EMAIL_RATE_LIMIT": "1 per hour"}])
def test_turned_off_the_form_is_not_limited(client):
    for _ in range(3):
        assert _ask(client, "person@customer.example").status_code == 302
