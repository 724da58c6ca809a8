"""Portal pages; every query is filtered by current_user.customer_id (another's → 404)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from helpdesk import sla as engine
from helpdesk.auth import confirmation
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.intake.portal import SubmissionRefused, start_notice, submit_from_portal
from helpdesk.models import ContactPerson, Contract, Ticket
from helpdesk.models.people import PortalRole
from helpdesk.search import query as search
from helpdesk.search.words import QueryRefused
from helpdesk.tickets import actions, badges, log, not_incident, projection, reporters
from helpdesk.tickets.actions import ActionRefused
from helpdesk.timefmt import local
from helpdesk.web import services
from helpdesk.web.access import contact_required, submitter_required
from helpdesk.web.downloads import send_attachment
from helpdesk.web.forms import ResendConfirmationForm
from helpdesk.web.pagination import paginate
from helpdesk.web.portal import PUBLIC_EVENTS, bp
from helpdesk.web.portal import forms as f
from helpdesk.web.search_words import refusal
from helpdesk.workflow import merging

# A screenful, as the staff queue (helpdesk/web/staff/queues.py): each row folds its
# ticket's clocks for the badge, and on a phone a row is a card; older tickets are one
# click ("next") or a search away.
PAGE_SIZE = 25
MATRIX = [(u, [(i, engine.priority_for(u, i)) for i in ("some", "all")])
          for u in ("light", "blocking")]


def customer_ticket(reference: str) -> Ticket:
    """The ticket if it belongs to the current contact's customer, else 404 (never 403)."""
    found = db.session.scalar(
        select(Ticket).where(
            Ticket.reference == reference, Ticket.customer_id == current_user.customer_id
        )
    )
    if found is None:
        abort(404)
    return found


@bp.get("/")
@contact_required
def tickets():  # type: ignore[no-untyped-def]
    text = request.args.get("q", "")[:10_000]
    if text.strip():
        return _search(text)
    # Newest first (ids follow registration); each row's badge folds its clocks, which need
    # the contract and its closing days: read with the page, not once each.
    query = (select(Ticket).where(Ticket.customer_id == current_user.customer_id)
             .options(joinedload(Ticket.contract).selectinload(Contract.closing_days))
             .order_by(Ticket.id.desc()))
    page = paginate(query, PAGE_SIZE)
    # Issue #19: the same headline clock badge as the staff queue, overdue clocks included.
    return render_template("portal/tickets.html", page=page,
                           badges=badges.headline_badges(page.items, utcnow()),
                           resend_form=ResendConfirmationForm(), q="", hits=None,
                           ticket_path=ticket_path())


def ticket_path() -> str:
    """A ticket page's URL but for its reference (references need no quoting): one url_for
    a page instead of one a row."""
    return url_for("portal.ticket", reference="-")[:-1]


def _search(text: str):  # type: ignore[no-untyped-def]
    """Issue #16: only this customer's tickets, and only what the portal shows of them."""
    try:
        hits = search.search(text, customer_id=current_user.customer_id)
    except QueryRefused as refused:
        return render_template("portal/tickets.html", page=None, badges={}, q=text, hits=[],
                               refused=refusal(refused),
                               resend_form=ResendConfirmationForm()), 400
    return render_template("portal/tickets.html", page=None, q=text, hits=hits,
                           badges=badges.headline_badges([h.ticket for h in hits], utcnow()),
                           resend_form=ResendConfirmationForm(), ticket_path=ticket_path())


@bp.post("/address/confirm-again")
@contact_required
def resend_confirmation():  # type: ignore[no-untyped-def]
    """R23: the reminder's button mails the confirmation link again."""
    if ResendConfirmationForm().validate_on_submit() and not current_user.email_confirmed:
        if confirmation.resend(current_user, utcnow()):
            db.session.commit()
            flash(_("A new confirmation link is on its way to %(email)s.",
                    email=current_user.email), "success")
        else:
            flash(_("A link was sent a few minutes ago; please check your mailbox (and its "
                    "spam folder) before asking again."), "info")
    return redirect(url_for("portal.tickets"))


def _notice(priority_hint: str = "P2") -> str | None:
    """Outside the reporting window the form says when the clock will start (R3)."""
    now = utcnow()
    contract = current_user.customer.contract_on(local(now).date())
    if contract is None:
        return None
    try:
        return start_notice(contract, priority_hint, now)
    except engine.SlaError:
        return None


def _administrators_only() -> list[str] | None:
    """Seed 004 art. 9.3: under a contract where only administrators log tickets, the names
    of this customer's active administrators for anyone else (None: they may report)."""
    contract = current_user.customer.contract_on(local(utcnow()).date())
    if contract is None or reporters.refusal(current_user, contract) is None:
        return None
    return list(db.session.scalars(select(ContactPerson.name).where(
        ContactPerson.customer_id == current_user.customer_id,
        ContactPerson.portal_role == PortalRole.ADMINISTRATOR,
        ContactPerson.active.is_(True)).order_by(ContactPerson.name)))


