"""The scheduler step of the breach register: escalate like a P1 (R24).

When 75 % and 90 % of the 72 hours have passed with customers still untold, and when the
deadline passes, the managers get a mail and the register a warning row. The row's unique
(breach, level) pair makes each warning exactly-once however often the sweep runs and however
many schedulers race (STYLE.md 7): the loser of a race rolls back to its savepoint.

After downtime the sweep records every level reached, each at the instant it was reached,
but mails only the gravest: three mails at once about one breach would say less than one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpdesk.breaches.deadline import NOTIFY_WITHIN, levels_reached
from helpdesk.breaches.notice import manager_notice
from helpdesk.extensions import db
from helpdesk.locales import in_language_of
from helpdesk.logs import event
from helpdesk.models import MANAGER_ROLES, DataBreach, DataBreachCustomer, DataBreachWarning, Staff
from helpdesk.outbox import enqueue
from helpdesk.web.links import absolute_url

log = logging.getLogger(__name__)
# The first level (75 %) is reached 54 hours after discovery: younger breaches wait.
FIRST_LEVEL_AFTER = NOTIFY_WITHIN * 0.75


def managers() -> list[Staff]:
    return list(db.session.scalars(select(Staff).where(
        Staff.role.in_(MANAGER_ROLES), Staff.active.is_(True)).order_by(Staff.id)))


def _open_breaches(now: datetime) -> list[DataBreach]:
    """Breaches old enough for a warning that still have an untold customer."""
    untold = select(DataBreachCustomer.breach_id).where(DataBreachCustomer.notified_at.is_(None))
    return list(db.session.scalars(select(DataBreach).where(
        DataBreach.discovered_at <= now - FIRST_LEVEL_AFTER,
        DataBreach.id.in_(untold)).order_by(DataBreach.id)))


def settle_breaches(now: datetime) -> int:
    """Record (and mail) every warning due by `now`; returns how many were recorded.

    Commits per breach, so one failing breach does not hold back the others.
    """
    made = 0
    for breach_id in [b.id for b in _open_breaches(now)]:
        breach = db.session.get(DataBreach, breach_id)
        if breach is None:
            continue
        made += _settle(breach, now)
        db.session.commit()
    return made


def _settle(breach: DataBreach, now: datetime) -> int:
    untold = [a.customer.name for a in breach.affected if a.notified_at is None]
    if not untold:
        return 0
    recorded = {w.level for w in breach.warnings}
    fresh = [(level, at) for level, at in levels_reached(breach.discovered_at, now)
             if level not in recorded]
    made = 0
    for index, (level, at) in enumerate(fresh):
        try:
            with db.session.begin_nested():
                db.session.add(DataBreachWarning(breach_id=breach.id, level=level, at=at,
                                                 recorded_at=now, untold=len(untold)))
                db.session.flush()
                if index == len(fresh) - 1:  # the gravest level of this run
                    _mail_managers(breach, level, at, untold, now)
            made += 1
            event(log, "breach.warning", breach=breach.id, warning=level, at=at,
                  untold=len(untold))
        except IntegrityError:
            log.info("warning %s of breach %s was recorded by another process",
                     level, breach.id)
    return made


def _mail_managers(breach: DataBreach, level: str, at: datetime, untold: list[str],
                   now: datetime) -> None:
    url = absolute_url("staff.breach", breach_id=breach.id)
    for person in managers():
        with in_language_of(person):  # issue #17: each manager in their language
            notice = manager_notice(breach, level=level, at=at, untold=untold, now=now,
                                    url=url)
            enqueue(kind="data_breach_warning", to_addr=person.email, automatic=True,
                    subject=notice.subject, body_text=notice.text)
