"""Contract duties in the API (R25): complaints (art. 16.1) and conflict notices (art.
39.4.2) — listed for staff (every customer's) and contacts (their own), submitted by a
contact person as in the portal, or registered by staff on a customer's behalf as on the
staff pages (the customer in the path, the instant and channel of receipt in the body) — and
a customer's SLA history (art. 38.1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Response, jsonify, request, url_for

from helpdesk.clock import utcnow
from helpdesk.duties import register as duties
from helpdesk.duties.assign import history
from helpdesk.extensions import db
from helpdesk.models import ContractDuty, Customer, Invoice
from helpdesk.timefmt import iso_utc, local

from . import bp
from .auth import principal, staff_only, submitter_only, token_required
from .body import MAX_ID, choice_field, instant_field, invalid, json_body, text_field
from .problems import Problem


def _customer_filter() -> int | None:
    """A contact sees their own customer's; staff everyone's, or one customer's."""
    account = principal()
    if not account.is_staff:
        return account.customer_id  # type: ignore[no-any-return]
    raw = request.args.get("customer_id")
    if raw is None:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise Problem(400, "Bad Request", "customer_id must be a positive integer.")
    return int(raw)


def _listing(kind: str) -> Response:
    now = utcnow()
    items = [duties.to_dict(duties.status(d, now))
             for d in duties.duties_of(_customer_filter(), kind)]
    return jsonify({"items": items, "as_of": iso_utc(now)})


def _created(duty: ContractDuty, endpoint: str) -> Response:
    db.session.commit()
    response = jsonify(duties.to_dict(duties.status(duty, utcnow())))
    response.status_code = 201
    response.headers["Location"] = url_for(endpoint, duty_id=duty.id)
    return response


def _refused(refusal: duties.DutyRefused) -> Problem:
    db.session.rollback()
    return Problem(422, "Unprocessable Content", str(refusal))


@bp.get("/complaints")
@token_required
def list_complaints():  # type: ignore[no-untyped-def]
    return _listing("complaint")


@bp.get("/conflict-notices")
@token_required
def list_conflict_notices():  # type: ignore[no-untyped-def]
    return _listing("conflict")


@bp.get("/duties/<int:duty_id>")
@token_required
def get_duty(duty_id: int):  # type: ignore[no-untyped-def]
    found = db.session.get(ContractDuty, duty_id) if duty_id <= MAX_ID else None
    account = principal()
    if found is None or (not account.is_staff and found.customer_id != account.customer_id):
        raise Problem(404, "Not Found", f"No complaint or conflict notice {duty_id}.")
    return jsonify(duties.to_dict(duties.status(found, utcnow())))


def _day(body: dict[str, object], name: str) -> date | None:
    value = body.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Problem(422, "Unprocessable Content", f"{name} must be a day like 2026-05-04.",
                      errors={name: "ISO date"}) from None


# The channels staff register a complaint or notice from (the staff form's STAFF_CHANNELS):
# "portal" and "api" are the contact's own submissions, received as they arrive.
STAFF_CHANNELS = ("registered_letter", "email", "letter")
ON_BEHALF = ("customer_id", "received_at", "channel")


def _own_customer_only(body: dict[str, Any]) -> Customer:
    """A contact person submits for their own customer, received now, by the API."""
    named = [name for name in ON_BEHALF if name in body]
    if named:
        raise invalid(named[0], f"A contact person submits for their own customer, received "
                      f"now by the API; {', '.join(named)} is for staff, who register one "
                      f"on a customer's behalf at /api/v1/customers/{{customer_id}}/...",
                      "not for contact persons")
    return db.session.get(Customer, principal().customer_id)  # type: ignore[return-value]


def _complaint_fields(body: dict[str, Any], customer: Customer) -> dict[str, Any]:
    subject = body.get("subject")
    if subject not in ("invoice", "service"):
        raise Problem(422, "Unprocessable Content", "subject is invoice or service.",
                      errors={"subject": "invoice or service"})
    invoice: Invoice | None = None
    if subject == "invoice":
        number = text_field(body, "invoice", 64)
        invoice = next((i for i in duties.customer_invoices(customer)
                        if i.number == number.strip()), None)
    return {"subject": subject, "invoice": invoice, "title": text_field(body, "title", 300),
            "text": text_field(body, "text", 20000), "noticed_on": _day(body, "noticed_on")}


def _customer(customer_id: int) -> Customer:
    customer = db.session.get(Customer, customer_id) if customer_id <= MAX_ID else None
    if customer is None:
        raise Problem(404, "Not Found", f"No customer {customer_id}.")
    return customer


