"""`helpdesk credits --all`: every customer's statement, the same whether one process or
several forked workers compute it (helpdesk/reports/every.py)."""

from __future__ import annotations

import json

import pytest

from tests.reports.helpers import cli, lines, managed_customer, statement_json, ticket, utc

AFTER = utc(2026, 11, 20, 12)


@pytest.fixture
def customers(app):
    made = []
    for n, name in enumerate(("Acme NV", "Bolt BV", "Cobalt CV")):
        customer, _, contact, staff = managed_customer(name)
        # Type 4, P1 (blocking, all): reaction 1 h; acknowledged n + 1 h late, then resolved.
        ticket(contact, staff, submitted=utc(2026, 11, 2, 8),
               acknowledged=utc(2026, 11, 2, 10 + n), resolved=utc(2026, 11, 5, 12))
        made.append((customer.id, name))
    return made


@pytest.mark.parametrize("workers", ["1", "2"])
def test_every_statement_equals_each_customers_own(app, customers, workers):
    single = [statement_json(app, type("C", (), {"id": cid})(), "2026-11", AFTER)
              for cid, _ in customers]
    result = cli(app, "credits", "--all", "--month", "2026-11", "--as-of", AFTER.isoformat(),
                 "--workers", workers)
    assert result.exit_code == 0, result.output
    every = json.loads(result.output)
    assert [s["customer"]["name"] for s in every] == ["Acme NV", "Bolt BV", "Cobalt CV"]
    assert every == single
    assert all(lines(s) for s in every)  # each customer's late acknowledgement is a breach


def test_all_or_one_customer_is_a_one_line_error(app, customers):
    neither = cli(app, "credits", "--month", "2026-11")
    both = cli(app, "credits", "--all", "--customer", "Acme NV", "--month", "2026-11")
    for result in (neither, both):
        assert result.exit_code == 1
        assert result.output.strip() == "Error: name one customer with --customer, or use --all"
