"""Properties that hold for every input: credits stay within the base, grow with lateness,
and a year's granted total never exceeds either annual cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk.credits import (
    CapItem,
    CapSettings,
    Month,
    Outage,
    apply_annual_caps,
    availability_month,
    incident_credit,
    started_days,
)
from helpdesk.credits.lateness import DAY

from .helpers import fee, fees, make_breach, monthly_fees

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

DEADLINE = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
NOW = datetime(2027, 6, 1, tzinfo=UTC)

money = st.integers(min_value=0, max_value=10_000_000).map(lambda c: Decimal(c) / 100)
lateness = st.integers(min_value=-10 * 86400, max_value=60 * 86400).map(
    lambda s: timedelta(seconds=s))

# Per test, not a global profile: other suites keep their own settings.
examples = settings(max_examples=150, deadline=None)


def credit(late: timedelta, invoiced: Decimal, paid: Decimal) -> Decimal:
    breach = make_breach(deadline=DEADLINE, stopped_at=DEADLINE + late)
    records = fees(fee("2026-10", str(invoiced), str(paid)))
    return incident_credit(breach, records, NOW).amount


@examples
@given(late=lateness, invoiced=money, paid=money)
def test_a_credit_is_never_negative_and_never_exceeds_its_base(
        late: timedelta, invoiced: Decimal, paid: Decimal) -> None:
    amount = credit(late, invoiced, paid)
    assert Decimal(0) <= amount <= min(invoiced, paid)
    assert amount == amount.quantize(Decimal("0.01"))


@examples
@given(a=lateness, b=lateness, base=money)
def test_a_credit_never_shrinks_as_lateness_grows(a: timedelta, b: timedelta,
                                                  base: Decimal) -> None:
    shorter, longer = sorted((a, b))
    assert credit(shorter, base, base) <= credit(longer, base, base)


@examples
@given(seconds=st.integers(min_value=1, max_value=400 * 86400))
def test_days_late_is_the_number_of_started_24_hour_periods(seconds: int) -> None:
    days = started_days(timedelta(seconds=seconds))
    assert (days - 1) * DAY < timedelta(seconds=seconds) <= days * DAY


cap_items = st.lists(
    st.tuples(st.integers(min_value=0, max_value=2 * 365 * 86400 - 1), money, st.booleans()),
    max_size=25,
)
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)


@examples
@given(raw=cap_items, monthly=money, percent=st.integers(0, 100), amount=money)
def test_a_years_granted_total_never_exceeds_either_cap(
        raw: list[tuple[int, Decimal, bool]], monthly: Decimal, percent: int,
        amount: Decimal) -> None:
    items = [CapItem(YEAR_START + timedelta(seconds=s), a, consumes=c) for s, a, c in raw]
    caps = CapSettings(True, Decimal(percent), amount)
    results = apply_annual_caps(items, monthly_fees("2025-01", 36, str(monthly)), caps)
    totals: dict[int, Decimal] = {}
    for result in sorted(results, key=lambda r: r.item.instant):
        assert Decimal(0) <= result.after <= result.before
        if not result.item.consumes:
            assert result.after == result.before
            continue
        assert result.percent_limit is not None
        totals[result.year] = totals.get(result.year, Decimal(0)) + result.after
        assert result.used_before + result.after <= max(result.percent_limit, result.used_before)
        if result.after > 0:
            assert totals[result.year] <= result.percent_limit
    for total in totals.values():
        assert total <= amount


spans = st.lists(st.tuples(st.integers(0, 30 * 24 * 60 - 1), st.integers(0, 600)),
                 max_size=12)
JUNE = Month(2026, 6)


@examples
@given(raw=spans)
def test_availability_downtime_is_the_union_of_outages_never_double_counted(
        raw: list[tuple[int, int]]) -> None:
    """Whole-minute outages in June: downtime equals the count of distinct minutes covered
    (clipped to the month)."""
    outages = [Outage("web", JUNE.start + timedelta(minutes=m),
                      JUNE.start + timedelta(minutes=m + length)) for m, length in raw]
    result = availability_month("web", JUNE, outages, Decimal("80.00"),
                                now=datetime(2026, 8, 1, tzinfo=UTC))
    minutes = {m + i for m, length in raw for i in range(length) if m + i < 30 * 24 * 60}
    assert result.downtime_seconds == 60 * len(minutes)
    assert Decimal(0) <= result.amount <= Decimal("80.00")
