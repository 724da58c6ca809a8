"""Claim windows (art. 40.4, R17), annual caps (art. 16.3/16.4, R16), attribution marks
(art. 40.3/40.1/36) and objectives without credit (R13), through the database and the CLI.

The standard ticket (see test_incident_examples.py): type 4 P1, acknowledged Mon 2026-11-02
09:30 CET, resolution deadline Tue 2026-11-03 09:30 CET (08:30Z). Breach date Tue 2026-11-03,
so the last day to claim is Tue 2026-11-10 (+7 calendar days, R17).
"""

from __future__ import annotations

from datetime import date

import pytest

from helpdesk.extensions import db
from helpdesk.reports import records
from helpdesk.tickets.actions import NOT_ATTRIBUTABLE_REASONS
from tests.factories import make_contract
from tests.reports.helpers import cli, lines, managed_customer, statement_json, ticket, utc

SUBMITTED, ACKNOWLEDGED = utc(2026, 11, 2, 8, 0), utc(2026, 11, 2, 8, 30)
ONE_SECOND_LATE = utc(2026, 11, 3, 8, 30, 1)
AFTER = utc(2026, 11, 20, 12)  # well after every window


def claim(customer, staff, made, received_on, clock=None):
    records.record_claim(customer, kind="incident", channel="registered_letter",
                         received_on=received_on, covers=[records.Covered(made.reference, clock)],
                         by=staff, now=utc(received_on.year, received_on.month,
                                           received_on.day, 15))
    db.session.commit()


def test_a_letter_received_on_day_seven_is_in_time(app):
    """Breach Tue 2026-11-03; letter received Tue 2026-11-10 (day 7): claimed, EUR 125.00."""
    customer, _, contact, staff = managed_customer()
    made = ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
                  resolved=ONE_SECOND_LATE)
    claim(customer, staff, made, date(2026, 11, 10), clock="resolution")
    data = statement_json(app, customer, "2026-11", AFTER)
    (line,) = lines(data)
    assert (line["claim_status"], line["claim_received_on"]) == ("claimed", "2026-11-10")
    assert line["payable"] == data["totals"]["incident_claimed"] == "125.00"


def test_a_letter_received_on_day_eight_is_too_late_and_the_credit_lapses(app):
    """Letter received Wed 2026-11-11 (day 8): lapsed, and the statement says why."""
    customer, _, contact, staff = managed_customer()
    made = ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
                  resolved=ONE_SECOND_LATE)
    claim(customer, staff, made, date(2026, 11, 11))
    data = statement_json(app, customer, "2026-11", AFTER)
    (line,) = lines(data)
    assert line["claim_status"] == "lapsed" and line["payable"] == "0.00"
    assert line["claim_note"] == "claim received 2026-11-11, after the last day 2026-11-10"
    assert data["totals"]["incident_lapsed"] == "125.00"
    assert data["totals"]["incident_owed"] == "0.00"


def test_an_unclaimed_credit_lapses_by_itself_after_the_last_day(app):
    """No letter: claimable up to and including Tue 2026-11-10, lapsed from Wed 2026-11-11."""
    customer, _, contact, staff = managed_customer()
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
           resolved=ONE_SECOND_LATE)
    on_last_day = lines(statement_json(app, customer, "2026-11", utc(2026, 11, 10, 22, 59)))
    assert on_last_day[0]["claim_status"] == "claimable"  # 23:59 CET on the 10th
    (line,) = lines(statement_json(app, customer, "2026-11", utc(2026, 11, 10, 23, 0)))
    assert line["claim_status"] == "lapsed"  # 00:00 CET on the 11th
    assert line["claim_note"] == "no claim received in time"


def test_the_annual_cap_is_consumed_from_january_on(app):
    """Three breaches in 2026, each 14 days late (100 % = EUR 1,250.00), each claimed in time:
    Tue 2026-03-03, Tue 2026-06-02 and Tue 2026-11-03. Fees of 1,250.00 were received every
    month of 2025 and 2026, so 12 months before each breach received 15,000.00 and the
    art. 16.3 cap is 20 % = 3,000.00 a year. March and June use 2,500.00; November's credit is
    cut from 1,250.00 to 500.00, and the statement shows before and after."""
    customer, _, contact, staff = managed_customer()
    # type 4 P1: acknowledged Mon 09:30 local, deadline Tue 09:30 local; resolved 14 days on
    for submitted, deadline in ((utc(2026, 3, 2, 8), utc(2026, 3, 3, 8, 30)),
                                (utc(2026, 6, 1, 7), utc(2026, 6, 2, 7, 30)),
                                (utc(2026, 11, 2, 8), utc(2026, 11, 3, 8, 30))):
        made = ticket(contact, staff, submitted=submitted,
                      acknowledged=submitted.replace(minute=30),
                      resolved=deadline.replace(day=deadline.day + 14))
        claim(customer, staff, made, deadline.date())
    march = lines(statement_json(app, customer, "2026-03", AFTER))
    assert [(x["amount_before_cap"], x["amount_after_cap"]) for x in march] == [
        ("1250.00", "1250.00")]
    (line,) = lines(statement_json(app, customer, "2026-11", AFTER))
    assert (line["amount_before_cap"], line["amount_after_cap"]) == ("1250.00", "500.00")
    assert line["year_used_before"] == "2500.00"
    assert line["annual_cap"] == "art. 16.3 (20 % of 12 months invoiced and received)"
    data = statement_json(app, customer, "2026-11", AFTER)
    assert data["totals"]["incident_capped"] == "750.00"
    assert data["totals"]["incident_owed"] == "500.00"


