"""The data-breach register (R24) for managers' tokens: the list with each breach's 72-hour
clock, and one breach with who was told when and by which channel. Read-only: breaches are
registered and notified in the staff pages (web/staff/breaches.py)."""

from __future__ import annotations

from flask import jsonify

from helpdesk.breaches import status
from helpdesk.clock import utcnow
from helpdesk.web.access import is_manager

from . import bp
from .auth import requires
from .body import MAX_ID
from .problems import Problem

managers_only = requires(is_manager, "Only managers may read the data-breach register.")


@bp.get("/data-breaches")
@managers_only
def list_data_breaches():  # type: ignore[no-untyped-def]
    now = utcnow()
    return jsonify({"items": [s.to_dict() for s in status.register(now)],
                    "as_of": now.strftime("%Y-%m-%dT%H:%M:%SZ")})


@bp.get("/data-breaches/<int:breach_id>")
@managers_only
def get_data_breach(breach_id: int):  # type: ignore[no-untyped-def]
    found = status.find(breach_id) if breach_id <= MAX_ID else None
    if found is None:
        raise Problem(404, "Not Found", f"No data breach {breach_id}.")
    return jsonify(status.status_of(found, utcnow()).to_dict())
