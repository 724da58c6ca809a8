"""A breach not *solely* attributable to the provider earns no credit (art. 40.3 "enkel en
alleen te wijten aan de Dienstverlener"; art. 36, 40.1, 39.1.3, force majeure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpdesk.credits import NOT_OWED, CapSettings, Month, incident_credit, incident_statement

from .helpers import OCTOBER_PAID, bxl, make_breach, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free


@pytest.mark.parametrize(
    ("mark", "shown"),
    [
        ("customer_cooperation", "customer cooperation lacking (art. 36, 40.1)"),
        ("external_supplier", "waiting for an external supplier (art. 39.1.3)"),
        ("force_majeure", "force majeure"),
        ("contact person unreachable for two days", "contact person unreachable for two days"),
    ],
)
def test_a_breach_marked_not_solely_attributable_earns_nothing_and_shows_why(
        mark: str, shown: str) -> None:
    """Two days late on a 1,250.00 base would be 250.00; the mark makes it 0.00."""
    breach = make_breach(stopped_at=bxl(2026, 11, 5, 10), not_attributable_reason=mark)
    credit = incident_credit(breach, OCTOBER_PAID, utc(2026, 12, 1))
    assert credit.days == 2
    assert credit.amount == Decimal("0.00")
    assert credit.reason == f"not solely attributable to the provider: {shown}"


def test_a_not_attributable_breach_is_not_owed_on_the_statement() -> None:
    breach = make_breach(stopped_at=bxl(2026, 11, 5, 10), not_attributable_reason="force_majeure")
    statement = incident_statement("Acme", Month(2026, 11), [breach], OCTOBER_PAID, [],
                                   CapSettings(), utc(2026, 11, 6))
    assert statement.lines[0].claim.status == NOT_OWED
    assert statement.totals.owed == Decimal("0.00")


def test_the_mark_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="needs a reason"):
        make_breach(not_attributable_reason="  ")
