"""Suspensions for non-payment (art. 6.9; seed 004 art. 14.6; R25): staff tokens read every
customer's, a contact's token its own customer's; managers start and lift them."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from helpdesk.clock import utcnow
from helpdesk.credits.instants import iso_z
from helpdesk.duties import nonpayment
from helpdesk.extensions import db
from helpdesk.models import Customer, PaymentSuspension
from helpdesk.web.access import is_manager

from . import bp
from .auth import principal, requires, token_required
from .body import MAX_ID, json_body, text_field
from .problems import Problem

managers_only = requires(is_manager, "Only managers suspend interventions for non-payment.")


def as_dict(s: PaymentSuspension) -> dict[str, Any]:
    return {"id": s.id, "customer_id": s.customer_id, "customer": s.customer.name,
            "started_at": iso_z(s.started_at), "started_by": s.started_by_name or None,
            "reason": s.reason, "stopped_at": iso_z(s.stopped_at),
            "stopped_by": s.stopped_by_name or None, "stop_reason": s.stop_reason or None,
            "running": s.stopped_at is None,
            "tickets_held": [t.reference for t in nonpayment.affected_tickets(s)]}


@bp.get("/payment-suspensions")
@token_required
def list_payment_suspensions():  # type: ignore[no-untyped-def]
    account = principal()
    found = nonpayment.history(None if account.is_staff else account.customer_id)
    return jsonify({"items": [as_dict(s) for s in found], "as_of": iso_z(utcnow())})


def _answer(suspension: PaymentSuspension, status: int) -> Response:
    db.session.commit()
    response = jsonify(as_dict(suspension))
    response.status_code = status
    return response


@bp.post("/customers/<int:customer_id>/payment-suspension")
@managers_only
def suspend_for_non_payment(customer_id: int) -> Response:
    customer = db.session.get(Customer, customer_id) if customer_id <= MAX_ID else None
    if customer is None:
        raise Problem(404, "Not Found", f"No customer {customer_id}.")
    reason = text_field(json_body(), "reason", nonpayment.MAX_REASON)
    try:
        suspension = nonpayment.start(customer, by=principal(), reason=reason, now=utcnow())
    except nonpayment.SuspensionRefused as refusal:
        db.session.rollback()
        raise Problem(409, "Conflict", str(refusal)) from None
    return _answer(suspension, 200)


@bp.post("/payment-suspensions/<int:suspension_id>/stop")
@managers_only
def lift_payment_suspension(suspension_id: int) -> Response:
    suspension = db.session.get(PaymentSuspension, suspension_id) \
        if suspension_id <= MAX_ID else None
    if suspension is None:
        raise Problem(404, "Not Found", f"No suspension {suspension_id}.")
    reason = text_field(json_body(), "reason", nonpayment.MAX_REASON)
    try:
        nonpayment.stop(suspension, by=principal(), reason=reason, now=utcnow())
    except nonpayment.SuspensionRefused as refusal:
        db.session.rollback()
        raise Problem(409, "Conflict", str(refusal)) from None
    return _answer(suspension, 200)
