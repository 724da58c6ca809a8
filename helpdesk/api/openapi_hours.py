"""The hours statement's operations and schemas in the OpenAPI document (art. 6.6, R25)."""

from __future__ import annotations

from typing import Any

from helpdesk.billing.acceptance import OUTCOMES, STATES

from .body import MAX_ID
from .openapi import operation, query
from .openapi_schemas import BOOLEAN, INSTANT, INTEGER, STRING, nullable, strict

STATE = {"type": "string", "enum": list(STATES),
         "description": "awaiting (may still be disputed), accepted (not disputed within 7 "
                        "days, art. 6.6), disputed, confirmed or withdrawn after a dispute"}
ENTRY = strict({
    "id": INTEGER, "ticket": STRING, "description": STRING,
    "start": nullable(INSTANT), "end": nullable(INSTANT), "minutes": INTEGER,
    "minutes_per_rate_class": {"type": "object", "additionalProperties": INTEGER},
    "made_known_at": INSTANT,
    "dispute_until": {**INSTANT, "description": "the window closes here: Brussels midnight "
                      "after the 7th calendar day after the day the hours were made known"},
    "state": STATE,
    "counted": {**BOOLEAN, "description": "accepted or confirmed: hours the report counts"},
    "dispute": nullable(strict({"at": INSTANT, "reason": STRING, "by": nullable(STRING)})),
    "resolution": nullable(strict({"at": INSTANT, "outcome": {"type": "string",
                                                              "enum": list(OUTCOMES)},
                                   "note": STRING, "by": nullable(STRING)})),
})
PATH_ID = ({"name": "entry_id", "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},)

HOURS_SCHEMAS: dict[str, Any] = {
    "HoursEntry": ENTRY,
    "HoursList": strict({
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/HoursEntry"}},
        "minutes_per_state": {"type": "object", "additionalProperties": INTEGER},
        "as_of": INSTANT}),
    "HoursDispute": strict({"reason": {"type": "string", "minLength": 1, "maxLength": 5000}}),
    "HoursResolution": strict({"outcome": {"type": "string", "enum": list(OUTCOMES)},
                               "note": {"type": "string", "minLength": 1,
                                        "maxLength": 5000}}),
}

HOURS_PATHS: dict[str, dict[str, Any]] = {
    "/hours": {
        "get": operation(
            "listHours", "Time entries with their art. 6.6 state",
            ("200", "Every visible entry, newest first", "HoursList"), ("400",), tag="hours",
            description="Staff see every customer's entries, a contact person their own "
                        "customer's. Hours are accepted when not disputed within 7 days "
                        "after they were made known (art. 6.6).",
            parameters=(query("state", STATE, "only entries in this state"),)),
    },
    "/hours/{entry_id}": {
        "get": operation("getHours", "One time entry", ("200", "The entry", "HoursEntry"),
                         ("404",), tag="hours", parameters=PATH_ID),
    },
    "/hours/{entry_id}/dispute": {
        "post": operation(
            "disputeHours", "Dispute a time entry (contact persons who may act)",
            ("200", "The entry, now disputed", "HoursEntry"),
            ("400", "403", "404", "409", "415", "422"), tag="hours", parameters=PATH_ID,
            body=("HoursDispute", True),
            description="Refused (409) once the 7-day window has closed or when already "
                        "disputed."),
    },
    "/hours/{entry_id}/resolve": {
        "post": operation(
            "resolveHoursDispute", "Resolve a dispute (staff)",
            ("200", "The entry, confirmed or withdrawn", "HoursEntry"),
            ("400", "403", "404", "409", "415", "422"), tag="hours", parameters=PATH_ID,
            body=("HoursResolution", True)),
    },
}
