"""The staff ticket page: conversation, timeline, clocks and 'why this deadline'."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from helpdesk.billing.out_of_scope import billable_minutes
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.maintenance import hints
from helpdesk.models import CannedReply, Contract, MaintenanceWindow, Ticket, TicketEvent
from helpdesk.privacy import audit
from helpdesk.tickets import actions, badges, log, not_incident, projection, reopening
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web import services
from helpdesk.web.access import staff_required
from helpdesk.web.downloads import send_attachment
from helpdesk.web.staff import bp, bulk
from helpdesk.web.staff import forms as f
from helpdesk.web.staff import workflow_forms as wf
from helpdesk.web.staff.presence_words import presence_text
from helpdesk.workflow import canned_replies, merging, presence
from helpdesk.workflow.canned import TemplateRefused

# Events that carry a message: shown as the conversation, the rest only in the timeline.
CONVERSATION = {"submitted", "acknowledged", "staff_reply", "customer_message", "note_added",
                "fix_rejected", "held_mail_attached"}


# What the ticket page shows of the ticket's parties (customer, reporter, assignee, the
# contract with its closing days for the clocks): read with the ticket, not one at a time.
PAGE_LOADS = (joinedload(Ticket.customer), joinedload(Ticket.reporter),
              joinedload(Ticket.assignee),
              joinedload(Ticket.contract).selectinload(Contract.closing_days))


def staff_ticket(reference: str, *options: Any) -> Ticket:
    found = db.session.scalar(select(Ticket).where(Ticket.reference == reference)
                              .options(*options))
    if found is None:
        abort(404)
    return found


def current_urgency_and_impact(rows: Sequence[TicketEvent]) -> tuple[str | None, str | None]:
    """The pair the priority now follows (the last report or change of it): the priority form
    starts there and the matrix marks its cell (issue #19 item 10)."""
    latest = next((row for row in reversed(rows)
                   if row.type in ("submitted", "priority_changed")), None)
    payload = (latest.payload or {}) if latest is not None else {}
    return payload.get("urgency"), payload.get("impact")


class ActionForms(Mapping[str, Any]):
    """The page's action forms by key, each built when the page first shows it: a closed
    ticket shows five of the thirteen (building one costs about as much as a database
    read). A form set here (one submitted, or prefilled) is shown instead."""

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._built:
            self._built[key] = self._builders[key]()
        return self._built[key]

    def __setitem__(self, key: str, form: Any) -> None:
        self._built[key] = form

    def __iter__(self) -> Iterator[str]:
        return iter({**self._builders, **self._built})

    def __len__(self) -> int:
        return len({**self._builders, **self._built})


def action_forms(ticket: Ticket, rows: Sequence[TicketEvent]) -> ActionForms:
    def assign() -> f.AssignForm:
        form = f.AssignForm(formdata=None, staff_id=ticket.assignee_id or 0)
        form.staff_id.choices = bulk.staff_choices()
        return form

    def priority() -> f.PriorityForm:
        urgency, impact = current_urgency_and_impact(rows)
        return f.PriorityForm(formdata=None, urgency=urgency, impact=impact)

    return ActionForms({
        "acknowledge": lambda: f.AcknowledgeForm(formdata=None,
                                                 assign_to_me=ticket.assignee_id is None),
        "assign": assign,
        "reply": lambda: f.ReplyForm(formdata=None), "note": lambda: f.NoteForm(formdata=None),
        "priority": priority, "supplier": lambda: f.SupplierForm(formdata=None),
        "delivered": lambda: f.ActionForm(formdata=None),
        "onsite": lambda: f.ActionForm(formdata=None),
        "workaround": lambda: f.WorkaroundForm(formdata=None),
        "resolve": lambda: f.ResolveForm(formdata=None),
        "not_incident": lambda: f.NotAnIncidentForm(formdata=None),
        "time": lambda: f.TimeEntryForm(formdata=None),
        "out_of_scope": lambda: f.OutOfScopeForm(formdata=None),
    })


def hint_margin() -> timedelta:
    """How long after a maintenance window a submission still gets the art. 38.3 hint."""
    return timedelta(minutes=current_app.config.get("HELPDESK_MAINTENANCE_HINT_MINUTES", 30))


def maintenance_hint(ticket: Ticket, forms: ActionForms) -> list[MaintenanceWindow]:
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
    all_forms = action_forms(ticket, rows)
    maintenance = maintenance_hint(ticket, all_forms)
    for key, form in (forms or {}).items():
        if key == "assign":
            form.staff_id.choices = bulk.staff_choices()
        all_forms[key] = form
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
    found = staff_ticket(reference, *PAGE_LOADS)
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
