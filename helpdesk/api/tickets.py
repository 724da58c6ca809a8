"""Ticket endpoints: list, one ticket, its events and clocks; report, reply, acknowledge.

Routes parse input, call the same services as the portal and staff pages (intake/portal.py,
tickets/actions.py, web/services.py), and answer JSON. Nothing here decides a rule.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from sqlalchemy.orm import selectinload

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.portal import SubmissionRefused, submit_from_portal
from helpdesk.models import Ticket
from helpdesk.privacy import audit
from helpdesk.search import query as search_query
from helpdesk.search import words as search_words
from helpdesk.tickets import actions, log, projection
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web import services
from helpdesk.web.labels import STATUS
from helpdesk.workflow import merging

from . import bp, serialize
from .auth import principal, staff_only, submitter_only, token_required
from .body import MAX_ID, invalid, json_body, text_field
from .problems import Problem
from .responses import event_created, refused, ticket_response
from .scope import ticket_for, visible_events, visible_tickets
from .uploads import message_input

PRIORITIES = ("P1", "P2", "P3", "P4")
URGENCIES = ("light", "blocking")  # art. 39.1.1: the reporter proposes urgency and impact
IMPACTS = ("some", "all")
DEFAULT_LIMIT, MAX_LIMIT = 25, 100
SEARCH_CANDIDATES = 500  # best matches a search filters by status, priority, customer
FIX_NOTE_LENGTH = 5000  # the staff page's resolve and workaround forms


def _bad(detail: str) -> Problem:
    return Problem(400, "Bad Request", detail)


def _choice(name: str, allowed: tuple[str, ...] | Any) -> str | None:
    value = request.args.get(name)
    if value is not None and value not in allowed:
        raise _bad(f"{name} must be one of {', '.join(allowed)}.")
    return value


def _positive_int(name: str, default: int | None, maximum: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise _bad(f"{name} must be a whole number from 1 to {maximum}.")
    return int(raw)


@bp.get("/tickets")
@token_required
def list_tickets():  # type: ignore[no-untyped-def]
    """Newest first (ids follow registration, so the order is stable); a cursor is the id of
    the last ticket of the previous page, so pages never skip or repeat a ticket."""
    account = principal()
    # The names each item shows, loaded in three queries instead of three per ticket.
    query = visible_tickets(account).order_by(Ticket.id.desc()).options(
        selectinload(Ticket.customer), selectinload(Ticket.reporter),
        selectinload(Ticket.assignee))
    if (status := _choice("status", tuple(STATUS))) is not None:
        query = query.where(Ticket.status == status)
    if (priority := _choice("priority", PRIORITIES)) is not None:
        query = query.where(Ticket.priority == priority)
    if (customer := _positive_int("customer", None, MAX_ID)) is not None:
        query = query.where(Ticket.customer_id == customer)  # a contact: own customer only
    limit = _positive_int("limit", DEFAULT_LIMIT, MAX_LIMIT)
    if (text := request.args.get("q")) is not None:
        return _search(account, query, text, limit or DEFAULT_LIMIT)
    if (cursor := _positive_int("cursor", None, MAX_ID)) is not None:
        query = query.where(Ticket.id < cursor)
    rows = db.session.scalars(query.limit((limit or DEFAULT_LIMIT) + 1)).all()
    page = rows[:limit]
    more = len(rows) > len(page)
    return jsonify({
        "items": [serialize.ticket_summary(t, account) for t in page],
        "next_cursor": str(page[-1].id) if more else None,
    })


def _search(account: Any, query: Any, text: str, limit: int):  # type: ignore[no-untyped-def]
    """Issue #16: the tickets matching `q`, best first, in one page (a ranking has no stable
    cursor); a contact's token searches only what the portal shows of its customer's."""
    if request.args.get("cursor") is not None:
        raise _bad("cursor cannot be combined with q: search results come in one page, "
                   "best match first.")
    try:
        parsed = search_words.parse(text)
    except search_words.QueryRefused as refused:
        raise _bad(str(refused)) from None
    ranked = [tid for tid, _ in search_query.ticket_ids(
        parsed, customer_id=None if account.is_staff else account.customer_id,
        limit=SEARCH_CANDIDATES)]
    rows = {t.id: t for t in db.session.scalars(query.where(Ticket.id.in_(ranked)))}
    page = [rows[tid] for tid in ranked if tid in rows][:limit]
    return jsonify({"items": [serialize.ticket_summary(t, account) for t in page],
                    "next_cursor": None})


def _audit_view(ticket: Ticket) -> None:
    """Seed 004 annex 2, as the staff ticket page: who saw which ticket's personal data.
    The actor is named: under the API, the logged-in user is nobody (no cookie counts)."""
    account = principal()
    if account.is_staff:
        audit.record("viewed", "ticket", ticket.id, actor=account, detail="API")
        db.session.commit()


@bp.get("/tickets/<reference>")
@token_required
def get_ticket(reference: str):  # type: ignore[no-untyped-def]
    ticket = ticket_for(principal(), reference)
    _audit_view(ticket)
    return ticket_response(ticket)


@bp.get("/tickets/<reference>/events")
@token_required
def ticket_events(reference: str):  # type: ignore[no-untyped-def]
    account = principal()
    ticket = ticket_for(account, reference)
    _audit_view(ticket)
    rows = visible_events(account, log.events_of(ticket))
    return jsonify({"items": [serialize.event(row, account) for row in rows]})


@bp.get("/tickets/<reference>/clocks")
@token_required
def ticket_clocks(reference: str):  # type: ignore[no-untyped-def]
    """Each clock as of now with 'why this deadline'; a contact sees the clocks that apply
    under the contract, as the portal lists them."""
    account = principal()
    ticket = ticket_for(account, reference)
    now = utcnow()
    clocks = projection.fold_ticket(ticket, log.events_of(ticket), now)
    states = [c for c in clocks.clocks.values() if account.is_staff or c.applicable]
    return jsonify({"as_of": serialize.iso(now),
                    "items": [serialize.clock(state, now) for state in states]})


@bp.post("/tickets")
@submitter_only
def create_ticket():  # type: ignore[no-untyped-def]
    """The portal form's rules (intake/portal.py): urgency and impact set the priority."""
    body = json_body()
    title = text_field(body, "title", 300)
    description = text_field(body, "description", 20000)
    urgency, impact = body.get("urgency"), body.get("impact")
    if urgency not in URGENCIES:
        raise Problem(422, "Unprocessable Content", "urgency must be 'light' or 'blocking'.")
    if impact not in IMPACTS:
        raise Problem(422, "Unprocessable Content", "impact must be 'some' or 'all'.")
    try:
        ticket = submit_from_portal(principal(), title=title, description=description,
                                    urgency=urgency, impact=impact, now=utcnow())
    except SubmissionRefused as refusal:
        db.session.rollback()
        raise Problem(409, "Conflict", str(refusal)) from None
    db.session.commit()
    return ticket_response(ticket, 201)


