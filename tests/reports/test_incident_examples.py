"""Examples H-L (EXAMPLES.md) through the shell: tickets with events at fixed instants in the
database, folded by the SLA engine, assessed by the credit rules, printed by the CLI as JSON.

Every ticket below is type 4, P1 (blocking, all employees), submitted Mon 2026-11-02 09:00
CET (08:00Z) and acknowledged at 09:30 CET (08:30Z). Resolution (type 4 P1: 1 day = 18 h of
the 06:00-24:00 window, R4) counts 14 h 30 on Monday until 24:00 and 3 h 30 from Tuesday
06:00: deadline Tue 2026-11-03 09:30 CET = 08:30:00Z. The fee base is October's fee (R14).
"""

from __future__ import annotations

from datetime import date
from unittest import mock

from helpdesk.extensions import db
from helpdesk.reports import records
from helpdesk.tickets import actions
from helpdesk.tickets.projection import fold_ticket
from tests.factories import login
from tests.reports.helpers import (
    lines,
    managed_customer,
    statement_json,
    ticket,
    utc,
)

SUBMITTED, ACKNOWLEDGED = utc(2026, 11, 2, 8, 0), utc(2026, 11, 2, 8, 30)
DEADLINE = "2026-11-03T08:30:00Z"
AS_OF = utc(2026, 11, 5, 12, 0)  # before the last day to claim (Tue 2026-11-10)


def only_line(app, customer, as_of=AS_OF) -> dict:
    data = statement_json(app, customer, "2026-11", as_of)
    (line,) = lines(data)
    assert line["deadline"] == DEADLINE
    return line


def test_example_h_one_second_late_is_one_day_ten_percent(app):
    """H: stopped 08:30:01Z, 1 s past the deadline: 1 started day (R10) × 10 % × 1,250.00
    = EUR 125.00."""
    customer, _, contact, staff = managed_customer()
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
           resolved=utc(2026, 11, 3, 8, 30, 1))
    line = only_line(app, customer)
    assert (line["clock"], line["priority_at_breach"]) == ("resolution", "P1")
    assert line["stopped_at"] == "2026-11-03T08:30:01Z"
    assert (line["overdue_seconds"], line["days"], line["percent"]) == (1, 1, "10")
    assert line["base"] == {"month": "2026-10", "amount": "1250.00", "invoiced": "1250.00",
                            "paid": "1250.00", "reason": None}
    assert line["amount_before_cap"] == line["amount_after_cap"] == line["payable"] == "125.00"
    assert line["claim_deadline"] == "2026-11-10" and line["claim_status"] == "claimable"


def test_example_i_exactly_twenty_four_hours_late_is_still_one_day(app):
    """I: stopped Wed 08:30:00Z, exactly 86,400 s late: 1 day, EUR 125.00."""
    customer, _, contact, staff = managed_customer()
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
           resolved=utc(2026, 11, 4, 8, 30, 0))
    line = only_line(app, customer)
    assert (line["overdue_seconds"], line["days"], line["payable"]) == (86_400, 1, "125.00")


def test_example_j_twenty_four_hours_and_one_second_late_is_two_days(app):
    """J: stopped Wed 08:30:01Z, 86,401 s late: 2 started days, 20 % = EUR 250.00."""
    customer, _, contact, staff = managed_customer()
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
           resolved=utc(2026, 11, 4, 8, 30, 1))
    line = only_line(app, customer)
    assert (line["overdue_seconds"], line["days"], line["percent"]) == (86_401, 2, "20")
    assert line["payable"] == "250.00"


def test_example_k_twelve_days_three_hours_late_is_capped_at_the_months_fee(app):
    """K: stopped Sun 2026-11-15 11:30Z, 12 d 3 h late: 13 days = 130 %, capped per breach at
    100 % of October's fee = EUR 1,250.00 (claimed on Nov 4, so it has not lapsed). The annual
    cap (20 % of 15,000.00 = 3,000.00) is not reached."""
    customer, _, contact, staff = managed_customer()
    made = ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
                  resolved=utc(2026, 11, 15, 11, 30))
    records.record_claim(customer, kind="incident", channel="registered_letter",
                         received_on=date(2026, 11, 4),
                         covers=[records.Covered(made.reference)], by=staff,
                         now=utc(2026, 11, 4, 10))
    db.session.commit()
    line = only_line(app, customer, as_of=utc(2026, 11, 20))
    assert (line["days"], line["percent_before_cap"], line["percent"]) == (13, "130", "100")
    assert line["capped_per_breach"] is True
    assert line["amount_before_cap"] == line["payable"] == "1250.00"
    assert line["annual_cap"] is None
    assert (line["claim_status"], line["claim_received_on"]) == ("claimed", "2026-11-04")


