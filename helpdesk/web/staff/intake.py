"""Intake by staff: phone reports (art. 39.2.2) and the review of held mail (art. 33.2)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.intake import held
from helpdesk.intake.phone import PhoneReportRefused, log_phone_report
from helpdesk.mail import parse_message
from helpdesk.models import Attachment, ContactPerson, Customer, InboundMail, Ticket
from helpdesk.search.words import QueryRefused
from helpdesk.tickets.search import open_ticket_hits
from helpdesk.timefmt import local
from helpdesk.web.access import staff_required
from helpdesk.web.downloads import attachment_response, send_attachment
from helpdesk.web.pagination import paginate
from helpdesk.web.search_words import refusal
from helpdesk.web.staff import bp
from helpdesk.web.staff import forms as f
from helpdesk.web.staff.actions import local_instant


def contact_choices() -> list[tuple[int, str]]:
    """Every active contact, after a first choice of nobody: staff pick the caller or sender
    themselves (issue #19 item 10), the form never guesses one."""
    rows = db.session.execute(
        select(ContactPerson.id, ContactPerson.name, ContactPerson.email, Customer.name)
        .join(Customer, Customer.id == ContactPerson.customer_id)
        .where(ContactPerson.active.is_(True)).order_by(Customer.name, ContactPerson.name))
    return [(f.NOBODY, _("— choose the contact person —"))] + [
        (cid, f"{customer} — {name} <{email}>") for cid, name, email, customer in rows]


@bp.route("/phone", methods=["GET", "POST"])
@staff_required
def phone_report():  # type: ignore[no-untyped-def]
    now = utcnow()
    form = f.PhoneReportForm()
    form.contact_id.choices = contact_choices()
    if not form.is_submitted():
        form.called_at.data = local(now).replace(tzinfo=None, second=0, microsecond=0)
    if form.validate_on_submit():
        contact = db.session.get(ContactPerson, form.contact_id.data)
        try:
            ticket = log_phone_report(
                contact, title=form.title.data, description=form.description.data,
                urgency=form.urgency.data, impact=form.impact.data,
                called_at=local_instant(form.called_at.data), by=current_user, now=now,
                channel=form.channel.data)
        except PhoneReportRefused as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
            return render_template("staff/phone.html", form=form), 422
        db.session.commit()
        if ticket.channel == "chat":
            flash(_("Chat report %(ref)s logged.", ref=ticket.reference), "success")
        else:
            flash(_("Phone report %(ref)s logged; written confirmation outstanding.",
                    ref=ticket.reference), "success")
        return redirect(url_for("staff.ticket", reference=ticket.reference))
    return render_template("staff/phone.html", form=form), 400 if form.is_submitted() else 200


def held_mail(mail_id: int) -> InboundMail:
    mail = db.session.get(InboundMail, mail_id)
    if mail is None or mail.state not in ("held", "processed", "discarded") or \
            mail.held_reason is None and mail.review_action is None:
        abort(404)
    return mail


@bp.get("/held")
@staff_required
def held_list():  # type: ignore[no-untyped-def]
    query = (select(InboundMail).where(InboundMail.state == "held",
                                       InboundMail.review_action.is_(None))
             .order_by(InboundMail.received_at))
    return render_template("staff/held_list.html", page=paginate(query, 50))


def render_held(mail: InboundMail, status: int = 200, **forms):  # type: ignore[no-untyped-def]
    parsed = parse_message(mail.raw)
    query = request.args.get("q", "")[:200]
    attach = forms.get("attach") or f.AttachHeldForm(formdata=None)
    open_ = forms.get("open") or f.OpenFromHeldForm(formdata=None)
    open_.contact_id.choices = contact_choices()
    discard = forms.get("discard") or f.DiscardHeldForm(formdata=None)
    files = db.session.scalars(select(Attachment).where(Attachment.inbound_mail_id == mail.id)
                               .order_by(Attachment.id)).all()
    matches, refused = [], None
    if query.strip():
        try:
            matches = open_ticket_hits(query)
        except QueryRefused as error:
            refused = refusal(error)
    return render_template("staff/held_mail.html", mail=mail, parsed=parsed, files=files,
                           attach=attach, open=open_, discard=discard, query=query,
                           matches=matches, refused=refused), status


@bp.get("/held/<int:mail_id>")
@staff_required
def held_view(mail_id: int):  # type: ignore[no-untyped-def]
    return render_held(held_mail(mail_id))


@bp.get("/held/<int:mail_id>/raw")
@staff_required
def held_raw(mail_id: int):  # type: ignore[no-untyped-def]
    mail = held_mail(mail_id)
    return attachment_response(f"held-mail-{mail.id}.eml.txt", "text/plain", mail.raw)


@bp.get("/held/<int:mail_id>/attachments/<int:attachment_id>")
@staff_required
def held_attachment(mail_id: int, attachment_id: int):  # type: ignore[no-untyped-def]
    found = db.session.scalar(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.inbound_mail_id == held_mail(mail_id).id))
    if found is None:
        abort(404)
    return send_attachment(found)


def _reviewed(mail_id: int, key: str, form, review):  # type: ignore[no-untyped-def]
    mail = held_mail(mail_id)
    if form.validate_on_submit():
        try:
            message = review(mail, form)
        except (held.ReviewRefused, ValueError) as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return render_held(held_mail(mail_id), 409, **{key: form})
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("staff.held_list"))
    return render_held(mail, 400, **{key: form})


@bp.post("/held/<int:mail_id>/attach")
@staff_required
def held_attach(mail_id: int):  # type: ignore[no-untyped-def]
    def review(mail: InboundMail, form: f.AttachHeldForm) -> str:
        reference = form.reference.data.strip().upper()
        ticket = db.session.scalar(select(Ticket).where(Ticket.reference == reference))
        if ticket is None:
            raise held.ReviewRefused(_("There is no ticket %(ref)s.", ref=reference))
        held.attach_to_ticket(mail, ticket, by=current_user, now=utcnow(),
                              reason=form.reason.data or "")
        return _("Mail attached to %(ref)s.", ref=ticket.reference)
    return _reviewed(mail_id, "attach", f.AttachHeldForm(), review)


@bp.post("/held/<int:mail_id>/open")
@staff_required
def held_open(mail_id: int):  # type: ignore[no-untyped-def]
    form = f.OpenFromHeldForm()
    form.contact_id.choices = contact_choices()

    def review(mail: InboundMail, form: f.OpenFromHeldForm) -> str:
        contact = db.session.scalar(select(ContactPerson).options(
            joinedload(ContactPerson.customer)).where(ContactPerson.id == form.contact_id.data))
        ticket = held.open_ticket(mail, contact, urgency=form.urgency.data,
                                  impact=form.impact.data, by=current_user, now=utcnow(),
                                  reason=form.reason.data or "")
        return _("Ticket %(ref)s opened from the held mail.", ref=ticket.reference)
    return _reviewed(mail_id, "open", form, review)


@bp.post("/held/<int:mail_id>/discard")
@staff_required
def held_discard(mail_id: int):  # type: ignore[no-untyped-def]
    def review(mail: InboundMail, form: f.DiscardHeldForm) -> str:
        held.discard(mail, reason=form.reason.data, by=current_user, now=utcnow())
        return _("Mail discarded.")
    return _reviewed(mail_id, "discard", f.DiscardHeldForm(), review)
