"""Hours and their disputes (art. 6.6, R25), as the portal and the staff hours page offer
them: the list with each entry's state and dispute window, a contact's dispute within the 7
days, staff's resolution. A contact sees only their own customer's entries (404 else)."""

from __future__ import annotations

from flask import Response, jsonify, request

from helpdesk.billing import acceptance, hours
from helpdesk.clock import utcnow
from helpdesk.credits.instants import iso_z
from helpdesk.extensions import db
from helpdesk.tickets.actions import ActionRefused

from . import bp
from .auth import principal, staff_only, submitter_only, token_required
from .body import MAX_ID, choice_field, json_body, text_field
from .problems import Problem
from .responses import refused


def _scope() -> int | None:
    account = principal()
    return None if account.is_staff else account.customer_id


def _entry(entry_id: int) -> hours.HoursEntry:
    found = hours.entry(entry_id, now=utcnow(), customer_id=_scope()) \
        if entry_id <= MAX_ID else None
    if found is None:
        raise Problem(404, "Not Found", f"No time entry {entry_id} is visible to this token.")
    return found


@bp.get("/hours")
@token_required
def list_hours():  # type: ignore[no-untyped-def]
    now = utcnow()
    state = request.args.get("state")
    if state is not None and state not in acceptance.STATES:
        raise Problem(400, "Bad Request", f"state must be one of: "
                      f"{', '.join(acceptance.STATES)}.")
    found = hours.entries(now=now, customer_id=_scope())
    totals = hours.totals(found)
    if state:
        found = [e for e in found if e.status.state == state]
    return jsonify({"items": [e.to_dict() for e in found], "minutes_per_state": totals,
                    "as_of": iso_z(now)})


@bp.get("/hours/<int:entry_id>")
@token_required
def get_hours(entry_id: int):  # type: ignore[no-untyped-def]
    return jsonify(_entry(entry_id).to_dict())


def _answer(entry_id: int) -> Response:
    db.session.commit()
    return jsonify(_entry(entry_id).to_dict())  # the entry in its new state


@bp.post("/hours/<int:entry_id>/dispute")
@submitter_only
def dispute_hours(entry_id: int) -> Response:
    """Art. 6.6: dispute in writing within 7 days after the hours were made known."""
    found = _entry(entry_id)
    reason = text_field(json_body(), "reason", hours.MAX_REASON)
    try:
        hours.dispute(found, by=principal(), reason=reason, now=utcnow())
    except ActionRefused as refusal:
        raise refused(refusal) from None
    return _answer(entry_id)


@bp.post("/hours/<int:entry_id>/resolve")
@staff_only
def resolve_hours_dispute(entry_id: int) -> Response:
    found = _entry(entry_id)
    body = json_body()
    outcome = choice_field(body, "outcome", acceptance.OUTCOMES)
    note = text_field(body, "note", 5000)
    try:
        hours.resolve(found, by=principal(), outcome=outcome, note=note, now=utcnow())
    except ActionRefused as refusal:
        raise refused(refusal) from None
    return _answer(entry_id)
