"""OAuth2 with a refresh token: the helpdesk renews the access token at the provider's
token endpoint (a local one here, RFC 6749 section 6), signs in to Dovecot with XOAUTH2,
and keeps a rotated refresh token sealed."""

from __future__ import annotations

import html
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpdesk.extensions import db
from helpdesk.imap import oauth
from helpdesk.imap.intake import ImapIntake
from helpdesk.imap.secrets import seal, unseal
from tests.factories import login, make_staff
from tests.imap.conftest import make_mailbox, message
from tests.imap.dovecot import PASSWORD, USER
from tests.imap.helpers import tickets, wait_for


class TokenEndpoint:
    """Grants an access token (Dovecot's password for the user) for refresh-1, rotating it
    to refresh-2; anything else is invalid_grant."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                endpoint.requests.append(fields)
                good = (fields.get("grant_type") == "refresh_token"
                        and fields.get("client_id") == "helpdesk-app"
                        and fields.get("refresh_token") in ("refresh-1", "refresh-2"))
                body = ({"access_token": PASSWORD, "token_type": "Bearer", "expires_in": 3599,
                         "refresh_token": "refresh-2"} if good else
                        {"error": "invalid_grant", "error_description": "AADSTS70000: expired"})
                data = json.dumps(body).encode()
                self.send_response(200 if good else 400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/oauth2/v2.0/token"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()  # shutdown() returns within 50 ms

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint() -> Iterator[TokenEndpoint]:
    oauth.forget_all()
    server = TokenEndpoint()
    yield server
    server.close()
    oauth.forget_all()


def test_an_oauth2_mailbox_renews_its_token_and_keeps_the_rotated_refresh_token(
        app, dovecot, contact, endpoint):
    box = make_mailbox(app, dovecot.port, auth_method="oauth2", secret="refresh-1",
                       oauth_token_url=endpoint.url, oauth_client_id="helpdesk-app",
                       oauth_scope="https://outlook.office365.com/IMAP.AccessAsUser.All")
    intake = ImapIntake(app, process=True, refresh_seconds=0.2).start()
    try:
        dovecot.append([message(1)])
        assert wait_for(lambda: tickets() == 1), dovecot.log()
    finally:
        intake.stop()
    first = endpoint.requests[0]
    assert first["refresh_token"] == "refresh-1"
    assert first["scope"] == "https://outlook.office365.com/IMAP.AccessAsUser.All"
    assert "client_secret" not in first  # a public client sends none
    db.session.refresh(box)
    assert unseal(box.secret_sealed, secret_key=app.config["SECRET_KEY"]) == "refresh-2"
    assert "refresh-2" not in box.secret_sealed and box.last_error is None


def test_an_access_token_is_reused_until_it_nearly_expires(endpoint):
    grant = oauth.Grant(endpoint.url, "helpdesk-app", "app-secret", "refresh-1")
    assert oauth.access_token(grant).access_token == PASSWORD
    assert oauth.access_token(grant).access_token == PASSWORD
    assert len(endpoint.requests) == 1 and endpoint.requests[0]["client_secret"] == "app-secret"


def test_the_test_button_names_a_refused_refresh_token(app, client, dovecot, endpoint):
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    data = {"name": "M365", "host": "127.0.0.1", "security": "none", "port": dovecot.port,
            "username": USER, "auth_method": "oauth2", "secret": "revoked",
            "oauth_token_url": endpoint.url, "oauth_client_id": "helpdesk-app",
            "folder": "INBOX", "after_storing": "seen", "enabled": "y",
            "test": "Test connection"}
    page = html.unescape(client.post("/admin/mailboxes/new", data=data).get_data(as_text=True))
    assert "The OAuth2 token endpoint refused to renew the access token" in page
    assert "invalid_grant: AADSTS70000: expired" in page
    page = html.unescape(client.post("/admin/mailboxes/new", data={
        **data, "secret": "refresh-1"}).get_data(as_text=True))
    assert "Connected: signed in" in page


def test_the_form_needs_an_https_token_endpoint_and_a_client_id(app, client):
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    response = client.post("/admin/mailboxes/new", data={
        "name": "M365", "host": "outlook.office365.com", "security": "tls", "port": 993,
        "username": USER, "auth_method": "oauth2", "secret": "refresh-1",
        "oauth_token_url": "http://login.example.com/token", "oauth_client_id": "",
        "folder": "INBOX", "after_storing": "seen", "enabled": "y", "submit": "Save"})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "The token endpoint must be an https:// address." in page
    assert "Enter the client (application) ID." in page


def test_a_saved_client_secret_is_sealed_and_kept(app, client, endpoint):
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    box = make_mailbox(app, 993, host="outlook.office365.com", security="tls",
                       auth_method="oauth2", secret="refresh-1",
                       oauth_token_url="https://login.microsoftonline.com/t/oauth2/v2.0/token",
                       oauth_client_id="helpdesk-app",
                       oauth_client_secret_sealed=seal("app-secret",
                                                       secret_key=app.config["SECRET_KEY"]))
    page = client.get(f"/admin/mailboxes/{box.id}").get_data(as_text=True)
    assert "app-secret" not in page and "A client secret is saved" in page
