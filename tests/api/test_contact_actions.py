"""A contact person's portal actions through the API: reject a fix, confirm a phone report."""

from __future__ import annotations

import pytest

from helpdesk.extensions import db
from helpdesk.tickets import actions, log
from tests.api.conftest import problem
from tests.factories import make_ticket
from tests.factories import now as real_now


def post(client, world, who, ticket, action, body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/tickets/{ticket.reference}/{action}",
                       headers=world.headers(who), json=body)


def resolved(world, ticket):  # type: ignore[no-untyped-def]
    actions.acknowledge(ticket, by=world.agent, now=real_now())
    actions.resolve(ticket, by=world.agent, now=real_now())
    db.session.commit()
    return ticket


def test_rejecting_a_fix_reopens_and_escalates_the_ticket_r9(client, world):
    ticket = resolved(world, world.ticket_a)
    response = post(client, world, "contact_a", ticket, "reject-fix",
                    {"reason": "  Printer still jams  "})
    assert response.status_code == 201, response.get_data(as_text=True)
    event = response.get_json()
    assert event["type"] == "fix_rejected" and event["details"] == {"reason": "Printer still jams"}
    assert event["actor"] == {"kind": "contact", "name": "Anna"}
    body = client.get(f"/api/v1/tickets/{ticket.reference}",
                      headers=world.headers("agent")).get_json()
    # Art. 39.4.1: an insufficient fix escalates to tier 2 at once (settled, not swept).
    assert body["status"] != "resolved" and body["tier"] == 2
    db.session.refresh(ticket)
    assert ticket.tier == 2


def test_only_a_resolved_ticket_can_be_rejected_and_a_reason_is_needed(client, world):
    refusal = problem(post(client, world, "contact_a", world.ticket_a, "reject-fix",
                           {"reason": "still down"}), 409)
    assert refusal["detail"] == "Only a resolved ticket can be reported as not resolved."
    resolved(world, world.ticket_a)
    found = problem(post(client, world, "contact_a", world.ticket_a, "reject-fix",
                         {"reason": " "}), 422)
    assert found["errors"] == {"reason": "required"}
    problem(post(client, world, "contact_a", world.ticket_a, "reject-fix",
                 {"reason": "x" * 5001}), 422)


def test_a_phone_report_is_confirmed_in_writing_art_39_2_2(client, world):
    ticket = make_ticket(world.contact_a, channel="phone")
    assert ticket.confirmation_outstanding
    response = post(client, world, "contact_a", ticket, "confirmation",
                    {"text": "Confirming my call: the VPN is down."})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["type"] == "written_confirmation"
    db.session.refresh(ticket)
    assert ticket.confirmation_outstanding is False
    rows = log.events_of(ticket)
    message = next(e for e in rows if e.type == "customer_message")
    assert message.body == "Confirming my call: the VPN is down."  # as the portal form
    again = problem(post(client, world, "contact_a", ticket, "confirmation",
                         {"text": "again"}), 409)
    assert again["detail"] == "No written confirmation is outstanding for this ticket."
    assert len(log.events_of(ticket)) == len(rows)  # the refused message was not kept


def test_a_confirmation_needs_text(client, world):
    ticket = make_ticket(world.contact_a, channel="phone")
    problem(post(client, world, "contact_a", ticket, "confirmation", {}), 422)
    problem(post(client, world, "contact_a", ticket, "confirmation", {"text": "a\x00"}), 422)


@pytest.mark.parametrize(("action", "body"), [("reject-fix", {"reason": "still down"}),
                                              ("confirmation", {"text": "confirmed"})])
def test_readers_and_staff_may_not_and_another_customer_is_404(client, world, action, body):
    resolved(world, world.ticket_a)
    for who in ("reader_a", "agent", "manager"):
        problem(post(client, world, who, world.ticket_a, action, body), 403)
    problem(post(client, world, "contact_b", world.ticket_a, action, body), 404)
    assert "fix_rejected" not in [e.type for e in log.events_of(world.ticket_a)]
