"""Invoices as records (R22, art. 16.3/16.4): a CSV import is all rows or none, importing
again adds nothing, and the monthly report (statement JSON and page) shows the annual cap
arithmetic line by line from everything invoiced."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from sqlalchemy import func, select

from helpdesk.extensions import db
from helpdesk.models import Invoice
from helpdesk.reports import invoices, records
from tests.factories import login, make_staff
from tests.reports.helpers import managed_customer, statement_json, ticket, utc

NOW = utc(2026, 11, 20, 12)
HEADER = "date,number,amount,what_for,paid_on\n"
# Nov 2025 .. Oct 2026: 12 × 1,000.00 SLA fees + hours 1,500.00 + project 2,000.00 + an
# unpaid licence 500.00 = 16,000.00; the 800.00 of Oct 2025 is outside the 12 months.
GOOD = HEADER + "".join(f"{y}-{m:02d}-01,F-{y}{m:02d},1000.00,sla_fee,{y}-{m:02d}-15\n"
                        for y, m in [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 11)]) \
    + "2026-03-15,H-2,1500.00,hours,2026-04-01\n" \
    + "2025-11-01;P-1".replace(";", ",") + ",2000.00,project,\n" \
    + "2026-10-31,L-1,\"500,00\",licence,\n" \
    + "2025-10-31,H-1,800.00,hours,2025-11-30\n"


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Invoice))


def test_a_bad_row_refuses_the_whole_file_naming_each_bad_line():
    _, contract, _, staff = managed_customer()
    text = HEADER + ("2026-10-01,A-1,1000.00,sla_fee,\n"
                     "2026-10-02,A-2,12.3.4,hours,\n"
                     "2026-10-03,A-3,10.00,coffee,2026-10-01\n"
                     "2026-10-04,A-1,10.00,other,\n")
    with pytest.raises(invoices.ImportRefused) as refused:
        invoices.import_invoices(contract, text, by=staff, now=NOW)
    errors = refused.value.errors
    assert errors[0].startswith("line 3: amount '12.3.4'")
    assert errors[1].startswith("line 4: what_for 'coffee'") and "before the invoice date" \
        in errors[1]
    assert errors[2].startswith("line 5: invoice A-1 is also on line 2")
    db.session.rollback()
    assert count() == 0


def test_importing_the_same_file_again_adds_nothing_and_a_later_payment_fills_in():
    _, contract, _, staff = managed_customer()
    first = invoices.import_invoices(contract, GOOD, by=staff, now=NOW)
    db.session.commit()
    assert len(first.added) == 16 and count() == 16
    again = invoices.import_invoices(contract, GOOD, by=staff, now=NOW)
    db.session.commit()
    assert again.added == [] and len(again.unchanged) == 16 and count() == 16
    paid = invoices.import_invoices(contract, HEADER + "2026-10-31,L-1,500.00,licence,"
                                    "2026-11-10\n", by=staff, now=NOW)
    db.session.commit()
    assert paid.paid_on_filled == ["L-1"]
    with pytest.raises(invoices.ImportRefused) as refused:
        invoices.import_invoices(contract, HEADER + "2026-10-31,L-1,600.00,licence,\n",
                                 by=staff, now=NOW)
    assert "on record as 2026-10-31, EUR 500.00" in refused.value.errors[0]


def test_a_number_recorded_by_hand_is_not_recorded_twice():
    _, contract, _, staff = managed_customer()
    invoices.record_invoice(contract, number="X-1", invoiced_on=NOW.date(), amount_cents=100,
                            what_for="other", paid_on=None, by=staff, now=NOW)
    with pytest.raises(invoices.RecordRefused, match="already recorded"):
        invoices.record_invoice(contract, number="X-1", invoiced_on=NOW.date(),
                                amount_cents=100, what_for="other", paid_on=None, by=staff,
                                now=NOW)


@pytest.fixture
def capped(app):
    """Example K twice in November 2026 (13 days late: 100 % of the 1,250.00 October fee,
    R14), claimed: 1,250.00 + 1,250.00 against a cap of 20 % × 16,000.00 = 3,200.00 with a
    project price of 2,000.00, which binds: 1,250.00 then 750.00 (art. 16.4, R22)."""
    customer, contract, contact, staff = managed_customer(project_price_cents=200_000)
    invoices.import_invoices(contract, GOOD, by=staff, now=NOW)
    made = [ticket(contact, staff, submitted=utc(2026, 11, day, 8),
                   acknowledged=utc(2026, 11, day, 8, 30), resolved=utc(2026, 11, day + 13, 9))
            for day in (2, 3)]
    records.record_claim(customer, kind="incident", channel="registered_letter",
                         received_on=date(2026, 11, 5),
                         covers=[records.Covered(t.reference) for t in made], by=staff,
                         now=utc(2026, 11, 5, 10))
    db.session.commit()
    return customer, staff


def test_the_statement_json_shows_the_cap_arithmetic_line_by_line(app, capped):
    customer, _ = capped
    data = statement_json(app, customer, "2026-11", NOW)
    cap = data["contracts"][0]["statement"]["annual_cap"]
    assert cap["months_label"] == "November 2025 – October 2026"
    assert (cap["invoiced_total"], cap["percent_of_invoiced"], cap["amount_limit"],
            cap["project_price"], cap["binding_amount"]) == \
        ("16000.00", "3200.00", "5000.00", "2000.00", "2000.00")
    assert cap["binding"] == "art. 16.4 (project price EUR 2,000.00)"
    assert (cap["used_before_this_month"], cap["left_before_this_month"],
            cap["used_this_month"], cap["left_after_this_month"]) == \
        ("0.00", "2000.00", "2000.00", "0.00")
    lines = data["contracts"][0]["statement"]["lines"]
    assert [line["amount_before_cap"] for line in lines] == ["1250.00", "1250.00"]
    assert [line["amount_after_cap"] for line in lines] == ["1250.00", "750.00"]


def test_without_invoices_the_statement_says_the_monthly_fees_are_the_base(app):
    customer, _, _, _ = managed_customer()
    cap = statement_json(app, customer, "2026-11", NOW)["contracts"][0]["statement"][
        "annual_cap"]
    assert cap["base_source"] == "monthly_fees" and "no invoices" in cap["base_note"]
    assert cap["invoiced_total"] == "15000.00" and cap["binding_amount"] == "3000.00"


@pytest.fixture
def at_now():
    with mock.patch("helpdesk.web.reports.views.utcnow", return_value=NOW), \
         mock.patch("helpdesk.web.reports.invoices.utcnow", return_value=NOW):
        yield


def test_the_report_page_shows_the_cap_lines(app, client, capped, at_now):
    customer, staff = capped
    login(client, staff)
    page = client.get(f"/staff/reports/customers/{customer.id}/2026-11").get_data(as_text=True)
    for name, value in (("cap_invoiced_total", "16000.00"), ("cap_percent_of_invoiced",
                        "3200.00"), ("cap_amount_limit", "5000.00"),
                        ("cap_project_price", "2000.00"), ("cap_used_before", "0.00"),
                        ("cap_left_after", "0.00")):
        assert f'data-figure="{name}">EUR {Decimal(value):,.2f}<' in page, name
    assert "November 2025 – October 2026 (12)" in page
    assert "project price EUR 2,000.00" in page


def test_managers_import_a_csv_on_the_invoices_page_and_agents_may_only_look(app, client,
                                                                            at_now):
    customer, contract, _, agent = managed_customer()
    manager = make_staff(role="senior_manager")
    db.session.commit()
    url = f"/staff/reports/customers/{customer.id}/invoices"
    login(client, agent)
    assert client.get(url).status_code == 200
    assert client.post(url + "/import", data={"contract_id": contract.id}).status_code == 403
    client.post("/staff/logout")
    login(client, manager)
    bad = client.post(url + "/import", data={
        "contract_id": contract.id,
        "file": (io.BytesIO((HEADER + "2026-10-01,B-1,abc,hours,\n").encode()), "i.csv")},
        content_type="multipart/form-data")
    assert bad.status_code == 400 and "line 2: amount" in bad.get_data(as_text=True)
    assert count() == 0
    good = client.post(url + "/import", data={
        "contract_id": contract.id, "file": (io.BytesIO(GOOD.encode()), "i.csv")},
        content_type="multipart/form-data")
    assert good.status_code == 302 and count() == 16
    page = client.get(url).get_data(as_text=True)
    assert "F-202610" in page and "EUR 2,000.00" in page
    assert client.post(f"/staff/reports/customers/{customer.id}/contracts/{contract.id}"
                       "/project-price", data={f"c{contract.id}-price": "1800.00"}
                       ).status_code == 302
    db.session.refresh(contract)
    assert contract.project_price_cents == 180_000
