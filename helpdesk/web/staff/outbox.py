"""Outgoing mail as the local sink keeps it: a new user sees the whole flow without SMTP.

Administrators see every message; other staff see only mail about tickets, never account
mail such as password resets (#18). No stored mail holds a reset link anyway
(helpdesk/outbox/secrets.py)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
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
    if not current_user.is_administrator:
        query = query.where(OutboxMessage.ticket_id.is_not(None))
    return render_template("staff/outbox.html", page=paginate(query, 50), status=status,
                           statuses=STATUSES)
