"""A contact person's own personal data (seed 003): download everything we hold about them,
and ask for its erasure (done by an administrator within 5 working days). A contact only
ever reaches their own data: no URL names a person."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import AuditEntry
from helpdesk.privacy.erasure import erasure_deadline, request_erasure
from helpdesk.privacy.export import export
from helpdesk.web.access import contact_required
from helpdesk.web.admin.privacy import json_download
from helpdesk.web.portal import bp


class ErasureRequestForm(FlaskForm):
    confirm = BooleanField(_l("Erase my personal data; I understand my account will be closed."),
                           validators=[DataRequired()])
    submit = SubmitField(_l("Request erasure"))


def _pending_request() -> AuditEntry | None:
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "erasure_requested", AuditEntry.subject_kind == "contact",
        AuditEntry.subject_id == current_user.id).order_by(AuditEntry.at.desc())).first()


def _page(form: ErasureRequestForm, status: int = 200):  # type: ignore[no-untyped-def]
    pending = _pending_request()
    deadline = erasure_deadline(pending.at) if pending else None
    return render_template("portal/privacy.html", form=form, pending=pending,
                           deadline=deadline), status


@bp.get("/privacy")
@contact_required
def privacy():  # type: ignore[no-untyped-def]
    return _page(ErasureRequestForm(formdata=None))


@bp.get("/privacy/export")
@contact_required
def privacy_export():  # type: ignore[no-untyped-def]
    document = export(current_user, by=current_user, now=utcnow())
    db.session.commit()  # the audit entry of the export
    return json_download(document, "my-personal-data.json")


@bp.post("/privacy/erasure")
@contact_required
def privacy_request_erasure():  # type: ignore[no-untyped-def]
    form = ErasureRequestForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    if _pending_request() is None:
        request_erasure(current_user, now=utcnow())
        db.session.commit()
    flash(_("Your request is recorded; your personal data will be erased within 5 working "
            "days."), "success")
    return redirect(url_for("portal.privacy"))
