"""Staff dashboard: queues, the ticket page and its actions, phone reports, held mail, outbox."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("staff", __name__)

from helpdesk.web.staff import (  # noqa: E402,F401
    account,
    actions,
    breaches,
    bulk,
    canned,
    duties,
    hours,
    intake,
    live,
    nonpayment,
    outbox,
    queues,
    saved_views,
    search,
    tickets,
    tokens,
    visits,
    workflow,
)
