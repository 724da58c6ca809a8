"""`helpdesk check-config`: the effective settings, where each comes from, secrets masked."""

from __future__ import annotations

import os
from pathlib import Path

import click

from helpdesk import config, config_spec


def effective_settings(environ: dict[str, str]) -> list[tuple[str, str, str]]:
    """(variable, value as shown, source) for every setting, in a stable order."""
    from helpdesk.app import ROOT

    instance = Path(environ.get("HELPDESK_INSTANCE_PATH") or ROOT / "instance")
    settings = config.from_environment(environ, instance)
    given = config_spec.parse_environment(environ, config.DEFAULTS)
    rows = [("HELPDESK_INSTANCE_PATH", str(instance),
             "environment" if "INSTANCE_PATH" in given else "default")]
    for name in sorted(settings):
        if name in given:
            source = "environment"
        elif name == "SECRET_KEY":
            source = f"generated into {instance / 'secret_key'}"
        elif name == "DATABASE_URL":
            source = "default (in the instance folder)"
        else:
            source = "default"
        rows.append((config_spec.PREFIX + name, config_spec.masked(name, settings[name]),
                     source))
    return rows


@click.command("check-config")
def check_config() -> None:
    """Check every HELPDESK_* setting and print the effective values (secrets masked)."""
    environ = dict(os.environ)
    rows = effective_settings(environ)
    width = max(len(name) for name, _, _ in rows)
    for name, value, source in rows:
        click.echo(f"{name:<{width}}  {value or '(empty)'}  [{source}]")
    for warning in config.check_environment(environ):
        click.echo(f"Warning: {warning}", err=True)
    if not environ.get("HELPDESK_BASE_URL"):
        click.echo("Warning: HELPDESK_BASE_URL is empty: links in mail point at this machine "
                   "(http://127.0.0.1); production (wsgi.py) refuses to start without it",
                   err=True)
    click.echo("Settings are valid.")
