"""Preventive site visits in the OpenAPI document (art. 27.2.2/27.2.3, R25)."""

from __future__ import annotations

from typing import Any

from helpdesk.duties.visit_rules import STATES

from .body import MAX_ID
from .openapi import operation
from .openapi_schemas import BOOLEAN, INSTANT, INTEGER, STRING, nullable, strict

TEXT = {"type": "string", "minLength": 1, "maxLength": 5000}
VISIT = strict({
    "id": INTEGER, "customer_id": INTEGER, "customer": STRING, "title": STRING,
    "description": STRING, "starts_at": INSTANT, "ends_at": INSTANT, "announced_at": INSTANT,
    "state": {"type": "string", "enum": list(STATES)},
    "late_notice": {**BOOLEAN, "description": "announced less than 14 Brussels calendar days "
                    "before the visit's day (art. 27.2.3)"},
    "late_agreement": nullable(STRING),
    "outside_working_hours": {**BOOLEAN, "description": "partly outside Mon-Fri "
                              "08:45-17:00 (art. 27.2.5)"},
    "report_due": {**INSTANT, "description": "the report is overdue from here (10 calendar "
                   "days after the visit's day)"},
    "cancelled_at": nullable(INSTANT), "cancel_reason": nullable(STRING),
    "report": nullable(strict({"at": INSTANT, "defects": STRING, "open_points": STRING,
                               "follow_up": STRING})),
})


def _id(name: str) -> tuple[dict[str, Any], ...]:
    return ({"name": name, "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},)


VISIT_SCHEMAS: dict[str, Any] = {
    "SiteVisit": VISIT,
    "SiteVisitList": strict({"items": {"type": "array", "items": {
        "$ref": "#/components/schemas/SiteVisit"}}, "as_of": INSTANT}),
    "SiteVisitPlan": strict({
        "starts_at": INSTANT, "ends_at": INSTANT,
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "description": {"type": "string", "maxLength": 5000},
        "agreement": {"type": "string", "maxLength": 5000,
                      "description": "who at the customer agreed to a visit less than two "
                                     "weeks ahead, and when"}},
        optional=("description", "agreement")),
    "SiteVisitReport": strict({"defects": TEXT, "open_points": TEXT, "follow_up": TEXT}),
}

VISIT_PATHS: dict[str, dict[str, Any]] = {
    "/site-visits": {
        "get": operation(
            "listSiteVisits", "Preventive maintenance visits on site",
            ("200", "Overdue reports first, then by start", "SiteVisitList"), (),
            tag="contract-duties",
            description="Staff see every customer's, a contact person their own customer's."),
    },
    "/site-visits/{visit_id}": {
        "get": operation("getSiteVisit", "One site visit", ("200", "The visit", "SiteVisit"),
                         ("404",), tag="contract-duties", parameters=_id("visit_id")),
    },
    "/customers/{customer_id}/site-visits": {
        "post": operation(
            "planSiteVisit", "Plan and announce a visit (staff)",
            ("201", "The visit, announced", "SiteVisit"),
            ("400", "403", "404", "409", "415", "422"), tag="contract-duties",
            parameters=_id("customer_id"), body=("SiteVisitPlan", True),
            description="Art. 27.2.3: at least 14 days ahead, else 409 unless `agreement` "
                        "says who agreed; the customer's confirmed contacts are mailed."),
    },
    "/site-visits/{visit_id}/report": {
        "post": operation(
            "reportSiteVisit", "Report on a visit (staff)",
            ("200", "The visit, reported", "SiteVisit"),
            ("400", "403", "404", "409", "415", "422"), tag="contract-duties",
            parameters=_id("visit_id"), body=("SiteVisitReport", True),
            description="Art. 27.2.2: after the visit; mailed to the customer."),
    },
}
