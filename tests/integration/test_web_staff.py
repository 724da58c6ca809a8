"""The staff dashboard through the Flask test client: queues, the ticket page, each action."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.attachments import store_attachments
from helpdesk.mail import Attachment as Upload
from helpdesk.models import OutboxMessage, Ticket
from helpdesk.tickets import actions
from helpdesk.timefmt import BRUSSELS
from helpdesk.web.staff import queues
from tests.factories import login, make_ticket
from tests.integration.test_web_helpers import events, outbox_kinds, page, world


@pytest.fixture
def w(client):
    w = world()
    login(client, w.staff)
    return w


def post(client, ticket, action, **data):
    return client.post(f"/staff/tickets/{ticket.reference}/{action}", data=data)


def test_the_queue_is_sorted_by_the_next_deadline_with_a_countdown(client, w):
    later = make_ticket(w.contact, title="Later", urgency="light", impact="some")
    sooner = make_ticket(w.contact, title="Sooner", urgency="blocking", impact="all")
    html = page(client.get("/staff/"))
    assert html.index(sooner.reference) < html.index(later.reference)
    assert f'data-deadline="{sooner.next_deadline:%Y-%m-%dT%H:%M:%SZ}"' in html
    assert 'class="clock-badge badge-' in html  # the one clock badge (issue #19)


@pytest.mark.parametrize("show", sorted(queues.QUEUES))
def test_every_queue_page_renders(client, w, show):
    make_ticket(w.contact)
    assert client.get(f"/staff/?show={show}").status_code == 200


def test_an_unknown_queue_is_404(client, w):
    assert client.get("/staff/?show=everything").status_code == 404


def test_mine_and_unassigned_follow_the_assignment(client, w):
    ticket = make_ticket(w.contact, title="Printer")
    assert ticket.reference in page(client.get("/staff/?show=unassigned"))
    assert ticket.reference not in page(client.get("/staff/?show=mine"))
    assert post(client, ticket, "assign", staff_id=w.staff.id).status_code == 302
    assert ticket.reference in page(client.get("/staff/?show=mine"))
    assert ticket.reference not in page(client.get("/staff/?show=unassigned"))
    assert events(ticket)[-1] == "assigned"


def test_breached_and_supplier_and_phone_queues(client, w):
    late = make_ticket(w.contact, title="Late", at=utcnow() - timedelta(days=30))
    waiting = make_ticket(w.contact, title="Waiting")
    actions.acknowledge(waiting, by=w.staff, now=utcnow())
    actions.suspend_for_supplier(waiting, supplier="Telenet", by=w.staff, now=utcnow())
    phoned = make_ticket(w.contact, title="Phoned", channel="phone")
    db.session.commit()
    assert late.reference in page(client.get("/staff/?show=breached"))
    supplier = page(client.get("/staff/?show=supplier"))
    assert waiting.reference in supplier and late.reference not in supplier
    phone = page(client.get("/staff/?show=phone"))
    assert phoned.reference in phone and waiting.reference not in phone


def test_queues_are_paged_deadlines_first_then_the_rest(client, w, monkeypatch):
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    timed = [make_ticket(w.contact, title=f"T{i}") for i in range(3)]
    closed = make_ticket(w.contact, title="Closed")
    actions.classify_not_an_incident(closed, reason=actions.NOT_AN_INCIDENT_REASONS[0],
                                     by=w.staff, now=utcnow())
    db.session.commit()
    first = page(client.get("/staff/?show=all"))
    second = page(client.get("/staff/?show=all&page=2"))
    assert timed[0].reference in first and timed[1].reference in first
    assert timed[2].reference in second and closed.reference in second
    assert "page=3" not in second and "page=1" in second


def test_the_ticket_page_shows_conversation_timeline_and_clocks(client, w):
    ticket = make_ticket(w.contact, title="Mail down", description="Nothing arrives.")
    html = page(client.get(f"/staff/tickets/{ticket.reference}"))
    assert "Nothing arrives." in html
    assert "Reaction time" in html and "Why this deadline?" in html
    assert "CET" in html or "CEST" in html


def test_acknowledge_informs_the_customer_and_cannot_happen_twice(client, w):
    ticket = make_ticket(w.contact)
    response = post(client, ticket, "acknowledge", message="")
    assert response.status_code == 302
    assert "acknowledged" in events(ticket) and outbox_kinds()[-1] == "acknowledgement"
    again = post(client, ticket, "acknowledge", message="Second time")
    assert again.status_code == 409
    assert "already been acknowledged" in page(again)
    assert "Second time" in page(again)  # what was typed is kept


@pytest.mark.parametrize("locale, said", [
    ("nl", "Dit ticket is al in behandeling genomen."),
    ("fr", "Ce ticket a déjà été pris en charge."),
    ("de", "Dieses Ticket wurde bereits angenommen."),
])
def test_a_refusal_is_said_in_the_staff_members_language(client, w, locale, said):
    """Issue #17 leftover: the ticket actions' refusals are in the reader's language (the
    bulk page lists them per ticket in the same words)."""
    ticket = make_ticket(w.contact)
    w.staff.locale = locale
    db.session.commit()
    post(client, ticket, "acknowledge", message="")
    again = post(client, ticket, "acknowledge", message="")
    assert again.status_code == 409 and said in page(again)


def test_reply_and_note_need_text_and_notes_stay_internal(client, w):
    ticket = make_ticket(w.contact)
    empty = post(client, ticket, "reply", text="")
    assert empty.status_code == 400 and "This field is required." in page(empty)
    assert post(client, ticket, "reply", text="We are on it.").status_code == 302
    assert post(client, ticket, "note", text="Router model X").status_code == 302
    assert post(client, ticket, "reply", text="Still on it.").status_code == 302
    # R26: the first reply acknowledged the ticket; the next one is a reply like any other
    assert events(ticket)[-3:] == ["acknowledged", "note_added", "staff_reply"]
    assert outbox_kinds()[-2:] == ["reply", "reply"]


def test_priority_change_needs_a_reason_and_keeps_the_typed_choice(client, w):
    ticket = make_ticket(w.contact, urgency="light", impact="some")
    bad = post(client, ticket, "priority", urgency="blocking", impact="all", reason="")
    assert bad.status_code == 400
    assert 'value="blocking" checked' in page(bad).replace('checked id', 'checked') or \
        'checked' in page(bad)
    ok = post(client, ticket, "priority", urgency="blocking", impact="all",
              reason="Customer called: whole office down")
    assert ok.status_code == 302
    db.session.refresh(ticket)
    assert ticket.priority == "P1"


def test_supplier_suspension_and_delivery(client, w):
    ticket = make_ticket(w.contact)
    refused = post(client, ticket, "supplier", supplier="Proximus")
    assert refused.status_code == 409 and "acknowledged" in page(refused)
    post(client, ticket, "acknowledge")
    assert post(client, ticket, "supplier", supplier="").status_code == 400
    assert post(client, ticket, "supplier", supplier="Proximus").status_code == 302
    assert "Proximus" in page(client.get(f"/staff/tickets/{ticket.reference}"))
    assert post(client, ticket, "supplier-delivered").status_code == 302
    assert events(ticket)[-2:] == ["supplier_suspended", "supplier_delivered"]


def test_onsite_workaround_resolve_and_not_an_incident(client, w, clock):
    ticket = make_ticket(w.contact, urgency="blocking", impact="all")
    post(client, ticket, "acknowledge")
    assert post(client, ticket, "onsite").status_code == 302
    assert post(client, ticket, "workaround", note="Mail goes via the backup relay.",
                confirm="y").status_code == 302
    db.session.refresh(ticket)
    assert ticket.priority == "P3"  # R8
    assert post(client, ticket, "resolve", note="Relay replaced.", confirm="y").status_code \
        == 302
    clock.advance(timedelta(days=8))  # R21: more than 7 calendar days after the resolution
    refused = post(client, ticket, "not-an-incident", reason=actions.NOT_AN_INCIDENT_REASONS[0])
    assert refused.status_code == 409 and "7 calendar days" in page(refused)
    other = make_ticket(w.contact)
    assert post(client, other, "not-an-incident", reason="made up").status_code == 400
    assert post(client, other, "not-an-incident",
                reason=actions.NOT_AN_INCIDENT_REASONS[1]).status_code == 302
    db.session.refresh(other)
    assert other.status == "not_an_incident"


def test_time_entries_are_split_into_rate_classes(client, w):
    ticket = make_ticket(w.contact)
    response = post(client, ticket, "time", start="2026-02-06T16:00", end="2026-02-06T18:00",
                    description="Replaced the switch")
    assert response.status_code == 302
    event = ticket.events[-1]
    db.session.refresh(event)
    assert event.type == "time_logged"
    assert event.payload["minutes"] == {"normal": 60, "outside_hours": 60, "weekend_holiday": 0}
    assert event.payload["start"] == datetime(2026, 2, 6, 16, tzinfo=BRUSSELS).isoformat()
    assert "outside working hours" in page(client.get(f"/staff/tickets/{ticket.reference}"))


def test_a_time_entry_ending_before_it_starts_is_refused_keeping_the_input(client, w):
    ticket = make_ticket(w.contact)
    response = post(client, ticket, "time", start="2026-02-06T18:00", end="2026-02-06T16:00",
                    description="Backwards")
    assert response.status_code == 409
    html = page(response)
    assert "must be after its start" in html and "Backwards" in html
    assert 'value="2026-02-06T18:00"' in html
    garbage = post(client, ticket, "time", start="yesterday", end="", description="x")
    assert garbage.status_code == 400


def test_why_this_deadline_is_printable_and_can_be_sent(client, w):
    ticket = make_ticket(w.contact, at=datetime(2026, 2, 6, 15, 0, tzinfo=BRUSSELS),
                         now=datetime(2026, 2, 6, 15, 0, tzinfo=BRUSSELS))
    html = page(client.get(f"/staff/tickets/{ticket.reference}/clocks/reaction"))
    assert "Why this deadline" in html and "Total counted" in html and "data-print" in html
    assert client.get(f"/staff/tickets/{ticket.reference}/clocks/nope").status_code == 404
    sent = client.post(f"/staff/tickets/{ticket.reference}/clocks/reaction/send")
    assert sent.status_code == 302
    message = db.session.query(OutboxMessage).filter_by(kind="explanation").one()
    assert message.to_addr == w.contact.email and "total counted" in message.body_text
    assert events(ticket)[-1] == "explanation_sent"


def test_attachments_download_as_attachments_with_a_safe_type(client, w):
    ticket = make_ticket(w.contact)
    [row] = store_attachments([Upload("evil.html", "text/html", 20, b"<script>x()</script>")],
                              now=utcnow(), ticket_id=ticket.id,
                              event_id=ticket.events[0].id)
    db.session.commit()
    response = client.get(f"/staff/tickets/{ticket.reference}/attachments/{row.id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert client.get(f"/staff/tickets/{ticket.reference}/attachments/999").status_code == 404


def test_mail_html_is_shown_only_in_a_sandboxed_frame(client, w):
    ticket = make_ticket(w.contact, extra={"html": '<p>Hi</p><img src=x onerror="alert(1)">'
                                                   "<script>alert(2)</script>"})
    response = client.get(f"/staff/tickets/{ticket.reference}")
    html = page(response)
    assert '<iframe class="mail-html" sandbox=""' in html
    assert "<script>alert(2)" not in html and "<img src=x" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_phone_reports_of_p3_are_refused_on_the_form_keeping_the_input(client, w):
    called = utcnow().astimezone(BRUSSELS).strftime("%Y-%m-%dT%H:%M")
    data = {"contact_id": w.contact.id, "called_at": called, "title": "Slow wifi",
            "description": "Wifi slow for everyone", "urgency": "light", "impact": "all"}
    refused = client.post("/staff/phone", data=data)
    assert refused.status_code == 422
    assert "may not be reported by phone" in page(refused)
    assert "Wifi slow for everyone" in page(refused)
    accepted = client.post("/staff/phone", data={**data, "urgency": "blocking"})
    assert accepted.status_code == 302
    ticket = db.session.query(Ticket).one()
    assert ticket.channel == "phone" and ticket.confirmation_outstanding
    assert "Written confirmation outstanding" in page(
        client.get(f"/staff/tickets/{ticket.reference}"))


def test_phone_report_form_with_missing_fields_says_what_is_wrong(client, w):
    response = client.post("/staff/phone", data={"contact_id": w.contact.id, "title": "X"})
    assert response.status_code == 400
    assert page(response).count('class="error"') >= 3


def test_outbox_page_lists_outgoing_mail_with_its_text(client, w):
    ticket = make_ticket(w.contact)
    post(client, ticket, "reply", text="Please restart the router.")
    html = page(client.get("/staff/outbox"))
    assert "Please restart the router." in html and w.contact.email in html
    assert "Please restart" in page(client.get("/staff/outbox?status=pending"))
    assert "Please restart" not in page(client.get("/staff/outbox?status=failed"))


def test_a_chat_is_refused_on_the_phone_form_where_the_contract_names_no_chat(client, w):
    # item 9.3: only the hosting SLA (seed 001) names "de online chatfunctie"
    called = utcnow().astimezone(BRUSSELS).strftime("%Y-%m-%dT%H:%M")
    data = {"channel": "chat", "contact_id": w.contact.id, "called_at": called,
            "title": "Site slow", "description": "Typed in the chat", "urgency": "blocking",
            "impact": "all"}
    refused = client.post("/staff/phone", data=data)
    assert refused.status_code == 422 and "names no chat channel" in page(refused)
    assert db.session.query(Ticket).count() == 0
