"""TLS and STARTTLS against a Dovecot with a certificate from a test CA: certificates are
verified (an unknown CA is refused with a clear error), HELPDESK_IMAP_CA_FILE trusts a
provider's own CA, and mail read over TLS becomes a ticket."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator

import pytest

from helpdesk.extensions import db
from helpdesk.imap import connect as imap
from helpdesk.imap.intake import ImapIntake
from tests.factories import login, make_staff
from tests.imap.conftest import make_mailbox, message
from tests.imap.dovecot import PASSWORD, USER, Dovecot, available
from tests.imap.helpers import tickets, wait_for


@pytest.fixture
def tls_dovecot() -> Iterator[Dovecot]:
    if not available():
        if os.environ.get("HELPDESK_REQUIRE_DOVECOT") == "1":
            pytest.fail("HELPDESK_REQUIRE_DOVECOT=1 but /usr/sbin/dovecot is not installed")
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot(tls=True).start()
    yield server
    server.stop()


def account(port: int, security: str) -> imap.Account:
    return imap.Account(host="localhost", port=port, security=security, username=USER,
                        auth_method="password", secret=PASSWORD)


# date_free: certificates are checked against the real clock (certificates.py), no project clock,
# no database.
@pytest.mark.date_free
def test_tls_and_starttls_verify_the_certificate_against_the_trusted_cas(tls_dovecot):
    for port, security in ((tls_dovecot.tls_port, "tls"), (tls_dovecot.port, "starttls")):
        with pytest.raises(imap.ImapProblem) as refused:
            imap.check(account(port, security))  # the test CA is not in the system's store
        assert refused.value.kind == imap.TLS
        assert "certificate verify failed" in refused.value.detail
        assert imap.check(account(port, security), cafile=tls_dovecot.ca_file) == 0


def test_the_test_button_names_an_untrusted_certificate(app, client, tls_dovecot):
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    response = client.post("/admin/mailboxes/new", data={
        "name": "Support", "host": "localhost", "security": "tls",
        "port": tls_dovecot.tls_port, "username": USER, "auth_method": "password",
        "secret": PASSWORD, "folder": "INBOX", "after_storing": "seen", "enabled": "y",
        "test": "Test connection"})
    page = html.unescape(response.get_data(as_text=True))
    assert f"The secure connection to localhost:{tls_dovecot.tls_port} failed (TLS)." in page
    assert "certificate verify failed" in page


def test_mail_read_over_tls_becomes_a_ticket(app, tls_dovecot, contact):
    app.config["HELPDESK_IMAP_CA_FILE"] = tls_dovecot.ca_file  # the provider's own CA
    make_mailbox(app, tls_dovecot.tls_port, host="localhost", security="tls")
    intake = ImapIntake(app, process=True, refresh_seconds=0.2).start()
    try:
        tls_dovecot.append([message(1)])
        assert wait_for(lambda: tickets() == 1), tls_dovecot.log()
    finally:
        intake.stop()
