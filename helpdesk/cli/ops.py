"""`helpdesk backup FILE` and `helpdesk restore FILE`."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask.cli import with_appcontext

from helpdesk.cli.database import ensure_database_reachable, migrate_to_head
from helpdesk.logs import event


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Write the whole database to PATH (gzipped JSON lines, any database to any)."""
    from helpdesk.ops.backup import backup as run_backup
    from helpdesk.ops.backup import tables

    ensure_database_reachable()
    with click.progressbar(length=len(tables()), label="Backing up tables") as bar:
        counts = run_backup(path, progress=bar.update)
    click.echo(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore(path: Path) -> None:
    """Load a backup into a new, empty database (migrated first); then erase again whom
    the erasure ledger beside the backups lists (seed 000 art. 7)."""
    from helpdesk.clock import utcnow
    from helpdesk.ops.backup import RestoreRefused
    from helpdesk.ops.backup import restore as run_restore
    from helpdesk.privacy.retention import erase_again_after_restore

    migrate_to_head()
    try:
        counts = run_restore(path)
    except RestoreRefused as problem:
        event(logging.getLogger("helpdesk.ops.backup"), "backup.restore_refused",
              level=logging.WARNING, file=str(path), reason=str(problem))
        raise click.ClickException(str(problem)) from None
    click.echo(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {path}.")
    again = erase_again_after_restore(utcnow()).actions
    for action in again:
        click.echo(f"Erasure ledger (seed 000 art. 7): {action}.")
