"""A health endpoint for load balancers and supervisors: 200 when the database answers."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from helpdesk.clock import utcnow
from helpdesk.extensions import csrf, db
from helpdesk.jobs import leader
from helpdesk.models import InboundMail, OutboxMessage
from helpdesk.timefmt import iso_utc

bp = Blueprint("health", __name__)
csrf.exempt(bp)


@bp.get("/health")
def health():  # type: ignore[no-untyped-def]
    """Says whether the database answers, and how much work waits (no personal data)."""
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
        waiting_mail = db.session.scalar(select(func.count(InboundMail.id)).where(
            InboundMail.state == "received")) or 0
        waiting_outbox = db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.status == "pending")) or 0
    except SQLAlchemyError as problem:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable",
                       error=type(problem).__name__, time=iso_utc(utcnow())), 503
    return jsonify(
        status="ok", database="ok", time=iso_utc(utcnow()),
        database_ms=round((time.perf_counter() - started) * 1000, 1),
        inbound_mail_waiting=waiting_mail, outbox_pending=waiting_outbox,
        scheduler=leader.role(),  # this process: leader, follower, or none (web only)
    )
