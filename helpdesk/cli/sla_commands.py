"""`helpdesk sla ...`: ask the SLA engine for a deadline or its explanation.

A plain click group (no Flask needed); the app's CLI adds it with `add_command(sla)`.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import click

from helpdesk.sla import PRESET_NAMES, PRIORITIES, Sla, SlaError, deadline, explain, preset
from helpdesk.sla.suspension import Suspension
from helpdesk.sla.targets import Target
from helpdesk.sla.windows import supplier_suspension

ZONE_HINT = "give an offset or Z, e.g. 2026-02-02T10:00:00+01:00 or 2026-02-02T09:00:00Z"


class AwareInstant(click.ParamType):
    """An ISO 8601 instant that must carry its offset (naive times are ambiguous)."""

    name = "ISO8601"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            parsed = value
        else:
            try:
                parsed = datetime.fromisoformat(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not an ISO 8601 instant; {ZONE_HINT}", param, ctx)
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.fail(f"{value!r} has no time zone offset; {ZONE_HINT}", param, ctx)
        return parsed


class SuspensionSpan(click.ParamType):
    """START/END, half open, both instants with an offset or Z."""

    name = "START/END"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Suspension:
        if isinstance(value, Suspension):
            return value
        parts = str(value).split("/")
        if len(parts) != 2:
            self.fail(f"{value!r} is not START/END", param, ctx)
        start, end = (AwareInstant().convert(part, param, ctx) for part in parts)
        if end < start:
            self.fail(f"suspension {value!r} ends before it starts", param, ctx)
        return Suspension(start, end, "suspended")


class SupplierWait(click.ParamType):
    """WAITING/DELIVERED (art. 39.1.3, R6), or WAITING/ while the supplier has not delivered."""

    name = "WAITING/DELIVERED"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[datetime, datetime | None]:
        if isinstance(value, tuple):
            return value
        parts = str(value).split("/")
        if len(parts) != 2:
            self.fail(f"{value!r} is not WAITING/DELIVERED", param, ctx)
        waiting = AwareInstant().convert(parts[0], param, ctx)
        delivered = AwareInstant().convert(parts[1], param, ctx) if parts[1].strip() else None
        if delivered is not None and delivered < waiting:
            self.fail(f"supplier wait {value!r} is delivered before it starts", param, ctx)
        return waiting, delivered


def _options(command: Any) -> Any:
    for option in reversed([
        click.option("--sla", "sla_name", required=True, type=click.Choice(PRESET_NAMES),
                     help="A preset SLA."),
        click.option("--priority", required=True, type=click.Choice(PRIORITIES)),
        click.option("--clock", required=True, help="Clock name, e.g. reaction, resolution."),
        click.option("--start", required=True, type=AwareInstant(),
                     help="When the clock starts, with an offset or Z."),
        click.option("--suspend", "suspensions", multiple=True, type=SuspensionSpan(),
                     help="A suspension START/END (half open); repeatable."),
        click.option("--supplier", "supplier_waits", multiple=True, type=SupplierWait(),
                     help="Waiting for an external supplier from WAITING, delivered at "
                          "DELIVERED (empty: still waiting); suspended through the end of the "
                          "delivery day, or of the next working day (art. 39.1.3, R6); "
                          "repeatable."),
        click.option("--closing-day", "closing_days", multiple=True,
                     type=click.DateTime(["%Y-%m-%d"]),
                     help="An extra closing day of the contract, YYYY-MM-DD; repeatable."),
    ]):
        command = option(command)
    return command


def _z(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _resolve(sla_name: str, clock: str, closing_days: tuple[datetime, ...] = ()) -> Sla:
    sla = preset(sla_name, extra_closing_days=[day.date() for day in closing_days])
    if clock not in sla.clock_names:
        raise click.BadParameter(
            f"SLA {sla_name!r} has no clock {clock!r}; its clocks: {', '.join(sla.clock_names)}",
            param_hint="--clock")
    return sla


def _all_suspensions(sla: Sla, clock: str, suspensions: tuple[Suspension, ...],
                     supplier_waits: tuple[tuple[datetime, datetime | None], ...],
                     ) -> tuple[Suspension, ...]:
    """The raw spans plus the supplier waits turned into R6 spans (suspendable clocks only)."""
    if supplier_waits and not sla.clock(clock).suspendable:
        raise click.BadParameter(
            f"the {clock} clock of {sla.name!r} is not suspended for a supplier (art. 39.1.3 "
            "suspends the resolution clock only)", param_hint="--supplier")
    return suspensions + tuple(supplier_suspension(sla, waiting, delivered)
                               for waiting, delivered in supplier_waits)


def _closing(days: tuple[datetime, ...]) -> list[str]:
    return sorted({date.isoformat(day.date()) for day in days})


@click.group("sla")
def sla() -> None:
    """SLA clocks: deadlines and their explanation, from the contract presets."""


@sla.command("deadline")
@_options
def deadline_command(sla_name: str, priority: str, clock: str, start: datetime,
                     suspensions: tuple[Suspension, ...],
                     supplier_waits: tuple[tuple[datetime, datetime | None], ...],
                     closing_days: tuple[datetime, ...]) -> None:
    """Print the deadline of one clock as a JSON object."""
    definition = _resolve(sla_name, clock, closing_days)
    try:
        suspensions = _all_suspensions(definition, clock, suspensions, supplier_waits)
        due = deadline(definition, priority, clock, start, suspensions)
        result = explain(definition, priority, clock, start, suspensions)
    except SlaError as problem:
        raise click.UsageError(str(problem)) from None
    target: Target | None = definition.target(clock, priority)
    tz = definition.calendar_for(priority).tz
    click.echo(json.dumps({
        "sla": sla_name, "priority": priority, "clock": clock,
        "start": _z(start),
        "deadline": _z(due),
        "deadline_local": None if due is None else due.astimezone(tz).isoformat(),
        "target_seconds": result.target_seconds,
        "target": None if target is None else target.to_definition(),
        "suspensions": [[_z(s.start), _z(s.end)] for s in suspensions],
        "closing_days": _closing(closing_days),
    }))


@sla.command("explain")
@_options
def explain_command(sla_name: str, priority: str, clock: str, start: datetime,
                    suspensions: tuple[Suspension, ...],
                    supplier_waits: tuple[tuple[datetime, datetime | None], ...],
                    closing_days: tuple[datetime, ...]) -> None:
    """Print the counted intervals and excluded spans that lead to the deadline."""
    definition = _resolve(sla_name, clock, closing_days)
    try:
        suspensions = _all_suspensions(definition, clock, suspensions, supplier_waits)
        result = explain(definition, priority, clock, start, suspensions)
    except SlaError as problem:
        raise click.UsageError(str(problem)) from None
    click.echo(result.format_table())
