"""Complaints (art. 16.1), conflict notices (art. 39.4.2) and the SLA history (art. 38.1) in
the OpenAPI document (R25): contacts submit their own, staff register one on a customer's
behalf."""

from __future__ import annotations

from typing import Any

from .body import MAX_ID
from .openapi import operation
from .openapi_schemas import INSTANT, INTEGER, STRING, nullable, strict

DAY = {"type": "string", "format": "date"}
DUTY = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "kind", "subject", "invoice", "title", "text", "channel",
                 "received_at", "state", "answer", "answered_at", "verdict", "reason",
                 "notes"],
    "properties": {
        "id": INTEGER, "kind": {"type": "string", "enum": ["complaint", "conflict"]},
        "subject": {"type": "string", "enum": ["invoice", "service"]},
        "invoice": nullable({"type": "string", "description": "the invoice's number"}),
        "title": STRING, "text": STRING,
        "channel": {"type": "string", "enum": ["portal", "api", "email",
                                               "registered_letter", "letter"]},
        "received_at": INSTANT,
        "state": {"type": "string", "enum": ["open", "answered"]},
        "answer": nullable(STRING), "answered_at": nullable(INSTANT),
        "verdict": {"type": "string",
                    "enum": ["in_time", "late", "running", "consulted", "ended"],
                    "description": "complaints: in_time or late (art. 16.1, 15 working "
                                   "days); conflict notices: running, consulted or ended "
                                   "(art. 39.4.2, 15 calendar days)"},
        "reason": {"type": "string", "description": "the verdict in words, with the day "
                   "the window ends and how it was counted"},
        "notes": {"type": "array", "items": STRING},
        "noticed_on": {**DAY, "description": "complaints: the day the defect should have "
                       "been noticed; the 15 working days count from it"},
        "window_ends_on": {**DAY, "description": "complaints: the 15th working day"},
        "in_time": {"type": "boolean"},
        "consultation_ends_on": {**DAY, "description": "conflicts: the 15th calendar day "
                                 "after receipt; the period ends at its 24:00 Brussels"},
        "consultation_ends_at": INSTANT,
    },
}
COMPLAINT_IN = strict({
    "subject": {"type": "string", "enum": ["invoice", "service"]},
    "invoice": {"type": "string", "maxLength": 64,
                "description": "the invoice's number (subject invoice)"},
    "noticed_on": {**DAY, "description": "the day the problem was (or should have been) "
                   "noticed; an invoice's date by default"},
    "title": {"type": "string", "minLength": 1, "maxLength": 300},
    "text": {"type": "string", "minLength": 1, "maxLength": 20000},
}, optional=("invoice", "noticed_on"))
CONFLICT_IN = strict({
    "title": {"type": "string", "minLength": 1, "maxLength": 300},
    "text": {"type": "string", "minLength": 1, "maxLength": 20000},
})
RECEIPT = {
    "received_at": {**INSTANT, "description": "when it was received, with its UTC offset "
                    "(e.g. 2026-05-06T09:30:00+02:00); now if left out; not in the future"},
    "channel": {"type": "string", "enum": ["registered_letter", "email", "letter"],
                "description": "how it was received in writing"},
}
STAFF_COMPLAINT_IN = strict({
    **COMPLAINT_IN["properties"], **RECEIPT,
    "channel": {**RECEIPT["channel"], "default": "email"}},
    optional=("invoice", "noticed_on", "received_at", "channel"))
STAFF_CONFLICT_IN = strict({
    **CONFLICT_IN["properties"], **RECEIPT,
    "channel": {**RECEIPT["channel"], "default": "registered_letter",
                "description": "how it was received; art. 39.4.2 names a registered letter, "
                               "another channel is noted and its period runs all the same"}},
    optional=("received_at", "channel"))
CHANGE = {"type": "object", "additionalProperties": False,
          "required": ["contract", "at", "from", "to", "kind", "agreement"],
          "properties": {"contract": STRING, "at": INSTANT, "from": nullable(STRING),
                         "to": STRING,
                         "kind": {"type": "string", "enum": ["assigned", "raised",
                                                             "before_term", "after_term",
                                                             "agreed"]},
                         "agreement": nullable(STRING),
                         "by": nullable({"type": "string",
                                         "description": "staff tokens only"})}}

