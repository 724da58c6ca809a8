"""Issue #16: canned replies. Managers and administrators keep the templates (one text per
language, unknown placeholders refused on save); an agent picks one on the ticket page, gets
it filled in for the ticket in the contact's language (or the default language, with a
note), edits it and sends it through the ordinary reply, so R26 still applies."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import CannedReply, OutboxMessage
from helpdesk.tickets import actions
from helpdesk.workflow import canned_replies
from tests.factories import login, make_staff, make_ticket
from tests.integration.test_web_helpers import events, page, world

# Type 4, P1: submitted Mon 2 Feb 2026 10:00 Brussels, the reaction is due 12:00 (art.
# 39.1.2): the {deadline} placeholder shows that instant in Brussels time.
SUBMITTED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
REPLY_AT = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)
FORM = {"name": "Being handled",
        "text_nl": "Beste {contact_name}, we behandelen {reference}; termijn: {deadline}.",
        "text_en": "Dear {contact_name}, we are handling {reference}; deadline: {deadline}.",
        "text_fr": "", "text_de": ""}


@pytest.fixture
def w(clock):
    clock.set(SUBMITTED)
    found = world()
    found.manager = make_staff(name="Mia", role="escalation_manager")
    db.session.commit()
    return found


def textarea(body: str, name: str = "text") -> str:
    found = re.search(rf'<textarea[^>]*id="reply-{name}"[^>]*>(.*?)</textarea>', body, re.S)
    assert found, "no reply textarea"
    return html.unescape(found.group(1)).strip()


def saved_reply() -> CannedReply:
    return db.session.scalars(select(CannedReply)).one()


def test_a_manager_creates_edits_and_deletes_a_canned_reply(client, w):
    login(client, w.manager)
    done = client.post("/staff/canned-replies/new", data=FORM, follow_redirects=True)
    assert "Canned reply “Being handled” saved." in page(done)
    reply = saved_reply()
    assert {v.language for v in reply.variants} == {"nl", "en"}
    assert reply.updated_by_id == w.manager.id
    listing = page(client.get("/staff/canned-replies"))
    assert "Being handled" in listing and "NL" in listing and "EN" in listing
    client.post(f"/staff/canned-replies/{reply.id}",
                data={**FORM, "text_en": "", "text_de": "Sehr geehrte(r) {contact_name}"})
    db.session.expire_all()
    assert {v.language: v.body for v in saved_reply().variants} == {
        "nl": FORM["text_nl"], "de": "Sehr geehrte(r) {contact_name}"}
    gone = client.post(f"/staff/canned-replies/{reply.id}/delete", follow_redirects=True)
    assert "deleted" in page(gone)
    assert db.session.scalars(select(CannedReply)).all() == []


def test_unknown_placeholders_are_refused_on_save_with_a_clear_message(client, w):
    login(client, w.admin)
    refused = client.post("/staff/canned-replies/new",
                          data={**FORM, "text_fr": "Bonjour {nom}, {reference}"})
    assert refused.status_code == 400
    message = html.unescape(page(refused))
    assert "FR: unknown placeholder {nom}" in message
    assert "The placeholders are: {contact_name}, {reference}, {title}, {deadline}" in message
    assert db.session.scalars(select(CannedReply)).all() == []


def test_a_template_needs_a_text_and_a_unique_name(client, w):
    login(client, w.admin)
    empty = client.post("/staff/canned-replies/new",
                        data={**FORM, "text_nl": "", "text_en": ""})
    assert empty.status_code == 400
    assert "Write the text in at least one language." in page(empty)
    client.post("/staff/canned-replies/new", data=FORM)
    twice = client.post("/staff/canned-replies/new", data=FORM)
    assert twice.status_code == 400 and "exists already" in html.unescape(page(twice))


def test_agents_may_use_but_not_keep_templates(client, w):
    login(client, w.staff)
    assert client.get("/staff/canned-replies").status_code == 403
    assert client.post("/staff/canned-replies/new", data=FORM).status_code == 403


def test_picked_reply_is_filled_in_in_the_default_language_with_a_note(client, w, clock):
    ticket = make_ticket(w.contact, title="Mail down", urgency="blocking", impact="all",
                         at=SUBMITTED)
    canned_replies.save(None, name="Being handled", by=w.manager, now=SUBMITTED,
                        texts={"nl": FORM["text_nl"]})
    db.session.commit()
    clock.set(REPLY_AT)
    login(client, w.staff)
    shown = page(client.get(f"/staff/tickets/{ticket.reference}?canned={saved_reply().id}"))
    # The default language (en) has no text, so the one there is (nl) is used, marked.
    assert "No English text in this canned reply: it is filled in in Dutch" in shown
    assert textarea(shown) == (f"Beste Jan, we behandelen {ticket.reference}; "
                               "termijn: maandag 2 februari 2026, 12:00 (Brusselse tijd).")


def test_picked_reply_uses_the_contacts_language_and_sending_it_acknowledges_r26(
        client, w, clock, monkeypatch):
    ticket = make_ticket(w.contact, title="Mail down", urgency="blocking", impact="all",
                         at=SUBMITTED)
    canned_replies.save(None, name="Being handled", by=w.manager, now=SUBMITTED,
                        texts={"nl": FORM["text_nl"], "en": FORM["text_en"]})
    db.session.commit()
    # The contact's preference (people.locale, added by another change) says Dutch.
    monkeypatch.setattr(canned_replies, "language_of", lambda person: "nl")
    clock.set(REPLY_AT)
    login(client, w.staff)
    shown = page(client.get(f"/staff/tickets/{ticket.reference}?canned={saved_reply().id}"))
    assert "Filled in in Dutch, the contact’s language." in html.unescape(shown)
    assert 'id="action-reply" open' in shown
    text = textarea(shown) + "\nMet vriendelijke groet"  # the agent edits it
    sent = client.post(f"/staff/tickets/{ticket.reference}/reply", data={"text": text},
                       follow_redirects=True)
    assert "it acknowledged the ticket (R26)" in page(sent)
    assert events(ticket) == ["submitted", "acknowledged"]
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply")).one()
    assert mail.body_text == text and mail.to_addr == "jan@kroon.example"
    assert "12:00" in mail.body_text


def test_the_deadline_placeholder_says_so_when_no_clock_runs(w):
    # P2 (blocking, some employees): reaction 1 day, the same clock time the next working
    # day (R4): Tuesday 3 February 10:00 Brussels, written in the contact's language.
    ticket = make_ticket(w.contact, at=SUBMITTED)
    assert canned_replies.deadline_text(ticket, SUBMITTED, "de") == \
        "Dienstag, 3. Februar 2026, 10:00 (Brüsseler Zeit)"
    assert canned_replies.deadline_text(ticket, SUBMITTED, "en") == \
        "Tuesday, February 3, 2026, 10:00 (Brussels time)"
    actions.classify_not_an_incident(ticket, reason="force majeure", by=w.staff,
                                     now=REPLY_AT)
    assert canned_replies.deadline_text(ticket, REPLY_AT, "fr") == "aucun délai en cours"


def test_an_unknown_canned_reply_is_404(client, w):
    ticket = make_ticket(w.contact, at=SUBMITTED)
    login(client, w.staff)
    assert client.get(f"/staff/tickets/{ticket.reference}?canned=999").status_code == 404


def test_the_demo_loads_canned_replies_with_valid_placeholders(app, clock):
    from helpdesk.workflow import canned
    from tests.integration.test_cli import invoke

    result = invoke(app, "demo", "--tickets", "12")
    assert result.exit_code == 0, result.output
    replies = canned_replies.all_replies()
    assert [r.name for r in replies] == ["Being handled", "More information needed"]
    assert {v.language for v in replies[0].variants} == {"nl", "en", "fr", "de"}
    assert all(canned.problems(v.body) == [] for r in replies for v in r.variants)
