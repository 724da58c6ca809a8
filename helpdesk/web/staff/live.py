"""The staff queue without reloading (issue #16): short polling with an ETag.

The queue page asks `/staff/queue/live` (same arguments as the page) once a second with
If-None-Match. The tag is computed before anything is rendered, from what can change what
the page shows:

- the newest ticket event id (a new ticket, an assignment, a reply, a breach the
  scheduler records: every change of a ticket is an event, and events are append-only, so
  the maximum id moves on every change; MAX over the primary key is one index probe);
- how many open tickets are past their earliest open deadline and how many are within the
  "breaching soon" margin: a deadline passing changes what the queue shows without any
  event, and both are range counts on the (status, earliest_deadline) index;
- who asks, what the page's arguments mean (their canonical form, so the page's own link and
  its live URL agree) and the language.

So an unchanged queue costs one statement of three index lookups and an empty 304; only a
change renders the rows (the page's own partial, templates/staff/_queue_rows.html) and the
counts, as JSON. The page carries the tag of what it shows, so its first poll is a 304 too.

What the tag does not follow: a "due within N hours" filter other than the four hours of
"breaching soon", and a badge turning from paused to due when a service window opens (the
page's script counts the badges down itself); both show at the next change or on reload.
"""

from __future__ import annotations

from flask import Response, jsonify, render_template, request

from helpdesk.clock import utcnow
from helpdesk.web.access import staff_required
from helpdesk.web.staff import bp
from helpdesk.web.staff.queues import queue_name, queue_rows, queue_tag

POLL_MS = 1000  # the page asks once a second: a change shows within two seconds


@bp.get("/queue/live")
@staff_required
def queue_live():  # type: ignore[no-untyped-def]
    name = queue_name()
    tag = queue_tag(utcnow())
    if tag in request.if_none_match:
        response = Response(status=304)
    else:
        context = queue_rows(name, tag)  # rows and counts only: no forms, no saved views
        response = jsonify(rows=render_template("staff/_queue_rows.html", **context),
                           counts=context["counts"],
                           count_labels=context["count_labels"], now=context["now"].isoformat())
    # The page sends the tag itself (static/workflow.js); the response stays uncached
    # ("no-store" on every personal page, helpdesk/web/security.py).
    response.set_etag(tag)
    return response
