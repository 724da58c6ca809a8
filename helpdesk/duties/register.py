"""Registering and handling complaints (art. 16.1) and conflict notices (art. 39.4.2): the
one service the staff pages, the portal and the API call. The verdicts come from the pure
helpdesk.duties.windows; `now` is handed in by the shell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from helpdesk.duties.windows import (
    ComplaintWindow,
    ConsultationPeriod,
    complaint_window,
    consultation_period,
)
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.locales import in_language_of
from helpdesk.models import (
    DUTY_CHANNELS,
    DUTY_KINDS,
    DUTY_SUBJECTS,
    ContactPerson,
    Contract,
    ContractDuty,
    Customer,
    Invoice,
    Staff,
)
from helpdesk.timefmt import local

# A complaint about a defect noticed longer ago is a typing error, not a late complaint (and
# counting working days over centuries is no work for a request).
OLDEST_NOTICE = timedelta(days=731)


class DutyRefused(ValueError):
    pass


@dataclass(frozen=True)
class DutyStatus:
    duty: ContractDuty
    window: ComplaintWindow | None  # complaints
    period: ConsultationPeriod | None  # conflict notices
    notes: tuple[str, ...]

    @property
    def verdict(self) -> str:
        if self.window is not None:
            return "in_time" if self.window.in_time else "late"
        return self.period.state  # type: ignore[union-attr]

    @property
    def reason(self) -> str:
        found = self.window or self.period
        return found.reason  # type: ignore[union-attr]


def customer_invoices(customer: Customer) -> list[Invoice]:
    return list(db.session.scalars(select(Invoice).join(Contract).where(
        Contract.customer_id == customer.id).order_by(Invoice.invoiced_on.desc(),
                                                      Invoice.id.desc())))


def _check_common(customer: Customer, *, title: str, text: str, received_at: datetime,
                  channel: str, contact: ContactPerson | None, now: datetime) -> None:
    if channel not in DUTY_CHANNELS:
        raise DutyRefused(_("Unknown channel %(channel)s: a complaint or notice is written "
                            "(%(channels)s).", channel=repr(channel),
                            channels=", ".join(DUTY_CHANNELS)))
    if not title.strip() or not text.strip():
        raise DutyRefused(_("Give a title and the text of the complaint or notice."))
    if received_at > now + timedelta(minutes=1):
        raise DutyRefused(_("The date of receipt cannot be in the future."))
    if contact is not None and contact.customer_id != customer.id:
        raise DutyRefused(_("The contact person belongs to another customer."))


def register_complaint(customer: Customer, *, subject: str, invoice: Invoice | None,
                       title: str, text: str, noticed_on: date | None,
                       received_at: datetime, channel: str, now: datetime,
                       contact: ContactPerson | None = None,
                       by: Staff | None = None) -> ContractDuty:
    """Art. 16.1: a written complaint about an invoice or the service. Registered whatever
    the window says: a late complaint is kept and shown as late, with why."""
    _check_common(customer, title=title, text=text, received_at=received_at,
                  channel=channel, contact=contact, now=now)
    if subject not in DUTY_SUBJECTS:
        raise DutyRefused(_("A complaint is about %(subjects)s.",
                            subjects=" or ".join(DUTY_SUBJECTS)))
    if subject == "invoice":
        if invoice is None or invoice.contract.customer_id != customer.id:
            raise DutyRefused(_("Choose the invoice the complaint is about."))
        # an invoice's defect can be seen once it is issued: its date unless told later
        noticed_on = noticed_on or invoice.invoiced_on
    else:
        invoice = None
    if noticed_on is None:
        raise DutyRefused(_("Give the day the problem was (or should have been) noticed "
                            "(art. 16.1 counts from it)."))
    received_on = local(received_at).date()  # type: ignore[union-attr]
    if noticed_on > received_on:
        raise DutyRefused(_("The problem cannot have been noticed after the complaint "
                            "arrived."))
    if noticed_on < received_on - OLDEST_NOTICE:  # art. 16.7: claims lapse after 6 months
        raise DutyRefused(_("The problem was noticed more than two years before the "
                            "complaint; check the date."))
    duty = ContractDuty(customer_id=customer.id, kind="complaint", subject=subject,
                        invoice_id=invoice.id if invoice else None, title=title.strip(),
                        text=text.strip(), noticed_on=noticed_on, received_at=received_at,
                        channel=channel, contact_id=contact.id if contact else None,
                        registered_by_id=by.id if by else None, state="open", answer="")
    db.session.add(duty)
    db.session.flush()
    return duty


def register_conflict(customer: Customer, *, title: str, text: str, received_at: datetime,
                      channel: str, now: datetime, contact: ContactPerson | None = None,
                      by: Staff | None = None) -> ContractDuty:
    """Art. 39.4.2: a conflict notice starts 15 days of consultation; the managers are told
    at once (the escalation contacts of art. 39.4.1 are the people who consult)."""
    _check_common(customer, title=title, text=text, received_at=received_at,
                  channel=channel, contact=contact, now=now)
    duty = ContractDuty(customer_id=customer.id, kind="conflict", subject="service",
                        title=title.strip(), text=text.strip(), received_at=received_at,
                        channel=channel, contact_id=contact.id if contact else None,
                        registered_by_id=by.id if by else None, state="open", answer="")
    db.session.add(duty)
    db.session.flush()
    from helpdesk.duties.escalation import tell_managers_of_new_notice

    tell_managers_of_new_notice(duty, now)
    return duty


def answer(duty: ContractDuty, *, text: str, by: Staff, now: datetime,
           at: datetime | None = None) -> ContractDuty:
    """The provider's answer to a complaint, or the record of the consultation held on a
    conflict notice (`at`: when it was held; default now)."""
    if duty.state == "answered":
        raise DutyRefused(_("This is already answered."))
    if not text.strip():
        raise DutyRefused(_("Write the answer (or what the consultation concluded)."))
    when = at or now
    if when > now + timedelta(minutes=1) or when < duty.received_at:
        raise DutyRefused(_("The consultation must lie between the notice and now."))
    duty.state, duty.answer = "answered", text.strip()
    duty.answered_at, duty.answered_by_id = when, by.id
    _tell_the_contact(duty)
    return duty


def _tell_the_contact(duty: ContractDuty) -> None:
    """The contact who submitted it gets the answer by mail, if their address is confirmed
    (R23); the portal shows it either way."""
    from helpdesk.outbox import enqueue
    from helpdesk.privacy.notifiable import may_notify

    if duty.contact is None or not may_notify(duty.contact):
        return
    with in_language_of(duty.contact):
        if duty.kind == "complaint":
            subject = _("Your complaint: %(title)s", title=duty.title)
            lead = _("The answer to your complaint \"%(title)s\":", title=duty.title)
        else:
            subject = _("The consultation on your conflict notice: %(title)s", title=duty.title)
            lead = _("The consultation on your conflict notice \"%(title)s\":",
                     title=duty.title)
        body = "\n".join([_("Dear %(name)s,", name=duty.contact.name), "", lead, "",
                          duty.answer, "",
                          _("You find it in the portal under Our contract."), ""])
    enqueue(kind=f"{duty.kind}_answered", to_addr=duty.contact.email, automatic=False,
            subject=subject, body_text=body)


def status(duty: ContractDuty, now: datetime) -> DutyStatus:
    notes: list[str] = []
    if duty.kind == "complaint":
        window = complaint_window(duty.noticed_on, duty.received_at)  # type: ignore[arg-type]
        return DutyStatus(duty, window, None, ())
    consulted = duty.answered_at if duty.state == "answered" else None
    period = consultation_period(duty.received_at, consulted_at=consulted, now=now)
    if duty.channel != "registered_letter":
        notes.append(f"Art. 39.4.2 names a registered letter; this notice came by "
                     f"{duty.channel.replace('_', ' ')} and its period runs all the same.")
    return DutyStatus(duty, None, period, tuple(notes))


def duties_of(customer_id: int | None, kind: str | None = None) -> list[ContractDuty]:
    """Newest first; `customer_id` None lists every customer's (staff only)."""
    query = select(ContractDuty).order_by(ContractDuty.received_at.desc(),
                                          ContractDuty.id.desc())
    if customer_id is not None:
        query = query.where(ContractDuty.customer_id == customer_id)
    if kind is not None:
        if kind not in DUTY_KINDS:
            raise DutyRefused(_("Unknown kind %(kind)s.", kind=repr(kind)))
        query = query.where(ContractDuty.kind == kind)
    return list(db.session.scalars(query))


