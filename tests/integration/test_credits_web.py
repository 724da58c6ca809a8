"""The reports blueprint: the monthly report as page, PDF and CSV showing the figures the
statement recomputes, the managers' overview, the what-if replay and the recording forms."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import CreditClaim, CustomerService, Outage, TicketEvent
from helpdesk.reports import records
from tests.factories import login, make_staff
from tests.reports.helpers import cli, managed_customer, ticket, utc

AS_OF = utc(2026, 11, 5, 12)
URL = "/staff/reports/customers/{id}/2026-11"


@pytest.fixture
def world(app):
    """Example H (EUR 125.00, claimable), J (EUR 250.00, claimed on Nov 4) and one met ticket,
    plus a service down 1 h 45 min (EUR 16.00), all as of Thu 2026-11-05 12:00Z."""
    customer, _, contact, staff = managed_customer()
    h = ticket(contact, staff, submitted=utc(2026, 11, 2, 8), acknowledged=utc(2026, 11, 2, 8, 30),
               resolved=utc(2026, 11, 3, 8, 30, 1), title="Mail down")
    j = ticket(contact, staff, submitted=utc(2026, 11, 2, 9), acknowledged=utc(2026, 11, 2, 9, 30),
               resolved=utc(2026, 11, 4, 9, 30, 1), title="VPN down", channel="phone")
    ticket(contact, staff, submitted=utc(2026, 11, 2, 10), acknowledged=utc(2026, 11, 2, 10, 5),
           resolved=utc(2026, 11, 2, 12), urgency="light", impact="some", title="Printer")
    records.record_claim(customer, kind="incident", channel="registered_letter",
                         received_on=date(2026, 11, 4), covers=[records.Covered(j.reference)],
                         by=staff, now=utc(2026, 11, 4, 10))
    service = records.add_service(customer, name="Webshop", monthly_fee_cents=8000,
                                  now=utc(2026, 1, 1))
    records.record_outage(service, start=utc(2026, 11, 3, 9), end=utc(2026, 11, 3, 10, 45),
                          cause="unavailable", note="", by=staff, now=AS_OF)
    db.session.commit()
    return customer, staff, h, j


@pytest.fixture
def at_as_of():
    with mock.patch("helpdesk.web.reports.views.utcnow", return_value=AS_OF), \
         mock.patch("helpdesk.web.reports.records.utcnow", return_value=AS_OF):
        yield


def statement(app, customer):
    result = cli(app, "credits", "--customer", str(customer.id), "--month", "2026-11",
                 "--as-of", AS_OF.isoformat())
    return json.loads(result.output)


def test_page_pdf_and_csv_show_the_figures_the_statement_recomputes(app, client, world,
                                                                      at_as_of):
    customer, staff, h, j = world
    data = statement(app, customer)
    totals = data["totals"]
    assert (totals["incident_owed"], totals["incident_claimed"], totals["incident_claimable"]) \
        == ("375.00", "250.00", "125.00")
    assert totals["availability_owed"] == "16.00"
    login(client, staff)
    page = client.get(URL.format(id=customer.id)).get_data(as_text=True)
    for name, value in totals.items():
        if f'data-figure="{name}"' in page:
            assert f'data-figure="{name}">EUR {Decimal(value):,.2f}<' in page, name
    assert "Mail down" in page and "VPN down" in page and "Printer" in page
    assert "P1 2 · P4 1" in page and "phone 1 · portal 2" in page
    assert "<svg" in page and "Why this deadline" in page
    assert "not solely attributable" in page.lower()
    rows = list(csv.DictReader(io.StringIO(client.get(
        URL.format(id=customer.id) + "/csv").get_data(as_text=True))))
    incident = [r for r in rows if r["kind"] == "incident"]
    for row, line in zip(incident, data["contracts"][0]["statement"]["lines"], strict=True):
        for column in ("reference", "clock", "deadline", "days", "amount_after_cap", "payable",
                       "claim_status", "claim_deadline"):
            assert row[column] == str(line[column]), column
    csv_totals = {r["reference"]: r["payable"] for r in rows if r["kind"] == "total"}
    assert csv_totals == totals
    (availability,) = [r for r in rows if r["kind"] == "availability"]
    assert availability["payable"] == "16.00"
    pdf = client.get(URL.format(id=customer.id) + "/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_unknown_customer_or_month_is_404(client, world):
    customer, staff, *_ = world
    login(client, staff)
    assert client.get("/staff/reports/customers/999/2026-11").status_code == 404
    assert client.get(f"/staff/reports/customers/{customer.id}/2026-13").status_code == 404


@pytest.mark.parametrize(("role", "status"), [
    ("agent", 403), ("escalation_manager", 200), ("senior_manager", 200),
    ("administrator", 200)])
def test_the_overview_is_for_managers(app, client, world, at_as_of, role, status):
    customer, *_ = world
    login(client, make_staff(role=role))
    db.session.commit()
    response = client.get("/staff/reports/overview?month=2026-11")
    assert response.status_code == status
    if status == 200:
        page = response.get_data(as_text=True)
        assert customer.name in page
        assert 'data-figure="incident_owed">EUR 375.00<' in page
        assert "October 2026" in page  # the trend's months


def test_what_if_replays_the_same_events_under_another_sla(client, world, at_as_of):
    """Type 1 has no resolution clock (n.a.), so the two resolution breaches disappear."""
    customer, staff, *_ = world
    login(client, staff)
    page = client.get(f"/staff/reports/what-if?customer_id={customer.id}&first=2026-11"
                      "&last=2026-11&preset=type1").get_data(as_text=True)
    assert 'data-figure="actual">EUR 375.00<' in page
    assert 'data-figure="alternative">EUR 0.00<' in page


def test_recording_a_claim_with_the_scanned_letter(client, world, at_as_of):
    customer, staff, h, _ = world
    login(client, staff)
    form = client.get(f"/staff/reports/customers/{customer.id}/claims/new")
    assert form.status_code == 200 and f"{h.reference} resolution" in form.get_data(as_text=True)
    response = client.post(f"/staff/reports/customers/{customer.id}/claims/new", data={
        "kind": "incident", "channel": "registered_letter", "received_on": "2026-11-05",
        "breaches": [f"{h.reference} resolution"], "letter_reference": "RR 123 456 789 BE",
        "scan": (io.BytesIO(b"%PDF-1.4 letter"), "letter.pdf"), "service_id": "0",
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    claim = db.session.scalars(select(CreditClaim).order_by(CreditClaim.id.desc())).first()
    assert (claim.received_on, claim.scan_filename) == (date(2026, 11, 5), "letter.pdf")
    assert [(i.ticket_id, i.clock) for i in claim.items] == [(h.id, "resolution")]
    scan = client.get(f"/staff/reports/claims/{claim.id}/scan")
    assert scan.data == b"%PDF-1.4 letter"
    page = client.get(URL.format(id=customer.id)).get_data(as_text=True)
    assert 'data-figure="incident_claimed">EUR 375.00<' in page


def test_a_claim_naming_another_customers_ticket_is_refused(client, world, at_as_of):
    customer, staff, *_ = world
    login(client, staff)
    response = client.post(f"/staff/reports/customers/{customer.id}/claims/new", data={
        "kind": "incident", "channel": "registered_letter", "received_on": "2026-11-05",
        "references": "HD-2026-99999", "service_id": "0"})
    assert response.status_code == 400
    assert "has no ticket" in response.get_data(as_text=True)


def test_recording_a_service_and_an_outage(client, world, at_as_of):
    customer, staff, *_ = world
    login(client, staff)
    client.post(f"/staff/reports/customers/{customer.id}/services",
                data={"name": "Mail", "monthly_fee": "120.00"})
    service = db.session.scalar(select(CustomerService).where(CustomerService.name == "Mail"))
    assert service.monthly_fee_cents == 12000
    response = client.post(f"/staff/reports/customers/{customer.id}/outages/new", data={
        "service_id": str(service.id), "start": "2026-11-04T10:00", "end": "2026-11-04T12:00",
        "cause": "announced_maintenance", "note": "planned"})
    assert response.status_code == 302
    outage = db.session.scalar(select(Outage).where(Outage.service_id == service.id))
    assert (outage.started_at, outage.ended_at) == (utc(2026, 11, 4, 9), utc(2026, 11, 4, 11))
    bad = client.post(f"/staff/reports/customers/{customer.id}/outages/new", data={
        "service_id": str(service.id), "start": "2026-11-04T10:00", "end": "2026-11-04T09:00",
        "cause": "unavailable"})
    assert bad.status_code == 400 and "before it starts" in bad.get_data(as_text=True)


def test_marking_a_breach_not_attributable_from_the_report(app, client, world, at_as_of):
    customer, staff, h, _ = world
    login(client, staff)
    response = client.post(f"/staff/reports/tickets/{h.reference}/attribution", data={
        "clock": "resolution", "deadline": "2026-11-03T08:30:00Z", "month": "2026-11",
        "reason": "force majeure"})
    assert response.status_code == 302
    event = db.session.scalars(select(TicketEvent).where(
        TicketEvent.type == "breach_not_attributable")).one()
    assert event.payload["reason"] == "force majeure"
    data = statement(app, customer)
    assert data["totals"]["incident_owed"] == "250.00"
    page = client.get(URL.format(id=customer.id)).get_data(as_text=True)
    assert "not solely attributable to the provider: force majeure" in page


def test_a_quarterly_fee_paid_is_the_availability_base_pro_rata(app, client, world, at_as_of):
    # R20 (seed 001 "betaalde kosten ... naar rato omgerekend naar een maandbedrag"): Q4
    # 2026 billed EUR 300.00 for the Webshop, EUR 270.00 paid: 270 / 3 = 90.00 a month;
    # November's 1 h 45 min is one full extra hour past 45 min, 20 % = EUR 18.00 credit
    customer, staff, *_ = world
    login(client, staff)
    service = db.session.scalar(select(CustomerService).where(CustomerService.name == "Webshop"))
    data = statement(app, customer)["availability"][0]
    assert data["fee"] == "80.00" and "listed monthly fee 80.00" in data["fee_basis"]
    response = client.post(f"/staff/reports/customers/{customer.id}/service-fees", data={
        "service_id": str(service.id), "starts_on": "2026-10", "months": "3",
        "invoiced": "300.00", "paid": "270.00"})
    assert response.status_code == 302
    data = statement(app, customer)["availability"][0]
    assert (data["fee"], data["amount"], data["percent"]) == ("90.00", "18.00", 20)
    assert "quarterly fee paid for October 2026 – December 2026: 270.00" in data["fee_basis"]
    assert "never paid out" in data["settlement"]
    page = client.get(URL.format(id=customer.id)).get_data(as_text=True)
    assert "20 % of EUR 90.00 = EUR 18.00 credit" in page or "= EUR 18.00 credit" in page
    assert "balance against future invoices" in page
    rows = list(csv.DictReader(io.StringIO(client.get(
        URL.format(id=customer.id) + "/csv").get_data(as_text=True))))
    (availability,) = [r for r in rows if r["kind"] == "availability"]
    assert availability["base_amount"] == "90.00"
    assert "base: the quarterly fee paid for October 2026" in availability["reason"]
    overlapping = client.post(f"/staff/reports/customers/{customer.id}/service-fees", data={
        "service_id": str(service.id), "starts_on": "2026-11", "months": "1",
        "invoiced": "90.00", "paid": "90.00"}, follow_redirects=True)
    assert "overlaps the fee recorded from October 2026" in overlapping.get_data(as_text=True)
