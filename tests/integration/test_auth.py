"""Log-in, lock-out (seed 000), password reset links, and forms that keep what was typed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from helpdesk.auth.passwords import verify_password
from helpdesk.auth.tokens import make_reset_token
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage
from helpdesk.outbox.secrets import RESET_LINK
from tests.factories import PASSWORD, login, make_contact, make_customer, make_staff


def test_staff_member_logs_in_and_lands_on_the_queue(client):
    staff = make_staff()
    db.session.commit()
    response = login(client, staff)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")
    assert client.get("/staff/").status_code == 200


def test_contact_person_logs_in_to_the_portal(client):
    contact = make_contact(make_customer())
    db.session.commit()
    response = login(client, contact)
    assert response.headers["Location"].endswith("/portal/")
    assert client.get("/portal/").status_code == 200


def test_contact_person_cannot_log_in_on_the_staff_page(client):
    contact = make_contact(make_customer())
    db.session.commit()
    response = client.post("/staff/login", data={"email": contact.email, "password": PASSWORD})
    assert response.status_code == 401


def test_wrong_password_rerenders_the_form_with_the_typed_email(client):
    staff = make_staff(email="typed@provider.example")
    db.session.commit()
    response = client.post("/staff/login", data={"email": staff.email, "password": "wrong-one!"})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert 'value="typed@provider.example"' in page
    assert "wrong password" in page


def test_invalid_email_gets_a_field_error(client):
    response = client.post("/portal/login", data={"email": "not-an-address", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="not-an-address"' in page
    assert "Invalid email address" in page


def test_repeated_failures_lock_the_address_for_thirty_seconds(client, app, monkeypatch):
    """Seed 000: repeated failed log-ins lock the address for 30 s, even the right password."""
    staff = make_staff()
    db.session.commit()
    for _ in range(app.config["HELPDESK_LOGIN_LOCKOUT_FAILURES"]):
        client.post("/staff/login", data={"email": staff.email, "password": "wrong-one!"})
    locked = login(client, staff)
    assert locked.status_code == 429
    assert "Try again in" in locked.get_data(as_text=True)

    from helpdesk.auth import throttle
    from helpdesk.clock import utcnow

    later = utcnow() + timedelta(seconds=31)
    monkeypatch.setattr("helpdesk.web.auth.utcnow", lambda: later)
    assert throttle.locked_until(staff.email, later) is None
    assert login(client, staff).status_code == 302


def test_unknown_address_is_locked_too_so_lockout_reveals_no_accounts(client, app):
    for _ in range(app.config["HELPDESK_LOGIN_LOCKOUT_FAILURES"]):
        client.post("/portal/login", data={"email": "nobody@x.example", "password": "whatever1"})
    response = client.post("/portal/login", data={"email": "nobody@x.example", "password": "w"})
    assert response.status_code == 429


def test_password_is_stored_as_an_argon2_hash():
    staff = make_staff()
    assert staff.password_hash.startswith("$argon2id$")
    assert PASSWORD not in staff.password_hash


def test_forgot_password_mails_a_link_and_reveals_nothing(client):
    contact = make_contact(make_customer())
    db.session.commit()
    known = client.post("/password/forgot", data={"email": contact.email}, follow_redirects=True)
    unknown = client.post("/password/forgot", data={"email": "x@nowhere.example"},
                          follow_redirects=True)
    assert "If that address belongs to an account" in known.get_data(as_text=True)
    assert "If that address belongs to an account" in unknown.get_data(as_text=True)
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert [m.to_addr for m in mails] == [contact.email]
    # The link is made as the mail is sent, never stored (test_account_security.py).
    assert RESET_LINK in mails[0].body_text and "/password/reset/" not in mails[0].body_text
    assert mails[0].secret_for == contact.get_id()
    assert PASSWORD not in mails[0].body_text
    assert mails[0].automatic


def test_reset_link_sets_the_password_once(client):
    contact = make_contact(make_customer())
    db.session.commit()
    token = make_reset_token(contact)
    form = {"password": "a brand new secret", "confirm": "a brand new secret"}
    response = client.post(f"/password/reset/{token}", data=form)
    assert response.status_code == 302
    db.session.refresh(contact)
    assert verify_password(contact.password_hash, "a brand new secret")
    again = client.post(f"/password/reset/{token}", data=form)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_reset_rejects_short_and_mismatched_passwords_with_field_errors(client):
    contact = make_contact(make_customer())
    db.session.commit()
    token = make_reset_token(contact)
    short = client.post(f"/password/reset/{token}", data={"password": "short", "confirm": "short"})
    assert short.status_code == 400
    assert "At least 8 characters" in short.get_data(as_text=True)
    differ = client.post(
        f"/password/reset/{token}", data={"password": "long enough 1", "confirm": "long enough 2"}
    )
    assert "The passwords differ" in differ.get_data(as_text=True)


def test_expired_or_forged_reset_links_say_so_plainly(client, app):
    contact = make_contact(make_customer())
    db.session.commit()
    forged = client.get("/password/reset/not-a-token")
    assert forged.status_code == 400
    assert "not valid" in forged.get_data(as_text=True)
    app.config["HELPDESK_PASSWORD_RESET_MAX_AGE"] = -1
    expired = client.get(f"/password/reset/{make_reset_token(contact)}")
    assert "expired" in expired.get_data(as_text=True)


def test_logout_ends_the_session(client):
    staff = make_staff()
    db.session.commit()
    login(client, staff)
    client.post("/logout")
    assert client.get("/staff/").status_code == 302


def test_login_redirect_target_must_be_local(client):
    staff = make_staff()
    db.session.commit()
    response = client.post("/staff/login?next=https://evil.example/",
                           data={"email": staff.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/staff/")


def test_session_cookie_is_http_only_and_same_site(client):
    staff = make_staff()
    db.session.commit()
    cookie = login(client, staff).headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