DUTY_SCHEMAS: dict[str, Any] = {
    "ContractDuty": DUTY,
    "ContractDutyList": strict({"items": {"type": "array", "items": {
        "$ref": "#/components/schemas/ContractDuty"}}, "as_of": INSTANT}),
    "NewComplaint": COMPLAINT_IN,
    "NewConflictNotice": CONFLICT_IN,
    "RegisteredComplaint": STAFF_COMPLAINT_IN,
    "RegisteredConflictNotice": STAFF_CONFLICT_IN,
    "SlaHistory": strict({
        "customer": strict({"id": INTEGER, "name": STRING}),
        "sla_in_force": nullable(STRING), "term_ends_on": nullable(DAY),
        "changes": {"type": "array", "items": CHANGE}}),
}
CUSTOMER_FILTER = {"name": "customer_id", "in": "query", "required": False,
                   "description": "staff tokens: only this customer's",
                   "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}

DUTY_PATHS: dict[str, dict[str, Any]] = {
    "/complaints": {
        "get": operation(
            "listComplaints", "Written complaints (art. 16.1)",
            ("200", "Newest first, each with its in time / late verdict", "ContractDutyList"),
            ("400",), tag="duties", parameters=(CUSTOMER_FILTER,),
            description="Staff see every customer's, a contact person their own "
                        "customer's. A complaint is in time when received within 15 working "
                        "days (Monday to Friday without the ten legal holidays) after the "
                        "defect should have been noticed."),
        "post": operation(
            "submitComplaint", "Submit a written complaint (contact persons)",
            ("201", "The registered complaint with its verdict", "ContractDuty"),
            ("400", "403", "415", "422"), tag="duties", body=("NewComplaint", True),
            description="Received now, for the token's own customer; a late complaint is "
                        "registered and marked late. Staff register one on a customer's "
                        "behalf at /customers/{customer_id}/complaints."),
    },
    "/conflict-notices": {
        "get": operation(
            "listConflictNotices", "Conflict notices (art. 39.4.2)",
            ("200", "Newest first, each with its consultation period", "ContractDutyList"),
            ("400",), tag="duties", parameters=(CUSTOMER_FILTER,)),
        "post": operation(
            "submitConflictNotice", "Notify a conflict (contact persons)",
            ("201", "The registered notice with its 15 days", "ContractDuty"),
            ("400", "403", "415", "422"), tag="duties", body=("NewConflictNotice", True),
            description="Starts 15 calendar days of consultation, ending at 24:00 Brussels "
                        "of the 15th day after receipt; the provider's managers are told."),
    },
    "/customers/{customer_id}/complaints": {
        "post": operation(
            "registerComplaint", "Register a written complaint received from a customer "
            "(staff)", ("201", "The registered complaint with its verdict", "ContractDuty"),
            ("400", "403", "404", "415", "422"), tag="duties",
            parameters=({"name": "customer_id", "in": "path", "required": True,
                         "schema": ID},), body=("RegisteredComplaint", True),
            description="As the staff page: the complaint received by e-mail or letter "
                        "at `received_at` (now if left out); art. 16.1's 15 working days "
                        "are counted from `noticed_on` (an invoice's date by default) to "
                        "the receipt, and a late complaint is registered and marked late."),
    },
    "/customers/{customer_id}/conflict-notices": {
        "post": operation(
            "registerConflictNotice", "Register a conflict notice received from a customer "
            "(staff)", ("201", "The registered notice with its 15 days", "ContractDuty"),
            ("400", "403", "404", "415", "422"), tag="duties",
            parameters=({"name": "customer_id", "in": "path", "required": True,
                         "schema": ID},), body=("RegisteredConflictNotice", True),
            description="As the staff page: the 15 calendar days of consultation (art. "
                        "39.4.2) count from `received_at` (now if left out); the provider's "
                        "managers are told at once."),
    },
    "/duties/{duty_id}": {
        "get": operation(
            "getDuty", "One complaint or conflict notice", ("200", "It", "ContractDuty"),
            ("404",), tag="duties",
            parameters=({"name": "duty_id", "in": "path", "required": True, "schema": ID},)),
    },
    "/customers/{customer_id}/sla-history": {
        "get": operation(
            "getSlaHistory", "The customer's service level history (art. 38.1)",
            ("200", "Every assignment, oldest first", "SlaHistory"), ("404",), tag="duties",
            parameters=({"name": "customer_id", "in": "path", "required": True,
                         "schema": ID},),
            description="During the term the level may only be raised; a lowering is "
                        "recorded only before the term, at renewal after it or with the "
                        "provider's written agreement."),
    },
}
