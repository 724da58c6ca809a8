"""The credits shell: loads contracts, fees, ticket events, claims and outages from the
database, folds the events with the SLA engine and hands everything to the pure credit
rules (helpdesk/credits). Reports, statements, what-if and overview are built here; the web
blueprint and the CLI only render them."""

from __future__ import annotations

from datetime import datetime

from helpdesk.credits import Month
from helpdesk.reports.ledger import load
from helpdesk.reports.statements import CustomerStatement, customer_statement


def statement_for(customer_id: int, month: Month, now: datetime) -> CustomerStatement:
    """One customer's statement for `month` as of `now`, from the year's events (R16)."""
    ledger = load(since=Month(month.year, 1).start, until=month.end, now=now,
                  customer_ids=[customer_id])
    return customer_statement(ledger.customers[customer_id], month, now)


__all__ = ["CustomerStatement", "customer_statement", "statement_for"]
