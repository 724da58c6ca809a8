"""A health endpoint for load balancers and supervisors: 200 when the database answers.

Besides reachability it reports what an operator checks first: whether the schema is at
the migrations' head, how many outgoing mails wait, and how long the oldest unprocessed
inbound mail has waited (the promise is a ticket within seconds), and how many IMAP
mailboxes fail to be read. No personal data.
"""

from __future__ import annotations

import functools
import time

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from helpdesk.clock import utcnow
from helpdesk.extensions import csrf, db
from helpdesk.jobs import leader
from helpdesk.models import InboundMail, Mailbox, OutboxMessage
from helpdesk.timefmt import iso_utc

bp = Blueprint("health", __name__)
csrf.exempt(bp)


@bp.get("/health")
def health():  # type: ignore[no-untyped-def]
    """Says whether the database answers, and how much work waits (no personal data)."""
    started = time.perf_counter()
    now = utcnow()
    try:
        db.session.execute(text("SELECT 1"))
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        unprocessed = InboundMail.state.in_(("received", "processing"))
        waiting_mail, oldest = db.session.execute(
            select(func.count(InboundMail.id), func.min(InboundMail.received_at))
            .where(unprocessed)).one()
        waiting_outbox = db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.status == "pending")) or 0
        # IMAP mailboxes read, and those whose last attempt failed (helpdesk/imap/).
        mailboxes, failing = db.session.execute(
            select(func.count(Mailbox.id), func.count(Mailbox.last_error))
            .where(Mailbox.enabled.is_(True))).one()
        db.session.rollback()  # end the read transaction; nothing was written
    except SQLAlchemyError as problem:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable",
                       error=type(problem).__name__, time=iso_utc(now)), 503
    head = _head_revision()
    # min() keeps the column's type, so the instant comes back aware (UTC).
    oldest_age = None if oldest is None else max(0, round((now - oldest).total_seconds()))
    return jsonify(
        status="ok", database="ok", time=iso_utc(now),
        database_ms=round((time.perf_counter() - started) * 1000, 1),
        migration_revision=revision, migration_head=head,
        migrations_up_to_date=revision == head,
        inbound_mail_waiting=waiting_mail or 0, oldest_unprocessed_mail_seconds=oldest_age,
        outbox_pending=waiting_outbox,
        imap_mailboxes=mailboxes or 0, imap_mailboxes_failing=failing or 0,
        scheduler=leader.role(),  # this process: leader, follower, or none (web only)
    )


def _head_revision() -> str | None:
    return _head_of(current_app.extensions["migrate"].directory)


@functools.lru_cache(maxsize=4)  # the migrations on disk do not change while we run
def _head_of(directory: str) -> str | None:
    return ScriptDirectory(directory).get_current_head()
