"""Recording and cancelling maintenance windows. Recording a window announces it: the portal
shows it from `announced_at`, the instant it was recorded. Windows recorded together share a
`series_id`, so staff can call off the rest of a series at once. Each function checks its
input, stores, and leaves the commit to the caller."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from helpdesk.credits.instants import as_utc
from helpdesk.extensions import db
from helpdesk.maintenance.schedule import MaintenanceRefused, Occurrence, check_window
from helpdesk.models import CustomerService, MaintenanceWindow, Staff


def record_windows(service: CustomerService, *, kind: str, occurrences: Sequence[Occurrence],
                   title: str, description: str, by: Staff | None,
                   now: datetime) -> list[MaintenanceWindow]:
    """One window per occurrence, all announced now; nothing is stored if one is refused.
    Several occurrences form a series and remember it; a single window has no series."""
    title = title.strip()
    if not title:
        raise MaintenanceRefused("title", "give the window a title the customer understands")
    if not occurrences:
        raise MaintenanceRefused("count", "no window to record")
    for occurrence in occurrences:
        check_window(kind, occurrence.start, occurrence.end, now=now)
    series_id = uuid.uuid4().hex if len(occurrences) > 1 else None
    windows = [MaintenanceWindow(
        service_id=service.id, kind=kind, starts_at=o.start, ends_at=o.end, series_id=series_id,
        title=title[:200], description=description.strip(), announced_at=now,
        recorded_at=now, recorded_by_id=by.id if by else None, cancel_reason="")
        for o in occurrences]
    db.session.add_all(windows)
    db.session.flush()
    return windows


def _cancel_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise MaintenanceRefused("cancel_reason", "say why the window is cancelled")
    return reason[:2000]


def _mark_cancelled(window: MaintenanceWindow, reason: str, by: Staff | None,
                    now: datetime) -> None:
    window.cancelled_at = now
    window.cancel_reason = reason
    window.cancelled_by_id = by.id if by else None


def cancel_window(window: MaintenanceWindow, *, reason: str, by: Staff | None,
                  now: datetime) -> MaintenanceWindow:
    """Kept, marked cancelled: the customer saw it announced and sees it called off. A window
    that is over stays as it was (it decided what the month's credit excludes)."""
    reason = _cancel_reason(reason)
    if window.cancelled_at is not None:
        raise MaintenanceRefused("already_cancelled", "this window is already cancelled")
    if as_utc(window.ends_at) <= as_utc(now):
        raise MaintenanceRefused("cancel_over", "this window is over and cannot be cancelled")
    _mark_cancelled(window, reason, by, now)
    db.session.flush()
    return window


def cancel_series_from(window: MaintenanceWindow, *, reason: str, by: Staff | None,
                       now: datetime) -> list[MaintenanceWindow]:
    """Cancel `window` and every later window of its series that has not started yet, each
    kept with the reason and by whom, as a single cancel. Windows that started or are over
    happened: they stay as they were (they decide what the month's credit excludes), and so
    do windows cancelled before, with their own reason."""
    reason = _cancel_reason(reason)
    if window.series_id is None:
        raise MaintenanceRefused("no_series", "this window is not part of a series")
    later = list(db.session.scalars(
        select(MaintenanceWindow)
        .where(MaintenanceWindow.series_id == window.series_id,
               MaintenanceWindow.service_id == window.service_id,
               MaintenanceWindow.starts_at >= window.starts_at,
               MaintenanceWindow.starts_at > now,
               MaintenanceWindow.cancelled_at.is_(None))
        .order_by(MaintenanceWindow.starts_at, MaintenanceWindow.id)
        .with_for_update()  # PostgreSQL: a second cancel waits, then finds them cancelled
        .execution_options(populate_existing=True)))
    if not later:
        raise MaintenanceRefused("series_nothing_left", "no window of this series from this "
                                 "one on is still to come and not cancelled")
    for each in later:
        _mark_cancelled(each, reason, by, now)
    db.session.flush()
    return later
