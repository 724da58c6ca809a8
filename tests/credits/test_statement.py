"""The November 2026 statement of one customer, assembled from every breach of 2026.

Fees: 2024-11 .. 2026-10, each invoiced and paid 1,250.00, so every 2026 breach has a
1,250.00 base (R14) and a 20 % annual cap of 20 % × 12 × 1,250.00 = 3,000.00 (art. 16.3).
As of Mon 2026-11-16 12:00 Brussels:

| ticket | clock | deadline (Brussels) | late | days | credit | claim | status | after cap |
|---|---|---|---|---|---|---|---|---|
| T-0900 | resolution | 2026-03-10 10:00 | 12 d 3 h | 13 | 1,250.00 | 03-12 | claimed | 1,250.00 |
| T-1001 | reaction | 2026-11-02 14:10 | 50 min | 1 | 125.00 | 11-05 | claimed | 125.00 |
| T-1002 | resolution | 2026-11-03 10:00 | 12 d 3 h | 13 | 1,250.00 | 11-09 | claimed | 1,250.00 |
| T-1004 | reaction | 2026-11-04 10:00 | 2 d 1 h | 3 | 375.00 | none | lapsed (11-11) | 375.00 * |
| T-1005 | resolution | 2026-11-12 10:00 | 48 h | 2 | 0.00 | none | not owed (f. m.) | 0.00 |
| T-1006 | resolution | 2026-11-13 10:00 | 72 h | 3 | 375.00 | 11-14 | claimed | 375.00 |
| T-1003 | resolution | 2026-11-16 09:00 | 3 h, running | 1 | 125.00 | none | claimable | 0.00 |

* lapsed: shown, not payable, uses no cap.
Cap use in breach order: 1,250 → 1,375 → 2,625 → (lapsed, not owed: nothing) → 3,000 →
T-1003 finds nothing left: 125.00 cut to 0.00 (art. 16.3).
Totals (November lines only): claimed 125 + 1,250 + 375 = 1,750.00; claimable 0.00;
owed 1,750.00; lapsed 375.00; capped 125.00.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from helpdesk.credits import (
    CLAIMABLE,
    CLAIMED,
    LAPSED,
    NOT_OWED,
    BreachKey,
    CapSettings,
    Claim,
    Month,
    Statement,
    incident_statement,
)

from .helpers import bxl, make_breach, monthly_fees

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

NOW = bxl(2026, 11, 16, 12, 0)
FEES = monthly_fees("2024-11", 24, "1250.00")
LATE_13_DAYS = timedelta(days=12, hours=3)

BREACHES = [
    make_breach(reference="T-1003", deadline=bxl(2026, 11, 16, 9), stopped_at=None),
    make_breach(reference="T-0900", deadline=bxl(2026, 3, 10, 10),
                stopped_at=bxl(2026, 3, 10, 10) + LATE_13_DAYS),
    make_breach(reference="T-1001", clock="reaction", priority="P2",
                deadline=bxl(2026, 11, 2, 14, 10), stopped_at=bxl(2026, 11, 2, 15)),
    make_breach(reference="T-1002", deadline=bxl(2026, 11, 3, 10),
                stopped_at=bxl(2026, 11, 3, 10) + LATE_13_DAYS),
    make_breach(reference="T-1004", clock="reaction", deadline=bxl(2026, 11, 4, 10),
                stopped_at=bxl(2026, 11, 6, 11)),
    make_breach(reference="T-1005", deadline=bxl(2026, 11, 12, 10),
                stopped_at=bxl(2026, 11, 14, 10), not_attributable_reason="force_majeure"),
    make_breach(reference="T-1006", deadline=bxl(2026, 11, 13, 10),
                stopped_at=bxl(2026, 11, 16, 10)),
]
CLAIMS = [
    Claim(date(2026, 3, 12), (BreachKey("T-0900"),)),
    Claim(date(2026, 11, 5), (BreachKey("T-1001", "reaction"),)),
    Claim(date(2026, 11, 9), (BreachKey("T-1002"),)),
    Claim(date(2026, 11, 14), (BreachKey("T-1006"),)),
]


@pytest.fixture
def statement() -> Statement:
    return incident_statement("Acme NV", Month(2026, 11), BREACHES, FEES, CLAIMS,
                              CapSettings(), NOW)


def test_the_statement_lists_the_months_breaches_in_breach_order(statement: Statement) -> None:
    assert [line.breach.reference for line in statement.lines] == [
        "T-1001", "T-1002", "T-1004", "T-1005", "T-1006", "T-1003"]


def test_each_line_shows_days_amounts_and_claim_status(statement: Statement) -> None:
    rows = {line.breach.reference: (line.credit.days, line.amount_before_cap,
                                    line.amount_after_cap, line.claim.status)
            for line in statement.lines}
    assert rows == {
        "T-1001": (1, Decimal("125.00"), Decimal("125.00"), CLAIMED),
        "T-1002": (13, Decimal("1250.00"), Decimal("1250.00"), CLAIMED),
        "T-1004": (3, Decimal("375.00"), Decimal("375.00"), LAPSED),
        "T-1005": (2, Decimal("0.00"), Decimal("0.00"), NOT_OWED),
        "T-1006": (3, Decimal("375.00"), Decimal("375.00"), CLAIMED),
        "T-1003": (1, Decimal("125.00"), Decimal("0.00"), CLAIMABLE),
    }


def test_the_annual_cap_counts_the_march_credit_and_cuts_the_last(statement: Statement) -> None:
    last = statement.lines[-1]
    assert last.cap.used_before == Decimal("3000.00")
    assert last.cap.cap is not None and last.cap.cap.startswith("art. 16.3")
    assert last.payable == Decimal("0.00")


def test_totals_are_sums_of_the_rounded_lines(statement: Statement) -> None:
    totals = statement.totals
    assert totals.claimed == Decimal("1750.00")
    assert totals.claimable == Decimal("0.00")
    assert totals.owed == Decimal("1750.00")
    assert totals.lapsed == Decimal("375.00")
    assert totals.capped == Decimal("125.00")


def test_the_json_form_has_string_amounts_and_utc_instants(statement: Statement) -> None:
    data = json.loads(json.dumps(statement.to_dict()))
    assert data["customer"] == "Acme NV"
    assert data["month"] == "2026-11"
    assert data["as_of"] == "2026-11-16T11:00:00Z"
    assert data["totals"] == {"owed": "1750.00", "claimed": "1750.00", "claimable": "0.00",
                              "lapsed": "375.00", "capped": "125.00"}
    first = data["lines"][0]
    assert first["reference"] == "T-1001"
    assert first["clock"] == "reaction"
    assert first["priority_at_breach"] == "P2"
    assert first["deadline"] == "2026-11-02T13:10:00Z"
    assert first["stopped_at"] == "2026-11-02T14:00:00Z"
    assert first["overdue_seconds"] == 50 * 60
    assert first["days"] == 1
    assert first["percent"] == "10"
    assert first["base"] == {"month": "2026-10", "amount": "1250.00", "invoiced": "1250.00",
                             "paid": "1250.00", "reason": None}
    assert first["amount_before_cap"] == "125.00"
    assert first["claim_deadline"] == "2026-11-09"
    assert first["claim_status"] == "claimed"
    running = data["lines"][-1]
    assert running["stopped_at"] is None
    assert running["still_running"] is True
    assert running["measured_until"] == "2026-11-16T11:00:00Z"
    assert data["lines"][3]["not_attributable_reason"] == "force majeure"


def test_a_month_without_breaches_has_an_empty_statement_with_zero_totals() -> None:
    empty = incident_statement("Acme NV", Month(2026, 12), BREACHES, FEES, CLAIMS,
                               CapSettings(), NOW)
    assert empty.lines == ()
    assert empty.to_dict()["totals"]["owed"] == "0.00"


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        incident_statement("Acme NV", Month(2026, 11), [], FEES, [], CapSettings(),
                           NOW.replace(tzinfo=None))
