"""The mailbox administration: administrators only, CSRF, secrets sealed and never shown,
and "test connection" against a real Dovecot with clear errors."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.imap.secrets import unseal
from helpdesk.models import AuditEntry, Mailbox
from tests.factories import login, make_contact, make_customer, make_staff
from tests.imap.conftest import make_mailbox
from tests.imap.dovecot import PASSWORD, USER, free_port


def form(port: int, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "Support", "host": "127.0.0.1", "security": "none", "port": port,
        "username": USER, "auth_method": "password", "secret": PASSWORD, "folder": "INBOX",
        "after_storing": "move", "processed_folder": "Processed", "enabled": "y",
    }
    values.update(overrides)
    return values


@pytest.fixture
def admin(client):
    person = make_staff(role="administrator")
    db.session.commit()
    login(client, person)
    return person


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_an_administrator_adds_a_mailbox_whose_password_is_sealed_and_never_shown(
        app, client, admin):
    response = client.post("/admin/mailboxes/new", data=form(1143, submit="Save"))
    assert response.status_code == 302
    box = db.session.scalars(select(Mailbox)).one()
    assert PASSWORD not in box.secret_sealed
    assert unseal(box.secret_sealed, secret_key=app.config["SECRET_KEY"]) == PASSWORD
    page = text(client.get(f"/admin/mailboxes/{box.id}"))
    assert PASSWORD not in page and box.secret_sealed not in page
    assert "A secret is saved; it is never shown" in page
    assert 'type="password"' in page and re.search(r'name="secret"[^>]*value="[^"]', page) is None
    listing = text(client.get("/admin/mailboxes"))
    assert "Support" in listing and PASSWORD not in listing
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "mailbox_saved")).one()
    assert entry.actor_id == admin.id and PASSWORD not in entry.detail


def test_saving_without_a_secret_keeps_the_saved_one(app, client, admin):
    box = make_mailbox(app, 1143, uidvalidity=77, last_uid=12)
    sealed = box.secret_sealed
    response = client.post(f"/admin/mailboxes/{box.id}",
                           data=form(1143, secret="", submit="Save"))
    assert response.status_code == 302
    db.session.refresh(box)
    assert box.secret_sealed == sealed
    assert (box.uidvalidity, box.last_uid) == (77, 12)  # the same folder: read on from there
    response = client.post(f"/admin/mailboxes/{box.id}",
                           data=form(1143, secret="", folder="Support", submit="Save"))
    db.session.refresh(box)
    assert box.secret_sealed == sealed and box.folder == "Support"
    assert (box.uidvalidity, box.last_uid) == (None, 0)  # another folder: from its start


def test_a_new_mailbox_needs_a_secret_and_plain_text_only_to_this_machine(client, admin):
    response = client.post("/admin/mailboxes/new",
                           data=form(143, secret="", host="imap.example.com", submit="Save"))
    assert response.status_code == 400
    page = text(response)
    assert "Enter the password or the token." in page
    assert "Without TLS the server must be this machine" in page
    assert db.session.scalars(select(Mailbox)).all() == []


def test_test_connection_with_a_wrong_password_says_so(app, client, admin, dovecot):
    response = client.post("/admin/mailboxes/new",
                           data=form(dovecot.port, secret="wrong", test="Test connection"))
    assert response.status_code == 200
    assert f"The server refused the user name or password for {USER}." in text(response)
    assert db.session.scalars(select(Mailbox)).all() == []  # a test saves nothing


def test_test_connection_passes_and_uses_the_saved_secret(app, client, admin, dovecot):
    box = make_mailbox(app, dovecot.port)
    response = client.post(f"/admin/mailboxes/{box.id}",
                           data=form(dovecot.port, secret="", test="Test connection"))
    assert 'Connected: signed in and found the folder "INBOX" with 0 messages.' in text(response)


def test_test_connection_names_a_missing_folder(app, client, admin, dovecot):
    response = client.post("/admin/mailboxes/new", data=form(
        dovecot.port, folder="Helpdesk", test="Test connection"))
    assert 'The folder "Helpdesk" does not exist in this mailbox.' in text(response)
    response = client.post("/admin/mailboxes/new", data=form(
        dovecot.port, processed_folder="Done", test="Test connection"))
    assert 'The processed folder "Done" does not exist in this mailbox' in text(response)


def test_test_connection_names_tls_and_unreachable_servers(app, client, admin, dovecot):
    response = client.post("/admin/mailboxes/new", data=form(
        dovecot.port, host="localhost", security="tls", test="Test connection"))
    assert "The secure connection to localhost:" in text(response)
    closed = free_port()
    response = client.post("/admin/mailboxes/new", data=form(closed, test="Test connection"))
    assert f"Cannot reach 127.0.0.1:{closed}." in text(response)


def test_xoauth2_signs_in_with_a_bearer_token(app, client, admin, dovecot):
    """Dovecot checks the XOAUTH2 bearer token as the user's password (passwd-file)."""
    response = client.post("/admin/mailboxes/new", data=form(
        dovecot.port, auth_method="xoauth2", test="Test connection"))
    assert "Connected: signed in" in text(response)
    response = client.post("/admin/mailboxes/new", data=form(
        dovecot.port, auth_method="xoauth2", secret="expired-token", test="Test connection"))
    assert f"The server refused the access token for {USER}" in text(response)


@pytest.mark.parametrize("role", ["agent", "escalation_manager"])
def test_staff_other_than_administrators_are_refused(app, client, role):
    box = make_mailbox(app, 1143)
    person = make_staff(role=role)
    db.session.commit()
    login(client, person)
    assert client.get("/admin/mailboxes").status_code == 403
    assert client.get(f"/admin/mailboxes/{box.id}").status_code == 403
    assert client.post("/admin/mailboxes/new", data=form(1143, submit="Save")).status_code == 403
    assert client.post(f"/admin/mailboxes/{box.id}/delete").status_code == 403
    assert len(db.session.scalars(select(Mailbox)).all()) == 1


def test_contact_persons_are_refused(app, client):
    make_mailbox(app, 1143)
    person = make_contact(make_customer(), portal_role="administrator")
    db.session.commit()
    login(client, person)
    assert client.get("/admin/mailboxes").status_code == 403
    assert client.post("/admin/mailboxes/new", data=form(1143, submit="Save")).status_code == 403


def test_mailbox_forms_need_the_csrf_token(app, client, admin):
    box = make_mailbox(app, 1143)
    app.config["WTF_CSRF_ENABLED"] = True
    for url in ("/admin/mailboxes/new", f"/admin/mailboxes/{box.id}",
                f"/admin/mailboxes/{box.id}/delete"):
        response = client.post(url, data=form(1143, submit="Save"))
        assert response.status_code == 400, url
        assert "security token" in text(response)
    page = text(client.get(f"/admin/mailboxes/{box.id}"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/admin/mailboxes/{box.id}/delete",
                           data={"csrf_token": token, "submit": "Delete mailbox"})
    assert response.status_code == 302
    assert db.session.scalars(select(Mailbox)).all() == []


def test_health_counts_the_mailboxes_read_and_those_failing(app, client):
    make_mailbox(app, 1143)
    make_mailbox(app, 1144, last_error="auth: [AUTHENTICATIONFAILED] Authentication failed.")
    make_mailbox(app, 1145, enabled=False, last_error="unreachable")
    body = client.get("/health").get_json()
    assert (body["imap_mailboxes"], body["imap_mailboxes_failing"]) == (2, 1)
