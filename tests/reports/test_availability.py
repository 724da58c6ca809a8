"""Availability credits (seed 001, R11) through the database: services with a monthly fee of
EUR 80.00 and outages in November 2026 (30 days = 2,592,000 s; the 99.9 % objective allows
2,592 s = 43 min 12 s of downtime)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpdesk.credits import Month
from helpdesk.extensions import db
from helpdesk.reports import records
from tests.reports.helpers import managed_customer, statement_json, utc

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
