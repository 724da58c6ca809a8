"""Complaints (art. 16.1) and conflict notices (art. 39.4.2) through the staff pages and the
portal, and the managers' notice when a consultation period ends. The clock is set."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from helpdesk.duties.escalation import settle_conflicts
from helpdesk.extensions import db
from helpdesk.models import ContractDuty, Invoice, OutboxMessage
from tests.factories import login, make_contact, make_customer, make_staff
from tests.integration.test_web_helpers import page, world

# Wed 6 May 2026 10:00 Brussels (CEST)
NOW = datetime(2026, 5, 6, 8, 0, tzinfo=UTC)


@pytest.fixture
def w(client, clock):
    clock.set(NOW)
    w = world()
    w.manager = make_staff(name="Mia", role="escalation_manager")
    db.session.commit()
    return w


def _invoice(w, number="F-2026-041", on=date(2026, 4, 22)):
    invoice = Invoice(contract_id=w.customer.contracts[0].id, number=number, invoiced_on=on,
                      amount_cents=120_000, what_for="sla_fee", recorded_at=NOW)
    db.session.add(invoice)
    db.session.commit()
    return invoice


def test_staff_register_a_complaint_about_an_invoice_counted_from_its_date(client, w):
    _invoice(w)
    login(client, w.staff)
    response = client.post("/staff/duties/new/complaint", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30", "channel": "email",
        "subject": "invoice", "invoice_number": "F-2026-041", "title": "Hours billed twice",
        "text": "Line 3 and 4 are the same visit."})
    assert response.status_code == 302
    duty = db.session.query(ContractDuty).one()
    assert duty.noticed_on == date(2026, 4, 22) and duty.invoice.number == "F-2026-041"
    html = page(client.get(f"/staff/duties/{duty.id}"))
    # 22 April + 15 working days (1 May and Ascension skipped) = Fri 15 May (art. 16.1)
    assert "In time: the window of 15 working days ended at the end of 2026-05-15" in html
    assert "working day 9 of 15" in html
    assert "Hours billed twice" in page(client.get("/staff/duties"))


def test_a_late_complaint_is_registered_and_shown_late_with_the_day_the_window_ended(client, w):
    login(client, w.staff)
    response = client.post("/staff/duties/new/complaint", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30", "channel": "letter",
        "subject": "service", "noticed_on": "2026-04-01", "title": "Backups missed",
        "text": "No backups in March."})
    assert response.status_code == 302
    duty = db.session.query(ContractDuty).one()
    html = page(client.get(f"/staff/duties/{duty.id}"))
    # 1 April + 15 working days, Easter Monday 6 April skipped = Thu 23 April
    assert "Late: the window of 15 working days ended at the end of 2026-04-23" in html
    assert "no longer claim" in html


def test_an_invoice_complaint_needs_an_invoice_of_that_customer(client, w):
    other = make_customer(name="Other")
    db.session.commit()
    _invoice(w)
    login(client, w.staff)
    response = client.post("/staff/duties/new/complaint", data={
        "customer_id": other.id, "received_at": "2026-05-06T09:30", "channel": "email",
        "subject": "invoice", "invoice_number": "F-2026-041", "title": "x", "text": "y"})
    assert response.status_code == 422 and "Choose the invoice" in page(response)
    assert db.session.query(ContractDuty).count() == 0


def test_staff_answer_a_complaint_once(client, w):
    login(client, w.staff)
    client.post("/staff/duties/new/complaint", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30", "channel": "email",
        "subject": "service", "noticed_on": "2026-05-04", "title": "Slow", "text": "Slow"})
    duty = db.session.query(ContractDuty).one()
    assert client.post(f"/staff/duties/{duty.id}/answer",
                       data={"text": "We credited the hours."}).status_code == 302
    db.session.refresh(duty)
    assert duty.state == "answered" and duty.answered_by_id == w.staff.id
    again = client.post(f"/staff/duties/{duty.id}/answer", data={"text": "Again"})
    assert again.status_code == 422 and "already answered" in page(again)


def test_a_conflict_notice_tells_the_managers_and_then_once_when_the_15_days_end(client, w,
                                                                               clock):
    login(client, w.staff)
    response = client.post("/staff/duties/new/conflict", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30",
        "channel": "registered_letter", "title": "Dispute on credits", "text": "We disagree."})
    assert response.status_code == 302
    duty = db.session.query(ContractDuty).one()
    told = db.session.query(OutboxMessage).filter_by(kind="conflict_notice").all()
    assert sorted(m.to_addr for m in told) == sorted([w.admin.email, w.manager.email])
    assert "consult by 2026-05-21" in told[0].subject  # 6 May + 15 calendar days
    html = page(client.get(f"/staff/duties/{duty.id}"))
    assert "Consultation period running until the end of 2026-05-21" in html
    # 21 May 23:59 Brussels (CEST) is still in the period; 22 May 00:00 is not
    assert settle_conflicts(datetime(2026, 5, 21, 21, 59, tzinfo=UTC)) == 0
    assert settle_conflicts(datetime(2026, 5, 21, 22, 0, tzinfo=UTC)) == 1
    assert settle_conflicts(datetime(2026, 5, 22, 9, 0, tzinfo=UTC)) == 0  # exactly once
    ended = db.session.query(OutboxMessage).filter_by(kind="conflict_period_ended").all()
    assert len(ended) == 2  # one per manager (administrators are managers, MANAGER_ROLES)
    assert ended[0].subject.startswith("Escalation: no consultation within 15 days")
    clock.set(datetime(2026, 5, 22, 8, 0, tzinfo=UTC))
    assert "ended at the end of 2026-05-21 without a consultation" in page(
        client.get(f"/staff/duties/{duty.id}"))


def test_a_consultation_recorded_in_time_settles_the_notice(client, w):
    login(client, w.staff)
    client.post("/staff/duties/new/conflict", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30",
        "channel": "registered_letter", "title": "Dispute", "text": "We disagree."})
    duty = db.session.query(ContractDuty).one()
    assert client.post(f"/staff/duties/{duty.id}/answer", data={
        "text": "Met on site; agreed a credit.", "held_at": "2026-05-06T09:45"}).status_code == 302
    assert "Consultation held within the 15 days" in page(client.get(f"/staff/duties/{duty.id}"))
    assert settle_conflicts(datetime(2026, 6, 1, tzinfo=UTC)) == 1
    ended = db.session.query(OutboxMessage).filter_by(kind="conflict_period_ended").first()
    assert "(consulted)" in ended.subject


def test_the_contact_submits_a_complaint_in_the_portal_and_sees_its_verdict(client, w):
    invoice = _invoice(w)
    login(client, w.contact)
    assert "Submit a complaint" in page(client.get("/portal/contract"))
    response = client.post("/portal/complaints/new", data={
        "subject": "invoice", "invoice_id": invoice.id, "title": "Wrong rate",
        "text": "The rate is 150 % but it was office hours."})
    assert response.status_code == 302
    duty = db.session.query(ContractDuty).one()
    assert duty.channel == "portal" and duty.contact_id == w.contact.id
    assert duty.received_at == NOW
    html = page(client.get(f"/portal/duties/{duty.id}"))
    assert "In time" in html and "2026-05-15" in html
    assert "Wrong rate" in page(client.get("/portal/contract"))


def test_the_contact_notifies_a_conflict_in_the_portal(client, w):
    login(client, w.contact)
    response = client.post("/portal/conflicts/new", data={"title": "Dispute",
                                                          "text": "We disagree."})
    assert response.status_code == 302
    duty = db.session.query(ContractDuty).one()
    html = page(client.get(f"/portal/duties/{duty.id}"))
    assert "names a registered letter" in html  # art. 39.4.2; the period runs all the same
    assert "running until the end of 2026-05-21" in html


def test_another_customers_complaint_is_404_in_the_portal(client, w):
    other = make_customer(name="Other")
    db.session.commit()
    theirs = make_contact(other, email="o@other.example")
    db.session.commit()
    login(client, theirs)
    client.post("/portal/complaints/new", data={"subject": "service", "noticed_on": "2026-05-05",
                                                "title": "Theirs", "text": "Secret"})
    duty = db.session.query(ContractDuty).one()
    client.get("/logout")
    login(client, w.contact)
    assert client.get(f"/portal/duties/{duty.id}").status_code == 404
    assert "Theirs" not in page(client.get("/portal/contract"))


def test_the_portal_shows_the_service_level_history(client, w):
    from helpdesk.duties.assign import assign_sla

    contract = w.customer.contracts[0]
    assign_sla(contract, preset="type5", definition=None, by=w.admin, now=NOW)
    db.session.commit()
    login(client, w.contact)
    html = page(client.get("/portal/contract"))
    assert "Service level history (art. 38.1)" in html and "raised" in html
    assert w.admin.name not in html  # staff names stay inside


def test_a_complaint_cannot_be_received_before_the_problem_was_noticed(client, w):
    login(client, w.contact)
    response = client.post("/portal/complaints/new", data={
        "subject": "service", "noticed_on": (NOW + timedelta(days=3)).date().isoformat(),
        "title": "x", "text": "y"})
    assert response.status_code == 422 and "cannot have been noticed after" in page(response)


def test_a_day_noticed_more_than_two_years_before_is_taken_for_a_typing_error(client, w):
    login(client, w.contact)
    response = client.post("/portal/complaints/new", data={
        "subject": "service", "noticed_on": "2024-05-01", "title": "x", "text": "y"})
    assert response.status_code == 422 and "more than two years" in page(response)


def test_the_monthly_report_lists_the_months_complaints_notices_and_sla_changes(client, w):
    from helpdesk.duties.assign import assign_sla

    assign_sla(w.customer.contracts[0], preset="type5", definition=None, by=w.admin, now=NOW)
    db.session.commit()
    login(client, w.staff)
    client.post("/staff/duties/new/complaint", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30", "channel": "email",
        "subject": "service", "noticed_on": "2026-04-01", "title": "Backups missed",
        "text": "No backups."})
    client.post("/staff/duties/new/conflict", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30",
        "channel": "registered_letter", "title": "Dispute on credits", "text": "No."})
    html = page(client.get(f"/staff/reports/customers/{w.customer.id}/2026-05"))
    assert "Complaints and conflict notices (art. 16.1, 39.4.2)" in html
    assert "Backups missed" in html and "Late: received on 2026-05-06" in html
    assert "Dispute on credits" in html and "Consultation period running" in html
    assert "Service level changes (art. 38.1)" in html and 'class="sla-change"' in html
    june = page(client.get(f"/staff/reports/customers/{w.customer.id}/2026-06"))
    assert "Dispute on credits" in june  # still open in June
    assert 'class="sla-change"' not in june


def test_the_portal_shows_credits_as_a_balance_against_future_invoices(client, w):
    # R20: the availability credit's base is the fee paid, pro rata; shown as a balance only
    from helpdesk.reports import records

    service = records.add_service(w.customer, name="Webshop", monthly_fee_cents=8000, now=NOW)
    records.record_service_fee(service, starts_on=date(2026, 4, 1), months=3,
                               invoiced_cents=30000, paid_cents=30000)
    records.record_outage(service, start=datetime(2026, 5, 4, 9, tzinfo=UTC),
                          end=datetime(2026, 5, 4, 10, 45, tzinfo=UTC), cause="unavailable",
                          note="", by=w.staff, now=NOW)
    db.session.commit()
    login(client, w.contact)
    html = page(client.get("/portal/contract"))
    assert "never paid out" in html and "balance set against your future invoices" in html
    # 300.00 a quarter / 3 = 100.00 a month; 1 h 45 min: 20 % = EUR 20.00
    assert "EUR 20.00" in html and "/ 3 = 100.00 a month" in html


def test_a_contacts_complaints_are_in_their_personal_data_export(client, w):
    from helpdesk.privacy.export import export

    login(client, w.contact)
    client.post("/portal/complaints/new", data={"subject": "service", "noticed_on": "2026-05-05",
                                                "title": "Mine", "text": "My words"})
    doc = export(w.contact, by=w.contact, now=NOW)
    assert [d["text"] for d in doc["complaints_and_conflict_notices"]] == ["My words"]
    assert export(w.staff, by=w.admin, now=NOW)["complaints_and_conflict_notices"] == []


def test_erasing_a_contact_keeps_their_complaint_and_its_verdict_but_not_their_words(client, w):
    from helpdesk.privacy.erasure import erase
    from helpdesk.privacy.redaction import REDACTED

    login(client, w.contact)
    client.post("/portal/complaints/new", data={"subject": "service", "noticed_on": "2026-05-05",
                                                "title": "Mine", "text": "My words"})
    erase(w.contact, by=w.admin, reason="request", now=NOW)
    db.session.commit()
    duty = db.session.query(ContractDuty).one()
    assert (duty.title, duty.text) == (REDACTED, REDACTED)
    assert duty.noticed_on == date(2026, 5, 5) and duty.received_at == NOW


def test_the_contact_gets_the_answer_by_mail_only_when_their_address_is_confirmed(client, w):
    login(client, w.contact)
    client.post("/portal/complaints/new", data={"subject": "service", "noticed_on": "2026-05-05",
                                                "title": "Slow", "text": "Slow"})
    client.get("/logout")
    unconfirmed = make_contact(w.customer, email="new@kroon.example", email_confirmed=False)
    db.session.commit()
    login(client, unconfirmed)
    client.post("/portal/complaints/new", data={"subject": "service", "noticed_on": "2026-05-05",
                                                "title": "Also slow", "text": "Slow"})
    client.get("/logout")
    login(client, w.staff)
    for duty in db.session.query(ContractDuty).all():
        client.post(f"/staff/duties/{duty.id}/answer", data={"text": "Fixed the DNS."})
    mails = db.session.query(OutboxMessage).filter_by(kind="complaint_answered").all()
    assert [m.to_addr for m in mails] == [w.contact.email]  # R23
    assert "Fixed the DNS." in mails[0].body_text and "Slow" in mails[0].subject
