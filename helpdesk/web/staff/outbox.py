"""Outgoing mail as the local sink keeps it: a new user sees the whole flow without SMTP."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from helpdesk.models import OutboxMessage
from helpdesk.web.access import staff_required
from helpdesk.web.pagination import paginate
from helpdesk.web.staff import bp

STATUSES = ("sink", "sent", "pending", "failed")


@bp.get("/outbox")
@staff_required
def outbox():  # type: ignore[no-untyped-def]
    status = request.args.get("status", "")
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(),
                                           OutboxMessage.id.desc())
    if status in STATUSES:
        query = query.where(OutboxMessage.status == status)
    return render_template("staff/outbox.html", page=paginate(query, 50), status=status,
                           statuses=STATUSES)