def _receipt(body: dict[str, Any], now: datetime, channel: str) -> tuple[datetime, str]:
    """When and how staff received it: `received_at` (with its offset; now if left out) and
    `channel` (the staff form's default if left out). The register checks the instant as on
    the staff pages (not in the future)."""
    received_at = now if body.get("received_at") is None else instant_field(body,
                                                                            "received_at")
    if body.get("channel") is not None:
        channel = choice_field(body, "channel", STAFF_CHANNELS)
    return received_at, channel


@bp.post("/complaints")
@submitter_only
def submit_complaint():  # type: ignore[no-untyped-def]
    """Art. 16.1, as the portal's form: received now, by the API."""
    body = json_body()
    customer = _own_customer_only(body)
    fields = _complaint_fields(body, customer)
    now = utcnow()
    try:
        duty = duties.register_complaint(customer, **fields, received_at=now, channel="api",
                                         now=now, contact=principal())
    except duties.DutyRefused as refusal:
        raise _refused(refusal) from None
    return _created(duty, "api.get_duty")


@bp.post("/customers/<int:customer_id>/complaints")
@staff_only
def register_complaint(customer_id: int):  # type: ignore[no-untyped-def]
    """Art. 16.1, as the staff page: a written complaint staff received for the customer."""
    customer = _customer(customer_id)
    body = json_body()
    fields = _complaint_fields(body, customer)
    now = utcnow()
    received_at, channel = _receipt(body, now, "email")
    try:
        duty = duties.register_complaint(customer, **fields, received_at=received_at,
                                         channel=channel, now=now, by=principal())
    except duties.DutyRefused as refusal:
        raise _refused(refusal) from None
    return _created(duty, "api.get_duty")


@bp.post("/customers/<int:customer_id>/conflict-notices")
@staff_only
def register_conflict_notice(customer_id: int):  # type: ignore[no-untyped-def]
    """Art. 39.4.2, as the staff page: the 15 days count from `received_at`; the managers
    are told."""
    customer = _customer(customer_id)
    body = json_body()
    title, text = text_field(body, "title", 300), text_field(body, "text", 20000)
    now = utcnow()
    received_at, channel = _receipt(body, now, "registered_letter")
    try:
        duty = duties.register_conflict(customer, title=title, text=text,
                                        received_at=received_at, channel=channel, now=now,
                                        by=principal())
    except duties.DutyRefused as refusal:
        raise _refused(refusal) from None
    return _created(duty, "api.get_duty")


@bp.post("/conflict-notices")
@submitter_only
def submit_conflict_notice():  # type: ignore[no-untyped-def]
    """Art. 39.4.2: starts the 15 days of consultation; the managers are told."""
    body = json_body()
    _own_customer_only(body)
    title, text = text_field(body, "title", 300), text_field(body, "text", 20000)
    now = utcnow()
    try:
        duty = duties.register_conflict(
            db.session.get(Customer, principal().customer_id),  # type: ignore[arg-type]
            title=title, text=text, received_at=now, channel="api", now=now,
            contact=principal())
    except duties.DutyRefused as refusal:
        raise _refused(refusal) from None
    return _created(duty, "api.get_duty")


@bp.get("/customers/<int:customer_id>/sla-history")
@token_required
def get_sla_history(customer_id: int):  # type: ignore[no-untyped-def]
    """Art. 38.1: every assignment of the customer's SLA (who only for staff tokens)."""
    account = principal()
    customer = db.session.get(Customer, customer_id) if customer_id <= MAX_ID else None
    if customer is None or (not account.is_staff and customer.id != account.customer_id):
        raise Problem(404, "Not Found", f"No customer {customer_id}.")
    now = utcnow()
    in_force = customer.contract_on(local(now).date())  # type: ignore[union-attr]
    changes = []
    for contract in customer.contracts:
        for change in history(contract):
            item = {"contract": contract.name, "at": iso_utc(change.at),
                    "from": change.from_sla, "to": change.to_sla, "kind": change.kind,
                    "agreement": change.agreement or None}
            if account.is_staff:
                item["by"] = change.by.name if change.by else None
            changes.append(item)
    return jsonify({"customer": {"id": customer.id, "name": customer.name},
                    "sla_in_force": None if in_force is None else (
                        in_force.sla_preset or f"custom:{in_force.sla_label}"),
                    "term_ends_on": None if in_force is None or in_force.ends_on is None
                    else in_force.ends_on.isoformat(),
                    "changes": changes})
