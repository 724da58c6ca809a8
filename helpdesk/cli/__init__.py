"""The `helpdesk` console script: a Flask CLI group with the project's commands."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from helpdesk.cli.check_config import check_config
from helpdesk.cli.credits import credits_command
from helpdesk.cli.database import init_db, rebuild
from helpdesk.cli.demo import demo
from helpdesk.cli.ops import backup, restore
from helpdesk.cli.privacy import privacy
from helpdesk.cli.run import run
from helpdesk.cli.search import search
from helpdesk.cli.services import imap_intake, scheduler, smtpd
from helpdesk.cli.tokens import token


def _create_app():  # type: ignore[no-untyped-def]
    from helpdesk import create_app
    from helpdesk.config import SettingsError

    try:
        return create_app()
    except SettingsError as problem:  # one line for the operator, not a traceback
        raise click.ClickException(str(problem)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Helpdesk: incidents, SLA clocks, escalation and credits."""
    from helpdesk.config import SettingsError
    from helpdesk.startup import prepare_process

    try:  # every command: settings checked and logging set up before anything runs
        # check-config prints the warnings itself, among the settings.
        prepare_process(warn=click.get_current_context().invoked_subcommand != "check-config")
    except SettingsError as problem:
        raise click.ClickException(str(problem)) from None


main.add_command(check_config)
main.add_command(credits_command)
main.add_command(imap_intake)
main.add_command(init_db)
main.add_command(demo)
main.add_command(rebuild)
main.add_command(run)
main.add_command(backup)
main.add_command(restore)
main.add_command(privacy)
main.add_command(scheduler)
main.add_command(search)
main.add_command(smtpd)
main.add_command(token)


def _add_sla_commands() -> None:
    try:
        from helpdesk.cli.sla_commands import sla
    except ImportError:  # pragma: no cover - the engine's commands ship with the engine
        return
    main.add_command(sla)


_add_sla_commands()
