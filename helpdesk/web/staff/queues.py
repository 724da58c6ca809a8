"""The queues staff work from, each sorted by the earliest open deadline (overdue first, the
most overdue at the top: issue #19), filtered from the URL (issue #16), counted and paged on
the indexes; of the events only the page's tickets are read (reopened marks, clock badges).

The rows are rendered by one partial, `staff/_queue_rows.html`, which live updates reuse."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Integer, Select, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from helpdesk.billing.out_of_scope import BILLABLE_STATUS
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import locale as get_locale
from helpdesk.maintenance import hints
from helpdesk.models import Customer, InboundMail, Staff, Ticket, TicketEvent
from helpdesk.web import labels
from helpdesk.web.access import staff_required
from helpdesk.web.labels import CHANNEL, SLA_NAME, STATUS
from helpdesk.web.pagination import Page, page_number
from helpdesk.web.staff import bp, bulk, filters, saved_views
from helpdesk.web.staff.filters import QUEUES, QueueFilter
from helpdesk.web.staff.queue_rows import marks as queue_marks
from helpdesk.web.staff.queue_rows import read_rows
from helpdesk.web.staff.tickets import hint_margin

PAGE_SIZE = 25  # a screenful; the next page is one click (and half the work per request)
OPEN_STATUSES = ("open", "acknowledged", "suspended", "workaround_applied")
SOON = timedelta(hours=4)  # "breaching soon": the next deadline within four hours

NO_FILTER = QueueFilter()


def _open_queue_conditions(me_id: Any, now: Any, soon_end: Any = None) -> dict[str, Any]:
    """What each queue of open tickets adds to "open" (None: nothing, all open tickets).
    The values may be bound parameters (`_unfiltered_numbers`); `soon_end`: now + SOON."""
    soon_end = now + SOON if soon_end is None else soon_end
    return {
        "mine": Ticket.assignee_id == me_id,
        "unassigned": Ticket.assignee_id.is_(None),
        "soon": and_(Ticket.earliest_deadline >= now, Ticket.earliest_deadline < soon_end),
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


def _capped(query: Select[Any], cap: int | None = None) -> Any:
    """COUNT(*) of at most `cap` (COUNT_CAP) + 1 rows of `query` (a SELECT of ticket ids)."""
    limit = (COUNT_CAP if cap is None else cap) + 1
    return select(func.count()).select_from(query.limit(limit).subquery())


# Made once: building the aliases per request cost more than the counting (the profile).
_EVERY, _BILLABLE = aliased(Ticket), aliased(Ticket)


def _history_counts(cap: int) -> tuple[Any, ...]:
    return (_capped(select(_BILLABLE.id).where(_BILLABLE.status == BILLABLE_STATUS), cap)
            .scalar_subquery().label("out_of_scope"),
            _capped(select(_EVERY.id), cap).scalar_subquery().label("all"))


def queue_counts(me_id: int, now: datetime, flt: QueueFilter = NO_FILTER,
                 show: str | None = None) -> dict[str, int | None]:
    """How many tickets each queue holds: None where it is not counted."""
    return queue_numbers(me_id, now, flt, show, tagged=False).counts


@dataclass(frozen=True)
class Numbers:
    """What the counting statement tells a queue page: its tab counts, the live tag's
    figures (`tag_key`; empty when not asked) and, when asked, how much held mail waits
    for review."""

    counts: dict[str, int | None]
    tag_figures: tuple[Any, ...]
    held: int | None


def queue_numbers(me_id: int, now: datetime, flt: QueueFilter = NO_FILTER,
                  show: str | None = None, *, held: bool = False,
                  tagged: bool = True) -> Numbers:
    """The tab counts, the tag's figures (unless not `tagged`: the caller has the tag) and
    (`held`) the held mail, in one statement (a filtered history tab's capped count is a
    second, `capped_count`).

    Unfiltered, each open queue's count is a range of one index (`_counts`: the open
    statuses, with an assignee, a deadline range, a breach or the phone confirmation), so
    a count reads only the index entries it counts: one pass evaluating every queue's
    condition on each of 10,000 open tickets cost three times as much. Under a filter,
    one pass over the filtered open tickets counts every queue (`_filtered_pass`): the
    ranges, each narrowed by the filter, read the rows a filter asks about once per queue
    (five times as slow for a priority or SLA filter). A filter narrows every count alike
    (the tabs show what each queue holds of the filtered tickets). The history tabs
    ("all", "out of scope") are counted to COUNT_CAP + 1 at most ("1000+"): unfiltered in
    the same statement, under a filter only when shown (`show`, see `capped_count`), since
    a filter on the whole history (a customer's tickets since 2019) reads rows until it
    has found enough."""
    if flt.active:
        statement = _filtered_numbers(flt, me_id, held, tagged)
    else:
        statement = _unfiltered_numbers(held, tagged, COUNT_CAP)
    found = dict(db.session.execute(statement, {
        "me": me_id, "now": now, "soon_end": now + SOON,
        "due_end": now + timedelta(hours=flt.due_within or 0)}).one()._mapping)
    if flt.active:
        figures = (_tag_figures(found.pop("newest"), found.pop("tag_overdue"),
                                found.pop("tag_ahead")) if tagged else ())
    else:  # "breached" is an OR of two ranges: counted apart (`_counts`), added here
        overdue = found.pop("overdue")
        found["breached"] = overdue + found.pop("breached_ahead")
        figures = _tag_figures(found.pop("newest"), overdue, found["soon"]) if tagged else ()
    held_count = found.pop("held", None)
    counts: dict[str, int | None] = {name: None for name in QUEUES}
    counts.update({name: int(value or 0) for name, value in found.items()})
    if flt.active and show in HISTORY:
        counts[show] = capped_count(show, me_id, now, flt)
    return Numbers(counts, figures, None if held_count is None else int(held_count))


def _open_count(*conditions: Any) -> Any:
    return (select(func.count()).select_from(Ticket)
            .where(Ticket.status.in_(OPEN_STATUSES), *conditions).scalar_subquery())


def _counts(me_id: Any, now: Any, soon_end: Any) -> list[Any]:
    """Each open queue's count as a scalar subquery on an index range. "breached" (a
    breach recorded, or a deadline passed) is counted as two disjoint ranges, the overdue
    tickets and those with a breach whose deadline is still ahead (or gone), which the
    caller adds up."""
    conditions = _open_queue_conditions(me_id, now, soon_end)
    del conditions["breached"]
    conditions["overdue"] = Ticket.earliest_deadline < now
    conditions["breached_ahead"] = and_(
        Ticket.breach_count > 0,
        or_(Ticket.earliest_deadline >= now, Ticket.earliest_deadline.is_(None)))
    return [(_open_count() if condition is None else _open_count(condition)).label(name)
            for name, condition in conditions.items()]


def _bound_instants() -> tuple[Any, Any, Any]:
    """`now`, `soon_end` (now + SOON) and `due_end` (now + the filter's hours) as bound
    parameters, for the statements built once."""
    now = bindparam("now", type_=Ticket.earliest_deadline.type)
    return now, bindparam("soon_end", type_=now.type), bindparam("due_end", type_=now.type)


@lru_cache(maxsize=256)
def _filtered_numbers(flt: QueueFilter, me_id: int, held: bool, tagged: bool) -> Select[Any]:
    """The filtered counts (`_filtered_pass`) with the tag's figures and the held mail
    count when asked, built once per filter and person on bound instants: building the
    statement and its cache key cost half as much again as running it (1.5 of 3.3 ms)."""
    now, soon_end, due_end = _bound_instants()
    return select(*_filtered_pass(me_id, now, flt, soon_end, due_end),
                  *(_tag_columns(now, soon_end) if tagged else ()),
                  *([_HELD] if held else []))


@cache
def _unfiltered_numbers(held: bool, tagged: bool, cap: int) -> Select[Any]:
    """The unfiltered counts with the history tabs' (to `cap` + 1) and, when asked, the
    tag's newest event (`tagged`) and the held mail count (`held`), built once on bound
    parameters (me, now, soon_end): building this statement of a dozen subqueries cost
    more than the database's running it (bench/profile_pages.py). The cap is part of the
    key: the statement holds it as its LIMIT."""
    now, soon_end, _due_end = _bound_instants()
    counts = _counts(bindparam("me", type_=Integer()), now, soon_end)
    return select(*counts, *_history_counts(cap), *([_NEWEST] if tagged else []),
                  *([_HELD] if held else []))


def _filtered_pass(me_id: int, now: Any, flt: QueueFilter, soon_end: Any = None,
                   due_end: Any = None) -> list[Any]:
    """Every open queue's count under the filter, in one pass over the filtered tickets."""
    conditions = _open_queue_conditions(me_id, now, soon_end)
    counted = (select(*[(func.count() if condition is None
                         else func.count().filter(condition)).label(name)
                        for name, condition in conditions.items()])
               .select_from(Ticket)
               .where(Ticket.status.in_(OPEN_STATUSES),
                      *filters.conditions(flt, me_id, now, due_end=due_end))
               .subquery())
    return [counted.c[name] for name in conditions]


_HELD = (select(func.count(InboundMail.id))
         .where(InboundMail.state == "held", InboundMail.review_action.is_(None))
         .scalar_subquery().label("held"))


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
    """The page's rows (queue_rows.QueueRow): tickets with an open deadline first (earliest
    first, on the index: the overdue ones before those still due, #19), then the rest by
    recency.

    Two index-ordered queries instead of ORDER BY (deadline IS NULL): that expression would
    make the database sort every matching ticket before returning a page.
    """
    size = size or PAGE_SIZE
    number = page_number()
    offset = (number - 1) * size
    base = select(Ticket.id)
    timed = queue_filter(base.where(Ticket.earliest_deadline.is_not(None)), name, me_id, now,
                         flt)
    rows = read_rows(timed, (Ticket.earliest_deadline, Ticket.id), size + 1, offset)
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
        rows += read_rows(untimed, recency, size + 1 - len(rows), max(0, offset - counted))
    # Whether another page follows is known only before the extra row is cut off.
    has_next = len(rows) > size
    return Page(rows[:size], number, has_next)


def filtered_count(name: str, me_id: int, now: datetime, flt: QueueFilter) -> int:
    return int(db.session.scalar(
        queue_filter(select(func.count(Ticket.id)), name, me_id, now, flt)) or 0)


# The filter form's customers and assignable staff, (kind, id, name) by name: one read.
_NAMES = union_all(
    select(literal("customer").label("kind"), Customer.id, Customer.name),
    select(literal("staff"), Staff.id, Staff.name).where(Staff.active.is_(True)),
).order_by("kind", "name")


def filter_choices() -> dict[str, Any]:
    """What the filter form offers: the fixed codes in words, customers and staff by name."""
    names: dict[str, list[tuple[int, str]]] = {"customer": [], "staff": []}
    for kind, id, name in db.session.execute(_NAMES):
        names[kind].append((id, name))
    return {
        "statuses": labels.translated(STATUS), "priorities": filters.PRIORITIES,
        "slas": labels.translated(SLA_NAME), "channels": labels.translated(CHANNEL),
        "tiers": filters.TIERS, "clock_states": labels.translated(filters.CLOCK_STATES),
        "customers": names["customer"], "staff": names["staff"],
    }


def queue_rows(name: str, tag: str | None = None, *, held: bool = False) -> dict[str, Any]:
    """The queue's rows and tab counts under the filters in the URL: what the live update
    (helpdesk/web/staff/live.py) sends when something changed, rendered by
    templates/staff/_queue_rows.html, and the heart of the page (`queue_context`, which
    asks for the `held` mail count too). `tag`: the live tag, when the caller took it."""
    flt, problems = filters.parse(request.args)
    now, me = utcnow(), current_user.id
    # Counted before the rows are read: a change while they are read shows at the next
    # poll (the tag is of what was counted, never newer than the rows).
    numbers = queue_numbers(me, now, flt, show=name, held=held, tagged=tag is None)
    page = queue_page(name, me, now, flt=flt)
    # Issue #19: each row's headline clock badge from the fold, overdue clocks included.
    found = queue_marks(page.items, now)
    counts = numbers.counts
    return dict(
        page=page, rows=[(row, found.badges.get(row.id)) for row in page.items],
        show=name, flt=flt, problems=problems, now=now, me=me,
        live_tag=tag or tag_key(flt, numbers.tag_figures), held=numbers.held,
        counts=counts, count_labels={key: count_label(value, is_capped(key))
                                     for key, value in counts.items()},
        # art. 38.3: open tickets submitted during maintenance, in one query for the page
        maintenance=hints.tickets_in_windows(
            [row for row in page.items if row.status in OPEN_STATUSES],
            margin=hint_margin()),
        reopened=found.reopened,
        ticket_path=url_for("staff.ticket", reference="-")[:-1])


def queue_context(name: str) -> dict[str, Any]:
    """What the queue page shows: its rows and counts (`queue_rows`), the pager, the saved
    views with their counts, the filter form and the bulk form."""
    data = queue_rows(name, held=True)
    flt, now, me, shown = data["flt"], data["now"], data["me"], data["counts"][name]
    # Past the cap the last page is not known: the pager then offers "next" only.
    pages = (None if shown is None or (is_capped(name) and shown > COUNT_CAP)
             else max(1, -(-shown // PAGE_SIZE)))
    views = saved_views.visible_views(me, lambda show, view_filter: count_label(
        capped_count(show, me, now, view_filter), is_capped(show)))
    here = saved_views.canonical(name, flt)
    choices = filter_choices()
    return dict(
        data, queues=QUEUES, pages=pages,
        choices=choices, filter_query=flt.query_string(),
        link_args=dict(flt.query_pairs(), show=name), views=views,
        tab_urls={key: saved_views.queue_url(key, flt) for key in QUEUES}, here=here,
        current_view=next((v for v in views if v.view.query == here), None),
        bulk_actions=labels.translated(bulk.BULK_ACTIONS))


_NEWEST = select(func.max(TicketEvent.id)).scalar_subquery().label("newest")


def _tag_columns(now: Any, soon_end: Any = None) -> list[Any]:
    """The live tag's figures as scalar subqueries: the newest event, how many open tickets
    are past their earliest open deadline ("tag_overdue") and how many are due within the
    "breaching soon" margin ("tag_ahead"; the tag counts both together, `_tag_figures`).
    All three are index lookups: the counts are ranges of the (status, earliest_deadline)
    index, and disjoint, so no entry is read twice (counting "before now + 4 h" read the
    overdue ones again, 5,700 of them at 10,000 open tickets). (On next_deadline, in no
    index with the status, they read every open ticket's row: 30 ms a poll.) The
    unfiltered page takes them from its counts (`queue_numbers`)."""
    soon_end = now + SOON if soon_end is None else soon_end
    return [_NEWEST, _open_count(Ticket.earliest_deadline < now).label("tag_overdue"),
            _open_count(Ticket.earliest_deadline >= now,
                        Ticket.earliest_deadline < soon_end).label("tag_ahead")]


def _tag_figures(newest: Any, overdue: int, ahead: int) -> tuple[Any, int, int]:
    """The tag's figures: the newest event, the overdue tickets, and those overdue or due
    within the "breaching soon" margin."""
    return newest, overdue, overdue + ahead


def queue_tag(now: datetime) -> str:
    """The live queue's ETag (helpdesk/web/staff/live.py says what it covers), in one
    statement: an unchanged queue's poll is one round trip to the database."""
    figures = _tag_figures(*db.session.execute(select(*_tag_columns(now))).one())
    shown, _problems = filters.parse(request.args)
    return tag_key(shown, figures)


def tag_key(shown: QueueFilter, figures: tuple[Any, ...]) -> str:
    """The tag of what the asking person sees: the page carries it too, so the first poll
    after a page load is a 304, not the page again."""
    # What the arguments mean, not how they are spelt ("priority=P1&priority=P2" from the
    # form, "priority=P1,P2" in the live URL): the canonical query, as saved views keep it.
    arguments = f"{saved_views.canonical(queue_name(), shown)}&page={page_number()}"
    key = "|".join(str(part) for part in (current_user.id, arguments, get_locale(), *figures))
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
