"""Art. 39.4.2 to the managers: a new conflict notice is told at once, and when its 15 days
of consultation end the managers get one notice (an escalation when no consultation was
recorded). `escalated_at` is claimed by a conditional UPDATE, so each end is told exactly
once however many schedulers race (STYLE.md 7)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update

from helpdesk.duties.windows import consultation_period
from helpdesk.extensions import db
from helpdesk.logs import event
from helpdesk.models import MANAGER_ROLES, ContractDuty, Staff
from helpdesk.outbox import enqueue
from helpdesk.timefmt import brussels_short
from helpdesk.web.links import absolute_url

log = logging.getLogger(__name__)


def managers() -> list[Staff]:
    return list(db.session.scalars(select(Staff).where(
        Staff.role.in_(MANAGER_ROLES), Staff.active.is_(True)).order_by(Staff.id)))


def _mail(kind: str, subject: str, body: str) -> None:
    for person in managers():
        enqueue(kind=kind, to_addr=person.email, automatic=True, subject=subject,
                body_text=body)


def tell_managers_of_new_notice(duty: ContractDuty, now: datetime) -> None:
    period = consultation_period(duty.received_at, consulted_at=None, now=now)
    url = absolute_url("staff.duty", duty_id=duty.id)
    _mail("conflict_notice",
          f"Conflict notice from {duty.customer.name}: consult by {period.last_day}",
          f"{duty.customer.name} sent a conflict notice: {duty.title}\n\n"
          f"Received {brussels_short(duty.received_at)}. {period.reason}\n\n{url}\n")


def settle_conflicts(now: datetime) -> int:
    """Tell the managers of every consultation period that has ended; returns how many."""
    told = 0
    candidates = db.session.scalars(select(ContractDuty).where(
        ContractDuty.kind == "conflict", ContractDuty.escalated_at.is_(None)).order_by(
        ContractDuty.id)).all()
    for duty in candidates:
        consulted = duty.answered_at if duty.state == "answered" else None
        period = consultation_period(duty.received_at, consulted_at=consulted, now=now)
        if now < period.ends_at:
            continue
        claimed = db.session.execute(update(ContractDuty).where(
            ContractDuty.id == duty.id, ContractDuty.escalated_at.is_(None)).values(
            escalated_at=now))
        if claimed.rowcount != 1:  # another scheduler told them
            db.session.rollback()
            continue
        url = absolute_url("staff.duty", duty_id=duty.id)
        if period.state == "consulted":
            subject = f"Consultation period ended: {duty.customer.name} (consulted)"
        else:
            subject = (f"Escalation: no consultation within 15 days on the conflict notice "
                       f"of {duty.customer.name}")
        _mail("conflict_period_ended", subject,
              f"{duty.title}\n\n{period.reason}\n\n{url}\n")
        db.session.commit()
        event(log, "conflict.period_ended", duty=duty.id, state=period.state)
        told += 1
    return told