def test_the_eur_5000_cap_of_art_16_4(app):
    """Fee 3,000.00 a month: 20 % of 36,000.00 = 7,200.00, so art. 16.4's EUR 5,000.00 bites
    first. Two November breaches of 100 % each (3,000.00), claimed: 3,000.00 then 2,000.00."""
    customer, _, contact, staff = managed_customer(fee=300_000)
    for hour in (8, 9):  # ack 30 min later; deadlines Tue 09:30 and 10:30 CET
        made = ticket(contact, staff, submitted=utc(2026, 11, 2, hour),
                      acknowledged=utc(2026, 11, 2, hour, 30),
                      resolved=utc(2026, 11, 19, 12))
        claim(customer, staff, made, date(2026, 11, 5))
    first, second = lines(statement_json(app, customer, "2026-11", AFTER))
    assert (first["amount_before_cap"], first["amount_after_cap"]) == ("3000.00", "3000.00")
    assert (second["amount_before_cap"], second["amount_after_cap"]) == ("3000.00", "2000.00")
    assert second["annual_cap"] == "art. 16.4 (EUR 5,000.00 a year)"


def test_caps_can_be_switched_off_per_contract(app):
    customer, _, contact, staff = managed_customer(fee=300_000, annual_cap_enabled=False)
    for hour in (8, 9):
        made = ticket(contact, staff, submitted=utc(2026, 11, 2, hour),
                      acknowledged=utc(2026, 11, 2, hour, 30), resolved=utc(2026, 11, 19, 12))
        claim(customer, staff, made, date(2026, 11, 5))
    data = statement_json(app, customer, "2026-11", AFTER)
    assert [x["amount_after_cap"] for x in lines(data)] == ["3000.00", "3000.00"]
    assert data["contracts"][0]["statement"]["caps"]["enabled"] is False


@pytest.mark.parametrize("reason", NOT_ATTRIBUTABLE_REASONS)
def test_a_breach_marked_not_attributable_gives_no_credit_and_shows_why(app, reason):
    """Staff mark the breach (a ticket event); the line is not owed and names the reason."""
    customer, _, contact, staff = managed_customer()
    made = ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
                  resolved=ONE_SECOND_LATE)
    event = records.mark_not_attributable(made, clock="resolution",
                                          deadline=utc(2026, 11, 3, 8, 30), reason=reason,
                                          by=staff, now=utc(2026, 11, 4, 9))
    db.session.commit()
    assert event.type == "breach_not_attributable"
    assert event.payload == {"clock": "resolution", "deadline": "2026-11-03T08:30:00Z",
                             "reason": reason}
    (line,) = lines(statement_json(app, customer, "2026-11", utc(2026, 11, 5)))
    assert line["payable"] == "0.00" and line["claim_status"] == "not owed"
    assert line["not_attributable_reason"] == reason
    assert line["reason"] == f"not solely attributable to the provider: {reason}"


def test_marking_needs_a_reason_a_real_breach_and_happens_once(app):
    _, _, contact, staff = managed_customer()
    made = ticket(contact, staff, submitted=SUBMITTED, acknowledged=ACKNOWLEDGED,
                  resolved=ONE_SECOND_LATE)
    deadline, now = utc(2026, 11, 3, 8, 30), utc(2026, 11, 4, 9)
    with pytest.raises(records.RecordRefused, match="reason"):
        records.mark_not_attributable(made, clock="resolution", deadline=deadline,
                                      reason=" ", by=staff, now=now)
    with pytest.raises(records.RecordRefused, match="no breach"):
        records.mark_not_attributable(made, clock="reaction", deadline=deadline,
                                      reason="force majeure", by=staff, now=now)
    records.mark_not_attributable(made, clock="resolution", deadline=deadline,
                                  reason="force majeure", by=staff, now=now)
    with pytest.raises(records.RecordRefused, match="already marked"):
        records.mark_not_attributable(made, clock="resolution", deadline=deadline,
                                      reason="external supplier", by=staff, now=now)


def test_platform_objectives_are_reported_without_credit(app):
    """R13: the platform preset's misses are objectives: listed, no amount, no claim."""
    customer, agreement, contact, staff = managed_customer()
    agreement.ends_on = date(2026, 10, 31)
    make_contract(customer, sla_preset="platform", starts_on=date(2026, 11, 1))
    contact.portal_role = "administrator"  # seed 004 art. 9.3: only administrators log
    db.session.commit()
    db.session.refresh(customer)
    # P1 around the clock from submission: response 4 h (acknowledged 5 h later, at 13:00Z),
    # resolution 8 h (never resolved): deadlines 12:00Z and 16:00Z
    ticket(contact, staff, submitted=SUBMITTED, acknowledged=utc(2026, 11, 2, 13))
    data = statement_json(app, customer, "2026-11", AFTER)
    (platform,) = [p for p in data["contracts"] if p["contract"]["sla"] == "platform"]
    assert platform["credits_apply"] is False and platform["statement"] is None
    assert "R13" in platform["note"]
    assert [(m["clock"], m["deadline"]) for m in platform["objectives_missed"]] == [
        ("response", "2026-11-02T12:00:00Z"), ("resolution", "2026-11-02T16:00:00Z")]
    assert lines(data) == []


def test_unknown_customer_or_bad_month_is_a_one_line_error(app):
    customer, *_ = managed_customer()
    unknown = cli(app, "credits", "--customer", "Nobody BV", "--month", "2026-10")
    assert unknown.exit_code == 1
    assert unknown.output.strip() == "Error: no customer with id or name 'Nobody BV'"
    bad = cli(app, "credits", "--customer", customer.name, "--month", "2026-13")
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) == 1
    assert "month" in bad.output
    by_name = cli(app, "credits", "--customer", "Acme NV", "--month", "2026-10")
    assert by_name.exit_code == 0 and '"name": "Acme NV"' in by_name.output
