"""Issue #19, item 6: a rejected fix is loud (art. 39.4.1, R9). A banner on the ticket page,
"reopened" in the queue, mail to the assignee and the tier's people; every escalation and
staff mail links to the ticket."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import refresh

from helpdesk.extensions import db
from helpdesk.jobs.deadlines import process_due
from helpdesk.models import EscalationContact, OutboxMessage
from helpdesk.tickets import actions, links
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)
from tests.integration.test_web_helpers import page

# Type 4, P2: submitted Mon 2 Feb 2026 10:00 Brussels, acknowledged 10:30, resolved 14:00,
# rejected 15:00 (09:00Z, 09:30Z, 13:00Z, 14:00Z). Nothing breached: the reaction was met
# within 1 day and the resolution (2 days, R4) runs on.
SUBMITTED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
ACKNOWLEDGED = SUBMITTED + timedelta(minutes=30)
RESOLVED = SUBMITTED + timedelta(hours=4)
REJECTED = SUBMITTED + timedelta(hours=5)
REASON = "Mail still bounces for the sales team."
BASE_URL = "https://desk.example.com"


@pytest.fixture(autouse=True)
def public_address(app):  # type: ignore[no-untyped-def]
    """Mail links come from HELPDESK_BASE_URL (helpdesk/web/links.py)."""
    app.config["HELPDESK_BASE_URL"] = BASE_URL


@pytest.fixture
def desk(clock):  # type: ignore[no-untyped-def]
    clock.set(SUBMITTED)
    customer = make_customer(name="Kroon")
    contract = make_contract(customer, sla_preset="type4")
    contact = make_contact(customer, name="Jan", email="jan@kroon.example")
    tom = make_staff(name="Tom", email="tom@provider.example")
    eva = make_staff(name="Eva", role="escalation_manager", email="eva@provider.example")
    simon = make_staff(name="Simon", role="senior_manager", email="simon@provider.example")
    db.session.add_all([EscalationContact(contract_id=contract.id, tier=2, staff_id=eva.id),
                        EscalationContact(contract_id=contract.id, tier=3, staff_id=simon.id)])
    db.session.commit()
    ticket = make_ticket(contact, title="Mail down", at=SUBMITTED)
    actions.acknowledge(ticket, by=tom, now=ACKNOWLEDGED, assign_to_me=True)
    actions.resolve(ticket, by=tom, now=RESOLVED, note="Replaced the relay.")
    db.session.commit()
    clock.set(REJECTED)
    return ticket, contact, tom


def mails(kind: str) -> list[OutboxMessage]:
    return db.session.query(OutboxMessage).filter_by(kind=kind).order_by(OutboxMessage.id).all()


def reject(client, ticket, contact, reason=REASON):  # type: ignore[no-untyped-def]
    login(client, contact)
    answer = client.post(f"/portal/tickets/{ticket.reference}/reject", data={"reason": reason})
    client.post("/logout")
    return answer


def test_the_first_rejection_escalates_and_mails_the_assignee_with_a_link(client, desk):
    ticket, contact, _ = desk
    assert reject(client, ticket, contact).status_code == 302
    link = f"{BASE_URL}/staff/tickets/{ticket.reference}"
    # R9: the first insufficient fix raises the ticket to tier 2; Eva (tier 2) hears of it
    # by the escalation mail, which carries the customer's words and the link.
    [escalation] = mails("escalation")
    assert escalation.to_addr == "eva@provider.example"
    assert "customer rejected the fix" in escalation.body_text
    assert REASON in escalation.body_text and f"Open the ticket: {link}" in escalation.body_text
    # Tom, the assignee, gets the rejection itself; Eva no second mail.
    [rejected] = mails("fix_rejected")
    assert rejected.to_addr == "tom@provider.example"
    assert rejected.subject == f"[{ticket.reference}] Fix rejected by the customer: Mail down"
    assert "Jan (Kroon) rejected the fix" in rejected.body_text
    assert "at tier 2" in rejected.body_text and REASON in rejected.body_text
    assert f"Open the ticket: {link}" in rejected.body_text


def test_later_rejections_mail_the_tier_people_when_the_tier_cannot_rise(client, desk, clock):
    ticket, contact, tom = desk
    reject(client, ticket, contact)
    for hour in (16, 17):  # resolved again, and rejected again, twice
        clock.set(datetime(2026, 2, 2, hour - 1, 30, tzinfo=UTC))
        actions.resolve(ticket, by=tom, now=clock.now(), note="Retried.")
        db.session.commit()
        clock.set(datetime(2026, 2, 2, hour, 0, tzinfo=UTC))
        reject(client, ticket, contact, reason=f"Still broken at {hour}:00.")
    db.session.refresh(ticket)
    assert ticket.tier == 3  # R9: the second insufficient fix; there is no tier 4
    assert [m.to_addr for m in mails("escalation")] == ["eva@provider.example",
                                                        "simon@provider.example"]
    # Second rejection: Simon had the tier-3 escalation; third: nothing escalates, so Simon
    # (tier 3's contact) gets the rejection beside Tom.
    assert [m.to_addr for m in mails("fix_rejected")] == [
        "tom@provider.example", "tom@provider.example",
        "tom@provider.example", "simon@provider.example"]
    assert "Still broken at 17:00." in mails("fix_rejected")[-1].body_text


def test_the_ticket_page_shows_a_banner_until_the_next_fix(client, desk, clock):
    ticket, contact, tom = desk
    reject(client, ticket, contact)
    login(client, tom)
    html = page(client.get(f"/staff/tickets/{ticket.reference}"))
    assert 'class="reopened-banner"' in html
    assert "Reopened: the customer rejected the fix." in html and REASON in html
    assert "the ticket is at tier 2" in html
    actions.resolve(ticket, by=tom, now=REJECTED + timedelta(minutes=30), note="Fixed DNS.")
    db.session.commit()
    clock.set(REJECTED + timedelta(minutes=31))
    assert 'class="reopened-banner"' not in page(client.get(f"/staff/tickets/{ticket.reference}"))


def test_the_queue_marks_the_ticket_reopened(client, desk):
    ticket, contact, tom = desk
    other = make_ticket(contact, title="Printer", at=REJECTED)
    reject(client, ticket, contact)
    login(client, tom)
    html = page(client.get("/staff/?show=open"))
    row = html[html.index(f">{ticket.reference}</a>"):].split("</tr>")[0]
    assert '<span class="badge reopened"' in row and ">reopened</span>" in row
    other_row = html[html.index(f">{other.reference}</a>"):].split("</tr>")[0]
    assert "reopened" not in other_row


def test_escalation_and_warning_mails_from_the_scheduler_link_the_ticket(clock):
    """Type 1, P1 from Mon 2 Feb 2026 13:00 Brussels: 4 h reaction, due 17:00 (16:00Z); the
    75 % warning falls at 16:00 Brussels (15:00Z). The sweep has no request: the link comes
    from the public address all the same."""
    clock.set(datetime(2026, 2, 2, 12, 0, tzinfo=UTC))
    customer = make_customer()
    make_contract(customer, sla_preset="type1")
    make_staff(name="Agent", email="agent@provider.example")
    make_staff(name="Eva", role="escalation_manager", email="eva@provider.example")
    db.session.commit()
    ticket = make_ticket(make_contact(customer), urgency="blocking", impact="all",
                         at=datetime(2026, 2, 2, 12, 0, tzinfo=UTC))
    link = f"Open the ticket: {BASE_URL}/staff/tickets/{ticket.reference}"
    process_due(datetime(2026, 2, 2, 15, 0, tzinfo=UTC))
    [warning] = [m for m in mails("warning") if "75 %" in m.subject]
    assert link in warning.body_text
    process_due(datetime(2026, 2, 2, 16, 0, 1, tzinfo=UTC))
    [escalation] = mails("escalation")
    assert escalation.to_addr == "eva@provider.example" and link in escalation.body_text


def test_links_come_from_the_public_address_never_the_request_host(app):
    with app.test_request_context("/staff/", headers={"Host": "evil.example"}):
        assert links.staff_ticket_url("HD-2026-00001") == \
            f"{BASE_URL}/staff/tickets/HD-2026-00001"
    assert links.portal_ticket_url("HD-2026-00001") == \
        f"{BASE_URL}/portal/tickets/HD-2026-00001"


def test_the_banner_and_the_badge_speak_dutch_too(client, desk):
    ticket, contact, tom = desk
    reject(client, ticket, contact)
    login(client, tom)
    client.post("/language/nl", data={"next": "/staff/"})
    refresh()  # the test's app context caches the locale; a real request has its own
    html = page(client.get(f"/staff/tickets/{ticket.reference}"))
    assert "Heropend: de klant heeft de oplossing afgewezen." in html
    refresh()
    assert ">heropend</span>" in page(client.get("/staff/?show=open"))
