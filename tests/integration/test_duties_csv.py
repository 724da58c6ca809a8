"""The monthly report's CSV carries the contract duties the page shows (R25, seed 002): one
row per complaint (art. 16.1), conflict notice (art. 39.4.2), hours entry and hours dispute
(art. 6.6), suspension for non-payment (art. 6.9) and site visit (art. 27.2.2/27.2.3), with
`section` "duties" and `kind` to filter on, times in Brussels wall-clock, deadlines and
verdicts. The columns the CSV always had keep their names and order. The clock is set."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from helpdesk.billing import hours
from helpdesk.duties import nonpayment, register, visits
from helpdesk.extensions import db
from helpdesk.web import services
from tests.factories import login, make_staff, make_ticket
from tests.integration.test_web_helpers import world

# The columns of the CSV before the duties (helpdesk/reports/export.py): stable for the
# spreadsheets built on them.
CREDIT_COLUMNS = [
    "kind", "customer", "month", "contract", "sla", "reference", "clock", "priority_at_breach",
    "deadline", "stopped_at", "overdue_seconds", "days", "percent", "base_month",
    "base_amount", "amount_before_cap", "amount_after_cap", "annual_cap", "payable",
    "claim_deadline", "claim_status", "claim_received_on", "reason", "excluded_seconds",
    "window_start", "window_end", "announced_at"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def november(client, clock):
    """Every kind of duty in November 2026, in the order it happened."""
    clock.set(utc(2026, 11, 2, 9, 0))  # Monday 2 Nov 10:00 Brussels
    w = world()
    w.manager = make_staff(name="Mia", role="escalation_manager")
    db.session.commit()
    visit = visits.plan(w.customer, by=w.staff, starts_at=utc(2026, 11, 20, 8, 0),
                        ends_at=utc(2026, 11, 20, 10, 0), title="Server room check",
                        now=utc(2026, 11, 2, 9, 0))
    received = utc(2026, 11, 3, 9, 0)  # Tuesday 3 Nov 10:00 Brussels
    clock.set(received)
    complaint = register.register_complaint(
        w.customer, subject="service", invoice=None, title="Backups missed",
        text="No backups on Monday.", noticed_on=date(2026, 11, 2), received_at=received,
        channel="email", now=received, by=w.staff)
    notice = register.register_conflict(
        w.customer, title="Dispute on credits", text="We disagree.", received_at=received,
        channel="registered_letter", now=received, by=w.staff)
    db.session.commit()
    clock.set(utc(2026, 11, 4, 9, 0))
    ticket = make_ticket(w.contact, at=utc(2026, 11, 4, 9, 0))
    disputed = services.log_time(ticket, by=w.staff, start=utc(2026, 11, 4, 13, 0),
                                 end=utc(2026, 11, 4, 15, 0), description="Replaced the switch",
                                 now=utc(2026, 11, 4, 15, 30))
    services.log_time(ticket, by=w.staff, start=utc(2026, 11, 4, 15, 0),
                      end=utc(2026, 11, 4, 15, 30), description="Tested the VLANs",
                      now=utc(2026, 11, 4, 15, 31))
    db.session.commit()
    at = utc(2026, 11, 6, 10, 0)
    hours.dispute(hours.entry(disputed.id, now=at), by=w.contact,
                  reason="Only one hour was worked.", now=at)
    db.session.commit()
    clock.set(utc(2026, 11, 16, 8, 0))
    suspension = nonpayment.start(w.customer, by=w.manager, reason="Invoice 2026-014 unpaid",
                                  now=utc(2026, 11, 16, 8, 0))
    db.session.commit()
    clock.set(utc(2026, 11, 16, 9, 0))
    held = make_ticket(w.contact, at=utc(2026, 11, 16, 9, 0))
    nonpayment.stop(suspension, by=w.manager, reason="Paid", now=utc(2026, 11, 17, 14, 0))
    db.session.commit()
    clock.set(utc(2026, 12, 2, 9, 0))  # the report is read on 2 December
    login(client, w.staff)
    return w, {"visit": visit, "complaint": complaint, "notice": notice, "ticket": ticket,
               "suspension": suspension, "held": held}


def rows_of(client, w, month="2026-11"):
    response = client.get(f"/staff/reports/customers/{w.customer.id}/{month}/csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    return reader.fieldnames, list(reader)


def test_the_credit_columns_stay_and_the_duty_columns_follow(client, november):
    w, _ = november
    header, rows = rows_of(client, w)
    assert header[:len(CREDIT_COLUMNS)] == CREDIT_COLUMNS
    assert header[len(CREDIT_COLUMNS):] == [
        "section", "title", "state", "verdict", "start_brussels", "end_brussels",
        "due_brussels", "minutes"]
    assert {r["section"] for r in rows if r["kind"] == "total"} == {"credits"}


def test_every_duty_of_the_month_is_a_row_to_filter_on(client, november):
    w, made = november
    _, rows = rows_of(client, w)
    duties = [r for r in rows if r["section"] == "duties"]
    assert [r["kind"] for r in duties] == [
        "complaint", "conflict notice", "hours dispute", "hours", "non-payment suspension",
        "site visit"]
    assert {r["customer"] for r in duties} == {"Kroon"} and {r["month"] for r in duties} \
        == {"2026-11"}
    complaint, notice, disputed, accepted, suspension, visit = duties
    # art. 16.1: noticed Mon 2 Nov; 15 working days (11 November skipped) end Tue 24 Nov
    assert complaint["reference"] == str(made["complaint"].id)
    assert (complaint["title"], complaint["state"], complaint["verdict"]) == (
        "Backups missed", "open", "in_time")
    assert complaint["start_brussels"] == "2026-11-03 10:00"  # 09:00 UTC, CET
    assert complaint["due_brussels"] == "2026-11-24" and complaint["end_brussels"] == ""
    # art. 39.4.2: received 3 Nov, the 15 days end with 18 Nov; no consultation recorded
    assert (notice["verdict"], notice["due_brussels"]) == ("ended", "2026-11-18")
    assert notice["reason"].startswith(
        "The consultation period has ended without a consultation in it; art. 39.4.2")
    assert notice["start_brussels"] == "2026-11-03 10:00" and notice["state"] == "open"
    # art. 6.6: made known Wed 4 Nov 16:30; disputable through Wed 11 Nov
    assert disputed["reference"] == made["ticket"].reference
    assert (disputed["state"], disputed["verdict"], disputed["minutes"]) == (
        "disputed", "not counted", "120")
    assert disputed["start_brussels"] == "2026-11-04 16:30"
    assert disputed["end_brussels"] == "2026-11-06 11:00"  # the dispute
    assert disputed["due_brussels"] == "2026-11-12 00:00"
    assert disputed["reason"] == "Only one hour was worked."
    assert (accepted["title"], accepted["state"], accepted["verdict"], accepted["minutes"]) \
        == ("Tested the VLANs", "accepted", "counted", "30")
    # art. 6.9: the suspension with the ticket it held
    assert suspension["reference"] == str(made["suspension"].id)
    assert (suspension["title"], suspension["state"], suspension["verdict"]) == (
        "Invoice 2026-014 unpaid", "stopped", "1 tickets held")
    assert (suspension["start_brussels"], suspension["end_brussels"]) == (
        "2026-11-16 09:00", "2026-11-17 15:00")
    assert suspension["reason"] == made["held"].reference
    # art. 27.2.2/27.2.3: planned 18 days ahead; the report was due by the end of 30 Nov
    assert (visit["title"], visit["state"], visit["verdict"]) == (
        "Server room check", "report_overdue", "on notice")
    assert (visit["start_brussels"], visit["end_brussels"]) == (
        "2026-11-20 09:00", "2026-11-20 11:00")
    assert visit["due_brussels"] == "2026-12-01 00:00"
    assert visit["reason"] == "announced 2026-11-02 10:00"
    for row in duties:  # the credit figures stay empty on a duty row
        assert row["payable"] == row["deadline"] == row["amount_after_cap"] == ""


def test_a_month_without_duties_has_no_duty_rows(client, november):
    w, _ = november
    _, rows = rows_of(client, w, month="2026-09")
    assert [r for r in rows if r["section"] == "duties"] == []
    assert rows and all(r["section"] == "credits" for r in rows)
