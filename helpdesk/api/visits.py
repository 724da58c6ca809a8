"""Preventive site visits (art. 27.2.2/27.2.3, R25): staff tokens read every customer's and
plan and report them, a contact's token reads its own customer's (another's is 404)."""

from __future__ import annotations

from flask import Response, jsonify

from helpdesk.clock import utcnow
from helpdesk.credits.instants import iso_z
from helpdesk.duties import visits
from helpdesk.extensions import db
from helpdesk.models import Customer, SiteVisit

from . import bp
from .auth import principal, staff_only, token_required
from .body import MAX_ID, instant_field, json_body, text_field
from .problems import Problem


def _scope() -> int | None:
    account = principal()
    return None if account.is_staff else account.customer_id


def _visit(visit_id: int) -> SiteVisit:
    found = visits.find(visit_id, customer_id=_scope()) if visit_id <= MAX_ID else None
    if found is None:
        raise Problem(404, "Not Found", f"No site visit {visit_id} is visible to this token.")
    return found


@bp.get("/site-visits")
@token_required
def list_site_visits():  # type: ignore[no-untyped-def]
    now = utcnow()
    return jsonify({"items": [v.to_dict() for v in visits.listing(now=now,
                                                                  customer_id=_scope())],
                    "as_of": iso_z(now)})


@bp.get("/site-visits/<int:visit_id>")
@token_required
def get_site_visit(visit_id: int):  # type: ignore[no-untyped-def]
    return jsonify(visits.state_of(_visit(visit_id), utcnow()).to_dict())


def _answer(visit: SiteVisit, status: int) -> Response:
    db.session.commit()
    response = jsonify(visits.state_of(visit, utcnow()).to_dict())
    response.status_code = status
    return response


@bp.post("/customers/<int:customer_id>/site-visits")
@staff_only
def plan_site_visit(customer_id: int) -> Response:
    """Art. 27.2.3: planned and announced at once; 409 when less than 14 days ahead without
    the customer's `agreement`."""
    customer = db.session.get(Customer, customer_id) if customer_id <= MAX_ID else None
    if customer is None:
        raise Problem(404, "Not Found", f"No customer {customer_id}.")
    body = json_body()
    starts_at, ends_at = instant_field(body, "starts_at"), instant_field(body, "ends_at")
    try:
        visit = visits.plan(customer, by=principal(), starts_at=starts_at, ends_at=ends_at,
                            title=text_field(body, "title", 200),
                            description=text_field(body, "description", 5000, required=False),
                            agreement=text_field(body, "agreement", 5000, required=False),
                            now=utcnow())
    except visits.VisitRefused as refusal:
        db.session.rollback()
        raise Problem(409, "Conflict", str(refusal)) from None
    response = _answer(visit, 201)
    response.headers["Location"] = f"/api/v1/site-visits/{visit.id}"
    return response


@bp.post("/site-visits/<int:visit_id>/report")
@staff_only
def report_site_visit(visit_id: int) -> Response:
    """Art. 27.2.2: the report after the visit (defects, open points, follow-up planning)."""
    visit = _visit(visit_id)
    body = json_body()
    try:
        visits.report(visit, by=principal(), defects=text_field(body, "defects", 5000),
                      open_points=text_field(body, "open_points", 5000),
                      follow_up=text_field(body, "follow_up", 5000), now=utcnow())
    except visits.VisitRefused as refusal:
        db.session.rollback()
        raise Problem(409, "Conflict", str(refusal)) from None
    return _answer(visit, 200)
