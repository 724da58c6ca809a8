"""The staff queue's filters (issue #16): parsed from the URL, so a filtered view is a link.

`parse` turns the query string into a `QueueFilter` and a list of messages for the values
it could not use (an unknown status, a date that is no date...): the queue then shows the
message and filters on the rest, never a server error. `conditions` turns a filter into SQL
conditions on the ticket table (or an alias of it), so the list, its count and the tab
counts filter alike.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import and_, exists, or_, select

from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import Contract, Ticket, TicketEvent
from helpdesk.timefmt import BRUSSELS
from helpdesk.web.labels import CHANNEL, SLA_NAME, STATUS

# The queue tabs (`show=`); the filter narrows whichever is chosen.
QUEUES: dict[str, Any] = {
    "mine": _l("Mine"),
    "unassigned": _l("Unassigned"),
    "soon": _l("Breaching soon"),
    "breached": _l("Breached"),
    "supplier": _l("Waiting for a supplier"),
    "phone": _l("Phone: confirmation outstanding"),
    "open": _l("All open"),
    "out_of_scope": _l("Out of scope (billable)"),
    "all": _l("All tickets"),
}
PRIORITIES = ("P1", "P2", "P3", "P4")
TIERS = (1, 2, 3)
# The clock states one can filter on; "due" needs the hours (due_within).
CLOCK_STATES = {
    "running": _l("clock running"),
    "suspended": _l("suspended (supplier)"),
    "breached": _l("breached or overdue"),
    "due": _l("due within … hours"),
}
MAX_DUE_HOURS = 24 * 31
# The keys of the query string a filter reads; `show` (the queue tab) and `page` are not.
MULTI = ("status", "priority", "customer", "sla", "assignee", "tier", "channel")
SINGLE = ("clock", "due_within", "created_from", "created_to", "resolved_from",
          "resolved_to")
KEYS = MULTI + SINGLE


@dataclass(frozen=True)
class QueueFilter:
    status: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    customer: tuple[int, ...] = ()
    sla: tuple[str, ...] = ()
    assignee: tuple[str, ...] = ()  # staff ids, "me" or "none"
    tier: tuple[int, ...] = ()
    channel: tuple[str, ...] = ()
    clock: str | None = None
    due_within: int | None = None  # hours, with clock == "due"
    created_from: date | None = None  # Brussels calendar dates, both ends included
    created_to: date | None = None
    resolved_from: date | None = None
    resolved_to: date | None = None

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) not in ((), None) for f in fields(self))

    def query_pairs(self) -> list[tuple[str, str]]:
        """The filter as query-string pairs, in a fixed order (the same filter, the same
        link, so a saved view is recognised)."""
        pairs: list[tuple[str, str]] = []
        for name in MULTI:  # several values joined by commas: one key, one link argument
            values = getattr(self, name)
            if values:
                pairs.append((name, ",".join(str(value) for value in values)))
        for name in SINGLE:
            value = getattr(self, name)
            if value is not None:
                pairs.append((name, value.isoformat() if isinstance(value, date) else str(value)))
        return pairs

    def query_string(self) -> str:
        return urlencode(self.query_pairs())


def parse(args: Any) -> tuple[QueueFilter, list[str]]:
    """The filter the query string asks for, and a message for each value left out.

    `args` has `get` and `getlist` (werkzeug's MultiDict, as request.args is)."""
    errors: list[str] = []

    def choice(name: str, allowed: Any, label: Any) -> tuple[str, ...]:
        values = _values(args, name)
        for value in values:
            if value not in allowed:
                errors.append(str(_l("Unknown %(what)s “%(value)s”: left out of the filter.",
                                     what=label, value=value[:40])))
        return tuple(dict.fromkeys(v for v in values if v in allowed))

    def numbers(name: str, label: Any, allowed: Any = None) -> tuple[int, ...]:
        found: list[int] = []
        for value in _values(args, name):
            if value.isdigit() and len(value) < 10 and (allowed is None or int(value) in allowed):
                found.append(int(value))
            else:
                errors.append(str(_l("Unknown %(what)s “%(value)s”: left out of the filter.",
                                     what=label, value=value[:40])))
        return tuple(dict.fromkeys(found))

    def day(name: str, label: Any) -> date | None:
        value = (args.get(name) or "").strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            errors.append(str(_l("“%(value)s” is not a date (%(what)s); use YYYY-MM-DD.",
                                 value=value[:40], what=label)))
            return None

    assignees = []
    for value in _values(args, "assignee"):
        if value in ("me", "none") or (value.isdigit() and len(value) < 10):
            assignees.append(value)
        else:
            errors.append(str(_l("Unknown %(what)s “%(value)s”: left out of the filter.",
                                 what=_l("assignee"), value=value[:40])))
    clock = (args.get("clock") or "").strip() or None
    if clock is not None and clock not in CLOCK_STATES:
        errors.append(str(_l("Unknown %(what)s “%(value)s”: left out of the filter.",
                             what=_l("clock state"), value=clock[:40])))
        clock = None
    due_within = None
    if clock == "due":
        raw = (args.get("due_within") or "").strip()
        if raw.isdigit() and 1 <= int(raw) <= MAX_DUE_HOURS:
            due_within = int(raw)
        else:
            errors.append(str(_l("“Due within” needs a number of hours from 1 to %(most)s.",
                                 most=MAX_DUE_HOURS)))
            clock = None
    result = QueueFilter(
        status=choice("status", STATUS, _l("status")),
        priority=choice("priority", PRIORITIES, _l("priority")),
        customer=numbers("customer", _l("customer")),
        sla=choice("sla", SLA_NAME, _l("SLA type")),
        assignee=tuple(dict.fromkeys(assignees)),
        tier=numbers("tier", _l("tier"), TIERS),
        channel=choice("channel", CHANNEL, _l("channel")),
        clock=clock, due_within=due_within,
        created_from=day("created_from", _l("created from")),
        created_to=day("created_to", _l("created until")),
        resolved_from=day("resolved_from", _l("resolved from")),
        resolved_to=day("resolved_to", _l("resolved until")),
    )
    for start, end in (("created_from", "created_to"), ("resolved_from", "resolved_to")):
        low, high = getattr(result, start), getattr(result, end)
        if low is not None and high is not None and low > high:
            errors.append(str(_l("The range %(low)s – %(high)s ends before it starts.",
                                 low=low.isoformat(), high=high.isoformat())))
    return result, errors


def _values(args: Any, name: str) -> list[str]:
    """Every non-empty value of a key, whether repeated (a=1&a=2) or comma-separated."""
    found: list[str] = []
    for raw in args.getlist(name):
        found += [part.strip() for part in str(raw).split(",") if part.strip()]
    return found[:50]


def day_start(day: date) -> datetime:
    """The UTC instant a Brussels calendar day begins (the stored instants are UTC)."""
    return datetime.combine(day, time(), BRUSSELS).astimezone(UTC)


def conditions(flt: QueueFilter, me_id: int, now: Any, t: Any = Ticket,
               due_end: Any = None) -> list[Any]:
    """The filter as SQL conditions on `t` (the ticket table or an alias of it). `now` may
    be a bound parameter, and then `due_end` too (the end of "due within N hours": a
    statement built once adds no hours to a parameter)."""
    found: list[Any] = []
    if flt.status:
        found.append(t.status.in_(flt.status))
    if flt.priority:
        found.append(t.priority.in_(flt.priority))
    if flt.customer:
        found.append(t.customer_id.in_(flt.customer))
    if flt.sla:
        found.append(t.contract_id.in_(
            select(Contract.id).where(Contract.sla_preset.in_(flt.sla)).scalar_subquery()))
    if flt.assignee:
        ids = [me_id if value == "me" else int(value) for value in flt.assignee
               if value != "none"]
        either = [t.assignee_id.in_(ids)] if ids else []
        if "none" in flt.assignee:
            either.append(t.assignee_id.is_(None))
        found.append(or_(*either))
    if flt.tier:
        found.append(t.tier.in_(flt.tier))
    if flt.channel:
        found.append(t.channel.in_(flt.channel))
    found += _clock_conditions(flt, now, t, due_end)
    if flt.created_from is not None:
        found.append(t.submitted_at >= day_start(flt.created_from))
    if flt.created_to is not None:
        found.append(t.submitted_at < day_start(flt.created_to + timedelta(days=1)))
    if flt.resolved_from is not None or flt.resolved_to is not None:
        # A resolution is an event (the truth), so the range asks the ticket's log.
        resolved = [TicketEvent.ticket_id == t.id, TicketEvent.type == "resolved"]
        if flt.resolved_from is not None:
            resolved.append(TicketEvent.at >= day_start(flt.resolved_from))
        if flt.resolved_to is not None:
            resolved.append(TicketEvent.at < day_start(flt.resolved_to + timedelta(days=1)))
        found.append(exists().where(and_(*resolved)))
    return found


OPEN = ("open", "acknowledged", "suspended", "workaround_applied")


def _clock_conditions(flt: QueueFilter, now: Any, t: Any, due_end: Any = None) -> list[Any]:
    if flt.clock == "running":  # counting now: open, not waiting for a supplier, not overdue
        return [t.status.in_(("open", "acknowledged", "workaround_applied")),
                t.earliest_deadline >= now]
    if flt.clock == "suspended":  # art. 39.1.3: waiting for an external supplier
        return [t.status == "suspended"]
    if flt.clock == "breached":  # a breach recorded, or a deadline passed not yet recorded
        return [or_(t.breach_count > 0,
                    and_(t.status.in_(OPEN), t.earliest_deadline < now))]
    if flt.clock == "due" and flt.due_within is not None:
        return [t.status.in_(OPEN), t.earliest_deadline >= now,
                t.earliest_deadline < (now + timedelta(hours=flt.due_within)
                                       if due_end is None else due_end)]
    return []
