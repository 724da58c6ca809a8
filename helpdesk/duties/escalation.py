"""Art. 39.4.2 to the managers: a new conflict notice is told at once, and when its 15 days
of consultation end the managers get one notice (an escalation when no consultation was
recorded). `escalated_at` is claimed by a conditional UPDATE, so each end is told exactly
once however many schedulers race (STYLE.md 7)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update

from helpdesk.duties.windows import BRUSSELS, ConsultationPeriod, consultation_period
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.locales import in_language_of
from helpdesk.logs import event
from helpdesk.models import MANAGER_ROLES, ContractDuty, Staff
from helpdesk.outbox import enqueue
from helpdesk.timefmt import brussels_short, day
from helpdesk.web.links import absolute_url

log = logging.getLogger(__name__)


def managers() -> list[Staff]:
    return list(db.session.scalars(select(Staff).where(
        Staff.role.in_(MANAGER_ROLES), Staff.active.is_(True)).order_by(Staff.id)))


def tell_managers_of_new_notice(duty: ContractDuty, now: datetime) -> None:
    period = consultation_period(duty.received_at, consulted_at=None, now=now)
    url = absolute_url("staff.duty", duty_id=duty.id)
    for person in managers():
        with in_language_of(person):  # staff read their own language
            subject = _("Conflict notice from %(customer)s: consult by %(last)s",
                        customer=duty.customer.name, last=day(period.last_day))
            body = "\n\n".join([
                _("%(customer)s sent a conflict notice: %(title)s",
                  customer=duty.customer.name, title=duty.title),
                _("Received %(when)s.", when=brussels_short(duty.received_at)) + " "
                + _("Consultation period running; no other step before it; %(rule)s.",
                    rule=_rule(period)),
                url, ""]).rstrip("\n") + "\n"
        enqueue(kind="conflict_notice", to_addr=person.email, automatic=True,
                subject=subject, body_text=body)


def _rule(period: ConsultationPeriod) -> str:
    """Art. 39.4.2 as the windows core words it, in the reader's language."""
    return _("art. 39.4.2: consultation at the latest 15 days after the notice was received "
             "on %(received)s; the day of receipt does not count and the 15th day counts "
             "whole, so the period ends at the end of %(last)s (Brussels)",
             received=day(period.received_on), last=day(period.last_day))


def _ended_text(period: ConsultationPeriod) -> str:
    """The windows core's `reason` for an ended period, in the reader's language."""
    rule = _rule(period)
    held = period.consulted_at.astimezone(BRUSSELS) if period.consulted_at else None
    if period.state == "consulted":
        return _("Consultation held on %(held)s, within the period; %(rule)s.",
                 held=day(held), rule=rule)
    text = _("The consultation period has ended without a consultation in it; %(rule)s.",
             rule=rule)
    if held is not None:
        text += " " + _("Consultation held late, on %(held)s.", held=day(held))
    return text


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
        for person in managers():
            with in_language_of(person):  # staff read their own language
                if period.state == "consulted":
                    subject = _("Consultation period ended: %(customer)s (consulted)",
                                customer=duty.customer.name)
                else:  # art. 39.4.2: 15 days of consultation, then escalation
                    subject = _("Escalation: no consultation within 15 days on the conflict "
                                "notice of %(customer)s", customer=duty.customer.name)
                body = f"{duty.title}\n\n{_ended_text(period)}\n\n{url}\n"
            enqueue(kind="conflict_period_ended", to_addr=person.email, automatic=True,
                    subject=subject, body_text=body)
        db.session.commit()
        event(log, "conflict.period_ended", duty=duty.id, state=period.state)
        told += 1
    return told
