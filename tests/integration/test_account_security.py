"""Accounts cannot be taken over (#18): each test replays a finding of the black-box review
against the fixed app — outbox secrets, reset links and the Host header, the open redirect
after log-in, sessions that outlived log-out and password changes."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from helpdesk.auth.passwords import hash_password
from helpdesk.extensions import db
from helpdesk.models import AccountSession, OutboxMessage, StaffRole
from helpdesk.outbox.delivery import deliver_due
from helpdesk.privacy.erasure import erase
from helpdesk.web.auth import validity
from tests.factories import PASSWORD, login, make_contact, make_customer, make_staff
from tests.integration.test_outbox import relay  # noqa: F401  (a real SMTP server fixture)

BASE = "https://helpdesk.provider.example"


@pytest.fixture
def app_settings():
    return {"BASE_URL": BASE, "SERVER_NAME": "helpdesk.provider.example"}


@pytest.fixture(autouse=True)
def each_request_loads_its_user(app):
    """The suite keeps one app context around a test's requests, and with it Flask-Login's
    per-request cache of the user (g._login_user); a real server starts every request
    afresh, which is what these tests must see."""
    from flask import g

    def forget_the_cached_user() -> None:
        g.pop("_login_user", None)

    app.before_request(forget_the_cached_user)


@pytest.fixture
def admin():
    person = make_staff(email="admin@provider.example", role=StaffRole.ADMINISTRATOR,
                        name="Ada Admin")
    db.session.commit()
    return person


@pytest.fixture
def agent():
    person = make_staff(email="agent@provider.example", role=StaffRole.AGENT, name="Tom Tier1")
    db.session.commit()
    return person


def sent_link(collector) -> str:
    (_, content), = collector.messages
    text = message_from_bytes(content, policy=policy.default).get_body(("plain",)).get_content()
    return re.search(r"https?://\S+/password/reset/\S+", text).group(0)


def test_an_agent_reading_the_outbox_cannot_take_over_the_administrator(client, admin, agent):
    """Finding 1 (high): the outbox page showed the administrator's reset link to an agent."""
    client.post("/password/forgot", data={"email": admin.email})
    stored = db.session.scalars(select(OutboxMessage)).one()
    assert "/password/reset/" not in stored.body_text and stored.secret_for == admin.get_id()
    login(client, agent)
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "Reset your helpdesk password" not in page and "/password/reset/" not in page


def test_administrators_see_account_mail_but_never_a_reset_link(client, admin):
    client.post("/password/forgot", data={"email": admin.email})
    login(client, admin)
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "Reset your helpdesk password" in page and "/password/reset/" not in page
    assert "made when the mail is sent" in page


def test_the_sent_reset_mail_carries_a_working_link_built_from_the_base_url(client, admin,
                                                                          relay):  # noqa: F811
    """Finding 2 (high): the link followed the request's Host header. A loopback Host (a
    trusted one: the local proxy) still gets a link to the public base URL."""
    client.post("/password/forgot", data={"email": admin.email}, headers={"Host": "localhost"})
    assert deliver_due(db.session.scalars(select(OutboxMessage.next_attempt_at)).one()) == 1
    link = sent_link(relay)
    assert link.startswith(f"{BASE}/password/reset/")
    stored = db.session.scalars(select(OutboxMessage)).one()
    assert "/password/reset/" not in stored.body_text  # the link never reached the table
    path = link.removeprefix(BASE)
    form = {"password": "a brand new secret", "confirm": "a brand new secret"}
    assert client.post(path, data=form).status_code == 302


def test_a_reset_asked_for_under_another_host_is_refused_and_mails_nothing(client, admin):
    response = client.post("/password/forgot", data={"email": admin.email},
                           headers={"Host": "evil.example"})
    assert response.status_code == 400 and "not trusted" in response.get_data(as_text=True)
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_request_naming_another_host_is_refused(client):
    assert client.get("/portal/login", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/portal/login",
                      headers={"Host": "helpdesk.provider.example"}).status_code == 200
    assert client.get("/health", headers={"Host": "127.0.0.1:5000"}).status_code != 400


def test_the_reset_mail_states_the_configured_validity(client, app, admin):
    app.config["HELPDESK_PASSWORD_RESET_MAX_AGE"] = 5400
    client.post("/password/forgot", data={"email": admin.email})
    stored = db.session.scalars(select(OutboxMessage)).one()
    assert "within 1 hour 30 minutes of this mail" in stored.body_text
    assert (validity(3600), validity(7200), validity(300)) == ("1 hour", "2 hours",
                                                               "5 minutes")


