"""Every customer's statement for a month, for scripts and month-end runs.

With `workers` > 1 the customers are dealt out to forked processes that each load and fold
their own share (the fold is CPU-bound pure Python; SQLite readers do not block each
other), and the statements come back pickled, each SLA as its definition (Sla.__reduce__).
Only the CLI and the benchmarks fork: a web server's process never does.
"""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from functools import partial

from sqlalchemy import select

from helpdesk.credits import Month
from helpdesk.extensions import db
from helpdesk.models import Customer
from helpdesk.reports.ledger import load
from helpdesk.reports.statements import CustomerStatement, customer_statement

SHARES_PER_WORKER = 4  # customers differ in size: smaller shares even the workers out


def every_statement(month: Month, now: datetime, *, workers: int = 1) -> list[CustomerStatement]:
    """The statements of every customer, in the order of their names."""
    ids = list(db.session.scalars(select(Customer.id).order_by(Customer.name, Customer.id)))
    compute = partial(_statements, month, now)
    if workers <= 1 or len(ids) < 2:
        return compute(ids)
    count = min(len(ids), workers * SHARES_PER_WORKER)
    shares = [ids[start::count] for start in range(count)]
    # Nothing open may cross the fork: each child opens its own connections.
    db.session.remove()
    db.engine.dispose()
    fork = multiprocessing.get_context("fork")
    with fork.Pool(workers, initializer=_in_child) as pool:
        found = {s.customer_id: s for part in pool.imap_unordered(compute, shares)
                 for s in part}
    return [found[customer_id] for customer_id in ids]


def _in_child() -> None:
    db.engine.dispose(close=False)


def _statements(month: Month, now: datetime, ids: list[int]) -> list[CustomerStatement]:
    # From January: the annual caps are consumed from the start of the year (R16).
    ledger = load(since=Month(month.year, 1).start, until=month.end, now=now,
                  customer_ids=ids)
    return [customer_statement(customer, month, now) for customer in ledger.customers.values()]
