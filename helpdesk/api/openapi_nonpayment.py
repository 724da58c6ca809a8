"""Suspensions for non-payment in the OpenAPI document (art. 6.9, R25)."""

from __future__ import annotations

from typing import Any

from .body import MAX_ID
from .openapi import operation
from .openapi_schemas import BOOLEAN, INSTANT, INTEGER, STRING, nullable, strict

SUSPENSION = strict({
    "id": INTEGER, "customer_id": INTEGER, "customer": STRING, "started_at": INSTANT,
    "started_by": nullable(STRING), "reason": STRING, "stopped_at": nullable(INSTANT),
    "stopped_by": nullable(STRING), "stop_reason": nullable(STRING), "running": BOOLEAN,
    "tickets_held": {"type": "array", "items": STRING,
                     "description": "references of the tickets opened while it ran, whose "
                                    "clocks it holds (or held)"},
})
REASON = strict({"reason": {"type": "string", "minLength": 1, "maxLength": 2000}})


def _id(name: str) -> tuple[dict[str, Any], ...]:
    return ({"name": name, "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},)


NONPAYMENT_SCHEMAS: dict[str, Any] = {
    "PaymentSuspension": SUSPENSION,
    "PaymentSuspensionList": strict({"items": {"type": "array", "items": {
        "$ref": "#/components/schemas/PaymentSuspension"}}, "as_of": INSTANT}),
    "SuspensionReason": REASON,
}

NONPAYMENT_PATHS: dict[str, dict[str, Any]] = {
    "/payment-suspensions": {
        "get": operation(
            "listPaymentSuspensions", "Suspensions of interventions for non-payment",
            ("200", "Newest first", "PaymentSuspensionList"), (), tag="contract-duties",
            description="Art. 6.9 (seed 004 art. 14.6): the clocks of tickets opened while a "
                        "suspension runs count nothing until it is lifted. Staff see every "
                        "customer's, a contact person their own customer's."),
    },
    "/customers/{customer_id}/payment-suspension": {
        "post": operation(
            "suspendForNonPayment", "Suspend a customer's interventions (managers)",
            ("200", "The running suspension", "PaymentSuspension"),
            ("400", "403", "404", "409", "415", "422"), tag="contract-duties",
            parameters=_id("customer_id"), body=("SuspensionReason", True),
            description="409 when one is already running. The customer's confirmed "
                        "contacts are mailed."),
    },
    "/payment-suspensions/{suspension_id}/stop": {
        "post": operation(
            "liftPaymentSuspension", "Lift a suspension (managers)",
            ("200", "The lifted suspension", "PaymentSuspension"),
            ("400", "403", "404", "409", "415", "422"), tag="contract-duties",
            parameters=_id("suspension_id"), body=("SuspensionReason", True)),
    },
}
