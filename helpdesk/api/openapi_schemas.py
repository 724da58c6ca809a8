"""The OpenAPI component schemas: one per JSON shape of serialize.py and the credit
statement of reports/statements.py (`helpdesk credits`). Strict (no unknown fields) where
the API owns the shape; the statement's objects allow fields the reports may add later."""

from __future__ import annotations

from typing import Any

from helpdesk.sla.badges import STATES as BADGE_STATES

INSTANT = {"type": "string", "format": "date-time",
           "description": "ISO 8601 in UTC with Z, to the second"}
MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$",
         "description": "euros as a decimal string with two decimals, e.g. '125.00'"}
DATE = {"type": "string", "format": "date"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def strict(properties: dict[str, Any], optional: tuple[str, ...] = (),
           **extra: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": [name for name in properties if name not in optional], **extra}


def loose(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties),
            **extra}


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
SECONDS = {"type": "integer", "description": "seconds"}

TICKET_FIELDS: dict[str, Any] = {
    "reference": {"type": "string", "example": "HD-2026-00042"},
    "title": STRING,
    "status": {"type": "string", "description": "open, acknowledged, suspended, "
               "workaround_applied, resolved, not_an_incident or out_of_scope"},
    "priority": nullable({"type": "string", "enum": ["P1", "P2", "P3", "P4"]}),
    "tier": {"type": "integer", "minimum": 1, "maximum": 3,
             "description": "escalation tier (art. 39.4.1)"},
    "channel": {"type": "string", "description": "email, portal, phone (art. 35.2) or chat "
                "(logged by staff where the contract names it: seed 001, item 9.3)"},
    "customer": strict({"id": INTEGER, "name": STRING}),
    "reporter": nullable({"type": "string", "description": "the contact person's name"}),
    "submitted_at": INSTANT,
    "next_deadline": nullable(INSTANT),
    "confirmation_outstanding": {"type": "boolean", "description": "a phone report awaits "
                                 "the customer's written confirmation (art. 39.2.2)"},
    "last_event_at": nullable(INSTANT),
    "assignee": nullable({"type": "string", "description": "staff tokens only"}),
    "breach_count": {"type": "integer", "description": "staff tokens only"},
}
STAFF_ONLY_FIELDS = ("assignee", "breach_count")

EXPLANATION_ROW = strict({
    "start": INSTANT, "end": nullable(INSTANT), "counted": BOOLEAN,
    "reason": {"type": "string", "description": "'counted', or why the span is excluded"},
    "seconds": SECONDS,
})

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "RFC 7807 problem details",
        "properties": {"type": STRING, "title": STRING, "status": INTEGER, "detail": STRING,
                       "errors": {"type": "object",
                                  "additionalProperties": {"type": "string"}}},
        "required": ["type", "title", "status"],
    },
    "TicketSummary": strict(TICKET_FIELDS, STAFF_ONLY_FIELDS,
                            description="A ticket as the queue lists it (derived columns)."),
    "Ticket": strict({**TICKET_FIELDS, "as_of": INSTANT}, STAFF_ONLY_FIELDS,
                     description="A ticket as its page shows it: status, priority, tier "
                                 "and next deadline folded from its events as of `as_of`."),
    "TicketPage": strict({
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/TicketSummary"}},
        "next_cursor": nullable({"type": "string", "description": "pass as `cursor` for the "
                                 "next page; null on the last page"}),
    }),
    "Event": strict({
        "seq": INTEGER,
        "type": {"type": "string", "example": "acknowledged"},
        "at": INSTANT,
        "recorded_at": INSTANT,
        "actor": strict({"kind": {"type": "string", "enum": ["staff", "contact", "system"]},
                         "name": nullable(STRING)}),
        "channel": nullable(STRING),
        "body": nullable({"type": "string", "description": "the message, when the event "
                          "carries one"}),
        "details": {"type": "object", "description": "the event's data; a contact sees only "
                    "what the portal shows"},
    }),
    "EventList": strict({"items": {"type": "array",
                                   "items": {"$ref": "#/components/schemas/Event"}}}),
    "Explanation": strict({
        "sla": STRING, "priority": nullable(STRING), "timezone": STRING,
        "start": nullable(INSTANT), "target_seconds": nullable(SECONDS),
        "deadline": nullable(INSTANT), "counted_seconds": SECONDS,
        "notes": {"type": "array", "items": STRING},
        "rows": {"type": "array", "items": EXPLANATION_ROW},
        "text": {"type": "string", "description": "the same as a plain-text table"},
    }, description="Why the deadline is where it is: the counted service-window spans and "
                   "the excluded ones with their reason (R3-R7)."),
    "Clock": strict({
        "name": {"type": "string", "example": "reaction"},
        "label": STRING,
        "applicable": {"type": "boolean", "description": "false: no such clock for this "
                       "priority under the contract"},
        "state": {"type": "string",
                  "enum": ["pending", "running", "paused", "met", "breached", "void"]},
        "started_at": nullable(INSTANT),
        "stopped_at": nullable(INSTANT),
        "target_seconds": nullable(SECONDS),
        "deadline": nullable(INSTANT),
        "elapsed_seconds": {"type": "integer", "description": "service-window time counted"},
        "remaining_seconds": nullable(SECONDS),
        "breached": BOOLEAN,
        "breached_at": nullable(INSTANT),
        "overdue_seconds": SECONDS,
        "priority_at_breach": nullable(STRING),
        "resumes_at": nullable(INSTANT),
        "badge": {"$ref": "#/components/schemas/ClockBadge"},
        "explanation": nullable({"$ref": "#/components/schemas/Explanation"}),
    }),
    "ClockBadge": strict({
        "state": {"type": "string", "enum": list(BADGE_STATES), "description": (
            "due: counting now; paused: outside the service window (until: the next "
            "opening, R3); suspended: waiting for an external supplier (art. 39.1.3, R6; "
            "until: the announced resumption, or null); overdue: past the deadline and "
            "still running; missed: stopped after the deadline; met; pending: not "
            "started; void: not counted (art. 38.3, 9.3); na: no such clock")},
        "text": {"type": "string", "example": "paused until Mon 08:45 (outside service hours)",
                 "description": "what the staff queue, the ticket pages and the portal show "
                                "(English; times in the contract's zone)"},
        "remaining_text": nullable({"type": "string",
                                    "example": "2 h 00 of service time left · due Mon 10:45"}),
        "level": {"type": "string", "enum": ["ok", "warn", "danger", "over", "unknown"],
                  "description": "share of the target counted: under 50 %, 50 %, 75 %, "
                                 "100 %; unknown without a counted target"},
        "deadline": nullable(INSTANT),
        "service_seconds_left": nullable({
            "type": "integer", "minimum": 0,
            "description": "service-window time left: what the SLA counts, not wall-clock "
                           "time to the deadline"}),
        "counting": {"type": "boolean", "description": "the clock counts at as_of"},
        "counting_until": nullable({**INSTANT, "description": (
            "counting without a pause until then: the window's close or the deadline, "
            "whichever comes first")}),
        "until": nullable(INSTANT),
        "overdue_seconds": SECONDS,
    }, description="One badge per clock state (issue #19): what a clock shows as of the "
                   "response's as_of, with both meanings of the time left."),
    "ClockList": strict({"as_of": INSTANT, "items": {
        "type": "array", "items": {"$ref": "#/components/schemas/Clock"}}}),
    "NewTicket": strict({
        "title": {"type": "string", "minLength": 1, "maxLength": 300},
        "description": {"type": "string", "minLength": 1, "maxLength": 20000},
        "urgency": {"type": "string", "enum": ["light", "blocking"]},
        "impact": {"type": "string", "enum": ["some", "all"],
                   "description": "some: one or more employees; all: all employees"},
    }, description="As the portal form: urgency × impact set the priority (art. 39.1.1)."),
    "NewMessage": strict({"text": {"type": "string", "minLength": 1, "maxLength": 20000}}),
    "Acknowledgement": strict({
        "message": {"type": "string", "maxLength": 20000},
        "assign_to_me": {"type": "boolean", "default": False,
                         "description": "also assign the ticket to the token's staff "
                                        "member (an `assigned` event), as the page's "
                                        "checkbox"},
    }, ("message", "assign_to_me")),
    "CreditStatement": loose({
        "customer": loose({"id": INTEGER, "name": STRING}),
        "month": {"type": "string", "example": "2026-10"},
        "as_of": INSTANT,
        "contracts": {"type": "array",
                      "items": {"$ref": "#/components/schemas/ContractStatement"}},
        "availability": {"type": "array",
                         "items": {"$ref": "#/components/schemas/AvailabilityMonth"}},
        "totals": {"type": "object", "additionalProperties": MONEY},
    }, description="The JSON of `helpdesk credits --customer X --month YYYY-MM`."),
    "ContractStatement": loose({
        "contract": loose({"id": INTEGER, "name": STRING, "sla": STRING}),
        "credits_apply": BOOLEAN,
        "note": nullable(STRING),
        "statement": nullable({"$ref": "#/components/schemas/IncidentStatement"}),
        "objectives_missed": {"type": "array", "items": loose({
            "reference": STRING, "clock": STRING, "priority_at_breach": nullable(STRING),
            "deadline": INSTANT, "stopped_at": nullable(INSTANT)})},
        "excluded_not_an_incident": {
            "type": "array", "description": "R21: tickets classified not an incident (art. "
            "38.3): who, when and why, with the breaches the classification voided (listed "
            "in the months of those breaches, else in the month of the classification)",
            "items": loose({
                "reference": STRING, "title": STRING, "by": STRING, "at": INSTANT,
                "reason": nullable(STRING),
                "after_claim": {"type": "boolean",
                                "description": "classified after a credit claim named it"},
                "voided_breaches": {"type": "array", "items": loose({
                    "clock": STRING, "priority_at_breach": nullable(STRING),
                    "deadline": INSTANT})}})},
    }),
    "IncidentStatement": loose({
        "customer": STRING, "month": STRING, "as_of": INSTANT,
        "caps": loose({"enabled": BOOLEAN, "percent": STRING, "amount": MONEY}),
        "lines": {"type": "array", "items": {"$ref": "#/components/schemas/CreditLine"}},
        "totals": loose({name: MONEY for name in
                         ("owed", "claimed", "claimable", "lapsed", "capped")}),
    }),
    "CreditLine": loose({
        "reference": STRING, "clock": STRING, "priority_at_breach": nullable(STRING),
        "deadline": INSTANT, "stopped_at": nullable(INSTANT), "measured_until": INSTANT,
        "still_running": BOOLEAN, "overdue_seconds": SECONDS,
        "not_late": {"type": "array", "description": "stopped from a fix to its rejection "
                     "(R9): left out of the overdue time",
                     "items": loose({"from": INSTANT, "to": INSTANT})},
        "days": {"type": "integer", "description": "each started 24 h counts (R10)"},
        "percent_before_cap": STRING, "percent": STRING, "capped_per_breach": BOOLEAN,
        "base": loose({"month": STRING, "amount": MONEY, "invoiced": nullable(MONEY),
                       "paid": nullable(MONEY), "reason": nullable(STRING)}),
        "exact": STRING, "amount_before_cap": MONEY, "amount_after_cap": MONEY,
        "annual_cap": nullable(STRING), "year_used_before": MONEY, "payable": MONEY,
        "claim_deadline": DATE, "claim_status": STRING,
        "claim_received_on": nullable(DATE), "claim_note": nullable(STRING),
        "not_attributable_reason": nullable(STRING), "reason": nullable(STRING),
    }),
    "AvailabilityMonth": loose({
        "service": STRING, "month": STRING, "complete": BOOLEAN,
        "downtime_seconds": SECONDS, "availability_percent": STRING,
        "objective_met": BOOLEAN, "full_extra_hours": INTEGER,
        "percent_before_cap": INTEGER, "percent": INTEGER, "fee": MONEY, "amount": MONEY,
        "fee_basis": nullable({"type": "string", "description": "R20: how the month's base "
                               "was found: the fee paid for the service for the month, a "
                               "quarterly or yearly fee pro rata (/ 3, / 12)"}),
        "threshold_reached_at": nullable(INSTANT), "claim_deadline": nullable(DATE),
        "claim_status": nullable(STRING), "claim_received_on": nullable(DATE),
        "claim_note": nullable(STRING), "settlement": STRING,
        "outages": {"type": "array", "items": loose({
            "start": INSTANT, "end": nullable(INSTANT), "seconds": SECONDS, "cause": STRING,
            "excluded_because": nullable(STRING)})},
    }),
}
