"""What staff and contact persons can do to a ticket; each action is one event.

Views and jobs call these; the contract rules live in the SLA core, which derives the
clocks from the events recorded here. Messages to the customer go through the outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app

from helpdesk import sla as engine
from helpdesk.escalation.service import notify_fix_rejected, settle
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.locales import in_language_of
from helpdesk.models import ContactPerson, Staff, Ticket, TicketEvent
from helpdesk.outbox import enqueue
from helpdesk.privacy.notifiable import may_notify
from helpdesk.tickets import commands, links, log, not_incident, notices
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.reasons import reason_label
from helpdesk.web.labels import sla_name

# Art. 38.3: events that are not incidents; staff pick one as the reason.
NOT_AN_INCIDENT_REASONS = (
    "force majeure",
    "caused by the customer",
    "provider maintenance",
    "infrastructure not supplied by the provider",
    "reachable from two monitoring locations within thresholds",
)
# Art. 40.1 / 36: why a breach is not solely attributable to the provider.
NOT_ATTRIBUTABLE_REASONS = (
    "customer cooperation lacking (art. 36 / 40.1)",
    "external supplier",
    "force majeure",
)


# The outbox kind of the mail each fix sends the reporter.
FIX_MAILS = {"resolved": "resolution", "workaround_applied": "workaround"}


class ActionRefused(ValueError):
    """The action does not fit the ticket's state; the message says why, for the user."""


def thread_root(ticket: Ticket) -> str:
    """A stable Message-ID every message about the ticket refers to, so replies thread."""
    return thread_root_for(ticket.reference)


def thread_root_for(reference: str) -> str:
    return f"{reference.lower()}@{current_app.config['HELPDESK_MAIL_DOMAIN']}"


def notify_reporter(ticket: Ticket, *, kind: str, subject: str, text: str,
                    automatic: bool = False) -> None:
    reporter = ticket.reporter
    if not may_notify(reporter):  # R23: only confirmed addresses; staff see why
        return
    enqueue(
        kind=kind,
        to_addr=reporter.email,
        subject=f"[{ticket.reference}] {subject}",
        body_text=text,
        ticket_id=ticket.id,
        automatic=automatic,
        in_reply_to=thread_root(ticket),
        references=[thread_root(ticket)],
    )


def _state(ticket: Ticket, now: datetime) -> engine.TicketClocks:
    return commands.refresh(ticket, now)


def acknowledge(ticket: Ticket, *, by: Staff, now: datetime, message: str = "",
                assign_to_me: bool = False) -> TicketEvent:
    """R1: the human acknowledgement, sent to the customer, stops the reaction clock.

    With `assign_to_me` the one acknowledging also takes the ticket (an assign event of
    its own, at the same instant), unless it is theirs already.
    """
    if _state(ticket, now).status != "open":
        raise ActionRefused(_("This ticket has already been acknowledged."))
    with in_language_of(ticket.reporter):  # issue #17: the reporter reads it, in theirs
        text = message.strip() or (
            _("We have received your report %(reference)s and are handling it.",
              reference=ticket.reference) + "\n"
            + _("%(name)s, support team", name=by.name)
        )
        subject = _("Being handled: %(title)s", title=ticket.title)
    event = commands.record(ticket, "acknowledged", at=now, actor=Actor.of(by), now=now,
                            channel="web", body=text)
    notify_reporter(ticket, kind="acknowledgement", subject=subject, text=text)
    if assign_to_me and ticket.assignee_id != by.id:
        assign(ticket, to=by, by=by, now=now)
    return event


def assign(ticket: Ticket, *, to: Staff | None, by: Staff, now: datetime) -> TicketEvent:
    payload = {"staff_id": to.id if to else None, "staff_name": to.name if to else None}
    return commands.record(ticket, "assigned", at=now, actor=Actor.of(by), now=now,
                           payload=payload)


def reply(ticket: Ticket, *, by: Staff, now: datetime, text: str) -> TicketEvent:
    """A message to the customer, mailed to the reporter and shown in the portal.

    R26 (art. 39.1.2: the reaction is a human reacting to the customer): while the ticket
    is unacknowledged, the reply is the acknowledgement. It is then recorded as the
    `acknowledged` event carrying the reply (as an acknowledgement with a message is), so
    the reaction clock stops at this instant, whichever channel the reply came through.
    """
    if not text.strip():
        raise ActionRefused(_("A reply needs some text."))
    if _state(ticket, now).status == "open":
        event = commands.record(ticket, "acknowledged", at=now, actor=Actor.of(by), now=now,
                                channel="web", body=text, payload={"reply": True})
    else:
        event = commands.record(ticket, "staff_reply", at=now, actor=Actor.of(by), now=now,
                                channel="web", body=text)
    notify_reporter(ticket, kind="reply", subject=ticket.title, text=text)
    return event


def note(ticket: Ticket, *, by: Staff, now: datetime, text: str) -> TicketEvent:
    if not text.strip():
        raise ActionRefused(_("A note needs some text."))
    return commands.record(ticket, "note_added", at=now, actor=Actor.of(by), now=now, body=text)


