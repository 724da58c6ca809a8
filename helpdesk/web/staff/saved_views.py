"""Saved queue views (issue #16): a filtered queue's link kept under a name, for oneself or
shared with the team, listed beside the queue with how many tickets each holds now.

What is saved is the canonical query string (the queue tab and the filter, as the queue
itself writes it), so opening a saved view is opening that link, and sharing it works
without saving too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import SavedView
from helpdesk.web.access import staff_required
from helpdesk.web.staff import bp, filters
from helpdesk.web.staff.filters import QUEUES, QueueFilter

MAX_VIEWS = 50  # per person: a list one can read, not a second database


class SaveViewForm(FlaskForm):
    name = StringField(_l("Name of the view"), validators=[DataRequired(), Length(max=100)])
    shared = BooleanField(_l("Share with the team"))
    query = HiddenField()


class DeleteViewForm(FlaskForm):
    pass


@dataclass(frozen=True)
class Listed:
    view: SavedView
    count: str  # as shown: "12", or "1000+" for a filter over the whole history
    url: str
    mine: bool


def split_query(query: str) -> tuple[str, QueueFilter]:
    """The queue tab and the filter a query string names (invalid parts left out)."""
    args = MultiDict([(k, v) for k, values in parse_qs(query[:2000]).items() for v in values])
    flt, _errors = filters.parse(args)
    show = args.get("show", "open")
    return (show if show in QUEUES else "open"), flt


def queue_url(show: str, flt: QueueFilter) -> str:
    query = flt.query_string()
    base = url_for("staff.queue", show=show)
    return f"{base}&{query}" if query else base


def canonical(show: str, flt: QueueFilter) -> str:
    query = flt.query_string()
    return f"show={show}&{query}" if query else f"show={show}"


Count = Callable[[str, QueueFilter], str]


def visible_views(me_id: int, count: Count) -> list[Listed]:
    """One's own views and the team's shared ones, by name, each with its count now (by
    the queue's own counting, `count(show, filter)`)."""
    views = db.session.scalars(
        select(SavedView).where(or_(SavedView.owner_id == me_id, SavedView.shared.is_(True)))
        .order_by(func.lower(SavedView.name), SavedView.id).limit(2 * MAX_VIEWS)).all()
    listed = []
    for view in views:
        show, flt = split_query(view.query)
        listed.append(Listed(view, count(show, flt), queue_url(show, flt),
                             view.owner_id == me_id))
    return listed


@bp.post("/views")
@staff_required
def save_view():  # type: ignore[no-untyped-def]
    form = SaveViewForm()
    show, flt = split_query(form.query.data or "")
    if not form.validate_on_submit():
        flash(_("A saved view needs a name (at most 100 characters)."), "error")
        return redirect(queue_url(show, flt))
    owned = db.session.scalar(select(func.count(SavedView.id))
                              .where(SavedView.owner_id == current_user.id)) or 0
    if owned >= MAX_VIEWS:
        flash(_("You have %(n)s saved views already; delete one first.", n=owned), "error")
        return redirect(queue_url(show, flt))
    view = SavedView(owner_id=current_user.id, name=form.name.data.strip(),
                     query=canonical(show, flt), shared=bool(form.shared.data),
                     created_at=utcnow())
    db.session.add(view)
    db.session.commit()
    flash(_("View “%(name)s” saved.", name=view.name), "success")
    return redirect(queue_url(show, flt))


@bp.post("/views/<int:view_id>/delete")
@staff_required
def delete_view(view_id: int):  # type: ignore[no-untyped-def]
    form = DeleteViewForm()
    view = db.session.get(SavedView, view_id)
    # Only one's own views: a shared view is the owner's to withdraw.
    if view is None or view.owner_id != current_user.id:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    name = view.name
    db.session.delete(view)
    db.session.commit()
    flash(_("View “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("staff.queue"))
