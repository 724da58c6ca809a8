"""Suspension for non-payment (seed 002 art. 6.9; seed 004 art. 14.6; R25): a manager starts
and lifts it with a reason (audited); tickets OPENED while it runs hold their clocks from
their opening until it is lifted, tickets opened before keep running; the customer is mailed
at the start and the stop (confirmed addresses, outbox) and sees a banner; staff see it on the
ticket; the monthly report lists it with the held tickets. Deadlines computed by hand:
SLA type 4, Mon-Fri 06:00-24:00 Brussels, P1 reaction 2 h; November 2026 is UTC+1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import AuditEntry, OutboxMessage, Ticket
from helpdesk.tickets import commands
from tests.factories import login, make_contact, make_staff, make_ticket
from tests.integration.test_web_helpers import events, page, world


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


BEFORE = utc(2026, 11, 16, 7, 0)  # Monday 08:00 Brussels: opened before the suspension
STARTED = utc(2026, 11, 16, 8, 0)  # Monday 09:00 Brussels
DURING = utc(2026, 11, 16, 9, 0)  # Monday 10:00 Brussels: opened while it runs
LIFTED = utc(2026, 11, 17, 14, 0)  # Tuesday 15:00 Brussels


@pytest.fixture
def w(client, clock):
    w = world()
    w.manager = make_staff(name="Mona", role="escalation_manager", email="mona@provider.example")
    db.session.commit()
    return w


def start(client, w, reason="Invoice 2026-014 unpaid 15 days after the registered notice"):
    return client.post("/staff/non-payment/start",
                       data={"customer": w.customer.id, "reason": reason})


def lift(client, suspension_id, reason="Paid on 17 November"):
    return client.post(f"/staff/non-payment/{suspension_id}/stop", data={"reason": reason})


def suspension_id():
    from helpdesk.models import PaymentSuspension
    return db.session.scalars(select(PaymentSuspension.id)).one()


def test_tickets_opened_during_the_suspension_hold_until_it_is_lifted(client, clock, w):
    clock.set(BEFORE)
    before = make_ticket(w.contact, urgency="blocking", impact="all", at=BEFORE)
    assert before.next_deadline == utc(2026, 11, 16, 9, 0)  # 08:00 + 2 h = 10:00 Brussels
    clock.set(STARTED)
    login(client, w.manager)
    assert start(client, w).status_code == 302
    clock.set(DURING)
    during = make_ticket(w.contact, urgency="blocking", impact="all", at=DURING)
    assert events(during) == ["submitted", "payment_suspended"]
    assert during.next_deadline is None  # held: no deadline while suspended
    db.session.refresh(before)
    assert before.next_deadline == utc(2026, 11, 16, 9, 0)  # opened before: keeps running
    html = page(client.get(f"/staff/tickets/{during.reference}"))
    assert "suspended: non-payment (art. 6.9)" in html and 'id="payment-hold"' in html
    assert "keep running" in page(client.get(f"/staff/tickets/{before.reference}"))
    clock.set(LIFTED)
    assert lift(client, suspension_id()).status_code == 302
    db.session.refresh(during)
    assert events(during)[-1] == "payment_resumed"
    # 2 h of window time from Tuesday 15:00 Brussels: 17:00 Brussels = 16:00 UTC.
    assert during.next_deadline == utc(2026, 11, 17, 16, 0)
    # the rebuild (a fold of the log alone) gives the same deadline
    commands.refresh(during, LIFTED)
    assert during.next_deadline == utc(2026, 11, 17, 16, 0)


def test_the_customer_is_mailed_at_start_and_stop_and_both_are_audited(client, clock, w):
    unconfirmed = make_contact(w.customer, email="new@kroon.example", email_confirmed=False)
    db.session.commit()
    clock.set(STARTED)
    login(client, w.manager)
    start(client, w)
    clock.set(LIFTED)
    lift(client, suspension_id())
    mails = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "payment_suspension").order_by(OutboxMessage.id)).all()
    assert [m.subject for m in mails] == ["Interventions suspended for non-payment",
                                          "Interventions resumed"]
    assert {m.to_addr for m in mails} == {"jan@kroon.example"}  # R23: not the unconfirmed
    assert unconfirmed.email not in {m.to_addr for m in mails}
    assert "Invoice 2026-014" in mails[0].body_text and "Paid on 17 November" in mails[1].body_text
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "payment_suspension_started" in actions and "payment_suspension_stopped" in actions


def test_the_portal_shows_a_banner_while_it_runs(client, clock, w):
    clock.set(STARTED)
    login(client, w.manager)
    start(client, w)
    client.post("/logout")
    login(client, w.contact)
    assert 'id="payment-suspension"' in page(client.get("/portal/"))
    client.post("/logout")
    login(client, w.manager)
    clock.set(LIFTED)
    lift(client, suspension_id())
    client.post("/logout")
    login(client, w.contact)
    assert 'id="payment-suspension"' not in page(client.get("/portal/"))


def test_only_managers_start_or_lift_and_not_twice(client, clock, w):
    clock.set(STARTED)
    login(client, w.staff)  # an agent
    assert start(client, w).status_code == 403
    client.post("/logout")
    login(client, w.manager)
    assert start(client, w, reason="").status_code == 400
    assert start(client, w).status_code == 302
    again = start(client, w)
    assert again.status_code == 409 and "already suspended" in page(again)
    client.post("/logout")
    login(client, w.staff)
    assert lift(client, suspension_id()).status_code == 403


def test_a_mail_ticket_opened_during_the_suspension_is_held(client, clock, w):
    from helpdesk.intake.mail import process_pending
    from helpdesk.intake.store import store_raw_message

    clock.set(STARTED)
    login(client, w.manager)
    start(client, w)
    clock.set(DURING)
    store_raw_message(b"From: jan@kroon.example\r\nSubject: Server down\r\nMessage-ID: <m1@x>"
                      b"\r\n\r\nNothing works.\r\n", peer="127.0.0.1", envelope_from="",
                      envelope_to=[])
    process_pending(DURING)
    db.session.commit()
    ticket = db.session.scalars(select(Ticket)).one()
    assert events(ticket)[:2] == ["submitted", "payment_suspended"]


def test_the_monthly_report_lists_the_suspension_and_the_held_tickets(client, clock, w):
    clock.set(STARTED)
    login(client, w.manager)
    start(client, w)
    clock.set(DURING)
    during = make_ticket(w.contact, urgency="blocking", impact="all", at=DURING)
    clock.set(LIFTED)
    lift(client, suspension_id())
    html = page(client.get(f"/staff/reports/customers/{w.customer.id}/2026-11"))
    assert "Interventions suspended for non-payment (art. 6.9)" in html
    assert during.reference in html.split("Interventions suspended for non-payment (art. 6.9)")[1]
    assert "Invoice 2026-014" in html


def test_the_credit_statement_counts_no_breach_for_the_held_time(client, clock, w):
    from helpdesk.credits import Month
    from helpdesk.reports import statement_for
    from helpdesk.tickets import actions

    clock.set(STARTED)
    login(client, w.manager)
    start(client, w)
    clock.set(DURING)
    during = make_ticket(w.contact, urgency="blocking", impact="all", at=DURING)
    clock.set(LIFTED)
    lift(client, suspension_id())
    # acknowledged Tuesday 16:30 Brussels: 1 h 30 of the 2 h after the lift, a day and a half
    # after the opening: met, because the held time did not count.
    acknowledged = utc(2026, 11, 17, 15, 30)
    clock.set(acknowledged)
    actions.acknowledge(during, by=w.staff, now=acknowledged)
    db.session.commit()
    statement = statement_for(w.customer.id, Month(2026, 11), acknowledged).to_dict()
    (part,) = statement["contracts"]
    assert part["statement"]["lines"] == []  # no breach, no credit


def test_the_staff_customer_list_marks_a_suspended_customer(client, clock, w):
    clock.set(STARTED)
    login(client, w.manager)
    assert "interventions suspended for non-payment" not in page(client.get("/staff/reports/"))
    start(client, w)
    assert "interventions suspended for non-payment" in page(client.get("/staff/reports/"))
