"""The OpenAPI 3 document of /api/v1, built from one table of operations.

Served at /api/v1/openapi.json and rendered for people at /api/docs; tests check that every
API route is described and schemathesis fuzzes the running app against it.
"""

from __future__ import annotations

from typing import Any

from .body import MAX_ID
from .openapi_schemas import SCHEMAS
from .openapi_scopes import DESCRIPTION as SCOPES
from .openapi_scopes import with_scopes

TITLE = "Helpdesk API"
VERSION = "1.0.0"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


PROBLEMS = {
    "400": "The query, the path or the JSON body is malformed (not a JSON object).",
    "401": "No token, or an unknown, revoked or expired one, or its account is inactive.",
    "403": "The token's account, or the token's scopes, may not do this.",
    "404": "No such object visible to this token (another customer's is 404 too).",
    "409": "The ticket's state refuses the action; `detail` says why.",
    "415": "The body is not application/json.",
    "422": "The body is JSON but a field is missing, too long, of the wrong type or holds a "
           "NUL character; `errors` names it.",
    "429": "Too many requests: the token's limit (HELPDESK_API_RATE_LIMIT), or the address's "
           "for requests without a valid token; retry after `Retry-After` seconds.",
}
# Every limited response carries these (Flask-Limiter); a 429 says when to retry.
RATE_HEADERS = {
    "X-RateLimit-Limit": "requests allowed in the current window",
    "X-RateLimit-Remaining": "requests left in the current window",
    "X-RateLimit-Reset": "when the window ends, in seconds since 1970 (UTC)",
    "Retry-After": "seconds until the window ends",
}


def rate_headers() -> dict[str, Any]:
    return {name: {"schema": {"type": "integer"}, "description": text}
            for name, text in RATE_HEADERS.items()}


def too_many() -> dict[str, Any]:
    return {"description": PROBLEMS["429"], "headers": rate_headers(),
            "content": {"application/problem+json": {"schema": ref("Problem")}}}

REFERENCE = {"name": "reference", "in": "path", "required": True,
             "description": "the ticket's reference, e.g. HD-2026-00042",
             "schema": {"type": "string", "minLength": 1, "maxLength": 32,
                        "pattern": "^[A-Za-z0-9-]+$"}}


def query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def operation(operation_id: str, summary: str, ok: tuple[str, str, str | None],
              errors: tuple[str, ...], *, description: str = "",
              parameters: tuple[dict[str, Any], ...] = (),
              body: tuple[str, bool] | None = None, tag: str = "tickets") -> dict[str, Any]:
    """`ok` is (status, description, schema name); `body` is (schema name, required)."""
    status, ok_text, schema = ok
    success: dict[str, Any] = {"description": ok_text}
    if schema:
        success["content"] = json_content(ref(schema))
    if status == "201" and schema != "Event":  # an event has no URL of its own
        success["headers"] = {"Location": {"schema": {"type": "string"},
                                           "description": "the new object's URL"}}
    responses: dict[str, Any] = {status: success}
    for code in ("401", *errors):
        responses[code] = {"description": PROBLEMS[code],
                           "content": {"application/problem+json": {"schema": ref("Problem")}}}
    responses["429"] = too_many()
    found: dict[str, Any] = {"operationId": operation_id, "summary": summary, "tags": [tag],
                             "responses": responses}
    if description:
        found["description"] = description
    if parameters:
        found["parameters"] = list(parameters)
    if body:
        name, required = body
        found["requestBody"] = {"required": required, "content": json_content(ref(name))}
    return found


