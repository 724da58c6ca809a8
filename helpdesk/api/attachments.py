"""A ticket's attachments: the list and one file, scoped as the portal and staff pages.

Staff see every file of a ticket (staff/tickets.py `attachment`); a contact person only the
files on events the portal shows (portal/views.py `attachment`), of their own customer's
tickets. Another ticket's attachment id is 404 under any reference. Downloads go through
web/downloads.py: always `Content-Disposition: attachment`, a type a browser will not run,
a sandboxing CSP; `X-Content-Type-Options: nosniff` comes with every response.
"""

from __future__ import annotations

from flask import Response, jsonify
from sqlalchemy import select
from sqlalchemy.orm import defer

from helpdesk.extensions import db
from helpdesk.models import Attachment, Ticket, TicketEvent
from helpdesk.web import services
from helpdesk.web.downloads import send_attachment
from helpdesk.web.portal import PUBLIC_EVENTS

from . import bp
from .auth import principal, token_required
from .body import MAX_ID
from .problems import Problem
from .scope import ticket_for


def _event_types() -> set[str] | None:
    return None if principal().is_staff else PUBLIC_EVENTS


def _listed(ticket: Ticket) -> list[tuple[Attachment, int | None]]:
    """Metadata only (the data column stays in the database), with the event's seq."""
    query = (select(Attachment, TicketEvent.seq)
             .outerjoin(TicketEvent, TicketEvent.id == Attachment.event_id)
             .options(defer(Attachment.data))
             .where(Attachment.ticket_id == ticket.id).order_by(Attachment.id))
    if (types := _event_types()) is not None:
        query = query.where(TicketEvent.type.in_(sorted(types)))
    return [(row, seq) for row, seq in db.session.execute(query).all()]


@bp.get("/tickets/<reference>/attachments")
@token_required
def list_attachments(reference: str) -> Response:
    ticket = ticket_for(principal(), reference)
    return jsonify({"items": [
        {"id": row.id, "filename": row.filename, "size": row.size,
         "content_type": row.content_type, "event_seq": seq}
        for row, seq in _listed(ticket)]})


@bp.get("/tickets/<reference>/attachments/<int:attachment_id>")
@token_required
def download_attachment(reference: str, attachment_id: int) -> Response:
    ticket = ticket_for(principal(), reference)
    found = None
    if attachment_id <= MAX_ID:  # a larger number is no id, and PostgreSQL's integer refuses it
        found = services.ticket_attachment(ticket, attachment_id, event_types=_event_types())
    if found is None:
        raise Problem(404, "Not Found",
                      f"No attachment {attachment_id} of {reference} is visible to this token.")
    return send_attachment(found)
