"""Ticket endpoints against what the pages and the SLA core compute."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage, Ticket
from helpdesk.tickets import actions, log, projection
from helpdesk.timefmt import iso_utc
from tests.api.conftest import problem
from tests.factories import make_contact, make_contract, make_customer, make_ticket


def test_a_ticket_is_what_its_page_folds_from_the_events(client, world):
    ticket = world.ticket_a
    body = client.get(f"/api/v1/tickets/{ticket.reference}",
                      headers=world.headers("agent")).get_json()
    clocks = projection.fold_ticket(ticket, log.events_of(ticket), utcnow())
    assert body["reference"] == ticket.reference and body["title"] == "A's printer"
    assert (body["status"], body["priority"], body["tier"]) == (
        clocks.status, clocks.priority, clocks.tier)
    assert body["next_deadline"] == iso_utc(clocks.next_deadline)
    assert body["customer"] == {"id": world.customer_a.id, "name": "Customer A"}
    assert body["reporter"] == "Anna" and body["channel"] == "portal"
    assert body["assignee"] is None and body["breach_count"] == 0
    assert body["submitted_at"].endswith("Z")


def test_a_contact_sees_neither_assignee_nor_breach_count_as_in_the_portal(client, world):
    body = client.get(f"/api/v1/tickets/{world.ticket_a.reference}",
                      headers=world.headers("reader_a")).get_json()
    assert "assignee" not in body and "breach_count" not in body


def test_clocks_give_the_deadline_and_its_explanation_example_a(client, world):
    # EXAMPLES.md A: type 1, P2 reaction from Mon 2026-02-02 10:00 → Tue 10:00 (09:00Z).
    customer = make_customer(name="Type one")
    make_contract(customer, sla_preset="type1")
    db.session.refresh(customer)
    reporter = make_contact(customer)
    submitted = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
    ticket = make_ticket(reporter, urgency="blocking", impact="some", at=submitted)
    db.session.commit()
    body = client.get(f"/api/v1/tickets/{ticket.reference}/clocks",
                      headers=world.headers("agent")).get_json()
    reaction = next(c for c in body["items"] if c["name"] == "reaction")
    assert reaction["deadline"] == "2026-02-03T09:00:00Z"
    assert reaction["started_at"] == "2026-02-02T09:00:00Z"
    assert reaction["target_seconds"] == 8 * 3600 + 15 * 60  # R4: one day of type 1
    assert reaction["state"] == "breached" and reaction["breached"] is True
    explanation = reaction["explanation"]
    assert explanation["deadline"] == "2026-02-03T09:00:00Z"
    counted = [row for row in explanation["rows"] if row["counted"]]
    assert sum(row["seconds"] for row in counted) == explanation["counted_seconds"]
    assert counted[0] == {"start": "2026-02-02T09:00:00Z", "end": "2026-02-02T16:00:00Z",
                          "counted": True, "reason": "counted", "seconds": 7 * 3600}
    # The explanation is as of the response's instant, which the fold here must share.
    as_of = datetime.fromisoformat(body["as_of"].replace("Z", "+00:00"))
    state = projection.fold_ticket(ticket, log.events_of(ticket), as_of).clocks["reaction"]
    assert explanation["text"] == state.explanation().format_table()
    resolution = next(c for c in body["items"] if c["name"] == "resolution")
    assert resolution["applicable"] is False  # G: type 1 has no resolution clock


def test_a_contact_sees_only_the_clocks_that_apply_like_the_portal(client, world):
    customer = make_customer(name="Type one")
    make_contract(customer, sla_preset="type1")
    db.session.refresh(customer)
    reporter = make_contact(customer)
    ticket = make_ticket(reporter)
    from helpdesk.auth.api_tokens import issue

    secret = issue(reporter, name="x", now=utcnow()).secret
    db.session.commit()
    body = client.get(f"/api/v1/tickets/{ticket.reference}/clocks",
                      headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert [c["name"] for c in body["items"]] == ["reaction"]


def test_events_are_the_log_in_order_and_a_contact_does_not_see_internal_notes(client, world):
    ticket = world.ticket_a
    actions.note(ticket, by=world.agent, now=utcnow(), text="customer is grumpy")
    actions.assign(ticket, to=world.agent, by=world.agent, now=utcnow())
    db.session.commit()
    staff = client.get(f"/api/v1/tickets/{ticket.reference}/events",
                       headers=world.headers("agent")).get_json()["items"]
    assert [e["type"] for e in staff] == [e.type for e in log.events_of(ticket)]
    assert [e["seq"] for e in staff] == sorted(e["seq"] for e in staff)
    note = next(e for e in staff if e["type"] == "note_added")
    assert note["body"] == "customer is grumpy" and note["actor"] == {"kind": "staff",
                                                                      "name": "Tom"}
    contact = client.get(f"/api/v1/tickets/{ticket.reference}/events",
                         headers=world.headers("contact_a")).get_json()["items"]
    types = [e["type"] for e in contact]
    assert "note_added" not in types and "assigned" not in types and "submitted" in types
    submitted = next(e for e in contact if e["type"] == "submitted")
    assert submitted["details"] == {}  # the portal shows the text, not the raw payload


def test_a_contact_reports_an_incident_with_the_portal_rules(client, world):
    response = client.post("/api/v1/tickets", headers=world.headers("contact_a"), json={
        "title": "VPN down", "description": "Nobody can connect.", "urgency": "blocking",
        "impact": "all"})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["priority"] == "P1" and body["status"] == "open"  # art. 39.1.1 matrix
    assert response.headers["Location"].endswith(f"/api/v1/tickets/{body['reference']}")
    ticket = db.session.scalar(select(Ticket).where(Ticket.reference == body["reference"]))
    assert ticket.customer_id == world.customer_a.id and ticket.channel == "portal"
    assert ticket.reporter_id == world.contact_a.id
    receipt = db.session.scalar(select(OutboxMessage).where(OutboxMessage.ticket_id == ticket.id))
    assert receipt.kind == "receipt"


def test_a_bad_report_is_a_problem_naming_the_field(client, world):
    headers = world.headers("contact_a")
    good = {"title": "t", "description": "d", "urgency": "light", "impact": "some"}
    assert problem(client.post("/api/v1/tickets", headers=headers,
                               json={**good, "urgency": "urgent"}), 422)["detail"]
    body = problem(client.post("/api/v1/tickets", headers=headers,
                               json={**good, "title": "  "}), 422)
    assert body["errors"] == {"title": "required"}
    problem(client.post("/api/v1/tickets", headers=headers, json=[good]), 400)
    problem(client.post("/api/v1/tickets", headers=headers, data="title=x"), 415)


def test_readers_and_staff_may_not_report_and_readers_may_not_reply(client, world):
    report = {"title": "t", "description": "d", "urgency": "light", "impact": "some"}
    problem(client.post("/api/v1/tickets", headers=world.headers("reader_a"), json=report), 403)
    problem(client.post("/api/v1/tickets", headers=world.headers("agent"), json=report), 403)
    url = f"/api/v1/tickets/{world.ticket_a.reference}/messages"
    problem(client.post(url, headers=world.headers("reader_a"), json={"text": "hi"}), 403)


def test_a_customer_without_a_contract_in_force_gets_409(client, world):
    customer = make_customer(name="No contract")
    contact = make_contact(customer)
    from helpdesk.auth.api_tokens import issue

    secret = issue(contact, name="x", now=utcnow()).secret
    db.session.commit()
    response = client.post("/api/v1/tickets", headers={"Authorization": f"Bearer {secret}"},
                           json={"title": "t", "description": "d", "urgency": "light",
                                 "impact": "some"})
    assert "No support contract" in problem(response, 409)["detail"]


def test_messages_from_a_contact_and_a_staff_reply(client, world):
    url = f"/api/v1/tickets/{world.ticket_a.reference}/messages"
    mine = client.post(url, headers=world.headers("contact_a"), json={"text": "Still down"})
    assert mine.status_code == 201
    assert mine.get_json()["type"] == "customer_message"
    assert mine.get_json()["actor"] == {"kind": "contact", "name": "Anna"}
    # R26: the first staff reply to the unacknowledged ticket is its acknowledgement
    first = client.post(url, headers=world.headers("agent"), json={"text": "On it"})
    assert first.status_code == 201 and first.get_json()["type"] == "acknowledged"
    assert first.get_json()["body"] == "On it"
    reply = client.post(url, headers=world.headers("agent"), json={"text": "Fixed soon"})
    assert reply.status_code == 201 and reply.get_json()["type"] == "staff_reply"
    kinds = db.session.scalars(select(OutboxMessage.kind).where(
        OutboxMessage.ticket_id == world.ticket_a.id)).all()
    assert "reply" in kinds
    problem(client.post(url, headers=world.headers("contact_a"), json={"text": ""}), 422)


def test_acknowledge_stops_the_reaction_clock_once(client, world):
    url = f"/api/v1/tickets/{world.ticket_a.reference}/acknowledge"
    first = client.post(url, headers=world.headers("agent"))
    assert first.status_code == 201 and first.get_json()["type"] == "acknowledged"
    clocks = client.get(f"/api/v1/tickets/{world.ticket_a.reference}/clocks",
                        headers=world.headers("agent")).get_json()["items"]
    reaction = next(c for c in clocks if c["name"] == "reaction")
    assert reaction["state"] == "met" and reaction["stopped_at"] is not None
    again = problem(client.post(url, headers=world.headers("agent"), json={}), 409)
    assert "already" in again["detail"]
    problem(client.post(url, headers=world.headers("contact_a")), 403)


def test_resolve_needs_an_acknowledged_ticket(client, world):
    ref = world.ticket_a.reference
    note = {"note": "Replaced the relay."}
    problem(client.post(f"/api/v1/tickets/{ref}/resolve", headers=world.headers("agent"),
                        json=note), 409)
    client.post(f"/api/v1/tickets/{ref}/acknowledge", headers=world.headers("agent"),
                json={"message": "We are on it."})
    resolved = client.post(f"/api/v1/tickets/{ref}/resolve", headers=world.headers("agent"),
                           json=note)
    assert resolved.status_code == 201
    body = client.get(f"/api/v1/tickets/{ref}", headers=world.headers("contact_a")).get_json()
    assert body["status"] == "resolved"
    events = client.get(f"/api/v1/tickets/{ref}/events",
                        headers=world.headers("contact_a")).get_json()["items"]
    assert next(e for e in events if e["type"] == "acknowledged")["body"] == "We are on it."


def test_unknown_paths_and_methods_are_problems_too(client, world):
    problem(client.get("/api/v1/nothing-here", headers=world.headers("agent")), 404)
    response = client.delete(f"/api/v1/tickets/{world.ticket_a.reference}",
                             headers=world.headers("agent"))
    problem(response, 405)
    assert "GET" in response.headers["Allow"]
    problem(client.get("/api/v1/tickets/HD-1999-99999", headers=world.headers("agent")), 404)


def test_staff_reading_a_ticket_is_audited_like_the_ticket_page(client, world):
    from helpdesk.models import AuditEntry

    ref = world.ticket_a.reference
    client.get(f"/api/v1/tickets/{ref}", headers=world.headers("agent"))
    client.get(f"/api/v1/tickets/{ref}/events", headers=world.headers("agent"))
    client.get(f"/api/v1/tickets/{ref}", headers=world.headers("contact_a"))
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "viewed", AuditEntry.subject_kind == "ticket")).all()
    assert [(e.actor_kind, e.actor_id, e.subject_id) for e in entries] == [
        ("staff", world.agent.id, world.ticket_a.id)] * 2


def test_text_with_a_nul_character_is_refused_not_a_database_error(client, world):
    # Found by schemathesis on PostgreSQL, whose text columns cannot hold NUL.
    report = {"title": "a\x00b", "description": "d", "urgency": "light", "impact": "some"}
    body = problem(client.post("/api/v1/tickets", headers=world.headers("contact_a"),
                               json=report), 422)
    assert body["errors"] == {"title": "no NUL characters"}
    url = f"/api/v1/tickets/{world.ticket_a.reference}"
    problem(client.post(f"{url}/messages", headers=world.headers("contact_a"),
                        json={"text": "\x00"}), 422)
    problem(client.post(f"{url}/acknowledge", headers=world.headers("agent"),
                        json={"message": "ok\x00"}), 422)
    problem(client.post(f"{url}/acknowledge", headers=world.headers("agent"),
                        json={"message": 5}), 422)


def test_a_reference_that_cannot_be_one_is_404_without_a_query(client, world):
    for reference in ("HD%002026", "x" * 33, "HD 2026"):
        problem(client.get(f"/api/v1/tickets/{reference}", headers=world.headers("agent")), 404)
