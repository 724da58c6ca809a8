"""Answers every ticket action shares: the created event (201), the ticket, a refusal."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets import log, projection
from helpdesk.tickets.actions import ActionRefused

from . import serialize
from .auth import principal
from .problems import Problem


def ticket_response(ticket: Ticket, status: int = 200) -> Response:
    clocks = projection.fold_ticket(ticket, log.events_of(ticket), utcnow())
    response = jsonify(serialize.ticket_detail(ticket, clocks, principal()))
    response.status_code = status
    if status == 201:
        response.headers["Location"] = url_for("api.get_ticket", reference=ticket.reference)
    return response


def event_created(event: Any) -> Response:
    """Commit the action and answer with the event it recorded."""
    db.session.commit()
    response = jsonify(serialize.event(event, principal()))
    response.status_code = 201
    return response


def refused(refusal: ActionRefused, status: int = 409) -> Problem:
    """The ticket's state refuses the action (409), or, where the service only checks the
    input, the input is wrong (422); nothing of the attempt is kept."""
    db.session.rollback()
    title = "Conflict" if status == 409 else "Unprocessable Content"
    return Problem(status, title, str(refusal))
