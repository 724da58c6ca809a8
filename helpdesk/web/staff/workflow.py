"""Ticket-page routes of the agent workflow (issue #16): merging a duplicate, presence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, jsonify
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import Ticket
from helpdesk.web.access import staff_required
from helpdesk.web.staff import bp
from helpdesk.web.staff import workflow_forms as wf
from helpdesk.web.staff.actions import _perform
from helpdesk.web.staff.presence_words import presence_text
from helpdesk.web.staff.tickets import staff_ticket
from helpdesk.workflow import merging, presence


@bp.post("/tickets/<reference>/merge")
@staff_required
def merge(reference: str):  # type: ignore[no-untyped-def]
    def perform(ticket: Ticket, form: Any, now: datetime) -> str:
        done = merging.merge(ticket, into=form.into.data, by=current_user, now=now,
                             reason=form.reason.data or "")
        return _("Merged into %(kept)s as a duplicate; its clocks stopped and the customer "
                 "has been told.", kept=done.kept.reference)
    return _perform(reference, "merge", wf.MergeForm(), perform)


class PresenceForm(FlaskForm):
    activity = HiddenField(validators=[DataRequired(),
                                       AnyOf((*presence.ACTIVITIES, "left"))])


@bp.post("/tickets/<reference>/presence")
@staff_required
def presence_poll(reference: str):  # type: ignore[no-untyped-def]
    """The page's short poll: say what I do here, hear who else is here."""
    ticket = staff_ticket(reference)
    form = PresenceForm()
    if not form.validate_on_submit():
        abort(400)
    now = utcnow()
    presence.touch(ticket, current_user, activity=form.activity.data, now=now)
    db.session.commit()
    others = presence.others(ticket, me=current_user, now=now)
    response = jsonify(
        others=[{"name": p.name, "activity": p.activity} for p in others],
        text=presence_text(others), poll_seconds=presence.POLL.total_seconds())
    response.headers["Cache-Control"] = "no-store"
    return response

