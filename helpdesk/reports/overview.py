"""The provider's overview for managers: every customer's credits for a month (owed, claimed,
claimable, lapsed, capped, availability) and the provider-wide trend over the last year.

One load folds each ticket once; the statements of the twelve months are then pure
computations on the same breaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from helpdesk import credits
from helpdesk.credits.money import ZERO
from helpdesk.reports.ledger import load
from helpdesk.reports.report import last_months, report_window
from helpdesk.reports.statements import CustomerStatement, customer_statement

FIGURES = ("incident_owed", "incident_claimed", "incident_claimable", "incident_lapsed",
           "incident_capped", "availability_credit", "availability_owed")


@dataclass(frozen=True)
class CustomerRow:
    statement: CustomerStatement
    totals: dict[str, Decimal]
    breaches: int


@dataclass(frozen=True)
class TrendMonth:
    month: credits.Month
    totals: dict[str, Decimal]
    breaches: int


@dataclass(frozen=True)
class Overview:
    month: credits.Month
    now: datetime
    customers: tuple[CustomerRow, ...]
    totals: dict[str, Decimal]
    trend: tuple[TrendMonth, ...]


def _row(statement: CustomerStatement) -> CustomerRow:
    count = len(statement.lines) + sum(len(p.objectives_missed) for p in statement.contracts)
    return CustomerRow(statement, statement.totals(), count)


def _sum(rows: list[CustomerRow]) -> dict[str, Decimal]:
    return {name: sum((r.totals[name] for r in rows), ZERO) for name in FIGURES}


def overview(month: credits.Month, now: datetime, *, trend: bool = True) -> Overview:
    since, until = report_window(month) if trend else (credits.Month(month.year, 1).start,
                                                        month.end)
    ledger = load(since=since, until=until, now=now)
    months = last_months(month) if trend else [month]
    by_month: dict[credits.Month, list[CustomerRow]] = {m: [] for m in months}
    for customer in ledger.customers.values():
        for m in months:
            by_month[m].append(_row(customer_statement(customer, m, now)))
    current = by_month[month]
    current.sort(key=lambda r: (-r.totals["incident_owed"], r.statement.customer))
    return Overview(month, now, tuple(current), _sum(current), tuple(
        TrendMonth(m, _sum(rows), sum(r.breaches for r in rows))
        for m, rows in by_month.items()))
