"""Months in Brussels and money rounding (R15)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpdesk.credits import Month
from helpdesk.credits.money import cents, require_money

from .helpers import bxl, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free


def test_a_month_parses_from_the_command_line_form() -> None:
    assert Month.parse("2026-10") == Month(2026, 10)
    assert str(Month(2026, 3)) == "2026-03"
    assert Month(2026, 10).label == "October 2026"


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "Oct 2026", ""])
def test_a_malformed_month_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Month.parse(text)


def test_the_month_of_an_instant_is_its_brussels_month() -> None:
    """2026-10-31 23:30Z is Sun 2026-11-01 00:30 CET: November."""
    assert Month.of(utc(2026, 10, 31, 23, 30)) == Month(2026, 11)


def test_a_month_starts_at_brussels_midnight() -> None:
    assert Month(2026, 7).start == bxl(2026, 7, 1)
    assert Month(2026, 7).start == utc(2026, 6, 30, 22)
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2026, 1).previous() == Month(2025, 12)


def test_rounding_is_once_and_half_up() -> None:
    """R15: 99.999 → 100.00; 0.005 → 0.01; 0.0049 → 0.00."""
    assert cents(Decimal("99.999")) == Decimal("100.00")
    assert cents(Decimal("0.005")) == Decimal("0.01")
    assert cents(Decimal("0.0049")) == Decimal("0.00")


@pytest.mark.parametrize("value", [1.5, 1, "1.00", None])
def test_only_decimals_are_money(value: object) -> None:
    with pytest.raises(TypeError, match="Decimal"):
        require_money(value)


def test_infinite_money_is_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        require_money(Decimal("Infinity"))
