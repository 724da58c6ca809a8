"""Issue #19, item 5: resolve and workaround say something. Staff write a note (required)
and confirm; the customer gets it by mail with how to reject the fix (art. 39.4.1) and
sees it in the portal; the API takes the note too (required there as well)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpdesk.auth.api_tokens import issue
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage
from helpdesk.tickets import actions, log, projection
from tests.factories import login, make_ticket
from tests.integration.test_web_helpers import events, page, world

# Type 4, P2 (blocking × some): submitted Mon 2 Feb 2026 10:00 Brussels (09:00Z) and
# acknowledged 10:30 (R2: the resolution clock starts there); fixed 14:00 Brussels.
SUBMITTED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
ACKNOWLEDGED = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)
FIXED = datetime(2026, 2, 2, 13, 0, tzinfo=UTC)
NOTE = "Replaced the failed disk in the mail server; mail flows again."
BASE_URL = "https://desk.example.com/help"  # behind a path, as a proxy may serve it


@pytest.fixture(autouse=True)
def public_address(app):  # type: ignore[no-untyped-def]
    """Mail links come from HELPDESK_BASE_URL (helpdesk/web/links.py)."""
    app.config["HELPDESK_BASE_URL"] = BASE_URL


@pytest.fixture
def w(client, clock):
    clock.set(SUBMITTED)
    found = world()
    login(client, found.staff)
    return found


@pytest.fixture
def ticket(w, clock):  # type: ignore[no-untyped-def]
    made = make_ticket(w.contact, title="Mail down", at=SUBMITTED)
    actions.acknowledge(made, by=w.staff, now=ACKNOWLEDGED)
    db.session.commit()
    clock.set(FIXED)
    return made


def fix_mails(ticket, kind):  # type: ignore[no-untyped-def]
    return db.session.query(OutboxMessage).filter_by(ticket_id=ticket.id, kind=kind).all()


def test_resolving_needs_a_note_and_a_confirmation(client, ticket):
    url = f"/staff/tickets/{ticket.reference}/resolve"
    unconfirmed = client.post(url, data={"note": NOTE})
    assert unconfirmed.status_code == 400
    assert "Tick to confirm." in page(unconfirmed) and NOTE in page(unconfirmed)
    silent = client.post(url, data={"confirm": "y", "note": "  "})
    assert silent.status_code == 400 and "Say what was done." in page(silent)
    assert events(ticket)[-1] == "acknowledged" and fix_mails(ticket, "resolution") == []


def test_the_resolution_note_is_mailed_with_how_to_reject_it(client, ticket, w):
    done = client.post(f"/staff/tickets/{ticket.reference}/resolve",
                       data={"note": NOTE, "confirm": "y"}, follow_redirects=True)
    assert "Ticket resolved" in page(done)
    resolved = log.events_of(ticket)[-1]
    assert (resolved.type, resolved.at, resolved.body) == ("resolved", FIXED, NOTE)
    clocks = projection.fold_ticket(ticket, log.events_of(ticket), FIXED)
    assert (clocks.clocks["resolution"].state, clocks.clocks["resolution"].stopped_at) == (
        "met", FIXED)
    [mail] = fix_mails(ticket, "resolution")
    assert mail.to_addr == w.contact.email
    assert mail.subject == f"[{ticket.reference}] Resolved: Mail down"
    assert NOTE in mail.body_text
    assert '"Not resolved? Tell us"' in mail.body_text
    assert f"{BASE_URL}/portal/tickets/{ticket.reference}" in mail.body_text
    assert "Tom, support team" in mail.body_text


def test_the_customer_reads_the_note_in_the_portal_history(client, ticket, w):
    client.post(f"/staff/tickets/{ticket.reference}/resolve",
                data={"note": NOTE, "confirm": "y"})
    client.post("/logout")
    login(client, w.contact)
    html = page(client.get(f"/portal/tickets/{ticket.reference}"))
    assert NOTE in html and "Not resolved? Tell us" in html


def test_a_workaround_needs_its_note_and_says_the_ticket_is_p3_now(client, ticket):
    url = f"/staff/tickets/{ticket.reference}/workaround"
    assert client.post(url, data={"note": "Use the webmail."}).status_code == 400
    assert client.post(url, data={"confirm": "y"}).status_code == 400
    assert client.post(url, data={"note": "Use the webmail.", "confirm": "y"}).status_code \
        == 302
    assert log.events_of(ticket)[-1].body == "Use the webmail."
    [mail] = fix_mails(ticket, "workaround")
    assert mail.subject == f"[{ticket.reference}] Service restored by a workaround: Mail down"
    # R8 (art. 39.3.1): after a workaround the ticket is P3 for the rest of its handling.
    assert "Use the webmail." in mail.body_text and "the ticket is now P3" in mail.body_text
    assert f"/portal/tickets/{ticket.reference}" in mail.body_text


def test_the_api_requires_the_note_for_resolve_and_workaround(client, ticket, w):
    secret = issue(w.staff, name="script", now=SUBMITTED).secret
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    base = f"/api/v1/tickets/{ticket.reference}"
    for action in ("resolve", "workaround"):
        bare = client.post(f"{base}/{action}", headers=headers, json={})
        assert bare.status_code == 422 and bare.get_json()["errors"] == {"note": "required"}
        assert client.post(f"{base}/{action}", headers=headers).status_code == 415
    answer = client.post(f"{base}/resolve", headers=headers, json={"note": NOTE})
    assert answer.status_code == 201
    assert (answer.get_json()["type"], answer.get_json()["body"]) == ("resolved", NOTE)
    [mail] = fix_mails(ticket, "resolution")
    assert NOTE in mail.body_text