PATHS: dict[str, dict[str, Any]] = {
    "/tickets": {
        "get": operation(
            "listTickets", "List the tickets visible to the token",
            ("200", "One page of tickets, newest first", "TicketPage"), ("400",),
            description="Staff see every customer's tickets, a contact person their own "
                        "customer's. Pages follow `next_cursor`; the order (newest first) is "
                        "stable, so no ticket is skipped or repeated. With `q` the list is a "
                        "full-text search: the tickets whose reference, subject, messages, "
                        "attachment names, customer or contact match every word (also in "
                        "Dutch, French and English stems; a last word ending in `*` as a "
                        "beginning), best match first, in one page without a cursor; a "
                        "contact's token searches only what the portal shows. A query "
                        "without words, longer than 200 characters or of more than 12 words "
                        "is answered 400 with the reason.",
            parameters=(
                query("status", {"type": "string", "enum": [
                    "open", "acknowledged", "suspended", "workaround_applied", "resolved",
                    "not_an_incident", "out_of_scope"]}, "only tickets in this status"),
                query("priority", {"type": "string", "enum": ["P1", "P2", "P3", "P4"]},
                      "only tickets of this priority"),
                query("customer", {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                      "only this customer's tickets (a contact sees only their own)"),
                query("limit", {"type": "integer", "minimum": 1, "maximum": 100,
                                "default": 25}, "tickets per page"),
                query("cursor", {"type": "string", "pattern": "^[0-9]+$"},
                      "`next_cursor` of the previous page (not with `q`)"),
                query("q", {"type": "string", "maxLength": 200},
                      "search: a reference (HD-2026-00042 or 42) or words"),
            )),
        "post": operation(
            "createTicket", "Report an incident (contact persons)",
            ("201", "The ticket as registered, with its priority and clocks", "Ticket"),
            ("400", "403", "409", "415", "422"), body=("NewTicket", True),
            description="The portal form's rules: urgency × impact give the priority "
                        "(art. 39.1.1); readers may not report; a customer without a contract "
                        "in force gets 409."),
    },
    "/tickets/{reference}": {
        "get": operation("getTicket", "One ticket", ("200", "The ticket", "Ticket"),
                         ("404",), parameters=(REFERENCE,)),
    },
    "/tickets/{reference}/events": {
        "get": operation(
            "listTicketEvents", "The ticket's history",
            ("200", "Its events in order", "EventList"), ("404",), parameters=(REFERENCE,),
            description="Staff see every event; a contact person the ones the portal shows "
                        "(no internal notes or bookkeeping)."),
    },
    "/tickets/{reference}/clocks": {
        "get": operation(
            "listTicketClocks", "The ticket's SLA clocks with 'why this deadline'",
            ("200", "Each clock as of now", "ClockList"), ("404",), parameters=(REFERENCE,),
            description="State, start, stop, deadline, elapsed and remaining window time, "
                        "breach, and the explanation of the deadline (counted and excluded "
                        "spans) as the staff ticket page shows it."),
    },
    "/tickets/{reference}/messages": {
        "post": operation(
            "postTicketMessage", "Add a message: a contact's message or a staff reply",
            ("201", "The recorded event", "Event"), ("400", "403", "404", "409", "415", "422"),
            parameters=(REFERENCE,), body=("NewMessage", True),
            description="A contact person's message (on a phone report it is the written "
                        "confirmation, art. 39.2.2); from a staff token, a reply mailed to "
                        "the reporter. Readers may not post. R26: a staff reply to a ticket "
                        "not yet acknowledged is its acknowledgement (art. 39.1.2) and "
                        "answers with the `acknowledged` event carrying the reply (details "
                        "`{\"reply\": true}`); later replies are `staff_reply` events."),
    },
    "/tickets/{reference}/acknowledge": {
        "post": operation(
            "acknowledgeTicket", "Acknowledge the ticket (staff): stops the reaction clock",
            ("201", "The acknowledgement event", "Event"),
            ("400", "403", "404", "409", "415", "422"),
            parameters=(REFERENCE,), body=("Acknowledgement", False),
            description="R1: the human acknowledgement, sent to the customer, stops the "
                        "reaction clock; an optional message replaces the standard text, "
                        "and `assign_to_me` also assigns the ticket to the caller."),
    },
    "/tickets/{reference}/resolve": {
        "post": operation(
            "resolveTicket", "Resolve the ticket (staff): stops the resolution clock",
            ("201", "The resolution event, its `body` the note", "Event"),
            ("400", "403", "404", "409", "415", "422"),
            parameters=(REFERENCE,), body=("FixNote", True),
            description="Art. 39.3.1. The note is required, as on the staff page (issue "
                        "#19; a call without it, which earlier versions accepted, is now "
                        "422): it is mailed to the reporter with how to reject the fix "
                        "(art. 39.4.1) and shown in the portal's history."),
    },
    "/customers/{customer_id}/credits/{month}": {
        "get": operation(
            "getCreditStatement", "A customer's monthly credit statement (managers)",
            ("200", "The statement", "CreditStatement"), ("400", "403", "404"), tag="credits",
            description="The same JSON as `helpdesk credits --customer X --month YYYY-MM`: "
                        "incident credits (art. 40.3, caps art. 16.3/16.4) and availability "
                        "credits (seed 001), amounts as decimal strings.",
            parameters=(
                {"name": "customer_id", "in": "path", "required": True,
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}},
                {"name": "month", "in": "path", "required": True,
                 "schema": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
                 "description": "calendar month, e.g. 2026-10"},
                query("as_of", {"type": "string", "format": "date-time"},
                      "compute as of this instant (default: now)"),
            )),
    },
    "/me": {
        "get": operation("whoAmI", "The account and token making the call",
                         ("200", "Who the token acts as", "Me"), (), tag="account"),
    },
}

