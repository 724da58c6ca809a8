"""Seed 004 art. 9.3/9.4 (SPEC section 3): "the provider may classify a ticket as out of
scope (binding), which removes it from the objectives and makes it billable"."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.escalation.service import settle
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage, Ticket, TicketEvent
from helpdesk.tickets import actions
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web import services
from tests.api.conftest import issue_token, problem
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)
from tests.integration.test_web_helpers import page

BRUSSELS = ZoneInfo("Europe/Brussels")
REASON = "caused by the spreadsheet import of the club (misuse)"


@pytest.fixture
def platform_ticket():
    customer = make_customer(name="Club")
    make_contract(customer, sla_preset="platform")
    db.session.refresh(customer)
    admin = make_contact(customer, name="Ann", portal_role="administrator")
    staff = make_staff(name="Tom")
    # P1 (blocking, all): response 4 h and resolution 8 h, around the clock (annex 1)
    ticket = make_ticket(admin, urgency="blocking", impact="all",
                         at=utcnow() - timedelta(hours=1))
    return ticket, admin, staff


def events_of(ticket: Ticket, kind: str) -> list[TicketEvent]:
    return list(db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.type == kind)))


def test_out_of_scope_is_recorded_stops_the_objectives_and_tells_the_customer(
        platform_ticket):
    ticket, admin, staff = platform_ticket
    assert ticket.next_deadline is not None  # the response objective runs
    actions.classify_out_of_scope(ticket, reason=f"  {REASON}\n", by=staff,
                                  now=utcnow())
    db.session.commit()
    (event,) = events_of(ticket, "out_of_scope")
    assert event.payload == {"reason": REASON} and event.actor_name == "Tom"
    assert ticket.status == "out_of_scope" and ticket.next_deadline is None
    notice = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "out_of_scope")).one()
    assert notice.to_addr == admin.email and REASON in notice.body_text
    # Well past both deadlines (4 h / 8 h): no miss, no escalation results.
    settle(ticket, utcnow() + timedelta(days=2))
    db.session.commit()
    assert events_of(ticket, "breached") == [] and events_of(ticket, "escalated") == []
    assert ticket.tier == 1


def test_out_of_scope_is_binding_and_needs_a_reason(platform_ticket):
    ticket, admin, staff = platform_ticket
    now = utcnow()
    with pytest.raises(ActionRefused, match="Say why"):
        actions.classify_out_of_scope(ticket, reason="  ", by=staff, now=now)
    actions.classify_out_of_scope(ticket, reason=REASON, by=staff, now=now)
    with pytest.raises(ActionRefused, match="already closed"):
        actions.classify_out_of_scope(ticket, reason="again", by=staff, now=now)
    with pytest.raises(ActionRefused, match="already closed"):  # final (art. 9.3)
        actions.classify_not_an_incident(ticket, reason="force majeure", by=staff, now=now)
    with pytest.raises(ActionRefused, match="Only a resolved ticket"):
        actions.reject_fix(ticket, by=admin, now=now, reason="we disagree")  # no undo
    with pytest.raises(ActionRefused, match="priority no longer changes"):
        actions.set_priority(ticket, urgency="blocking", impact="all", reason="escalated",
                             by=staff, now=now)


def test_other_contracts_have_not_an_incident_instead():
    customer = make_customer()
    make_contract(customer, sla_preset="type4")
    db.session.refresh(customer)
    ticket = make_ticket(make_contact(customer))
    with pytest.raises(ActionRefused, match="not an incident"):
        actions.classify_out_of_scope(ticket, reason=REASON, by=make_staff(),
                                      now=utcnow())
    assert events_of(ticket, "out_of_scope") == []


def test_staff_page_records_it_and_lists_the_billable_time(client, platform_ticket):
    ticket, admin, staff = platform_ticket
    login(client, staff)
    url = f"/staff/tickets/{ticket.reference}"
    assert "Out of scope (art. 9.3, binding; billable)" in page(client.get(url))
    assert client.post(f"{url}/out-of-scope", data={"reason": ""}).status_code == 400
    assert client.post(f"{url}/out-of-scope", data={"reason": REASON}).status_code == 302
    end = utcnow().replace(microsecond=0) - timedelta(minutes=5)
    services.log_time(ticket, by=staff, start=end - timedelta(minutes=45), end=end,
                      description="import analysed", now=utcnow())
    db.session.commit()
    html = page(client.get(url))
    assert "Classified as out of scope (binding; billable)" in html and REASON in html
    assert "all time logged on this ticket is billable" in html
    assert "Billable time logged: 45 min." in html
    assert html.count("billable (out of scope, art. 9.4)") == 1  # the one time entry
    assert 'action="/staff/tickets/' + ticket.reference + '/out-of-scope"' not in html


def test_staff_page_refuses_it_for_a_managed_services_ticket(client):
    customer = make_customer()
    make_contract(customer, sla_preset="type4")
    db.session.refresh(customer)
    ticket = make_ticket(make_contact(customer))
    staff = make_staff()
    db.session.commit()
    login(client, staff)
    url = f"/staff/tickets/{ticket.reference}"
    assert "/out-of-scope" not in page(client.get(url))  # the action is not offered
    refused = client.post(f"{url}/out-of-scope", data={"reason": REASON})
    assert refused.status_code == 409 and "use &#39;not an incident&#39;" in page(refused)


def test_the_portal_shows_the_classification_and_its_reason(client, platform_ticket):
    ticket, admin, staff = platform_ticket
    actions.classify_out_of_scope(ticket, reason=REASON, by=staff, now=utcnow())
    db.session.commit()
    login(client, admin)
    html = page(client.get(f"/portal/tickets/{ticket.reference}"))
    assert "out of scope (billable)" in html
    assert f"Classified as out of scope (binding; billable)</strong>: {REASON}" in html


def test_the_api_action_follows_the_page(client, platform_ticket):
    ticket, admin, staff = platform_ticket
    headers = {"Authorization": f"Bearer {issue_token(staff)}"}
    contact = {"Authorization": f"Bearer {issue_token(admin)}"}
    db.session.commit()
    url = f"/api/v1/tickets/{ticket.reference}/out-of-scope"
    problem(client.post(url, headers=contact, json={"reason": REASON}), 403)
    assert set(problem(client.post(url, headers=headers, json={}), 422)["errors"]) == {"reason"}
    response = client.post(url, headers=headers, json={"reason": REASON})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["type"] == "out_of_scope" and body["details"] == {"reason": REASON}
    assert problem(client.post(url, headers=headers, json={"reason": REASON}), 409)[
        "detail"] == "The ticket is already closed."
    seen = client.get(f"/api/v1/tickets/{ticket.reference}", headers=contact).get_json()
    assert seen["status"] == "out_of_scope"


def test_a_workaround_on_the_platform_keeps_the_priority_and_shows_the_permanent_fix(
        client, platform_ticket):
    # Seed 004 annex 1: no R8 downgrade; P1's permanent fix is aimed at within 14 days.
    ticket, admin, staff = platform_ticket
    actions.acknowledge(ticket, by=staff, now=utcnow())
    db.session.commit()
    login(client, staff)
    url = f"/staff/tickets/{ticket.reference}"
    done = client.post(f"{url}/workaround", data={"note": "Restarted the sync job.",
                                                   "confirm": "y"}, follow_redirects=True)
    assert "The ticket is now P1." in page(done)
    assert "Permanent fix objective" in page(done)
    db.session.refresh(ticket)
    assert ticket.priority == "P1" and ticket.status == "workaround_applied"
    (event,) = events_of(ticket, "workaround_applied")
    # 14 calendar days: the same Brussels wall-clock time two weeks later
    local = event.at.astimezone(BRUSSELS).replace(tzinfo=None) + timedelta(days=14)
    assert ticket.next_deadline == local.replace(tzinfo=BRUSSELS, microsecond=0)


def test_the_permanent_fix_clock_explains_itself(client, platform_ticket):
    ticket, admin, staff = platform_ticket
    actions.acknowledge(ticket, by=staff, now=utcnow())
    actions.apply_workaround(ticket, by=staff, now=utcnow())
    db.session.commit()
    login(client, staff)
    response = client.get(f"/staff/tickets/{ticket.reference}/clocks/permanent_fix")
    assert response.status_code == 200
    html = page(response)
    assert "Permanent fix objective" in html
    assert "of elapsed calendar time" in html and "every second counts, nights" in html


def test_the_mailed_explanation_of_the_permanent_fix_says_calendar_time(platform_ticket):
    ticket, admin, staff = platform_ticket
    actions.acknowledge(ticket, by=staff, now=utcnow())
    actions.apply_workaround(ticket, by=staff, now=utcnow())
    db.session.commit()
    clocks = actions.commands.refresh(ticket, utcnow())
    text = services.explanation_text(ticket, clocks.clocks["permanent_fix"])
    assert "it is calendar time, the same local time" in text
    assert "only time inside the service window" not in text
    # 14 x 24 h = 336:00:00, an hour less or more across a DST change
    start = clocks.clocks["permanent_fix"].start
    later = (start.astimezone(BRUSSELS).replace(tzinfo=None) + timedelta(days=14)).replace(
        tzinfo=BRUSSELS)
    assert f"target    {int((later - start).total_seconds()) // 3600}:00:00" in text
    resolution = services.explanation_text(ticket, clocks.clocks["resolution"])
    assert "only time inside the service window" in resolution


def test_staff_find_out_of_scope_tickets_in_their_own_queue(client, platform_ticket):
    """Art. 9.4: out of scope leaves the objectives (and the open queues), but the work on
    it is billable, so staff find those tickets under their own queue."""
    ticket, admin, staff = platform_ticket
    other = make_ticket(admin, urgency="light", impact="some",
                        at=utcnow() - timedelta(minutes=30))
    actions.classify_out_of_scope(ticket, reason=REASON, by=staff, now=utcnow())
    db.session.commit()
    login(client, staff)
    billable = page(client.get("/staff/?show=out_of_scope"))
    assert ticket.reference in billable and other.reference not in billable
    assert "Out of scope (billable)" in billable
    still_open = page(client.get("/staff/?show=open"))
    assert other.reference in still_open and ticket.reference not in still_open
