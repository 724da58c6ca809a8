"""Credit reports for staff at /staff/reports: a customer's monthly SLA report (HTML, PDF,
CSV), the provider overview for managers, the what-if replay, and the forms that record
claims, outages and attribution marks."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint

bp = Blueprint("reports", __name__)


@bp.app_template_filter("euro")
def euro(value: Decimal | str | None) -> str:
    """'EUR 1,250.00' from an amount (Decimal euros or its JSON string)."""
    if value is None or value == "":
        return "—"
    return f"EUR {Decimal(value):,.2f}"


from helpdesk.web.reports import invoices, maintenance, records, views  # noqa: E402,F401
