"""Availability credits (seed 001, R11) through the database: services with a monthly fee of
EUR 80.00 and outages in November 2026 (30 days = 2,592,000 s; the 99.9 % objective allows
2,592 s = 43 min 12 s of downtime)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpdesk.credits import Month
from helpdesk.extensions import db
from helpdesk.reports import records
from tests.reports.helpers import bxl, managed_customer, statement_json, utc

START = utc(2026, 11, 10, 9)  # Tue 2026-11-10 10:00 CET
AS_OF = utc(2026, 12, 1, 12)


def service_with(customer, staff, *outages, name="Webshop"):
    service = records.add_service(customer, name=name, monthly_fee_cents=8000, now=START)
    for start, minutes, cause in outages:
        records.record_outage(service, start=start, end=start + timedelta(minutes=minutes),
                              cause=cause, note="", by=staff, now=AS_OF)
    db.session.commit()
    return service


@pytest.mark.parametrize(("minutes", "hours", "percent", "amount", "met"), [
    (44, 0, 0, "0.00", False),  # 44 min: under 45, no credit; but 2,640 s > 2,592 s allowed
    (45, 0, 0, "0.00", False),  # at the threshold, no full extra hour yet
    (104, 0, 0, "0.00", False),  # 1 h 44 min: 59 min past 45
    (105, 1, 20, "16.00", False),  # 1 h 45 min: one full extra hour = 20 % of 80.00
    (360, 5, 100, "80.00", False),  # 6 h: 5 h 15 past 45 min = 5 full hours = 100 %
    (540, 8, 100, "80.00", False),  # 9 h: 160 % capped at 100 %
    (43, 0, 0, "0.00", True),  # 43 min = 2,580 s: 99.9 % met
])
def test_downtime_table(app, minutes, hours, percent, amount, met):
    """R11: credit % = 20 × floor((downtime − 45 min) / 60 min), at most 100 %."""
    customer, _, _, staff = managed_customer()
    service_with(customer, staff, (START, minutes, "unavailable"))
    (month,) = statement_json(app, customer, "2026-11", AS_OF)["availability"]
    assert month["downtime_seconds"] == minutes * 60
    assert (month["full_extra_hours"], month["percent"], month["amount"]) == (
        hours, percent, amount)
    assert month["objective_met"] is met
    assert month["fee"] == "80.00"


def test_excluded_causes_are_kept_but_not_counted(app):
    """Announced maintenance 3 h (excluded) plus 50 min unavailable: 50 min counted, no
    full extra hour; both outages are listed, the excluded one with its reason."""
    customer, _, _, staff = managed_customer()
    service_with(customer, staff, (START, 180, "announced_maintenance"),
                 (START + timedelta(days=1), 50, "unavailable"))
    (month,) = statement_json(app, customer, "2026-11", AS_OF)["availability"]
    assert month["downtime_seconds"] == 3000 and month["amount"] == "0.00"
    assert [o["excluded_because"] for o in month["outages"]] == ["announced maintenance", None]


@pytest.mark.parametrize(("received", "status"), [
    (date(2026, 11, 25), "claimed"), (date(2026, 11, 26), "lapsed"), (None, "lapsed")])
def test_availability_claims_are_due_within_fifteen_days(app, received, status):
    """1 h 45 min from Tue 2026-11-10 10:00 CET: the 45-minute threshold is reached at 10:45,
    so the last day to claim (by e-mail) is 2026-11-25 (R17: +15 calendar days)."""
    customer, _, _, staff = managed_customer()
    service = service_with(customer, staff, (START, 105, "unavailable"))
    if received is not None:
        records.record_claim(customer, kind="availability", channel="email",
                             received_on=received, by=staff, now=AS_OF,
                             covers=[records.Covered(service_id=service.id,
                                                     month=Month(2026, 11))])
        db.session.commit()
    data = statement_json(app, customer, "2026-11", AS_OF)
    (month,) = data["availability"]
    assert month["claim_deadline"] == "2026-11-25" and month["claim_status"] == status
    assert month["threshold_reached_at"] == "2026-11-10T09:45:00Z"
    assert "never paid out" in month["settlement"]
    owed = "16.00" if status == "claimed" else "0.00"
    assert data["totals"]["availability_owed"] == owed
    assert data["totals"]["availability_credit"] == "16.00"


def test_an_outage_running_into_the_next_month_is_split_at_midnight_brussels(app):
    """Mon 2026-11-30 23:00 CET to Tue 2026-12-01 01:00 CET: 1 h in each month."""
    customer, _, _, staff = managed_customer()
    service_with(customer, staff, (utc(2026, 11, 30, 22), 120, "unavailable"))
    (nov,) = statement_json(app, customer, "2026-11", AS_OF)["availability"]
    (dec,) = statement_json(app, customer, "2026-12", utc(2027, 1, 2))["availability"]
    assert nov["downtime_seconds"] == dec["downtime_seconds"] == 3600


def test_recording_refuses_an_outage_that_ends_before_it_starts(app):
    customer, _, _, staff = managed_customer()
    service = records.add_service(customer, name="Mail", monthly_fee_cents=8000, now=START)
    with pytest.raises(records.RecordRefused, match="before it starts"):
        records.record_outage(service, start=START, end=START - timedelta(minutes=1),
                              cause="unavailable", note="", by=staff, now=AS_OF)
    with pytest.raises(records.RecordRefused):
        records.record_outage(service, start=START, end=None, cause="aliens", note="",
                              by=staff, now=AS_OF)


def march_service(customer, staff, *outages):
    """'Webshop' at EUR 80.00 a month with outages (start, end or None) in March 2026."""
    service = records.add_service(customer, name="Webshop", monthly_fee_cents=8000,
                                  now=bxl(2026, 1, 5, 9))
    for start, end in outages:
        records.record_outage(service, start=start, end=end, cause="unavailable", note="",
                              by=staff, now=end or start)
    db.session.commit()
    return service


def claim_march(customer, staff, service, received_on):
    records.record_claim(customer, kind="availability", channel="email",
                         received_on=received_on, by=staff, now=bxl(2026, 4, 20, 9),
                         covers=[records.Covered(service_id=service.id, month=Month(2026, 3))])
    db.session.commit()


def test_r19_a_claim_after_the_last_outage_is_in_time_for_the_whole_month(app):
    """SPEC R19: outages 2 March (50 min) and 25 March (5 h, ended 15:00 Brussels): 5 h 50 min,
    100 % = EUR 80.00. The 45 minutes were reached on 2 March, yet a claim on 26 March is in
    time: the window closes at the end of 9 April (25 + 15), not on 17 March (2 + 15)."""
    customer, _, _, staff = managed_customer()
    service = march_service(customer, staff,
                            (bxl(2026, 3, 2, 10), bxl(2026, 3, 2, 10, 50)),
                            (bxl(2026, 3, 25, 10), bxl(2026, 3, 25, 15)))
    as_of = bxl(2026, 4, 20, 12)
    (before,) = statement_json(app, customer, "2026-03", as_of)["availability"]
    assert before["claim_deadline"] == "2026-04-09" and before["claim_status"] == "lapsed"
    claim_march(customer, staff, service, date(2026, 3, 26))
    data = statement_json(app, customer, "2026-03", as_of)
    (month,) = data["availability"]
    assert month["amount"] == "80.00" and month["threshold_reached_at"] == "2026-03-02T09:45:00Z"
    assert (month["claim_deadline"], month["claim_status"], month["claim_received_on"]) == (
        "2026-04-09", "claimed", "2026-03-26")
    assert data["totals"]["availability_owed"] == "80.00"
    assert data["totals"]["availability_lapsed"] == "0.00"


def test_r19_an_outage_still_going_on_at_month_end_keeps_the_claim_window_open(app):
    """Down since Tue 31 March 2026 20:00 CEST and still down on 2 April: March counts 4 h
    (60 % = EUR 48.00) and has no last day to claim yet."""
    customer, _, _, staff = managed_customer()
    march_service(customer, staff, (bxl(2026, 3, 31, 20), None))
    data = statement_json(app, customer, "2026-03", bxl(2026, 4, 2, 12))
    (month,) = data["availability"]
    assert month["downtime_seconds"] == 4 * 3600 and month["amount"] == "48.00"
    assert month["claim_deadline"] is None and month["claim_status"] == "claimable"
    assert "R19" in month["claim_note"]
    assert data["totals"]["availability_owed"] == "48.00"


def test_r19_an_outage_across_month_end_is_claimable_15_days_after_it_ended(app):
    """The same outage, ended Fri 3 April 10:00: March may be claimed until 18 April (3 + 15),
    counted from the outage's own end, not from the month's (1 April + 15)."""
    customer, _, _, staff = managed_customer()
    march_service(customer, staff, (bxl(2026, 3, 31, 20), bxl(2026, 4, 3, 10)))
    (month,) = statement_json(app, customer, "2026-03", bxl(2026, 4, 19, 12))["availability"]
    assert month["downtime_seconds"] == 4 * 3600
    assert month["claim_deadline"] == "2026-04-18" and month["claim_status"] == "lapsed"
