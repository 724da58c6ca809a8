"""The staff queue without reloading (issue #16): short polling with an ETag.

The queue page asks `/staff/queue/live` (same arguments as the page) once a second with
If-None-Match. The tag is computed before anything is rendered, from what can change what
the page shows:

- the newest ticket event id (a new ticket, an assignment, a reply, a breach the
  scheduler records: every change of a ticket is an event, and events are append-only, so
  the maximum id moves on every change; MAX over the primary key is one index probe);
- how many open tickets are past their deadline and how many are within the "breaching
  soon" margin: a deadline passing changes what the queue shows without any event, and
  both are range counts on the (status, next_deadline) index;
- who asks, the page's arguments and the language.

So an unchanged queue costs three index lookups and an empty 304; only a change renders the
rows (the page's own partial, templates/staff/_queue_rows.html) and the counts, as JSON.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, jsonify, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket, TicketEvent
from helpdesk.web.access import staff_required
from helpdesk.web.staff import bp
from helpdesk.web.staff.queues import OPEN_STATUSES, SOON, queue_context, queue_name

POLL_MS = 1000  # the page asks once a second: a change shows within two seconds


def queue_tag(now: datetime) -> str:
    newest = db.session.scalar(select(func.max(TicketEvent.id))) or 0
    open_timed = select(func.count(Ticket.id)).where(Ticket.status.in_(OPEN_STATUSES))
    overdue = db.session.scalar(open_timed.where(Ticket.next_deadline < now)) or 0
    soon = db.session.scalar(open_timed.where(Ticket.next_deadline < now + SOON)) or 0
    key = "|".join(str(part) for part in (
        current_user.id, request.query_string.decode("latin-1"), get_locale(),
        newest, overdue, soon))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@bp.get("/queue/live")
@staff_required
def queue_live():  # type: ignore[no-untyped-def]
    name = queue_name()
    tag = queue_tag(utcnow())
    if tag in request.if_none_match:
        response = Response(status=304)
    else:
        context = queue_context(name)
        response = jsonify(rows=render_template("staff/_queue_rows.html", **context),
                           counts=context["counts"], now=context["now"].isoformat())
    # The page sends the tag itself (static/workflow.js); the response stays uncached
    # ("no-store" on every personal page, helpdesk/web/security.py).
    response.set_etag(tag)
    return response
