"""One action on many tickets from the queue (issue #16): each ticket gets its own event,
through the same single-ticket action (tickets/actions.py) and its rules; nothing here
decides anew.

A selection is made on a page that may be stale by the time it is sent: every ticket carries
the sequence number of the last event its row was shown with. A ticket whose log has grown
since (someone acted on it, the scheduler recorded a breach, it was closed) is refused with
the reason, as is one the action itself refuses; the others are applied, each in its own
transaction, so one refusal undoes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import Staff, Ticket, TicketEvent
from helpdesk.tickets import actions
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web.access import staff_required
from helpdesk.web.labels import EVENT
from helpdesk.web.staff import bp

MAX_SELECTION = 200  # a few pages' worth; more is a mistake, not a selection


@dataclass(frozen=True)
class Selected:
    """A ticket as the selecting page showed it: its reference and its last event's seq."""

    reference: str
    seq: int


@dataclass(frozen=True)
class Outcome:
    reference: str
    applied: bool
    message: str


def parse_selection(values: Iterable[str]) -> list[Selected]:
    """The checkboxes' values, "HD-2026-00042:17"; malformed ones are dropped."""
    found: dict[str, Selected] = {}
    for value in values:
        reference, _sep, seq = value.rpartition(":")
        if reference and seq.isdigit() and len(reference) <= 32:
            found.setdefault(reference, Selected(reference, int(seq)))
    return list(found.values())[:MAX_SELECTION]


def last_seqs(ticket_ids: Iterable[int]) -> dict[int, int]:
    """The last event's seq of each ticket, in one query along the (ticket, seq) index."""
    wanted = set(ticket_ids)
    if not wanted:
        return {}
    rows = db.session.execute(
        select(TicketEvent.ticket_id, func.max(TicketEvent.seq))
        .where(TicketEvent.ticket_id.in_(wanted)).group_by(TicketEvent.ticket_id))
    return {ticket_id: int(seq) for ticket_id, seq in rows}


Action = Callable[[Ticket, datetime], Any]


def apply_each(selection: list[Selected], action: Action, now: datetime) -> list[Outcome]:
    """Apply `action` to each selected ticket that is as it was shown; report every one."""
    outcomes = []
    for chosen in selection:
        outcomes.append(_apply_one(chosen, action, now))
    return outcomes


def _apply_one(chosen: Selected, action: Action, now: datetime) -> Outcome:
    query = select(Ticket).where(Ticket.reference == chosen.reference)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()  # the log cannot grow between the check and the act
    ticket = db.session.scalar(query)
    if ticket is None:
        db.session.rollback()
        return Outcome(chosen.reference, False, _("No such ticket."))
    last = last_seqs([ticket.id]).get(ticket.id, 0)
    if last != chosen.seq:
        latest = db.session.scalar(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
            .order_by(TicketEvent.seq.desc()).limit(1))
        db.session.rollback()
        who = latest.actor_name if latest is not None and latest.actor_name else _("the system")
        return Outcome(chosen.reference, False, _(
            "Changed since you selected it (%(what)s by %(who)s); look at it again.",
            what=_event_words(latest.type if latest is not None else ""), who=who))
    try:
        message = action(ticket, now)
    except ActionRefused as refusal:
        db.session.rollback()
        return Outcome(chosen.reference, False, str(refusal))
    db.session.commit()
    return Outcome(chosen.reference, True, str(message))


def _event_words(kind: str) -> str:
    return str(EVENT.get(kind, kind)).lower()  # the words the timeline uses


BULK_ACTIONS = {
    "assign": _l("Assign to"),
    "acknowledge": _l("Acknowledge (informs each customer)"),
    "note": _l("Add an internal note"),
    "resolve": _l("Resolve (mails each customer the note)"),
    "supplier": _l("Waiting for an external supplier (named in the text)"),
    "delivered": _l("Supplier delivered"),
}


class BulkForm(FlaskForm):
    """The queue's bulk form; the selected tickets come as `selected` checkboxes."""

    action = SelectField(_l("Action"), choices=list(BULK_ACTIONS.items()))
    staff_id = SelectField(_l("Assign to"), coerce=int, validate_choice=False, default=0)
    text = TextAreaField(_l("Note, resolution note or supplier"),
                         validators=[Optional(), Length(max=5000)])
    confirm = BooleanField(_l("I confirm each customer's infrastructure is operational again"))


