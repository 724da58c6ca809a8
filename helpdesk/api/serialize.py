"""JSON shapes of the API: instants ISO 8601 UTC with Z, durations in whole seconds.

Each function matches one schema in openapi_schemas.py; the OpenAPI test and schemathesis
check that they agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from helpdesk.auth.api_tokens import Principal
from helpdesk.models import Ticket, TicketEvent
from helpdesk.sla import ClockState, TicketClocks, badges
from helpdesk.sla.explanation import Explanation
from helpdesk.timefmt import iso_utc

from .scope import event_details


def iso(instant: datetime | None) -> str | None:
    return iso_utc(instant) if instant is not None else None


def ticket_summary(ticket: Ticket, account: Principal) -> dict[str, Any]:
    """A ticket as the queue lists it: the derived columns (a cache of the fold)."""
    body: dict[str, Any] = {
        "reference": ticket.reference,
        "title": ticket.title,
        "status": ticket.status,
        "priority": ticket.priority,
        "tier": ticket.tier,
        "channel": ticket.channel,
        "customer": {"id": ticket.customer_id, "name": ticket.customer.name},
        "reporter": None if ticket.reporter is None else ticket.reporter.name,
        "submitted_at": iso(ticket.submitted_at),
        "next_deadline": iso(ticket.next_deadline),
        "confirmation_outstanding": ticket.confirmation_outstanding,
        "last_event_at": iso(ticket.last_event_at),
    }
    if account.is_staff:  # the portal shows neither the assignee nor the breach count
        body["assignee"] = None if ticket.assignee is None else ticket.assignee.name
        body["breach_count"] = ticket.breach_count
    return body


def ticket_detail(ticket: Ticket, clocks: TicketClocks, account: Principal) -> dict[str, Any]:
    """One ticket as its page shows it: status, priority and tier from the fold as of now."""
    body = ticket_summary(ticket, account)
    body.update(status=clocks.status, priority=clocks.priority, tier=clocks.tier,
                next_deadline=iso(clocks.next_deadline), as_of=iso(clocks.now))
    return body


def event(row: TicketEvent, account: Principal) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "type": row.type,
        "at": iso(row.at),
        "recorded_at": iso(row.recorded_at),
        "actor": {"kind": row.actor_kind, "name": row.actor_name or None},
        "channel": row.channel,
        "body": row.body,
        "details": event_details(account, row),
    }


def clock(state: ClockState, now: datetime) -> dict[str, Any]:
    return {
        "name": state.name,
        "label": state.label,
        "applicable": state.applicable,
        "state": state.state,
        "started_at": iso(state.start),
        "stopped_at": iso(state.stopped_at),
        "target_seconds": state.target_seconds,
        "deadline": iso(state.deadline),
        "elapsed_seconds": state.counted_seconds,
        "remaining_seconds": state.remaining_seconds,
        "breached": state.breached,
        "breached_at": iso(state.breached_at),
        "overdue_seconds": state.overdue_seconds,
        "priority_at_breach": state.priority_at_breach,
        "resumes_at": iso(state.resumes_at),
        "badge": clock_badge(badges.badge(state, now)),
        "explanation": explanation(state.explanation()) if state.start else None,
    }


def clock_badge(found: badges.Badge) -> dict[str, Any]:
    """The badge the web pages show (issue #19), in English; both meanings of time left."""
    return {
        "state": found.state,
        "text": badges.text(found),
        "remaining_text": badges.remaining_text(found) or None,
        "level": found.level,
        "deadline": iso(found.deadline),
        "service_seconds_left": found.window_left,
        "counting": found.counting,
        "counting_until": iso(found.counting_until),
        "until": iso(found.until),
        "overdue_seconds": found.overdue_seconds,
    }


def explanation(found: Explanation) -> dict[str, Any]:
    """'Why this deadline' as on the staff explain page: counted windows, excluded spans."""
    return {
        "sla": found.sla,
        "priority": found.priority or None,
        "timezone": found.timezone,
        "start": iso(found.start),
        "target_seconds": found.target_seconds,
        "deadline": iso(found.deadline),
        "counted_seconds": found.counted_seconds,
        "notes": list(found.notes),
        "rows": [{"start": iso(row.start), "end": iso(row.end), "counted": row.counted,
                  "reason": row.reason, "seconds": row.seconds} for row in found.rows],
        "text": found.format_table(),
    }