def in_month(customer_id: int, since: datetime, until: datetime) -> list[ContractDuty]:
    """The complaints and notices received in [since, until), and those still open then."""
    return list(db.session.scalars(select(ContractDuty).where(
        ContractDuty.customer_id == customer_id, ContractDuty.received_at < until,
        (ContractDuty.received_at >= since) | (ContractDuty.state == "open")
        | (ContractDuty.answered_at >= since)).order_by(ContractDuty.received_at,
                                                         ContractDuty.id)))


def to_dict(found: DutyStatus) -> dict[str, object]:
    """The API's and the statement's form (UTC instants, ISO days)."""
    from helpdesk.timefmt import iso_utc

    duty = found.duty
    data: dict[str, object] = {
        "id": duty.id, "kind": duty.kind, "subject": duty.subject,
        "invoice": duty.invoice.number if duty.invoice else None,
        "title": duty.title, "text": duty.text, "channel": duty.channel,
        "received_at": iso_utc(duty.received_at), "state": duty.state,
        "answer": duty.answer or None,
        "answered_at": iso_utc(duty.answered_at) if duty.answered_at else None,
        "verdict": found.verdict, "reason": found.reason, "notes": list(found.notes),
    }
    if found.window is not None:
        data.update(noticed_on=found.window.noticed_on.isoformat(),
                    window_ends_on=found.window.last_day.isoformat(),
                    in_time=found.window.in_time)
    if found.period is not None:
        data.update(consultation_ends_on=found.period.last_day.isoformat(),
                    consultation_ends_at=iso_utc(found.period.ends_at))
    return data
