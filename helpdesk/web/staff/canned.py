"""Canned-reply templates: managers and administrators create, edit and delete them;
every agent picks one on the ticket page (helpdesk/web/staff/tickets.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import CannedReply
from helpdesk.web.access import is_manager, requires
from helpdesk.web.staff import bp
from helpdesk.web.staff import workflow_forms as wf
from helpdesk.workflow import canned_replies
from helpdesk.workflow.canned import TemplateRefused

# Templates speak for the provider to every customer: managers and administrators keep them.
template_keepers_required = requires(
    lambda account: account.is_staff and (account.is_administrator or is_manager(account)))


def _get(reply_id: int) -> CannedReply:
    found = db.session.get(CannedReply, reply_id)
    if found is None:
        abort(404)
    return found


@bp.get("/canned-replies")
@template_keepers_required
def canned_list():  # type: ignore[no-untyped-def]
    return render_template("staff/canned_list.html", replies=canned_replies.all_replies(),
                           delete=wf.DeleteForm(formdata=None),
                           languages=wf.LANGUAGE_NAMES)


def _edit(reply: CannedReply | None):  # type: ignore[no-untyped-def]
    form = wf.CannedReplyForm(obj=None) if reply is None else wf.CannedReplyForm(
        data={"name": reply.name,
              **{f"text_{v.language}": v.body for v in reply.variants}})
    status = 200
    if form.validate_on_submit():
        try:
            saved = canned_replies.save(reply, name=form.name.data, texts=form.texts(),
                                        by=current_user, now=utcnow())
        except TemplateRefused as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
            status = 400
        else:
            db.session.commit()
            flash(_("Canned reply “%(name)s” saved.", name=saved.name), "success")
            return redirect(url_for("staff.canned_list"))
    elif form.is_submitted():
        status = 400
    return render_template("staff/canned_form.html", form=form, reply=reply,
                           placeholders=wf.PLACEHOLDER_LABELS), status


@bp.route("/canned-replies/new", methods=["GET", "POST"])
@template_keepers_required
def canned_new():  # type: ignore[no-untyped-def]
    return _edit(None)


@bp.route("/canned-replies/<int:reply_id>", methods=["GET", "POST"])
@template_keepers_required
def canned_edit(reply_id: int):  # type: ignore[no-untyped-def]
    return _edit(_get(reply_id))


@bp.post("/canned-replies/<int:reply_id>/delete")
@template_keepers_required
def canned_delete(reply_id: int):  # type: ignore[no-untyped-def]
    reply = _get(reply_id)
    if not wf.DeleteForm().validate_on_submit():
        abort(400)
    name = reply.name
    db.session.delete(reply)
    db.session.commit()
    flash(_("Canned reply “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("staff.canned_list"))
