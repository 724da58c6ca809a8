"""Schema and derived-column commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets import commands


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
@click.option("--batch", default=500, show_default=True, help="tickets per transaction")
@with_appcontext
def rebuild(batch: int) -> None:
    """Recompute every ticket's derived columns (status, priority, tier, next deadline)."""
    ensure_database_reachable()
    now = utcnow()
    total = db.session.scalar(select(func.count(Ticket.id))) or 0
    changed = done = 0
    last_id = 0
    with click.progressbar(length=total, label="Rebuilding tickets") as bar:
        while True:
            tickets = db.session.scalars(
                select(Ticket).where(Ticket.id > last_id).order_by(Ticket.id).limit(batch)
            ).all()
            if not tickets:
                break
            for ticket in tickets:
                before = (ticket.status, ticket.priority, ticket.tier, ticket.next_deadline)
                commands.refresh(ticket, now)
                after = (ticket.status, ticket.priority, ticket.tier, ticket.next_deadline)
                changed += before != after
            last_id = tickets[-1].id
            done += len(tickets)
            db.session.commit()
            bar.update(len(tickets))
    click.echo(f"Rebuilt {done} tickets from their events; {changed} had stale derived columns.")
