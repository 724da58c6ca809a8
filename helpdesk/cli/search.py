"""`helpdesk search reindex`: rebuild every ticket's search document (issue #16).

The application keeps the documents current on every write; this is for after a restore
from an old backup or a change of what is indexed. It is safe while the helpdesk runs."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from helpdesk.extensions import db


@click.group("search")
def search() -> None:
    """The full-text search index."""


@search.command("reindex")
@with_appcontext
def reindex() -> None:
    """Rebuild the search document of every ticket, one transaction per batch."""
    from helpdesk.models import Ticket
    from helpdesk.search import index

    ids = list(db.session.scalars(select(Ticket.id).order_by(Ticket.id)))
    started = time.perf_counter()
    with click.progressbar(length=len(ids), label="Indexing tickets") as bar:
        for start in range(0, len(ids), index.BATCH):
            batch = ids[start:start + index.BATCH]
            index.refresh(batch)
            db.session.commit()
            bar.update(len(batch))
    click.echo(f"Indexed {len(ids)} tickets in {time.perf_counter() - started:.1f} s.")