@bp.route("/new", methods=["GET", "POST"])
@submitter_required
def submit():  # type: ignore[no-untyped-def]
    form = f.SubmitIncidentForm()
    if request.method == "GET":
        administrators = _administrators_only()
        if administrators is not None:  # the explanation instead of a form that would refuse
            return render_template("portal/submit_refused.html",
                                   administrators=administrators)
    if form.validate_on_submit():
        try:
            uploads = services.uploads_from(request.files.getlist(form.files.name))
            ticket = submit_from_portal(
                current_user, title=form.title.data, description=form.description.data,
                urgency=form.urgency.data, impact=form.impact.data, uploads=uploads,
                now=utcnow())
        except SubmissionRefused as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
        else:
            db.session.commit()
            flash(_("Thank you. Your report %(ref)s is registered.", ref=ticket.reference),
                  "success")
            return redirect(url_for("portal.ticket", reference=ticket.reference))
    status = 400 if form.is_submitted() else 200
    return render_template("portal/submit.html", form=form, matrix=MATRIX,
                           notice=_notice()), status


def render_ticket(ticket: Ticket, status: int = 200, **forms: Any):  # type: ignore[no-untyped-def]
    rows = log.events_of(ticket)
    now = utcnow()
    clocks = projection.fold_ticket(ticket, rows, now)
    # R21: once classified not an incident, the customer also sees the breaches and
    # escalations that were recorded, marked as voided with the reason (never erased).
    voided_by = not_incident.voided_by(rows)
    shown = PUBLIC_EVENTS | set(not_incident.VOIDABLE) if voided_by else PUBLIC_EVENTS
    visible = [r for r in rows if r.type in shown]
    files = services.attachments_by_event(ticket)
    public_ids = {r.id for r in visible}
    files = {k: v for k, v in files.items() if k in public_ids}
    return render_template(
        "portal/ticket.html", ticket=ticket, events=visible, clocks=clocks, now=now,
        attachments=files, voided_by=voided_by, voidable=not_incident.VOIDABLE,
        message_form=forms.get("message") or f.MessageForm(formdata=None),
        reject_form=forms.get("reject") or f.RejectFixForm(formdata=None),
        confirm_form=forms.get("confirm") or f.ConfirmForm(formdata=None),
        open_form=next(iter(forms), None),
    ), status


@bp.get("/tickets/<reference>")
@contact_required
def ticket(reference: str):  # type: ignore[no-untyped-def]
    return render_ticket(customer_ticket(reference))


def _act(reference: str, key: str, form: Any, perform: Any):  # type: ignore[no-untyped-def]
    found = customer_ticket(reference)
    if not form.validate_on_submit():
        return render_ticket(found, 400, **{key: form})
    try:
        message = perform(found, form)
    except ActionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return render_ticket(customer_ticket(reference), 409, **{key: form})
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("portal.ticket", reference=reference))


@bp.post("/tickets/<reference>/message")
@submitter_required
def message(reference: str):  # type: ignore[no-untyped-def]
    def perform(found: Ticket, form: f.MessageForm) -> str:
        uploads = services.uploads_from(request.files.getlist(form.files.name))
        target = merging.follow(found)  # issue #16: a merged duplicate's messages go on
        services.customer_message(target, by=current_user, now=utcnow(), text=form.text.data,
                                  uploads=uploads)
        return _("Your message was added to %(ref)s.", ref=target.reference)
    return _act(reference, "message", f.MessageForm(), perform)


@bp.post("/tickets/<reference>/confirm")
@submitter_required
def confirm(reference: str):  # type: ignore[no-untyped-def]
    """Art. 39.2.2: the written confirmation of a phone report, as a message."""
    def perform(found: Ticket, form: f.ConfirmForm) -> str:
        if not found.confirmation_outstanding:
            raise ActionRefused(_("No written confirmation is outstanding for this ticket."))
        actions.customer_message(found, by=current_user, now=utcnow(), text=form.text.data,
                                 channel="portal")
        return _("Thank you: your phone report is confirmed in writing.")
    return _act(reference, "confirm", f.ConfirmForm(), perform)


@bp.post("/tickets/<reference>/reject")
@submitter_required
def reject(reference: str):  # type: ignore[no-untyped-def]
    """Art. 39.4.1 (R9): 'not resolved' reopens the ticket and escalates it."""
    def perform(found: Ticket, form: f.RejectFixForm) -> str:
        actions.reject_fix(found, by=current_user, now=utcnow(), reason=form.reason.data)
        return _("We reopened %(ref)s and escalated it.", ref=found.reference)
    return _act(reference, "reject", f.RejectFixForm(), perform)


@bp.get("/tickets/<reference>/attachments/<int:attachment_id>")
@contact_required
def attachment(reference: str, attachment_id: int):  # type: ignore[no-untyped-def]
    found = services.ticket_attachment(customer_ticket(reference), attachment_id,
                                       event_types=PUBLIC_EVENTS)
    if found is None:
        abort(404)
    return send_attachment(found)