def active_staff() -> list[tuple[int, str]]:
    """(id, name) of everyone who can be assigned, by name."""
    return [tuple(row) for row in db.session.execute(  # type: ignore[misc]
        select(Staff.id, Staff.name).where(Staff.active.is_(True)).order_by(Staff.name))]


def staff_choices(staff: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    return [(0, _("nobody (unassigned)"))] + (active_staff() if staff is None else staff)


def _action_for(form: BulkForm) -> tuple[Action | None, str | None]:
    """The single-ticket action the form asks for, or why the form cannot be applied."""
    kind, text, me = form.action.data, (form.text.data or "").strip(), current_user
    if kind == "assign":
        to = db.session.get(Staff, form.staff_id.data) if form.staff_id.data else None
        if form.staff_id.data and (to is None or not to.active):
            return None, _("Choose someone to assign the tickets to.")

        def assign(ticket: Ticket, now: datetime) -> str:
            if ticket.assignee_id == (to.id if to else None):
                raise ActionRefused(_("Already assigned so; nothing to record."))
            actions.assign(ticket, to=to, by=me, now=now)
            return _("Assigned to %(name)s.", name=to.name) if to else _("Unassigned.")
        return assign, None
    if kind == "acknowledge":
        def acknowledge(ticket: Ticket, now: datetime) -> str:
            actions.acknowledge(ticket, by=me, now=now, message=text)
            return _("Acknowledged; the customer has been informed.")
        return acknowledge, None
    if kind == "note":
        if not text:
            return None, _("A note needs some text.")

        def note(ticket: Ticket, now: datetime) -> str:
            actions.note(ticket, by=me, now=now, text=text)
            return _("Internal note added.")
        return note, None
    if kind == "resolve":
        # Art. 39.3.1: as on the ticket page, a fix says what was done and is confirmed.
        if not text or not form.confirm.data:
            return None, _("Resolving needs a resolution note and the confirmation.")

        def resolve(ticket: Ticket, now: datetime) -> str:
            actions.resolve(ticket, by=me, now=now, note=text)
            return _("Ticket resolved; the customer has the note and can reject the fix.")
        return resolve, None
    if kind == "supplier":
        def suspend(ticket: Ticket, now: datetime) -> str:
            actions.suspend_for_supplier(ticket, supplier=text, by=me, now=now)
            return _("The resolution clock is suspended while %(supplier)s works.",
                     supplier=text)
        return suspend, None
    if kind == "delivered":
        def delivered(ticket: Ticket, now: datetime) -> str:
            actions.supplier_delivered(ticket, by=me, now=now)
            return _("Supplier delivery recorded; the clock resumes after the day ends (R6).")
        return delivered, None
    return None, _("Choose an action.")


@bp.post("/queue/bulk")
@staff_required
def bulk():  # type: ignore[no-untyped-def]
    form = BulkForm()
    form.staff_id.choices = staff_choices()
    back = _back_link(request.form.get("back", ""))
    selection = parse_selection(request.form.getlist("selected"))
    if not form.validate_on_submit():
        return render_template("staff/bulk_result.html", outcomes=[], back=back,
                               problem=_("The form was not accepted; try again.")), 400
    if not selection:
        return render_template("staff/bulk_result.html", outcomes=[], back=back,
                               problem=_("Select at least one ticket.")), 400
    action, problem = _action_for(form)
    if action is None:
        return render_template("staff/bulk_result.html", outcomes=[], back=back,
                               problem=problem), 400
    outcomes = apply_each(selection, action, utcnow())
    return render_template("staff/bulk_result.html", outcomes=outcomes, back=back,
                           action=BULK_ACTIONS[form.action.data], problem=None)


def _back_link(query: str) -> str:
    """Back to the queue as it was filtered: only a query string, never another address."""
    pairs = [(k, v) for k, v in parse_qsl(query[:2000]) if k.isidentifier()]
    base = url_for("staff.queue")
    return f"{base}?{urlencode(pairs)}" if pairs else base