def set_priority(ticket: Ticket, *, urgency: str, impact: str, reason: str, by: Staff,
                 now: datetime) -> TicketEvent:
    """Art. 39.1.1: the provider sets the priority after consultation; who, when, why kept."""
    if not reason.strip():
        raise ActionRefused(_("Say why the priority changes (art. 39.1.1: after consultation)."))
    if _state(ticket, now).status in engine.VOID_STATUSES:
        # Art. 38.3 / seed 004 art. 9.3: no objective runs any more, so no priority to set.
        raise ActionRefused(_("The ticket is classified as not an incident or out of scope; "
                              "its priority no longer changes."))
    priority = engine.priority_for(urgency, impact)
    return commands.record(
        ticket, "priority_changed", at=now, actor=Actor.of(by), now=now,
        payload={"urgency": urgency, "impact": impact, "priority": priority,
                 "reason": reason.strip()},
    )


def suspend_for_supplier(ticket: Ticket, *, supplier: str, by: Staff,
                         now: datetime) -> TicketEvent:
    """Art. 39.1.3 (R6): the resolution clock stops while an external supplier works."""
    sla = ticket.contract.sla()
    if not sla.suspends_for_supplier:
        # seed 004 (platform objectives) grants no supplier suspension: the objectives run on
        raise ActionRefused(_("This contract's SLA (%(sla)s) grants no suspension for an "
                              "external supplier: its clocks run on. Record a note instead.",
                              sla=sla_name(ticket.contract)))
    state = _state(ticket, now)
    if state.status == "suspended":
        raise ActionRefused(_("The ticket already waits for a supplier."))
    if state.status != "acknowledged":
        raise ActionRefused(_("Only an acknowledged, open ticket can wait for a supplier."))
    if not supplier.strip():
        raise ActionRefused(_("Name the external supplier."))
    return commands.record(ticket, "supplier_suspended", at=now, actor=Actor.of(by), now=now,
                           payload={"supplier": supplier.strip()})


def supplier_delivered(ticket: Ticket, *, by: Staff, now: datetime) -> TicketEvent:
    if _state(ticket, now).status != "suspended":
        raise ActionRefused(_("The ticket is not waiting for a supplier."))
    return commands.record(ticket, "supplier_delivered", at=now, actor=Actor.of(by), now=now)


def _simple(type: str, allowed: tuple[str, ...], refusal: Any):  # type: ignore[no-untyped-def]
    def action(ticket: Ticket, *, by: Staff, now: datetime) -> TicketEvent:
        if _state(ticket, now).status not in allowed:
            raise ActionRefused(str(refusal))  # lazy: in the language of the one asking
        return commands.record(ticket, type, at=now, actor=Actor.of(by), now=now)

    action.__name__ = type
    return action


# R7: on-site visit agreed with the contact person extends the resolution deadline.
agree_onsite = _simple("onsite_agreed", ("acknowledged", "suspended"),
                       _l("An on-site visit can be agreed on an acknowledged, open ticket."))


def apply_workaround(ticket: Ticket, *, by: Staff, now: datetime,
                     note: str = "") -> TicketEvent:
    """A workaround restores service: the resolution clock stops; R8 (seed 002) makes the
    ticket P3, seed 004 annex 1 starts the permanent-fix objective (the contract's SLA says
    which). The note tells the customer what was done; the shells require one."""
    return _fix(ticket, "workaround_applied", ("acknowledged", "suspended"),
                _("A workaround applies to an acknowledged, open ticket."), by=by, now=now,
                note=note)


def resolve(ticket: Ticket, *, by: Staff, now: datetime, note: str = "") -> TicketEvent:
    """Art. 39.3.1: the customer's infrastructure is operational again (R2 stops)."""
    return _fix(ticket, "resolved", ("acknowledged", "suspended", "workaround_applied"),
                _("Only an acknowledged, open ticket can be resolved."), by=by, now=now,
                note=note)


def _fix(ticket: Ticket, type: str, allowed: tuple[str, ...], refusal: str, *, by: Staff,
         now: datetime, note: str) -> TicketEvent:
    """Record a fix with its note (shown in the portal as the event's text) and mail the
    reporter the note and how to reject the fix (art. 39.4.1)."""
    if _state(ticket, now).status not in allowed:
        raise ActionRefused(refusal)
    note = note.strip()
    event = commands.record(ticket, type, at=now, actor=Actor.of(by), now=now,
                            body=note or None)
    with in_language_of(ticket.reporter):
        notice = notices.fix_notice(kind=type, reference=ticket.reference, title=ticket.title,
                                    note=note, by=by.name, priority=ticket.priority,
                                    portal_url=links.portal_ticket_url(ticket.reference))
    notify_reporter(ticket, kind=FIX_MAILS[type], subject=notice.subject, text=notice.text)
    return event


