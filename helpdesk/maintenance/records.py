"""Recording and cancelling maintenance windows. Recording a window announces it: the portal
shows it from `announced_at`, the instant it was recorded. Each function checks its input,
stores, and leaves the commit to the caller."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from helpdesk.credits.instants import as_utc
from helpdesk.extensions import db
from helpdesk.maintenance.schedule import MaintenanceRefused, Occurrence, check_window
from helpdesk.models import CustomerService, MaintenanceWindow, Staff


def record_windows(service: CustomerService, *, kind: str, occurrences: Sequence[Occurrence],
                   title: str, description: str, by: Staff | None,
                   now: datetime) -> list[MaintenanceWindow]:
    """One window per occurrence, all announced now; nothing is stored if one is refused."""
    title = title.strip()
    if not title:
        raise MaintenanceRefused("title", "give the window a title the customer understands")
    if not occurrences:
        raise MaintenanceRefused("count", "no window to record")
    for occurrence in occurrences:
        check_window(kind, occurrence.start, occurrence.end, now=now)
    windows = [MaintenanceWindow(
        service_id=service.id, kind=kind, starts_at=o.start, ends_at=o.end,
        title=title[:200], description=description.strip(), announced_at=now,
        recorded_at=now, recorded_by_id=by.id if by else None, cancel_reason="")
        for o in occurrences]
    db.session.add_all(windows)
    db.session.flush()
    return windows


def cancel_window(window: MaintenanceWindow, *, reason: str, by: Staff | None,
                  now: datetime) -> MaintenanceWindow:
    """Kept, marked cancelled: the customer saw it announced and sees it called off. A window
    that is over stays as it was (it decided what the month's credit excludes)."""
    reason = reason.strip()
    if not reason:
        raise MaintenanceRefused("cancel_reason", "say why the window is cancelled")
    if window.cancelled_at is not None:
        raise MaintenanceRefused("already_cancelled", "this window is already cancelled")
    if as_utc(window.ends_at) <= as_utc(now):
        raise MaintenanceRefused("cancel_over", "this window is over and cannot be cancelled")
    window.cancelled_at = now
    window.cancel_reason = reason[:2000]
    window.cancelled_by_id = by.id if by else None
    db.session.flush()
    return window
