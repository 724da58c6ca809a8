"""`helpdesk sla ...`: ask the SLA engine for a deadline or its explanation.

A plain click group (no Flask needed); the app's CLI adds it with `add_command(sla)`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import click

from helpdesk.sla import PRESET_NAMES, PRIORITIES, Sla, SlaError, deadline, explain, preset
from helpdesk.sla.suspension import Suspension
from helpdesk.sla.targets import Target

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
    ]):
        command = option(command)
    return command


def _z(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _resolve(sla_name: str, clock: str) -> Sla:
    sla = preset(sla_name)
    if clock not in sla.clock_names:
        raise click.BadParameter(
            f"SLA {sla_name!r} has no clock {clock!r}; its clocks: {', '.join(sla.clock_names)}",
            param_hint="--clock")
    return sla


@click.group("sla")
def sla() -> None:
    """SLA clocks: deadlines and their explanation, from the contract presets."""


@sla.command("deadline")
@_options
def deadline_command(sla_name: str, priority: str, clock: str, start: datetime,
                     suspensions: tuple[Suspension, ...]) -> None:
    """Print the deadline of one clock as a JSON object."""
    definition = _resolve(sla_name, clock)
    try:
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
    }))


@sla.command("explain")
@_options
def explain_command(sla_name: str, priority: str, clock: str, start: datetime,
                    suspensions: tuple[Suspension, ...]) -> None:
    """Print the counted intervals and excluded spans that lead to the deadline."""
    definition = _resolve(sla_name, clock)
    try:
        result = explain(definition, priority, clock, start, suspensions)
    except SlaError as problem:
        raise click.UsageError(str(problem)) from None
    click.echo(result.format_table())
