"""Small factories for the pure credit tests: Brussels and UTC instants, fees, breaches."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from helpdesk.credits import BreachInput, Fee, Month

BRUSSELS = ZoneInfo("Europe/Brussels")


def bxl(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    """A Brussels wall-clock instant."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BRUSSELS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def eur(text: str) -> Decimal:
    return Decimal(text)


def fee(month: str, invoiced: str, paid: str | None = None) -> Fee:
    parsed = Month.parse(month)
    return Fee(parsed.first_day, Decimal(invoiced), Decimal(invoiced if paid is None else paid))


def fees(*records: Fee) -> dict[date, Fee]:
    return {record.month: record for record in records}


def monthly_fees(first: str, count: int, amount: str) -> dict[date, Fee]:
    """`count` months from `first`, each invoiced and paid `amount`."""
    month = Month.parse(first)
    result: dict[date, Fee] = {}
    for _ in range(count):
        result[month.first_day] = Fee(month.first_day, Decimal(amount), Decimal(amount))
        month = month.next()
    return result


def make_breach(**overrides: object) -> BreachInput:
    values: dict[str, object] = {
        "reference": "T-1001",
        "clock": "resolution",
        "priority": "P1",
        "deadline": bxl(2026, 11, 3, 10, 0),
        "stopped_at": None,
        "not_attributable_reason": None,
    }
    values.update(overrides)
    return BreachInput(**values)  # type: ignore[arg-type]


# The credit examples' contract: type 4, October 2026 invoiced and paid EUR 1,250.00.
OCTOBER_PAID = fees(fee("2026-10", "1250.00"))
