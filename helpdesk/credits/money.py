"""Money is exact: `Decimal` euros, rounded to the cent half up, never a float (R15)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def require_money(value: object, what: str = "amount") -> Decimal:
    """A finite, non-negative `Decimal`; floats and ints are refused so no float slips in."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a Decimal, got {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite amount, got {value!r}")
    if value < 0:
        raise ValueError(f"{what} must not be negative, got {value}")
    return value


def cents(value: Decimal) -> Decimal:
    """Round once to the cent, half up (R15: 99.999 → 100.00)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cents_down(value: Decimal) -> Decimal:
    """Round down to the cent: used for caps, so a total never exceeds the exact cap."""
    return value.quantize(CENT, rounding=ROUND_DOWN)


def percent_of(percent: Decimal | int, base: Decimal) -> Decimal:
    """`percent` % of `base`, exactly (not rounded)."""
    return Decimal(percent) * base / HUNDRED


def money_str(value: Decimal) -> str:
    """'125.00': the JSON form of an amount."""
    return str(cents(value))
