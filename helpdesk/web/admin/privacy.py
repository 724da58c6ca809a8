"""Personal data for administrators: a person's export, erasure (with confirmation and a
reason), open erasure requests with their deadline, and the audit log (seeds 003, 004)."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import AuditEntry, ContactPerson, Staff
from helpdesk.privacy import ledger
from helpdesk.privacy.erasure import ErasureRefused, erase, erasure_deadline, open_requests
from helpdesk.privacy.export import export
from helpdesk.timefmt import BRUSSELS
from helpdesk.web.access import administrator_required
from helpdesk.web.admin import bp
from helpdesk.web.admin.contracts import _get
from helpdesk.web.pagination import paginate

ACTIONS = ("viewed", "exported", "erased", "erasure_requested", "retention_redacted")
SUBJECTS = ("contact", "staff", "ticket", "customer")


class EraseForm(FlaskForm):
    reason = TextAreaField(_l("Reason (kept in the audit log)"),
                           validators=[DataRequired(), Length(max=500)])
    confirm = BooleanField(_l("I understand that the name, address, messages and files of "
                              "this person are replaced for good."),
                           validators=[DataRequired()])
    submit = SubmitField(_l("Erase personal data"))


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    actor = StringField(_l("Actor name"), validators=[Optional(), Length(max=200)])
    action = SelectField(_l("Action"), validators=[Optional()])
    subject_kind = SelectField(_l("Subject"), validators=[Optional()])
    subject_id = StringField(_l("Subject number"), validators=[Optional(), Length(max=12)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])


def json_download(document: dict[str, Any], filename: str) -> Response:
    response = Response(json.dumps(document, indent=2, ensure_ascii=False),
                        mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _export(person: ContactPerson | Staff) -> Response:
    document = export(person, by=current_user, now=utcnow())
    db.session.commit()  # the audit entry of the export
    return json_download(document, f"personal-data-{person.kind}-{person.id}.json")


@bp.get("/contacts/<int:contact_id>/export")
@administrator_required
def contact_export(contact_id: int):  # type: ignore[no-untyped-def]
    return _export(_get(ContactPerson, contact_id))


@bp.get("/staff/<int:staff_id>/export")
@administrator_required
def staff_export(staff_id: int):  # type: ignore[no-untyped-def]
    return _export(_get(Staff, staff_id))


def _erase(person: ContactPerson | Staff, back: str):  # type: ignore[no-untyped-def]
    form = EraseForm()
    if person.erased_at is None and form.validate_on_submit():
        try:
            done = erase(person, by=current_user, reason=form.reason.data, now=utcnow())
        except ErasureRefused as problem:
            form.reason.errors.append(_("Not erased: %(why)s", why=str(problem)))
        else:
            db.session.commit()
            ledger.remember_in_app(person, person.erased_at)
            flash(_("Personal data erased (%(what)s).", what=str(done)), "success")
            return redirect(back)
    status = 400 if form.is_submitted() else 200
    return render_template("admin/erase.html", form=form, person=person, back=back), status


@bp.route("/contacts/<int:contact_id>/erase", methods=["GET", "POST"])
@administrator_required
def contact_erase(contact_id: int):  # type: ignore[no-untyped-def]
    person = _get(ContactPerson, contact_id)
    return _erase(person, url_for("admin.contact_edit", contact_id=person.id))


@bp.route("/staff/<int:staff_id>/erase", methods=["GET", "POST"])
@administrator_required
def staff_erase(staff_id: int):  # type: ignore[no-untyped-def]
    person = _get(Staff, staff_id)
    if person.id == current_user.id:
        abort(403)  # an administrator cannot lock themselves out this way
    return _erase(person, url_for("admin.staff_edit", staff_id=person.id))


@bp.get("/erasure-requests")
@administrator_required
def erasure_requests():  # type: ignore[no-untyped-def]
    now = utcnow()
    requests = [(entry, contact, erasure_deadline(entry.at)) for entry, contact in open_requests()]
    return render_template("admin/erasure_requests.html", requests=requests, now=now)


@bp.get("/audit")
@administrator_required
def audit_log():  # type: ignore[no-untyped-def]
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("any"))] + [(a, a) for a in ACTIONS]
    form.subject_kind.choices = [("", _("any"))] + [(s, s) for s in SUBJECTS]
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if form.validate():
        query = _filtered(query, form)
    return render_template("admin/audit_log.html", form=form, page=paginate(query, 50))


def _filtered(query: Any, form: AuditFilterForm) -> Any:
    if form.actor.data:
        query = query.where(AuditEntry.actor_name.ilike(f"%{form.actor.data.strip()}%"))
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    if form.subject_kind.data:
        query = query.where(AuditEntry.subject_kind == form.subject_kind.data)
    if form.subject_id.data and form.subject_id.data.strip().isdigit():
        query = query.where(AuditEntry.subject_id == int(form.subject_id.data))
    if form.since.data:  # whole days in Brussels, stored in UTC
        query = query.where(AuditEntry.at >= datetime.combine(form.since.data, time(0),
                                                              tzinfo=BRUSSELS))
    if form.until.data:
        query = query.where(AuditEntry.at < datetime.combine(
            form.until.data + timedelta(days=1), time(0), tzinfo=BRUSSELS))
    return query
