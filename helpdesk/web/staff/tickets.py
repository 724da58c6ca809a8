"""The staff ticket page: conversation, timeline, clocks and 'why this deadline'."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from helpdesk.billing.out_of_scope import billable_minutes
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.maintenance import hints
from helpdesk.models import CannedReply, MaintenanceWindow, Staff, Ticket, TicketEvent
from helpdesk.privacy import audit
from helpdesk.tickets import actions, badges, log, not_incident, projection, reopening
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web import services
from helpdesk.web.access import staff_required
from helpdesk.web.downloads import send_attachment
from helpdesk.web.staff import bp
from helpdesk.web.staff import forms as f
from helpdesk.web.staff import workflow_forms as wf
from helpdesk.web.staff.presence_words import presence_text
from helpdesk.workflow import canned_replies, merging, presence
from helpdesk.workflow.canned import TemplateRefused

# Events that carry a message: shown as the conversation, the rest only in the timeline.
CONVERSATION = {"submitted", "acknowledged", "staff_reply", "customer_message", "note_added",
                "fix_rejected", "held_mail_attached"}


def staff_ticket(reference: str) -> Ticket:
    found = db.session.scalar(select(Ticket).where(Ticket.reference == reference))
    if found is None:
        abort(404)
    return found


def current_urgency_and_impact(ticket: Ticket) -> tuple[str | None, str | None]:
    """The pair the priority now follows (the last report or change of it): the priority form
    starts there and the matrix marks its cell (issue #19 item 10)."""
    latest = db.session.scalar(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                  TicketEvent.type.in_(("submitted", "priority_changed")))
        .order_by(TicketEvent.seq.desc()).limit(1))
    payload = (latest.payload or {}) if latest is not None else {}
    return payload.get("urgency"), payload.get("impact")


def action_forms(ticket: Ticket) -> dict[str, Any]:
    staff = db.session.scalars(select(Staff).where(Staff.active.is_(True))
                               .order_by(Staff.name)).all()
    assign = f.AssignForm(formdata=None, staff_id=ticket.assignee_id or 0)
    assign.staff_id.choices = [(0, _("nobody (unassigned)"))] + [(s.id, s.name) for s in staff]
    urgency, impact = current_urgency_and_impact(ticket)
    priority = f.PriorityForm(formdata=None, urgency=urgency, impact=impact)
    return {
        "acknowledge": f.AcknowledgeForm(formdata=None,
                                         assign_to_me=ticket.assignee_id is None),
        "assign": assign,
        "reply": f.ReplyForm(formdata=None), "note": f.NoteForm(formdata=None),
        "priority": priority, "supplier": f.SupplierForm(formdata=None),
        "delivered": f.ActionForm(formdata=None), "onsite": f.ActionForm(formdata=None),
        "workaround": f.WorkaroundForm(formdata=None), "resolve": f.ResolveForm(formdata=None),
        "not_incident": f.NotAnIncidentForm(formdata=None), "time": f.TimeEntryForm(formdata=None),
        "out_of_scope": f.OutOfScopeForm(formdata=None),
    }


def hint_margin() -> timedelta:
    """How long after a maintenance window a submission still gets the art. 38.3 hint."""
    return timedelta(minutes=current_app.config.get("HELPDESK_MAINTENANCE_HINT_MINUTES", 30))


def maintenance_hint(ticket: Ticket, forms: dict[str, Any]) -> list[MaintenanceWindow]:
    """Art. 38.3: the customer's windows the submission fell in (or just after). Prefills the
    'not an incident' form with provider maintenance and the window; staff decide and submit."""
    windows = hints.windows_at(ticket.customer_id, ticket.submitted_at, margin=hint_margin())
    if windows:
        forms["not_incident"] = f.NotAnIncidentForm(
            formdata=None, reason="provider maintenance",
            detail=hints.not_an_incident_detail(windows[0]))
    return windows


def kept_badge(rows: list[TicketEvent], now: datetime) -> tuple[Ticket, Any] | None:
    """A merged duplicate's clocks follow the kept ticket: its headline badge, shown here."""
    kept_id = next(((row.payload or {}).get("into_id") for row in rows if row.type == "merged"),
                   None)
    kept = db.session.get(Ticket, kept_id) if kept_id else None
    if kept is None:
        return None
    return kept, badges.headline_badges([kept], now).get(kept.id)