@pytest.mark.parametrize("target", [
    "/%09/evil.example/phish", "//evil.example", "/\\evil.example", "https://evil.example/",
    "/%0d%0a/evil.example", " //evil.example", "javascript:alert(1)",
])
def test_log_in_never_redirects_to_another_site(client, agent, target):
    """Finding 3 (medium): ?next=/%09/evil.example/phish answered Location: //evil.example."""
    response = client.post(f"/staff/login?next={target}",
                           data={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_log_in_keeps_a_local_next_page(client, agent):
    response = client.post("/staff/login?next=/staff/outbox?status=sink",
                           data={"email": agent.email, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/outbox?status=sink"


def saved_cookie(client) -> str:
    return client.get_cookie("session", domain="helpdesk.provider.example").value


def replay(client, cookie: str, path: str = "/staff/"):
    client.set_cookie("session", cookie, domain="helpdesk.provider.example")
    return client.get(path)


def test_a_cookie_saved_before_log_out_opens_nothing(client, agent):
    """Finding 4 (medium): sessions outlived log-out."""
    login(client, agent)
    cookie = saved_cookie(client)
    assert replay(client, cookie).status_code == 200
    client.post("/logout")
    assert replay(client, cookie).status_code == 302  # to the log-in page


def test_a_password_reset_ends_every_session_of_the_account(client, app, agent):
    login(client, agent)
    cookie = saved_cookie(client)
    other = app.test_client()
    login(other, agent)
    from helpdesk.auth.tokens import make_reset_token

    form = {"password": "another good secret", "confirm": "another good secret"}
    assert app.test_client().post(f"/password/reset/{make_reset_token(agent)}",
                                  data=form).status_code == 302
    assert replay(client, cookie).status_code == 302
    assert other.get("/staff/").status_code == 302
    ended = db.session.scalars(select(AccountSession.ended_because)).all()
    assert ended == ["password reset", "password reset"]


def test_log_out_everywhere_ends_the_other_devices_too(client, app, agent):
    other = app.test_client()
    login(other, agent)
    login(client, agent)
    response = client.post("/logout/everywhere", follow_redirects=True)
    assert "2 session(s) ended" in response.get_data(as_text=True)
    assert other.get("/staff/").status_code == 302


def test_an_erased_contacts_sessions_end(client):
    contact = make_contact(make_customer())
    db.session.commit()
    login(client, contact)
    assert client.get("/portal/").status_code == 200
    from helpdesk.clock import utcnow

    erase(contact, by=None, reason="asked to", now=utcnow())
    db.session.commit()
    assert client.get("/portal/").status_code == 302


def test_a_staff_session_ends_after_eight_idle_hours_and_any_after_31_days(client, agent,
                                                                           clock):
    login(client, agent)
    clock.advance(timedelta(hours=7, minutes=59))
    assert client.get("/staff/").status_code == 200  # seen again: idle time starts anew
    clock.advance(timedelta(hours=8, minutes=1))
    assert client.get("/staff/").status_code == 302
    (row,) = db.session.scalars(select(AccountSession)).all()
    assert row.ended_because == "timed out"


def test_a_portal_session_lasts_at_most_31_days_however_busy(client, clock):
    contact = make_contact(make_customer())
    db.session.commit()
    login(client, contact)
    for _ in range(31):
        clock.advance(timedelta(days=1))
        response = client.get("/portal/")
    assert response.status_code == 200
    clock.advance(timedelta(minutes=1))
    assert client.get("/portal/").status_code == 302


def test_the_cookie_holds_no_session_key_in_the_clear_of_the_database(client, agent):
    login(client, agent)
    (row,) = db.session.scalars(select(AccountSession)).all()
    assert len(row.key_sha256) == 64 and row.account == agent.get_id()
    agent.password_hash = hash_password(PASSWORD)  # unchanged password: session stays
    db.session.commit()
    assert client.get("/staff/").status_code == 200


def test_one_client_spraying_passwords_over_many_accounts_is_locked_out(client, app):
    """Finding 6 (low): the lock-out was per address only, so one client could try a
    password on every account (and lock every one of them out) at no cost."""
    app.config["HELPDESK_LOGIN_CLIENT_LOCKOUT_FAILURES"] = 3
    people = [make_staff() for _ in range(4)]
    db.session.commit()
    for person in people[:3]:
        assert login(client, person, "wrong password").status_code == 401
    locked = login(client, people[3])  # the right password, but from the same client
    assert locked.status_code == 429 and "Try again in" in locked.get_data(as_text=True)
    elsewhere = app.test_client()
    response = elsewhere.post("/staff/login", data={"email": people[3].email,
                                                    "password": PASSWORD},
                              environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 302  # the account itself is not locked


def test_pages_of_a_logged_in_person_are_never_cached(client, agent):
    assert "no-store" not in client.get("/staff/login").headers.get("Cache-Control", "")
    login(client, agent)
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
