"""Reading maintenance windows: per customer for staff, and for a contact person's portal,
where a window never shows before it was announced and only the customer's own services
appear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from helpdesk.credits.instants import as_utc
from helpdesk.extensions import db
from helpdesk.models import CustomerService, MaintenanceWindow

NOTICE_HORIZON = timedelta(days=7)  # the portal banner: in progress or starting within a week
RECENT = timedelta(days=90)  # the portal page: windows that ended in the last 90 days


@dataclass(frozen=True)
class Windows:
    upcoming: list[MaintenanceWindow]  # in progress or still to come, soonest first
    past: list[MaintenanceWindow]  # ended, latest first


@dataclass(frozen=True)
class Group:
    """Windows shown together: the windows of one series, or one window announced alone."""

    series_id: str | None
    windows: list[MaintenanceWindow]

    @property
    def cancelled(self) -> int:
        return sum(1 for w in self.windows if w.cancelled_at is not None)


def grouped(windows: list[MaintenanceWindow]) -> list[Group]:
    """Each series gathered where its first window in `windows` stands, order kept."""
    groups: list[Group] = []
    by_series: dict[str, Group] = {}
    for window in windows:
        if window.series_id is None:
            groups.append(Group(None, [window]))
        elif window.series_id in by_series:
            by_series[window.series_id].windows.append(window)
        else:
            by_series[window.series_id] = Group(window.series_id, [window])
            groups.append(by_series[window.series_id])
    return groups


def _of_customer(customer_id: int) -> Select[tuple[MaintenanceWindow]]:
    return (select(MaintenanceWindow)
            .join(MaintenanceWindow.service)
            .options(contains_eager(MaintenanceWindow.service))
            .where(CustomerService.customer_id == customer_id))


def split(windows: list[MaintenanceWindow], now: datetime) -> Windows:
    now = as_utc(now)
    upcoming = sorted((w for w in windows if as_utc(w.ends_at) > now),
                      key=lambda w: (w.starts_at, w.id))
    past = sorted((w for w in windows if as_utc(w.ends_at) <= now),
                  key=lambda w: (w.starts_at, w.id), reverse=True)
    return Windows(upcoming, past)


def customer_windows(customer_id: int, now: datetime, *,
                     service_id: int | None = None) -> Windows:
    """Every window of the customer's services (cancelled ones too), for staff."""
    query = _of_customer(customer_id)
    if service_id is not None:
        query = query.where(MaintenanceWindow.service_id == service_id)
    return split(list(db.session.scalars(query)), now)


def portal_windows(customer_id: int, now: datetime) -> Windows:
    """What the customer's contact persons see: announced windows, ended at most 90 days ago."""
    query = _of_customer(customer_id).where(MaintenanceWindow.announced_at <= now,
                                            MaintenanceWindow.ends_at > now - RECENT)
    return split(list(db.session.scalars(query)), now)


def portal_notice(customer_id: int, now: datetime) -> list[MaintenanceWindow]:
    """Announced, not cancelled windows in progress or starting within seven days."""
    query = _of_customer(customer_id).where(
        MaintenanceWindow.announced_at <= now, MaintenanceWindow.cancelled_at.is_(None),
        MaintenanceWindow.ends_at > now, MaintenanceWindow.starts_at < now + NOTICE_HORIZON,
    ).order_by(MaintenanceWindow.starts_at, MaintenanceWindow.id)
    return list(db.session.scalars(query))


def in_progress(window: MaintenanceWindow, now: datetime) -> bool:
    return as_utc(window.starts_at) <= as_utc(now) < as_utc(window.ends_at)