def test_example_l_base_is_what_was_paid_when_less_than_invoiced(app):
    """L: October invoiced 1,250.00 but 999.99 paid: 10 % × 999.99 = 99.999 → EUR 100.00,
    rounded once, half up (R14, R15)."""
    customer, _, contact, staff = managed_customer(paid={date(2026, 10, 1): 99_999})
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
           resolved=utc(2026, 11, 3, 8, 30, 1))
    line = only_line(app, customer)
    assert line["base"]["amount"] == "999.99" and "only 999.99 paid" in line["base"]["reason"]
    assert (line["exact"], line["payable"]) == ("99.999", "100.00")


def test_a_clock_still_running_counts_days_until_now(app):
    """Never resolved: as of Thu 2026-11-05 12:00Z the clock is 2 d 3 h 30 late: 3 days,
    30 % = EUR 375.00, measured until now (R10)."""
    customer, _, contact, staff = managed_customer()
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED)
    line = only_line(app, customer)
    assert line["still_running"] is True and line["stopped_at"] is None
    assert (line["days"], line["payable"]) == (3, "375.00")


def test_no_fee_paid_for_the_month_before_means_no_credit_and_says_why(app):
    """R14: October was invoiced but nothing paid: the base is zero and the line says so."""
    customer, _, contact, staff = managed_customer(paid={date(2026, 10, 1): 0})
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
           resolved=utc(2026, 11, 3, 8, 30, 1))
    line = only_line(app, customer)
    assert line["payable"] == "0.00" and line["claim_status"] == "not owed"
    assert line["reason"] == "the October 2026 fee was invoiced but not paid"


def test_a_met_ticket_has_no_line(app):
    """Resolved at 08:30:00Z, exactly at the deadline: met, so nothing on the statement."""
    customer, _, contact, staff = managed_customer()
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
           resolved=utc(2026, 11, 3, 8, 30, 0))
    data = statement_json(app, customer, "2026-11", AS_OF)
    assert lines(data) == [] and data["totals"]["incident_owed"] == "0.00"


def test_the_time_from_a_fix_to_its_rejection_is_not_late(app, client):
    """R9/R10: resolved Tue 10:30Z (2 h past the deadline), the customer rejects the fix
    Thu 10:30Z, resolved again Thu 12:30Z. The clock was stopped from the fix to the
    rejection (48 h), so it ran 2 h + 2 h = 4 h = 14,400 s past its deadline: 1 started day,
    10 % = EUR 125.00, and the ticket's clock shows the same overdue time. Counting the 48 h
    the customer took to reject would have made it 52 h, 3 days, 30 %."""
    customer, _, contact, staff = managed_customer()
    made = ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
                  resolved=utc(2026, 11, 3, 10, 30))
    actions.reject_fix(made, by=contact, now=utc(2026, 11, 5, 10, 30), reason="still down")
    actions.resolve(made, by=staff, now=utc(2026, 11, 5, 12, 30))
    db.session.commit()
    line = only_line(app, customer, as_of=utc(2026, 11, 6, 12, 0))
    assert line["clock"] == "resolution"
    assert line["stopped_at"] == "2026-11-05T12:30:00Z"
    assert (line["overdue_seconds"], line["days"], line["percent"]) == (14_400, 1, "10")
    assert line["payable"] == "125.00"
    assert line["not_late"] == [{"from": "2026-11-03T10:30:00Z", "to": "2026-11-05T10:30:00Z"}]
    clock = fold_ticket(made, made.events, utc(2026, 11, 6, 12, 0)).clocks["resolution"]
    assert clock.overdue_seconds == line["overdue_seconds"]
    # The monthly report shows the stretch it left out, in Brussels time.
    login(client, staff)
    with mock.patch("helpdesk.web.reports.views.utcnow", return_value=utc(2026, 11, 6, 12)):
        page = client.get(f"/staff/reports/customers/{customer.id}/2026-11").get_data(
            as_text=True)
    assert "Not late" in page
    assert "Tue 2026-11-03 11:30:00 CET – Thu 2026-11-05 11:30:00 CET" in page
