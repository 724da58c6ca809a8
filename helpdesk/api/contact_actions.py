"""A contact person's actions beyond messages, as the portal offers them
(web/portal/views.py): reject a fix, confirm a phone report in writing. Readers may not act
(seed 000 roles), staff tokens are not contact persons (403)."""

from __future__ import annotations

from flask import Response

from helpdesk.clock import utcnow
from helpdesk.tickets import actions, log
from helpdesk.tickets.actions import ActionRefused

from . import bp
from .auth import principal, submitter_only
from .body import json_body, text_field
from .responses import event_created, refused
from .scope import ticket_for


@bp.post("/tickets/<reference>/reject-fix")
@submitter_only
def reject_fix(reference: str) -> Response:
    """Art. 39.4.1 (R9): 'not resolved' reopens the ticket and counts as an insufficient fix,
    which escalates it at once."""
    ticket = ticket_for(principal(), reference)
    reason = text_field(json_body(), "reason", 5000)
    try:
        event = actions.reject_fix(ticket, by=principal(), now=utcnow(), reason=reason)
    except ActionRefused as refusal:
        raise refused(refusal) from None
    return event_created(event)


@bp.post("/tickets/<reference>/confirmation")
@submitter_only
def confirm_in_writing(reference: str) -> Response:
    """Art. 39.2.2: the written confirmation of a phone report, as the portal's confirm form:
    a message that confirms. Answers with the confirmation event."""
    ticket = ticket_for(principal(), reference)
    text = text_field(json_body(), "text", 5000)
    try:
        if not ticket.confirmation_outstanding:  # the portal's check, before any message
            raise ActionRefused("No written confirmation is outstanding for this ticket.")
        actions.customer_message(ticket, by=principal(), now=utcnow(), text=text,
                                 channel="portal")
    except ActionRefused as refusal:
        raise refused(refusal) from None
    confirmation = next(e for e in reversed(log.events_of(ticket))
                        if e.type == "written_confirmation")
    return event_created(confirmation)