def render_ticket(ticket: Ticket, *, forms: dict[str, Any] | None = None, status: int = 200,
                  canned: canned_replies.Rendered | None = None,
                  canned_id: int | None = None):
    """The page, optionally with one submitted form kept as typed and showing its errors
    (or the reply form filled from a canned reply, `canned`)."""
    rows = log.events_of(ticket)
    now = utcnow()
    clocks = projection.fold_ticket(ticket, rows, now)
    all_forms = action_forms(ticket)
    maintenance = maintenance_hint(ticket, all_forms)
    if forms:
        if "assign" in forms:
            forms["assign"].staff_id.choices = all_forms["assign"].staff_id.choices
        all_forms.update(forms)
    return render_template(
        "staff/ticket.html", ticket=ticket, events=rows, clocks=clocks, now=now,
        conversation=[e for e in rows if e.type in CONVERSATION],
        attachments=services.attachments_by_event(ticket), forms=all_forms,
        open_form=next(iter(forms), None) if forms else None, maintenance=maintenance,
        out_of_scope_applies=actions.out_of_scope_applies(ticket),
        billable_minutes=billable_minutes(rows, clocks.status),
        rejection=reopening.open_rejection(rows),
        # R21: the action is offered only where the core would accept it.
        not_incident_allowed=not_incident.allowed(ticket, status=clocks.status, rows=rows,
                                                  by=current_user, now=now),
        voided_by=not_incident.voided_by(rows), voidable=not_incident.VOIDABLE,
        canned_replies=canned_replies.all_replies(), canned=canned, canned_id=canned_id,
        language_names=wf.LANGUAGE_NAMES, merge=merging.links(rows),
        merge_form=forms.get("merge") if forms and "merge" in forms
        else wf.MergeForm(formdata=None),
        presence_poll=presence.POLL.total_seconds(),
        presence_text=presence_text(presence.others(ticket, me=current_user, now=now)),
        kept=kept_badge(rows, now), mergeable=clocks.status in merging.MERGEABLE,
    ), status


@bp.get("/tickets/<reference>")
@staff_required
def ticket(reference: str):  # type: ignore[no-untyped-def]
    found = staff_ticket(reference)
    audit.viewed("ticket", found.id)  # seed 004 annex 2: who saw which personal data
    picked = request.args.get("canned", type=int)
    if picked:  # issue #16: the reply form filled from a canned reply, to edit and send
        reply = db.session.get(CannedReply, picked)
        if reply is None:
            abort(404)
        try:
            rendered = canned_replies.render_for(reply, found, by=current_user, now=utcnow())
        except TemplateRefused as refusal:
            flash(str(refusal), "error")
            return render_ticket(found)
        return render_ticket(found, forms={"reply": f.ReplyForm(formdata=None,
                                                                text=rendered.text)},
                             canned=rendered, canned_id=picked)
    return render_ticket(found)


def _clock(ticket: Ticket, name: str):  # type: ignore[no-untyped-def]
    clocks = projection.fold_ticket(ticket, log.events_of(ticket), utcnow())
    if name not in clocks.clocks:
        abort(404)
    return clocks, clocks.clocks[name]


@bp.get("/tickets/<reference>/clocks/<clock>")
@staff_required
def explain(reference: str, clock: str):  # type: ignore[no-untyped-def]
    """Print-friendly 'why this deadline': the engine's counted and excluded spans."""
    found = staff_ticket(reference)
    clocks, state = _clock(found, clock)
    return render_template("staff/explain.html", ticket=found, clocks=clocks, clock=state,
                           explanation=state.explanation(), form=f.ActionForm(formdata=None))


@bp.post("/tickets/<reference>/clocks/<clock>/send")
@staff_required
def send_explanation(reference: str, clock: str):  # type: ignore[no-untyped-def]
    found = staff_ticket(reference)
    if not f.ActionForm().validate_on_submit():
        abort(400)
    state = _clock(found, clock)[1]
    try:
        services.send_explanation(found, state, by=current_user, now=utcnow())
    except ActionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(_("The explanation is in the outbox for %(to)s.", to=found.reporter.email),
              "success")
    return redirect(url_for("staff.explain", reference=reference, clock=clock))


@bp.get("/tickets/<reference>/attachments/<int:attachment_id>")
@staff_required
def attachment(reference: str, attachment_id: int):  # type: ignore[no-untyped-def]
    found = services.ticket_attachment(staff_ticket(reference), attachment_id)
    if found is None:
        abort(404)
    return send_attachment(found)
