"""The data-breach register's operations and schemas in the OpenAPI document (R24)."""

from __future__ import annotations

from typing import Any

from .body import MAX_ID
from .openapi import operation
from .openapi_schemas import INSTANT, INTEGER, STRING, nullable, strict

STATE = {"type": "string", "enum": ["running", "overdue", "met", "late"],
         "description": "running or overdue while someone is untold; met or late once told"}
REMAINING = {"type": "integer", "description": "seconds left of the 72 hours when told (or "
             "now, while running); negative once past the deadline"}

NOTIFICATION = strict({"contact": STRING, "address": STRING,
                       "channel": {"type": "string", "enum": ["email"]},
                       "at": INSTANT, "by": nullable(STRING)})
AFFECTED = strict({"id": INTEGER, "name": STRING, "notified_at": nullable(INSTANT),
                   "state": STATE, "remaining_seconds": REMAINING,
                   "notifications": {"type": "array", "items": NOTIFICATION}})
WARNING = strict({"level": {"type": "string", "enum": ["75", "90", "overdue"]},
                  "at": INSTANT})
BREACH = strict({
    "id": INTEGER, "title": STRING, "description": STRING, "data_categories": STRING,
    "consequences": STRING, "measures": STRING, "contact_point": STRING,
    "discovered_at": INSTANT,
    "due_at": {**INSTANT, "description": "discovered_at + 72 hours of calendar time"},
    "registered_at": INSTANT, "registered_by": nullable(STRING),
    "state": STATE, "remaining_seconds": REMAINING,
    "customers": {"type": "array", "items": AFFECTED},
    "warnings": {"type": "array", "items": WARNING},
})

BREACH_SCHEMAS: dict[str, Any] = {
    "DataBreach": BREACH,
    "DataBreachList": strict({"items": {"type": "array", "items": {
        "$ref": "#/components/schemas/DataBreach"}}, "as_of": INSTANT}),
}

BREACH_PATHS: dict[str, dict[str, Any]] = {
    "/data-breaches": {
        "get": operation(
            "listDataBreaches", "The data-breach register (managers)",
            ("200", "Every breach, newest discovery first", "DataBreachList"), ("403",),
            tag="data-breaches",
            description="R24: each breach with its 72-hour clock (calendar time, every "
                        "second counts), its affected customers and who was told when, at "
                        "which address and by which channel."),
    },
    "/data-breaches/{breach_id}": {
        "get": operation(
            "getDataBreach", "One data breach (managers)", ("200", "The breach", "DataBreach"),
            ("403", "404"), tag="data-breaches",
            parameters=({"name": "breach_id", "in": "path", "required": True,
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},)),
    },
}
