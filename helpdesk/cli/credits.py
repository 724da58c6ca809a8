"""`helpdesk credits --customer X --month 2026-10`: a customer's credit statement as JSON;
`--all` prints every customer's, computed by several processes."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from helpdesk.cli.sla_commands import AwareInstant


@click.command("credits")
@click.option("--customer", "customer_text", default=None, help="customer id or exact name")
@click.option("--all", "every", is_flag=True, help="every customer, as a JSON list")
@click.option("--month", "month_text", required=True, help="calendar month, e.g. 2026-10")
@click.option("--as-of", "as_of", type=AwareInstant(), default=None,
              help="compute as of this instant (default: now)")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="processes for --all (default: one per core, at most 4)")
@with_appcontext
def credits_command(customer_text: str | None, every: bool, month_text: str, as_of,  # type: ignore[no-untyped-def]
                    workers: int | None) -> None:
    """Print the month's penalty-credit statement (incident and availability) as JSON."""
    from helpdesk.clock import utcnow
    from helpdesk.credits import Month
    from helpdesk.reports import statement_for
    from helpdesk.reports.every import every_statement
    from helpdesk.reports.ledger import customer_named
    from helpdesk.tickets.rebuild import default_workers

    try:
        month = Month.parse(month_text)
    except ValueError as problem:
        raise click.ClickException(str(problem)) from None
    if every == (customer_text is not None):
        raise click.ClickException("name one customer with --customer, or use --all")
    if every:
        statements = every_statement(month, as_of or utcnow(),
                                     workers=workers or default_workers())
        click.echo(json.dumps([s.to_dict() for s in statements], indent=2, ensure_ascii=False))
        return
    customer = customer_named(customer_text)
    if customer is None:
        raise click.ClickException(f"no customer with id or name {customer_text!r}")
    statement = statement_for(customer.id, month, as_of or utcnow())
    click.echo(json.dumps(statement.to_dict(), indent=2, ensure_ascii=False))