@bp.post("/tickets/<reference>/messages")
@token_required
def post_message(reference: str):  # type: ignore[no-untyped-def]
    """A contact's message (the portal's; it confirms a phone report in writing, art.
    39.2.2), with files when sent as multipart, or a staff reply to the reporter (the
    staff page's)."""
    account = principal()
    if not account.is_staff and not account.may_submit:
        raise Problem(403, "Forbidden", "Your portal role may read tickets but not reply.")
    ticket = ticket_for(account, reference)
    text, uploads = message_input(account)
    try:
        if account.is_staff:
            event = actions.reply(ticket, by=account, now=utcnow(), text=text)
        else:
            # issue #16: a merged duplicate's messages go to the ticket kept
            event = services.customer_message(merging.follow(ticket), by=account,
                                              now=utcnow(), text=text, uploads=uploads)
    except ActionRefused as refusal:
        raise refused(refusal) from None
    return event_created(event)


@bp.post("/tickets/<reference>/acknowledge")
@staff_only
def acknowledge(reference: str):  # type: ignore[no-untyped-def]
    """R1: the human acknowledgement, sent to the customer, stops the reaction clock; with
    `assign_to_me` (as the page's checkbox) the token's staff member also takes it."""
    ticket = ticket_for(principal(), reference)
    body = json_body(required=False)
    message = text_field(body, "message", 20000, required=False)
    assign_to_me = body.get("assign_to_me", False)
    if not isinstance(assign_to_me, bool):
        raise invalid("assign_to_me", "assign_to_me must be true or false.", "boolean")
    try:
        event = actions.acknowledge(ticket, by=principal(), now=utcnow(), message=message,
                                    assign_to_me=assign_to_me)
    except ActionRefused as refusal:
        raise refused(refusal) from None
    return event_created(event)


@bp.post("/tickets/<reference>/resolve")
@staff_only
def resolve(reference: str):  # type: ignore[no-untyped-def]
    """Art. 39.3.1: the infrastructure is operational again; the resolution clock stops.
    The note is required, as on the page: the customer gets it by mail and in the portal."""
    ticket = ticket_for(principal(), reference)
    note = text_field(json_body(), "note", FIX_NOTE_LENGTH)
    try:
        event = actions.resolve(ticket, by=principal(), now=utcnow(), note=note)
    except ActionRefused as refusal:
        raise refused(refusal) from None
    return event_created(event)
