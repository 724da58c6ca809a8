"""The OpenAPI operations and schemas of the ticket actions (staff_actions.py,
contact_actions.py) and the attachments (attachments.py); openapi.py merges them into its
document, so that table stays readable."""

from __future__ import annotations

import copy
from typing import Any

from helpdesk.intake.attachments import MAX_ATTACHMENT_BYTES
from helpdesk.sla.priority import IMPACTS, URGENCIES
from helpdesk.tickets.actions import NOT_AN_INCIDENT_REASONS
from helpdesk.web.services import MAX_FILES

from .body import MAX_ID
from .openapi import PATHS, REFERENCE, operation, ref
from .openapi_schemas import INTEGER, STRING, nullable, strict

# What a refused action or a malformed body answers, for every action with a body.
WITH_BODY = ("400", "403", "404", "409", "415", "422")
STAFF = "Staff tokens only; a contact person's token gets 403."
CONTACT = "Contact persons who may report (not readers, not staff): others get 403."


def text(max_length: int, description: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": max_length}
    if description:
        found["description"] = description
    return found


ACTION_SCHEMAS: dict[str, Any] = {
    "Assignment": strict({"staff_id": nullable({
        "type": "integer", "minimum": 1, "maximum": MAX_ID,
        "description": "an active staff member's id; null unassigns"})}),
    "Note": strict({"text": text(20000)}),
    "PriorityChange": strict({
        "urgency": {"type": "string", "enum": list(URGENCIES)},
        "impact": {"type": "string", "enum": list(IMPACTS),
                   "description": "some: one or more employees; all: all employees"},
        "reason": text(2000, "why, after consultation with the customer (art. 39.1.1)"),
    }),
    "SupplierSuspension": strict({"supplier": text(200, "the external supplier's name")}),
    "NotAnIncident": strict({
        "reason": {"type": "string", "enum": list(NOT_AN_INCIDENT_REASONS),
                   "description": "art. 38.3"},
        "detail": {"type": "string", "maxLength": 500,
                   "description": "optional, kept after the reason (e.g. which window)"},
    }, ("detail",)),
    "Merge": strict({
        "into": text(32, "the reference of the ticket that is kept (same customer)"),
        "reason": {"type": "string", "maxLength": 500,
                   "description": "optional: why it is a duplicate; told to the reporter"},
    }, ("reason",)),
    "OutOfScope": strict({"reason": text(500, "why (seed 004 art. 9.3); shown to the "
                                              "customer")}),
    "TimeEntry": strict({
        "start": {"type": "string", "format": "date-time",
                  "description": "ISO 8601 with a UTC offset or Z; a time without one is 422"},
        "end": {"type": "string", "format": "date-time",
                "description": "after start, not in the future, at most 24 h after start"},
        "description": text(500, "the work done"),
    }, description="Seed 002 art. 6.4: the minutes are split into rate classes (normal, "
                   "outside working hours +150 %, weekend or holiday +200 %) in the "
                   "`time_logged` event's details."),
    "FixRejection": strict({"reason": text(5000, "what is still not working")}),
    "FixNote": strict({"note": text(5000, "what was done; mailed to the reporter and shown "
                                          "in the portal")},
                      description="Resolve and workaround: the note is required."),
    "Confirmation": strict({"text": text(5000)}),
    "Attachment": strict({
        "id": INTEGER, "filename": STRING,
        "size": {"type": "integer", "description": "bytes"},
        "content_type": {"type": "string", "description": "as declared by the sender"},
        "event_seq": nullable({"type": "integer",
                               "description": "the event it came with"}),
    }),
    "AttachmentList": strict({"items": {"type": "array", "items": ref("Attachment")}}),
}


def action(operation_id: str, summary: str, description: str,
           body: str | None = None) -> dict[str, Any]:
    """A ticket action: 201 with the recorded event."""
    return operation(
        operation_id, summary, ("201", "The recorded event", "Event"),
        WITH_BODY if body else ("403", "404", "409"), description=description,
        parameters=(REFERENCE,), body=(body, True) if body else None)


ATTACHMENT_ID = {"name": "attachment_id", "in": "path", "required": True,
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def _download() -> dict[str, Any]:
    found = operation(
        "downloadAttachment", "Download one attachment",
        ("200", "The file, always as an attachment", None), ("404",),
        parameters=(REFERENCE, ATTACHMENT_ID),
        description="As the pages: `Content-Disposition: attachment`, a content type a "
                    "browser will not render as a page (else application/octet-stream), "
                    "`X-Content-Type-Options: nosniff`. A contact person gets only files of "
                    "events the portal shows; another ticket's attachment is 404.")
    found["responses"]["200"]["content"] = {
        "*/*": {"schema": {"type": "string", "format": "binary"}}}
    return found


def _message_with_files() -> dict[str, Any]:
    """postTicketMessage also takes the portal form's multipart body: text and files."""
    found = copy.deepcopy(PATHS["/tickets/{reference}/messages"]["post"])
    found["requestBody"]["content"]["multipart/form-data"] = {
        "schema": {"type": "object", "additionalProperties": False, "required": ["text"],
                   "properties": {
                       "text": text(20000),
                       "files": {"type": "array", "maxItems": MAX_FILES,
                                 "items": {"type": "string", "format": "binary"},
                                 "description": f"at most {MAX_FILES} files of at most "
                                                f"{MAX_ATTACHMENT_BYTES // 2**20} MB each, "
                                                "as in the portal; contacts only"}}},
        "encoding": {"files": {"contentType": "application/octet-stream"}}}
    found["responses"]["413"] = {
        "description": "The request is larger than the app accepts (30 MB in all).",
        "content": {"application/problem+json": {"schema": ref("Problem")}}}
    found["description"] += (" Sent as multipart/form-data, a contact's message carries "
                             "files (`files`), with the portal's limits (422 beyond them).")
    return found


ACTION_PATHS: dict[str, dict[str, Any]] = {
    "/tickets/{reference}/messages": {"post": _message_with_files()},
    "/tickets/{reference}/assign": {"post": action(
        "assignTicket", "Assign the ticket to a staff member, or unassign it (staff)",
        STAFF, "Assignment")},
    "/tickets/{reference}/notes": {"post": action(
        "addInternalNote", "Add an internal note (staff)",
        STAFF + " Never mailed, never shown to the customer.", "Note")},
    "/tickets/{reference}/priority": {"post": action(
        "changePriority", "Change the priority: urgency × impact and why (staff)",
        STAFF + " Art. 39.1.1; R12: a running clock takes the new priority's target, "
                "counted from its start, but its deadline is never before the change.",
        "PriorityChange")},
    "/tickets/{reference}/supplier-suspension": {"post": action(
        "suspendForSupplier", "The ticket waits for an external supplier (staff)",
        STAFF + " Art. 39.1.3 (R6): the resolution clock stops; only an acknowledged, open "
                "ticket can wait.", "SupplierSuspension")},
    "/tickets/{reference}/supplier-delivered": {"post": action(
        "supplierDelivered", "The supplier delivered (staff)",
        STAFF + " R6: the clock stays suspended through the end of that (working) day.")},
    "/tickets/{reference}/onsite": {"post": action(
        "agreeOnsite", "An on-site visit was agreed with the contact (staff)",
        STAFF + " R7: the resolution deadline moves one working day.")},
    "/tickets/{reference}/workaround": {"post": action(
        "applyWorkaround", "Service restored by a workaround (staff)",
        STAFF + " The resolution clock stops; R8 (seed 002) makes the ticket P3, the "
                "platform objectives (seed 004 annex 1) start the permanent-fix objective. "
                "The note is required, as on the staff page (issue #19; earlier versions "
                "took no body, which is now 422): it is mailed to the reporter with how to "
                "reject the fix and shown in the portal.", "FixNote")},
    "/tickets/{reference}/not-an-incident": {"post": action(
        "classifyNotAnIncident", "Classify the ticket as not an incident (staff)",
        STAFF + " Art. 38.3: its clocks stop; no breach or credit results.",
        "NotAnIncident")},
    "/tickets/{reference}/out-of-scope": {"post": action(
        "classifyOutOfScope", "Classify the ticket as out of scope (staff)",
        STAFF + " Seed 004 art. 9.3 (binding): its objectives stop, no miss or escalation "
                "follows, and its time is billable (art. 9.4). 409 for a contract without "
                "the clause (use not-an-incident) or a closed ticket.", "OutOfScope")},
    "/tickets/{reference}/merge": {"post": action(
        "mergeDuplicate", "Merge this ticket, a duplicate, into another one (staff)",
        STAFF + " Issue #16: both tickets keep their events and point to each other; this "
                "ticket's clocks stop at the merge (a breach recorded before stays, none "
                "and no credit follows), the reporter is told at a confirmed address "
                "(R23). 409 across customers, into itself, or for a closed or merged "
                "ticket.", "Merge")},
    "/tickets/{reference}/time-entries": {"post": action(
        "logTime", "Log time worked on the ticket (staff)",
        STAFF + " As the staff page's form; refusals of the entry itself (end in the "
                "future, not after start, over 24 h) are 422.", "TimeEntry")},
    "/tickets/{reference}/reject-fix": {"post": action(
        "rejectFix", "Report that the fix did not solve it (contact persons)",
        CONTACT + " Art. 39.4.1 (R9): the ticket reopens and escalates; only a resolved "
                  "ticket (or one with a workaround) can be rejected.", "FixRejection")},
    "/tickets/{reference}/confirmation": {"post": action(
        "confirmInWriting", "Confirm a phone report in writing (contact persons)",
        CONTACT + " Art. 39.2.2: answers with the `written_confirmation` event; 409 when "
                  "no confirmation is outstanding.", "Confirmation")},
    "/tickets/{reference}/attachments": {"get": operation(
        "listAttachments", "The ticket's attachments",
        ("200", "Name, size, type and id of each file", "AttachmentList"), ("404",),
        parameters=(REFERENCE,),
        description="Staff see every file; a contact person the files of events the "
                    "portal shows.")},
    "/tickets/{reference}/attachments/{attachment_id}": {"get": _download()},
}
