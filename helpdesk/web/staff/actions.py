"""One route per ticket action: parse the form, call tickets/actions.py, flash, redirect.

A form with bad input, or an action the ticket's state refuses, re-renders the ticket page
with that form as typed and the reason beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import flash, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import Staff, Ticket
from helpdesk.tickets import actions
from helpdesk.tickets.actions import ActionRefused
from helpdesk.timefmt import BRUSSELS
from helpdesk.web import services
from helpdesk.web.access import staff_required
from helpdesk.web.staff import bp
from helpdesk.web.staff import forms as f
from helpdesk.web.staff.bulk import staff_choices
from helpdesk.web.staff.tickets import render_ticket, staff_ticket

Perform = Callable[[Ticket, Any, datetime], str]


def _perform(reference: str, key: str, form: FlaskForm, perform: Perform):  # type: ignore[no-untyped-def]
    ticket = staff_ticket(reference)
    if not form.validate_on_submit():
        return render_ticket(ticket, forms={key: form}, status=400)
    try:
        message = perform(ticket, form, utcnow())
    except ActionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return render_ticket(staff_ticket(reference), forms={key: form}, status=409)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.ticket", reference=reference))


def local_instant(value: datetime) -> datetime:
    """A datetime-local field's value is Brussels wall time."""
    return value.replace(tzinfo=BRUSSELS)


@bp.post("/tickets/<reference>/acknowledge")
@staff_required
def acknowledge(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.acknowledge(ticket, by=current_user, now=now, message=form.message.data or "",
                            assign_to_me=bool(form.assign_to_me.data))
        if form.assign_to_me.data:
            return _("Acknowledged and assigned to you; the customer has been informed.")
        return _("Acknowledged; the customer has been informed.")
    return _perform(reference, "acknowledge", f.AcknowledgeForm(), perform)


@bp.post("/tickets/<reference>/assign")
@staff_required
def assign(reference: str):  # type: ignore[no-untyped-def]
    form = f.AssignForm()
    form.staff_id.choices = staff_choices()

    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        to = db.session.get(Staff, form.staff_id.data) if form.staff_id.data else None
        actions.assign(ticket, to=to, by=current_user, now=now)
        return _("Assigned to %(name)s.", name=to.name) if to else _("Unassigned.")
    return _perform(reference, "assign", form, perform)


@bp.post("/tickets/<reference>/reply")
@staff_required
def reply(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        event = actions.reply(ticket, by=current_user, now=now, text=form.text.data)
        if event.type == "acknowledged":  # R26: the first reply is the reaction
            return _("Reply sent to the customer; it acknowledged the ticket (R26).")
        return _("Reply sent to the customer.")
    return _perform(reference, "reply", f.ReplyForm(), perform)


@bp.post("/tickets/<reference>/note")
@staff_required
def note(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.note(ticket, by=current_user, now=now, text=form.text.data)
        return _("Internal note added.")
    return _perform(reference, "note", f.NoteForm(), perform)


@bp.post("/tickets/<reference>/priority")
@staff_required
def priority(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        event = actions.set_priority(ticket, urgency=form.urgency.data, impact=form.impact.data,
                                     reason=form.reason.data, by=current_user, now=now)
        return _("Priority set to %(priority)s.", priority=event.payload["priority"])
    return _perform(reference, "priority", f.PriorityForm(), perform)


@bp.post("/tickets/<reference>/supplier")
@staff_required
def suspend(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.suspend_for_supplier(ticket, supplier=form.supplier.data, by=current_user,
                                     now=now)
        return _("The resolution clock is suspended while %(supplier)s works.",
                 supplier=form.supplier.data.strip())
    return _perform(reference, "supplier", f.SupplierForm(), perform)


@bp.post("/tickets/<reference>/supplier-delivered")
@staff_required
def delivered(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.supplier_delivered(ticket, by=current_user, now=now)
        return _("Supplier delivery recorded; the clock resumes after the day ends (R6).")
    return _perform(reference, "delivered", f.ActionForm(), perform)


def _simple(key: str, action: Callable[..., Any], done: str):  # type: ignore[no-untyped-def]
    def view(reference: str):  # type: ignore[no-untyped-def]
        def perform(ticket: Ticket, form: Any, now: datetime) -> str:
            action(ticket, by=current_user, now=now)
            return str(done)
        return _perform(reference, key, f.ActionForm(), perform)
    return view


ONSITE_DONE = _l("On-site visit recorded; the resolution deadline moves one working day (R7).")

bp.add_url_rule("/tickets/<reference>/onsite", "onsite", staff_required(
    _simple("onsite", actions.agree_onsite, ONSITE_DONE)), methods=["POST"])


@bp.post("/tickets/<reference>/resolve")
@staff_required
def resolve(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.resolve(ticket, by=current_user, now=now, note=form.note.data)
        return _("Ticket resolved; the customer has the note and can reject the fix.")
    return _perform(reference, "resolve", f.ResolveForm(), perform)


@bp.post("/tickets/<reference>/workaround")
@staff_required
def workaround(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.apply_workaround(ticket, by=current_user, now=now, note=form.note.data)
        # R8 (seed 002) lowers the priority to P3; seed 004 keeps it and starts the
        # permanent-fix objective: say which priority the ticket has now.
        return _("Workaround recorded; the resolution clock stops. The ticket is now "
                 "%(priority)s.", priority=ticket.priority)
    return _perform(reference, "workaround", f.WorkaroundForm(), perform)


@bp.post("/tickets/<reference>/not-an-incident")
@staff_required
def not_an_incident(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.classify_not_an_incident(ticket, reason=form.reason.data, by=current_user,
                                         now=now, detail=form.detail.data or "")
        return _("Classified as not an incident; its clocks stop.")
    return _perform(reference, "not_incident", f.NotAnIncidentForm(), perform)


@bp.post("/tickets/<reference>/out-of-scope")
@staff_required
def out_of_scope(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        actions.classify_out_of_scope(ticket, reason=form.reason.data, by=current_user,
                                      now=now)
        return _("Classified as out of scope (binding); its objectives stop and work on it "
                 "is billable.")
    return _perform(reference, "out_of_scope", f.OutOfScopeForm(), perform)


@bp.post("/tickets/<reference>/time")
@staff_required
def log_time(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        event = services.log_time(ticket, by=current_user, start=local_instant(form.start.data),
                                  end=local_instant(form.end.data),
                                  description=form.description.data, now=now)
        return _("Logged %(minutes)s minutes.", minutes=sum(event.payload["minutes"].values()))
    return _perform(reference, "time", f.TimeEntryForm(), perform)
