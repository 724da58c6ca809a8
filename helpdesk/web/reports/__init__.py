"""Credit reports for staff at /staff/reports: a customer's monthly SLA report (HTML, PDF,
CSV), the provider overview for managers, the what-if replay, and the forms that record
claims, outages and attribution marks."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint

from helpdesk.timefmt import money

bp = Blueprint("reports", __name__)


@bp.app_template_filter("euro")
def euro(value: Decimal | str | None) -> str:
    """'EUR 1,250.00', '1 250,00 €': an amount in the page's language (helpdesk/timefmt.py)."""
    return money(value)


from helpdesk.web.reports import invoices, maintenance, records, views  # noqa: E402,F401
