"""A customer's monthly credit statement: the JSON of `helpdesk credits --customer X --month
YYYY-MM` (cli/credits.py), for managers only, like the provider overview (web/access.py)."""

from __future__ import annotations

from datetime import datetime

from flask import jsonify, request

from helpdesk.clock import utcnow
from helpdesk.credits import Month
from helpdesk.extensions import db
from helpdesk.models import Customer
from helpdesk.reports import statement_for

from . import bp
from .auth import managers_only
from .body import MAX_ID
from .problems import Problem

# The ledger covers a handful of years; far-away months are a mistake, not a statement.
YEARS = range(2000, 2101)


def _month(text: str) -> Month:
    try:
        month = Month.parse(text)
    except ValueError:
        month = None
    if month is None or month.year not in YEARS or not 1 <= month.month <= 12:
        raise Problem(400, "Bad Request", "month must look like 2026-10.")
    return month


def _as_of() -> datetime:
    raw = request.args.get("as_of")
    if raw is None:
        return utcnow()
    try:
        instant = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        instant = None
    if instant is None or instant.utcoffset() is None or instant.year not in YEARS:
        raise Problem(400, "Bad Request",
                      "as_of must be an ISO 8601 instant with a zone, e.g. 2026-11-30T12:00:00Z.")
    return instant


@bp.get("/customers/<int:customer_id>/credits/<month>")
@managers_only
def customer_credits(customer_id: int, month: str):  # type: ignore[no-untyped-def]
    found = db.session.get(Customer, customer_id) if customer_id <= MAX_ID else None
    if found is None:
        raise Problem(404, "Not Found", f"No customer {customer_id}.")
    return jsonify(statement_for(found.id, _month(month), _as_of()).to_dict())
