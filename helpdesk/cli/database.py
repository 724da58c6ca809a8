"""Schema and derived-column commands."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket


def ensure_database_reachable() -> None:
    """Fail with one line that names the database, not with a driver traceback."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as problem:
        url = db.engine.url.render_as_string(hide_password=True)
        reason = str(problem.orig).strip().splitlines()[0] if problem.orig else str(problem)
        raise click.ClickException(f"cannot reach the database {url}: {reason}") from None


def migrate_to_head() -> None:
    ensure_database_reachable()
    upgrade(directory=current_app.extensions["migrate"].directory)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the schema (migrations are the only way the schema changes)."""
    migrate_to_head()
    click.echo(f"Database at {db.engine.url.render_as_string(hide_password=True)} is up to date.")


@click.command("rebuild")
@click.option("--batch", default=5000, show_default=True, help="tickets per transaction")
@click.option("--workers", type=int, default=None, help="processes (default: one per core)")
@with_appcontext
def rebuild(batch: int, workers: int | None) -> None:
    """Recompute every ticket's derived columns (status, priority, tier, next deadline)."""
    from helpdesk.tickets.rebuild import default_workers, rebuild_all

    ensure_database_reachable()
    total = db.session.scalar(select(func.count(Ticket.id))) or 0
    started = time.perf_counter()
    with click.progressbar(length=total, label="Rebuilding tickets") as bar:
        result = rebuild_all(utcnow(), batch=batch, progress=bar.update,
                             workers=workers or default_workers())
    click.echo(f"Rebuilt {result.tickets} tickets from their events in "
               f"{time.perf_counter() - started:.1f} s; {result.changed} had stale derived "
               "columns.")