ME_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["kind", "id", "name", "role", "customer", "token"],
    "properties": {
        "kind": {"type": "string", "enum": ["staff", "contact"]},
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "role": {"type": "string", "description": "staff role, or portal role of a contact"},
        "customer": {"type": "object", "nullable": True, "additionalProperties": False,
                     "required": ["id", "name"],
                     "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
        "token": {"type": "object", "additionalProperties": False,
                  "required": ["id", "name", "prefix", "expires_at", "scopes"],
                  "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                 "prefix": {"type": "string"},
                                 "expires_at": {"type": "string", "format": "date-time",
                                                "nullable": True},
                                 "scopes": {"type": "array", "items": {"type": "string"},
                                            "nullable": True,
                                            "description": "null: all of the account's "
                                                           "rights"}}},
    },
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": TITLE, "version": VERSION,
            "description": (
                "JSON over HTTPS for staff and customer integrations. Every call carries "
                "`Authorization: Bearer <token>`; a token acts as one staff member or one "
                "contact person and sees exactly what that person sees in the web pages. "
                "Instants are ISO 8601 UTC with Z; money is a decimal string in euros; "
                "errors are RFC 7807 `application/problem+json`."),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": "tickets"}, {"name": "credits"}, {"name": "data-breaches"},
                 {"name": "duties"}, {"name": "hours"}, {"name": "contract-duties"},
                 {"name": "account"}],
        "paths": with_scopes(PATHS),
        "components": {
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "a token from the staff area (Your API tokens), an "
                               "administrator (for a contact person), or `helpdesk token "
                               "create`." + SCOPES}},
            "schemas": {**SCHEMAS, **ACTION_SCHEMAS, **BREACH_SCHEMAS, **DUTY_SCHEMAS,
                        **HOURS_SCHEMAS, **NONPAYMENT_SCHEMAS, **VISIT_SCHEMAS,
                        "Me": ME_SCHEMA},
        },
    }

# The document itself: public, so a client can discover the API before it holds a token.
PATHS["/openapi.json"] = {"get": {
    "operationId": "getOpenApiDocument", "summary": "This document", "tags": ["account"],
    "security": [],
    "responses": {"200": {"description": "OpenAPI 3 document",
                          "content": json_content({"type": "object"})},
                  "429": too_many()},
}}

# The ticket actions and attachments have their own table (openapi_actions.py); it builds
# on operation() above, hence the import at the end.
from .openapi_actions import ACTION_PATHS, ACTION_SCHEMAS  # noqa: E402

PATHS.update(ACTION_PATHS)

from .openapi_breaches import BREACH_PATHS, BREACH_SCHEMAS  # noqa: E402

PATHS.update(BREACH_PATHS)

from .openapi_duties import DUTY_PATHS, DUTY_SCHEMAS  # noqa: E402

PATHS.update(DUTY_PATHS)

from .openapi_hours import HOURS_PATHS, HOURS_SCHEMAS  # noqa: E402

PATHS.update(HOURS_PATHS)

from .openapi_nonpayment import NONPAYMENT_PATHS, NONPAYMENT_SCHEMAS  # noqa: E402

PATHS.update(NONPAYMENT_PATHS)

from .openapi_visits import VISIT_PATHS, VISIT_SCHEMAS  # noqa: E402

PATHS.update(VISIT_PATHS)
