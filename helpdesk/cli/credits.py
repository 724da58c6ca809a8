"""`helpdesk credits --customer X --month 2026-10`: a customer's credit statement as JSON."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from helpdesk.cli.sla_commands import AwareInstant


@click.command("credits")
@click.option("--customer", "customer_text", required=True, help="customer id or exact name")
@click.option("--month", "month_text", required=True, help="calendar month, e.g. 2026-10")
@click.option("--as-of", "as_of", type=AwareInstant(), default=None,
              help="compute as of this instant (default: now)")
@with_appcontext
def credits_command(customer_text: str, month_text: str, as_of) -> None:  # type: ignore[no-untyped-def]
    """Print the month's penalty-credit statement (incident and availability) as JSON."""
    from helpdesk.clock import utcnow
    from helpdesk.credits import Month
    from helpdesk.reports import statement_for
    from helpdesk.reports.ledger import customer_named

    try:
        month = Month.parse(month_text)
    except ValueError as problem:
        raise click.ClickException(str(problem)) from None
    customer = customer_named(customer_text)
    if customer is None:
        raise click.ClickException(f"no customer with id or name {customer_text!r}")
    statement = statement_for(customer.id, month, as_of or utcnow())
    click.echo(json.dumps(statement.to_dict(), indent=2, ensure_ascii=False))
