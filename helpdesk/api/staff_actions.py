"""Staff actions on a ticket, as the staff ticket page offers them (web/staff/actions.py).

Each route parses the JSON body, calls the same service the page calls (tickets/actions.py,
web/services.py) and answers 201 with the event recorded. The rules stay in those services:
a state that refuses the action is 409 with their reason, malformed input 422.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Response

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Staff, Ticket, TicketEvent
from helpdesk.sla.priority import IMPACTS, URGENCIES
from helpdesk.tickets import actions
from helpdesk.tickets.actions import NOT_AN_INCIDENT_REASONS, ActionRefused
from helpdesk.web import services
from helpdesk.workflow import merging

from . import bp
from .auth import principal, staff_only
from .body import MAX_ID, choice_field, instant_field, invalid, json_body, text_field
from .responses import event_created, refused
from .scope import ticket_for
from .tickets import FIX_NOTE_LENGTH

Perform = Callable[[Ticket, Staff, datetime], TicketEvent]


def _act(reference: str, perform: Perform, *, refusal_status: int = 409) -> Response:
    ticket = ticket_for(principal(), reference)
    try:
        event = perform(ticket, principal(), utcnow())
    except ActionRefused as refusal:
        raise refused(refusal, refusal_status) from None
    return event_created(event)


def _assignee(body: dict[str, Any]) -> Staff | None:
    """The page offers active staff and 'nobody'; so does the API (null unassigns)."""
    if "staff_id" not in body:
        raise invalid("staff_id", "staff_id is required: a staff member's id, or null to "
                      "unassign.", "required")
    staff_id = body["staff_id"]
    if staff_id is None:
        return None
    if isinstance(staff_id, bool) or not isinstance(staff_id, int) or not 1 <= staff_id <= MAX_ID:
        raise invalid("staff_id", "staff_id must be a staff member's id or null.",
                      "integer or null")
    staff = db.session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise invalid("staff_id", f"No active staff member has id {staff_id}.",
                      "no such active staff member")
    return staff


@bp.post("/tickets/<reference>/assign")
@staff_only
def assign(reference: str) -> Response:
    to = _assignee(json_body())
    return _act(reference, lambda t, by, now: actions.assign(t, to=to, by=by, now=now))


@bp.post("/tickets/<reference>/notes")
@staff_only
def add_note(reference: str) -> Response:
    """An internal note: never mailed, never shown to the customer."""
    text = text_field(json_body(), "text", 20000)
    return _act(reference, lambda t, by, now: actions.note(t, by=by, now=now, text=text))


@bp.post("/tickets/<reference>/priority")
@staff_only
def change_priority(reference: str) -> Response:
    """Art. 39.1.1: urgency × impact after consultation, with the reason; R12 moves a
    running clock's deadline (counted from its start, never before the change)."""
    body = json_body()
    urgency = choice_field(body, "urgency", URGENCIES)
    impact = choice_field(body, "impact", IMPACTS)
    reason = text_field(body, "reason", 2000)
    return _act(reference, lambda t, by, now: actions.set_priority(
        t, urgency=urgency, impact=impact, reason=reason, by=by, now=now))


@bp.post("/tickets/<reference>/supplier-suspension")
@staff_only
def suspend_for_supplier(reference: str) -> Response:
    """Art. 39.1.3 (R6): the resolution clock stops while the named supplier works."""
    supplier = text_field(json_body(), "supplier", 200)
    return _act(reference, lambda t, by, now: actions.suspend_for_supplier(
        t, supplier=supplier, by=by, now=now))


@bp.post("/tickets/<reference>/supplier-delivered")
@staff_only
def supplier_delivered(reference: str) -> Response:
    """R6: suspended through the end of the delivery day, resumes at the next opening."""
    return _act(reference, lambda t, by, now: actions.supplier_delivered(t, by=by, now=now))


@bp.post("/tickets/<reference>/onsite")
@staff_only
def agree_onsite(reference: str) -> Response:
    """R7: an on-site visit agreed with the contact extends the resolution deadline by one
    working day."""
    return _act(reference, lambda t, by, now: actions.agree_onsite(t, by=by, now=now))


@bp.post("/tickets/<reference>/workaround")
@staff_only
def apply_workaround(reference: str) -> Response:
    """Service restored by a workaround: the resolution clock stops; R8 (seed 002) makes
    the ticket P3, seed 004 annex 1 starts the permanent-fix objective instead. The note
    is required, as on the page: the customer gets it by mail and in the portal."""
    note = text_field(json_body(), "note", FIX_NOTE_LENGTH)
    return _act(reference, lambda t, by, now: actions.apply_workaround(t, by=by, now=now,
                                                                       note=note))


@bp.post("/tickets/<reference>/not-an-incident")
@staff_only
def not_an_incident(reference: str) -> Response:
    """Art. 38.3: one of the listed reasons, with optional details as on the page (e.g.
    which maintenance window); the clocks stop, no breach or credit results."""
    body = json_body()
    reason = choice_field(body, "reason", NOT_AN_INCIDENT_REASONS)
    detail = text_field(body, "detail", 500, required=False)
    return _act(reference, lambda t, by, now: actions.classify_not_an_incident(
        t, reason=reason, by=by, now=now, detail=detail))


@bp.post("/tickets/<reference>/out-of-scope")
@staff_only
def out_of_scope(reference: str) -> Response:
    """Seed 004 art. 9.3: the binding out-of-scope classification with its reason, as on
    the page; the objectives stop and the ticket's time is billable (art. 9.4). 409 for a
    contract without the clause (it has not-an-incident) or a closed ticket."""
    reason = text_field(json_body(), "reason", 500)
    return _act(reference, lambda t, by, now: actions.classify_out_of_scope(
        t, reason=reason, by=by, now=now))


@bp.post("/tickets/<reference>/merge")
@staff_only
def merge_duplicate(reference: str) -> Response:
    """Issue #16: merge this ticket, a duplicate, into `into` (a reference of the same
    customer), as on the page; answers with the duplicate's `merged` event. Its clocks stop
    at the merge (a breach already recorded stays), the kept ticket gets a
    `duplicate_merged` event, the reporter is told (R23). 409 across customers, into
    itself, for a closed or merged ticket."""
    body = json_body()
    into = text_field(body, "into", 32)
    reason = text_field(body, "reason", 500, required=False)
    return _act(reference, lambda t, by, now: merging.merge(
        t, into=into, by=by, now=now, reason=reason).duplicate_event)


@bp.post("/tickets/<reference>/time-entries")
@staff_only
def log_time(reference: str) -> Response:
    """Art. 6.4: the page's time entry (start, end, work done); the service splits it into
    rate classes. Its refusals are all about the input (end in the future, end before
    start, longer than 24 h), so they are 422, not 409."""
    body = json_body()
    start, end = instant_field(body, "start"), instant_field(body, "end")
    description = text_field(body, "description", 500)
    return _act(reference, lambda t, by, now: services.log_time(
        t, by=by, start=start, end=end, description=description, now=now),
        refusal_status=422)
