"""Building customers, fees and tickets with events at fixed instants, and running the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from flask.cli import ScriptInfo

from helpdesk.cli import main
from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.factories import make_contact, make_contract, make_customer, make_fee, make_staff
from tests.factories import make_ticket as factory_ticket

BXL = ZoneInfo("Europe/Brussels")
FEE = 125_000  # EUR 1,250.00 a month (examples H-L)


def bxl(*parts: int) -> datetime:
    """A Brussels wall-clock instant, as an aware UTC datetime."""
    return datetime(*parts, tzinfo=BXL).astimezone(UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def managed_customer(name: str = "Acme NV", *, preset: str = "type4", fee: int = FEE,
                     paid: dict[date, int] | None = None,
                     fee_months: tuple[tuple[int, int], ...] | None = None, **contract):
    """A customer on a type 4 contract with a monthly SLA fee for 2025 and 2026 (so the
    12 months before any 2026 breach received 15,000.00: the 20 % annual cap is 3,000.00)."""
    customer = make_customer(name=name)
    agreement = make_contract(customer, sla_preset=preset, **contract)
    months = fee_months or tuple((y, m) for y in (2025, 2026) for m in range(1, 13))
    for year, month in months:
        first = date(year, month, 1)
        make_fee(agreement, first, fee, (paid or {}).get(first))
    contact = make_contact(customer)
    staff = make_staff(name="Sam Support")
    db.session.commit()
    db.session.refresh(customer)
    return customer, agreement, contact, staff


def ticket(contact, staff, *, submitted: datetime, acknowledged: datetime | None = None,
           resolved: datetime | None = None, urgency: str = "blocking", impact: str = "all",
           title: str = "Mail server down", channel: str = "portal", now: datetime | None = None):
    """A ticket with events at fixed instants: submitted, acknowledged, resolved."""
    made = factory_ticket(contact, at=submitted, urgency=urgency, impact=impact, title=title,
                          channel=channel)
    if acknowledged is not None:
        actions.acknowledge(made, by=staff, now=acknowledged)
    if resolved is not None:
        actions.resolve(made, by=staff, now=resolved)
    db.session.commit()
    return made


def cli(app, *args: str):
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def statement_json(app, customer, month: str, as_of: datetime) -> dict:
    result = cli(app, "credits", "--customer", str(customer.id), "--month", month,
                 "--as-of", as_of.isoformat())
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def lines(data: dict) -> list[dict]:
    return [line for part in data["contracts"] if part["statement"]
            for line in part["statement"]["lines"]]
