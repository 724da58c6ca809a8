"""After the load run: nothing accepted lost or doubled, nothing escalated twice, nothing due
left unrecorded. The last check asks the escalation plan itself what should be recorded."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.load_clients import Recorder

GRACE = timedelta(seconds=5)  # the scheduler's re-plan interval plus a commit
RECORDS = ("breach_recorded", "escalated", "warning_sent", "reminder_sent")


@dataclass(frozen=True)
class Checks:
    passed: bool
    text: str
    summary: str


def _wait(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return bool(condition())


def verify(url: str, recorder: Recorder) -> Checks:
    from sqlalchemy import func, select

    from helpdesk import create_app
    from helpdesk.extensions import db
    from helpdesk.models import InboundMail, Ticket, TicketEvent

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "load"})
    with app.app_context():
        def count(query) -> int:  # type: ignore[no-untyped-def]
            found = db.session.scalar(query) or 0
            db.session.commit()
            return found

        drained = _wait(lambda: count(select(func.count(InboundMail.id)).where(
            InboundMail.state.in_(("received", "processing")))) == 0, 60)
        missed: list[str] = []

        def settled() -> bool:
            missed[:] = _unrecorded(datetime.now(UTC))
            return not missed

        all_recorded = _wait(settled, 60)
        titles = Counter(dict(db.session.execute(
            select(Ticket.title, func.count()).group_by(Ticket.title)).all()))
        events = db.session.execute(select(
            TicketEvent.ticket_id, TicketEvent.type, TicketEvent.dedup_key, TicketEvent.payload)
            .where(TicketEvent.type.in_(RECORDS))).all()
        db.session.commit()
        db.engine.dispose()

    forms, mails = recorder.accepted_forms, recorder.accepted_mail
    lost = [t for t in forms + mails if titles[t] == 0]
    doubled = [t for t in forms + mails if titles[t] > 1]
    unanswered_twice = [t for t in recorder.unanswered_forms if titles[t] > 1]
    unanswered_stored = sum(1 for t in recorder.unanswered_forms if titles[t] == 1)
    by_key = Counter((e.ticket_id, e.dedup_key) for e in events)
    # Twice in substance even under another key: one breach per clock and deadline,
    # one escalation per tier.
    by_meaning = Counter((e.ticket_id, e.type, (e.payload or {}).get("clock"),
                          (e.payload or {}).get("deadline"), (e.payload or {}).get("tier"))
                         for e in events if e.type in ("breach_recorded", "escalated"))
    twice = sum(1 for c in by_key.values() if c > 1) + sum(
        1 for c in by_meaning.values() if c > 1)
    kinds = Counter(e.type for e in events)
    passed = (drained and all_recorded and not lost and not doubled and not unanswered_twice
              and twice == 0)
    text = "\n".join([
        f"accepted forms {len(forms)} (got their redirect), accepted mails {len(mails)} "
        f"(got 250): lost {len(lost)}, doubled {len(doubled)} (target 0 and 0)",
        f"forms without an answer {len(recorder.unanswered_forms)}: stored anyway "
        f"{unanswered_stored}, twice {len(unanswered_twice)} (target 0)",
        f"recorded: {kinds['breach_recorded']} breaches, {kinds['escalated']} escalations, "
        f"{kinds['warning_sent']} warnings, {kinds['reminder_sent']} reminders; recorded twice "
        f"{twice} (target 0); due but not recorded {len(missed)} (target 0)"
        + ("" if drained else "; INBOUND MAIL NOT DRAINED"),
    ] + [f"  lost: {t}" for t in lost[:5]] + [f"  doubled: {t}" for t in doubled[:5]]
      + [f"  not recorded: {m}" for m in missed[:5]])
    summary = (f"{len(forms)} forms + {len(mails)} mails accepted, lost {len(lost)}, "
               f"doubled {len(doubled)}, {kinds['escalated']} escalations, twice {twice}, "
               f"unrecorded {len(missed)}")
    return Checks(passed, text, summary)


def _unrecorded(now: datetime) -> list[str]:
    """What the escalation plan says is due since before now - GRACE and not recorded."""
    from sqlalchemy import select

    from helpdesk.extensions import db
    from helpdesk.models import Ticket
    from helpdesk.tickets import log, projection

    found = []
    for ticket in db.session.scalars(select(Ticket)).all():
        rows = log.events_of(ticket)
        clocks = projection.fold_ticket(ticket, rows, now)
        for item in projection.plan_for(ticket, rows, clocks, now).due:
            if item.at < now - GRACE:
                found.append(f"{ticket.reference} {item.key} due {item.at:%H:%M:%S}")
    db.session.rollback()
    return found
