"""The queues staff work from, each sorted by the earliest open deadline (overdue first, the
most overdue at the top: issue #19), filtered from the URL (issue #16), counted and paged on
the indexes; of the events only the page's tickets are read (reopened marks, clock badges).

The rows are rendered by one partial, `staff/_queue_rows.html`, which live updates reuse."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from helpdesk.billing.out_of_scope import BILLABLE_STATUS
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.maintenance import hints
from helpdesk.models import Contract, Customer, InboundMail, Staff, Ticket, TicketEvent
from helpdesk.tickets import badges, reopening
from helpdesk.web.access import staff_required
from helpdesk.web.labels import CHANNEL, SLA_NAME, STATUS
from helpdesk.web.pagination import Page, page_number
from helpdesk.web.staff import bp, bulk, filters, saved_views
from helpdesk.web.staff.filters import QUEUES, QueueFilter
from helpdesk.web.staff.tickets import hint_margin

PAGE_SIZE = 25  # a screenful; the next page is one click (and half the work per request)
OPEN_STATUSES = ("open", "acknowledged", "suspended", "workaround_applied")
SOON = timedelta(hours=4)  # "breaching soon": the next deadline within four hours

NO_FILTER = QueueFilter()


def _open_queue_conditions(me_id: int, now: datetime) -> dict[str, Any]:
    """What each queue of open tickets adds to "open" (None: nothing, all open tickets)."""
    return {
        "mine": Ticket.assignee_id == me_id,
        "unassigned": Ticket.assignee_id.is_(None),
        "soon": and_(Ticket.earliest_deadline >= now, Ticket.earliest_deadline < now + SOON),
        # A breach recorded, or a deadline passed that the scheduler has not recorded yet.
        "breached": or_(Ticket.breach_count > 0, Ticket.earliest_deadline < now),
        "supplier": Ticket.status == "suspended",
        "phone": Ticket.confirmation_outstanding.is_(True),
        "open": None,
    }


def queue_filter(query: Select[Any], name: str, me_id: int, now: datetime,
                 flt: QueueFilter = NO_FILTER) -> Select[Any]:
    query = query.where(*filters.conditions(flt, me_id, now))
    if name == "out_of_scope":  # seed 004 art. 9.4: no objective any more, but billable work
        return query.where(Ticket.status == BILLABLE_STATUS)
    if name == "all":
        return query
    condition = _open_queue_conditions(me_id, now)[name]
    query = query.where(Ticket.status.in_(OPEN_STATUSES))
    return query if condition is None else query.where(condition)


HISTORY = ("out_of_scope", "all")  # the tabs that reach into the closed history
# A count of the history stops here ("1000+"): past forty pages an exact figure tells an
# agent nothing, and it grows with every ticket ever logged. PostgreSQL counts an index
# entry by entry (13 ms for "All tickets" at 100,000 tickets, on every queue request);
# with a filter no index holds the answer on either database (issue #16).
COUNT_CAP = 1000


def _capped(query: Select[Any]) -> Any:
    """COUNT(*) of at most COUNT_CAP + 1 rows of `query` (a SELECT of ticket ids)."""
    return select(func.count()).select_from(query.limit(COUNT_CAP + 1).subquery())


# Made once: building the aliases per request cost more than the counting (the profile).
_EVERY, _BILLABLE = aliased(Ticket), aliased(Ticket)


def _history_counts() -> tuple[Any, ...]:
    return (_capped(select(_BILLABLE.id).where(_BILLABLE.status == BILLABLE_STATUS))
            .scalar_subquery().label("out_of_scope"),
            _capped(select(_EVERY.id)).scalar_subquery().label("all"))


def queue_counts(me_id: int, now: datetime, flt: QueueFilter = NO_FILTER,
                 show: str | None = None) -> dict[str, int | None]:
    """How many tickets each queue holds: None where it is not counted.

    The open queues are conditional counts over the open tickets only (a range of the
    status index, not the whole table), in one statement: their cost grows with the open
    workload, not with the closed history. The history tabs ("all", "out of scope") are
    counted to COUNT_CAP + 1 at most ("1000+"): unfiltered in the same statement, under a
    filter only when shown (`show`, see `capped_count`), since a filter on the whole
    history (a customer's tickets since 2019) reads rows until it has found enough. A
    filter narrows every count alike (the tabs show what each queue holds of the
    filtered tickets).
    """
    conditions = _open_queue_conditions(me_id, now)
    columns = [
        (func.count() if condition is None else func.count().filter(condition)).label(name)
        for name, condition in conditions.items()
    ]
    history = () if flt.active else _history_counts()
    statement = select(*columns, *history).select_from(Ticket).where(
        Ticket.status.in_(OPEN_STATUSES), *filters.conditions(flt, me_id, now))
    found = dict(db.session.execute(statement).one()._mapping)
    counts: dict[str, int | None] = {name: None for name in QUEUES}
    counts.update({name: int(value or 0) for name, value in found.items()})
    if flt.active and show in HISTORY:
        counts[show] = capped_count(show, me_id, now, flt)
    return counts


def is_capped(name: str) -> bool:
    """Whether the queue's count stops at COUNT_CAP: the history tabs', filtered or not."""
    return name in HISTORY


def capped_count(name: str, me_id: int, now: datetime, flt: QueueFilter) -> int:
    """A queue's count under a filter; a history tab's reads no further than COUNT_CAP + 1
    tickets (shown as "1000+")."""
    if not is_capped(name):
        return filtered_count(name, me_id, now, flt)
    return int(db.session.scalar(_capped(queue_filter(select(Ticket.id), name, me_id, now,
                                                      flt))) or 0)


def count_label(count: int | None, capped: bool = False) -> str:
    """A count as shown: "" when not counted, "1000+" past the cap of a capped count."""
    if count is None:
        return ""
    return f"{COUNT_CAP}+" if capped and count > COUNT_CAP else str(count)


def queue_page(name: str, me_id: int, now: datetime, size: int | None = None,
               flt: QueueFilter = NO_FILTER) -> Page:
    """Tickets with an open deadline first (earliest first, on the index: the overdue ones
    before those still due, #19), then the rest by recency.

    Two index-ordered queries instead of ORDER BY (deadline IS NULL): that expression would
    make the database sort every matching ticket before returning a page.
    """
    size = size or PAGE_SIZE
    number = page_number()
    offset = (number - 1) * size
    base = select(Ticket)
    timed = queue_filter(base.where(Ticket.earliest_deadline.is_not(None)), name, me_id, now,
                         flt)
    rows = list(db.session.scalars(
        timed.order_by(Ticket.earliest_deadline, Ticket.id).limit(size + 1).offset(offset)))
    if len(rows) <= size:
        counted = offset + len(rows)
        if not rows and offset:
            counted = db.session.scalar(
                queue_filter(select(func.count(Ticket.id)).where(
                    Ticket.earliest_deadline.is_not(None)), name, me_id, now, flt)) or 0
        untimed = queue_filter(base.where(Ticket.earliest_deadline.is_(None)), name, me_id,
                               now, flt)
        # Unfiltered, the newest rows are the highest ids (an index walk, no sort); filtered
        # by status, the (few) open tickets without a deadline are sorted by submission.
        recency = ((Ticket.id.desc(),) if name == "all"
                   else (Ticket.submitted_at.desc(), Ticket.id.desc()))
        rows += db.session.scalars(
            untimed.order_by(*recency)
            .limit(size + 1 - len(rows)).offset(max(0, offset - counted)))
    # Whether another page follows is known only before the extra row is cut off.
    has_next = len(rows) > size
    rows = rows[:size]
    _load_related(rows)
    return Page(rows, number, has_next)


def _load_related(tickets: list[Ticket]) -> None:
    """Customers, contracts (with closing days) and assignees of a page in three queries.

    They are set on the tickets as loaded relationships (the session's identity map only
    holds objects weakly); joining them onto every ticket row would cost more than it saves.
    """
    def by_id(model: Any, attribute: str, *options: Any) -> dict[int, Any]:
        wanted = {v for v in (getattr(t, attribute) for t in tickets) if v is not None}
        if not wanted:
            return {}
        query = select(model).where(model.id.in_(wanted)).options(*options)
        return {row.id: row for row in db.session.scalars(query)}

    related = {
        "customer": by_id(Customer, "customer_id"),
        "contract": by_id(Contract, "contract_id", selectinload(Contract.closing_days)),
        "assignee": by_id(Staff, "assignee_id"),
    }
    for ticket in tickets:
        for name, rows in related.items():
            key = getattr(ticket, f"{name}_id")
            set_committed_value(ticket, name, rows.get(key) if key is not None else None)


def held_mail_count() -> int:
    return db.session.scalar(
        select(func.count(InboundMail.id)).where(InboundMail.state == "held",
                                                 InboundMail.review_action.is_(None))) or 0


def filtered_count(name: str, me_id: int, now: datetime, flt: QueueFilter) -> int:
    return int(db.session.scalar(
        queue_filter(select(func.count(Ticket.id)), name, me_id, now, flt)) or 0)


def filter_choices() -> dict[str, Any]:
    """What the filter form offers: the fixed codes in words, customers and staff by name."""
    def words(table: dict[str, Any]) -> dict[str, str]:
        return {code: str(label) for code, label in table.items()}  # translated once

    return {
        "statuses": words(STATUS), "priorities": filters.PRIORITIES, "slas": words(SLA_NAME),
        "channels": words(CHANNEL), "tiers": filters.TIERS,
        "clock_states": words(filters.CLOCK_STATES),
        "customers": db.session.execute(select(Customer.id, Customer.name)
                                        .order_by(Customer.name)).all(),
        "staff": bulk.active_staff(),
    }


def queue_rows(name: str, tag: str | None = None) -> dict[str, Any]:
    """The queue's rows and tab counts under the filters in the URL: what the live update
    (helpdesk/web/staff/live.py) sends when something changed, rendered by
    templates/staff/_queue_rows.html, and the heart of the page (`queue_context`). `tag`:
    the live tag, when the caller took it already."""
    flt, problems = filters.parse(request.args)
    now, me = utcnow(), current_user.id
    # Taken before the reads: a change while they run shows at the next poll.
    tag = tag or queue_tag(now, flt)
    page = queue_page(name, me, now, flt=flt)
    # Issue #19: each row's headline clock badge from the fold, overdue clocks included.
    found = badges.headline_badges(page.items, now)
    counts = queue_counts(me, now, flt, show=name)
    return dict(
        page=page, rows=[(ticket, found.get(ticket.id)) for ticket in page.items],
        show=name, flt=flt, problems=problems, now=now, me=me, live_tag=tag,
        counts=counts, count_labels={key: count_label(value, is_capped(key))
                                     for key, value in counts.items()},
        # art. 38.3: open tickets submitted during maintenance, in one query for the page
        maintenance=hints.tickets_in_windows(
            [t for t in page.items if t.status in OPEN_STATUSES], margin=hint_margin()),
        reopened=reopening.reopened_tickets([t.id for t in page.items]),
        # A selected row carries its last event's seq: the bulk action refuses stale rows.
        seqs=bulk.last_seqs(t.id for t in page.items))


def queue_context(name: str) -> dict[str, Any]:
    """What the queue page shows: its rows and counts (`queue_rows`), the pager, the saved
    views with their counts, the filter form and the bulk form."""
    data = queue_rows(name)
    flt, now, me, shown = data["flt"], data["now"], data["me"], data["counts"][name]
    # Past the cap the last page is not known: the pager then offers "next" only.
    pages = (None if shown is None or (is_capped(name) and shown > COUNT_CAP)
             else max(1, -(-shown // PAGE_SIZE)))
    views = saved_views.visible_views(me, lambda show, view_filter: count_label(
        capped_count(show, me, now, view_filter), is_capped(show)))
    here = saved_views.canonical(name, flt)
    choices = filter_choices()
    return dict(
        data, queues=QUEUES, pages=pages, held=held_mail_count(),
        choices=choices, filter_query=flt.query_string(),
        link_args=dict(flt.query_pairs(), show=name), views=views,
        tab_urls={key: saved_views.queue_url(key, flt) for key in QUEUES}, here=here,
        current_view=next((v for v in views if v.view.query == here), None),
        save_form=saved_views.SaveViewForm(formdata=None, query=here),
        bulk_form=bulk.bulk_form(choices["staff"]))


def queue_tag(now: datetime, shown: QueueFilter | None = None) -> str:
    """The live queue's ETag (helpdesk/web/staff/live.py says what it covers). The page
    carries it too, so the first poll after a page load is a 304, not the page again."""
    # On the earliest open deadline, as the queue sorts and its tabs count: both counts are
    # ranges of the (status, earliest_deadline) index. (On next_deadline, in no index with
    # the status, they read every open ticket's row: 30 ms a poll at 10,000 open tickets.)
    # One statement: a poll is one round trip to the database.
    open_timed = select(func.count()).select_from(Ticket).where(
        Ticket.status.in_(OPEN_STATUSES))
    newest, overdue, soon = db.session.execute(select(
        select(func.max(TicketEvent.id)).scalar_subquery(),
        open_timed.where(Ticket.earliest_deadline < now).scalar_subquery(),
        open_timed.where(Ticket.earliest_deadline < now + SOON).scalar_subquery())).one()
    # What the arguments mean, not how they are spelt ("priority=P1&priority=P2" from the
    # form, "priority=P1,P2" in the live URL): the canonical query, as saved views keep it.
    if shown is None:  # the live endpoint asks before anything parsed the arguments
        shown, _problems = filters.parse(request.args)
    arguments = f"{saved_views.canonical(queue_name(), shown)}&page={page_number()}"
    key = "|".join(str(part) for part in (
        current_user.id, arguments, get_locale(), newest, overdue, soon))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def queue_name() -> str:
    name = request.args.get("show", "open")
    if name not in QUEUES:
        abort(404)
    return name


@bp.get("/")
@staff_required
def queue():  # type: ignore[no-untyped-def]
    return render_template("staff/queue.html", **queue_context(queue_name()))