def classify_not_an_incident(ticket: Ticket, *, reason: str, by: Staff,
                             now: datetime, detail: str = "") -> TicketEvent:
    """Art. 38.3: not an incident; the clocks stop and no breach or credit results. An
    optional detail follows the reason, e.g. "provider maintenance: <which window>"."""
    if reason not in NOT_AN_INCIDENT_REASONS:
        raise ActionRefused(_("Choose one of the reasons of art. 38.3."))
    # R21: open, or within 7 Brussels days of the resolution; a claimed ticket: managers.
    refused = not_incident.refusal(ticket, status=_state(ticket, now).status,
                                   rows=log.events_of(ticket), by=by, now=now)
    if refused:
        raise ActionRefused(refused)
    detail = " ".join(detail.split())[:500]
    reason = f"{reason}: {detail}" if detail else reason
    claimed = not_incident.claimed(ticket)
    event = commands.record(ticket, "not_an_incident", at=now, actor=Actor.of(by), now=now,
                            payload={"reason": reason, "after_claim": True} if claimed
                            else {"reason": reason})
    if claimed:  # R21: the customer who claimed a credit is told, with the reason
        with in_language_of(ticket.reporter):
            notify_reporter(
                ticket, kind="not_an_incident",
                subject=_("Not an incident: %(title)s", title=ticket.title),
                text=(_("After your credit claim, we classified your ticket %(reference)s as "
                        "not an incident (art. 38.3): %(reason)s", reference=ticket.reference,
                        reason=reason_label(reason)) + "\n"
                      + _("Its deadlines no longer count, so it carries no credit. The "
                          "breaches recorded before stay in its history, marked as voided.")))
    return event


def classify_out_of_scope(ticket: Ticket, *, reason: str, by: Staff,
                          now: datetime) -> TicketEvent:
    """Seed 004 art. 9.3: "Twizzit's classificatie is bindend en definitief": the ticket
    leaves the objectives (its clocks stop, no miss or escalation follows) and work on it
    is billable on a time and material basis (art. 9.4). Contracts without the clause have
    'not an incident' (art. 38.3) instead. The customer is told why."""
    if not out_of_scope_applies(ticket):
        raise ActionRefused(_("Only tickets under the platform objectives can be classified "
                              "out of scope; use 'not an incident' (art. 38.3) instead."))
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise ActionRefused(_("Say why the ticket is out of scope."))
    if _state(ticket, now).status in ("resolved", *engine.VOID_STATUSES):
        raise ActionRefused(_("The ticket is already closed."))
    event = commands.record(ticket, "out_of_scope", at=now, actor=Actor.of(by), now=now,
                            payload={"reason": reason})
    with in_language_of(ticket.reporter):
        notify_reporter(
            ticket, kind="out_of_scope", subject=_("Out of scope: %(title)s", title=ticket.title),
            text=(_("We classified your ticket %(reference)s as out of scope of the support "
                    "objectives (art. 9.3): %(reason)s", reference=ticket.reference,
                    reason=reason) + "\n"
                  + _("Work on it is billed on a time and material basis (art. 9.4).")))
    return event


def out_of_scope_applies(ticket: Ticket) -> bool:
    """Whether the ticket's contract has the out-of-scope clause (its SLA's constants)."""
    return bool(ticket.contract.sla().constants.get("out_of_scope"))


def reject_fix(ticket: Ticket, *, by: ContactPerson, now: datetime, reason: str) -> TicketEvent:
    """Art. 39.4.1 (R9): the customer finds the fix insufficient; the ticket reopens, and
    the assignee and the tier's people hear of it at once."""
    before = _state(ticket, now)
    if before.status not in ("resolved", "workaround_applied"):
        raise ActionRefused(_("Only a resolved ticket can be reported as not resolved."))
    if not reason.strip():
        raise ActionRefused(_("Tell us what is still not working."))
    event = commands.record(ticket, "fix_rejected", at=now, actor=Actor.of(by), now=now,
                            channel="portal", payload={"reason": reason.strip()},
                            body=reason.strip())
    settle(ticket, now)  # R9: the escalation it causes happens now, not at the next sweep
    notify_fix_rejected(ticket, event, escalated=ticket.tier > before.tier)
    return event


def customer_message(ticket: Ticket, *, by: ContactPerson, now: datetime, text: str,
                     channel: str, dedup_key: str | None = None,
                     at: datetime | None = None,
                     payload: dict[str, object] | None = None) -> TicketEvent:
    """A message from the customer; on a phone report it is the written confirmation.

    `at` is when it reached us (a mail's receipt), `now` when it is being recorded.
    """
    if not text.strip():
        raise ActionRefused(_("A message needs some text."))
    event = commands.record(ticket, "customer_message", at=at or now, actor=Actor.of(by),
                            now=now, channel=channel, body=text, dedup_key=dedup_key,
                            payload=payload)
    if ticket.confirmation_outstanding:
        confirm_in_writing(ticket, by=by, now=now, channel=channel, at=at)
    return event


def confirm_in_writing(ticket: Ticket, *, by: ContactPerson, now: datetime,
                       channel: str, at: datetime | None = None) -> TicketEvent:
    """Art. 39.2.2: the written confirmation of a phone report has arrived."""
    if not ticket.confirmation_outstanding:
        raise ActionRefused(_("No written confirmation is outstanding for this ticket."))
    return commands.record(ticket, "written_confirmation", at=at or now, actor=Actor.of(by),
                           now=now, channel=channel)
