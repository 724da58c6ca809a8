"""Retention: how long personal data is kept, as pure rules and one shell that applies them.

(a) Accounts (seed 000, Deel 4 art. 7): "bij beëindiging van een contract ... worden de
    gegevens van het account volledig verwijderd ... binnen 30 dagen". A customer's contact
    persons are erased once every contract of the customer has ended and 30 days have
    passed since the last end day (a renewal within those days keeps the accounts).
(b) Ticket personal data (seed 003, "Hoe lang worden de persoonlijke gegevens bewaard?"):
    paid subscriptions keep information "2 jaar na het verstrijken van de betaalde periode".
    The paid period of a customer ends at the end of the last month whose MonthlyFee has a
    paid amount above zero (on any of the customer's contracts); it has expired on the first
    day of the next month. Two years after that day, the personal data of the tickets
    submitted before it is redacted (their events, mails and files; see redaction.py).
    A customer that never paid has no paid period: (a) alone applies.
(c) Backups (seed 000, Deel 4 art. 7 and Deel 5: "na 90 dagen worden de back-upbestanden
    vernietigd"): backup files (*.gz) in the backup folder older than 90 days are deleted.
(d) The audit log keeps entries for AUDIT_RETENTION (730 days); older entries are purged,
    the only deletion its database trigger allows (migration 0006).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select

from helpdesk.extensions import db
from helpdesk.models import (
    Attachment,
    AuditEntry,
    ContactPerson,
    Contract,
    InboundMail,
    MonthlyFee,
    OutboxMessage,
    Staff,
    Ticket,
    TicketEvent,
)
from helpdesk.privacy import audit, ledger
from helpdesk.privacy.erasure import erase
from helpdesk.privacy.redaction import (
    ADDRESS_KEYS,
    MAILED_TO_REPORTER,
    Redacted,
    event_rows,
    redact_attachments,
    redact_event,
    redact_inbound,
    redact_outbox,
)
from helpdesk.timefmt import BRUSSELS

log = logging.getLogger(__name__)

ACCOUNT_GRACE = timedelta(days=30)
TICKET_DATA_YEARS = 2
BACKUP_AGE = timedelta(days=90)
AUDIT_RETENTION = timedelta(days=730)


# --- the rules (pure) ---

def accounts_due_on(contract_ends: Iterable[date | None]) -> date | None:
    """The day a customer's accounts are erased: 30 days after the last contract ended;
    None while a contract is open-ended or the customer has none."""
    ends = list(contract_ends)
    if not ends or any(end is None for end in ends):
        return None
    return max(ends) + ACCOUNT_GRACE  # type: ignore[type-var,operator]


def paid_period_end(paid_months: Iterable[date]) -> date | None:
    """The first day after the last paid month (months are given by their first day)."""
    last = max(paid_months, default=None)
    if last is None:
        return None
    return date(last.year + (last.month == 12), last.month % 12 + 1, 1)


def ticket_data_due_on(paid_months: Iterable[date]) -> date | None:
    """Two years after the paid period expired (a 1st of the month, so no 29 February)."""
    end = paid_period_end(paid_months)
    return None if end is None else end.replace(year=end.year + TICKET_DATA_YEARS)


def backups_due(files: Iterable[tuple[Path, datetime]], now: datetime) -> list[Path]:
    """Backup files whose last change is more than 90 days ago."""
    return sorted(path for path, changed in files if now - changed > BACKUP_AGE)


# --- the shell ---

@dataclass
class RetentionReport:
    actions: list[str] = field(default_factory=list)
    erased: list[ledger.Erasure] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.actions.append(text)


def run(now: datetime, *, backup_dir: Path | None, dry_run: bool = False) -> RetentionReport:
    """Apply (a)-(d) as of `now`, and erase again whoever the ledger in the backup folder
    says was erased before a restore; with dry_run only say what would be done. Each step
    is idempotent (erased people and redacted tickets are skipped), so a second scheduler
    or a rerun does nothing new."""
    report = RetentionReport()
    today = now.astimezone(BRUSSELS).date()
    if backup_dir is not None:
        _erase_again(backup_dir, now, report, dry_run)
    _accounts(today, now, report, dry_run)
    _ticket_data(today, report, dry_run)
    _audit_log(now, report, dry_run)
    if backup_dir is not None:
        _backups(backup_dir, now, report, dry_run)
    if not dry_run:
        db.session.commit()
        if backup_dir is not None:
            for erasure in report.erased:
                ledger.remember(backup_dir, erasure)
            ledger.prune(backup_dir, now)
    return report


def _erase_again(folder: Path, now: datetime, report: RetentionReport, dry_run: bool) -> None:
    """Seed 000 art. 7: after a restore, erasures of the last 90 days are done again."""
    for past in ledger.remembered(folder, now):
        person = db.session.get(ContactPerson if past.kind == "contact" else Staff, past.id)
        if person is None or person.erased_at is not None or \
                person.created_at != past.created_at:
            continue
        report.add(f"erase {past.kind} {past.id} again: erased {past.at.date()}, "
                   "before a restore")
        if not dry_run:
            erase(person, by=None, now=now,
                  reason=f"erased {past.at.date()}; erased again after a restore (seed 000)")


def _contract_ends() -> dict[int, list[date | None]]:
    ends: dict[int, list[date | None]] = {}
    for customer_id, ends_on in db.session.execute(select(Contract.customer_id, Contract.ends_on)):
        ends.setdefault(customer_id, []).append(ends_on)
    return ends


def _accounts(today: date, now: datetime, report: RetentionReport, dry_run: bool) -> None:
    for customer_id, ends in _contract_ends().items():
        due = accounts_due_on(ends)
        if due is None or today < due:
            continue
        contacts = db.session.scalars(select(ContactPerson).where(
            ContactPerson.customer_id == customer_id, ContactPerson.erased_at.is_(None))
            .order_by(ContactPerson.id)).all()
        for contact in contacts:
            report.add(f"erase contact {contact.id} of customer {customer_id}: contracts "
                       f"ended {max(ends)}, accounts kept until {due}")  # type: ignore[type-var]
            if not dry_run:
                erase(contact, by=None, now=now,
                      reason=f"retention: contracts ended {max(ends)} (seed 000: 30 days)")  # type: ignore[type-var]
                report.erased.append(ledger.of(contact, now))


def _ticket_data(today: date, report: RetentionReport, dry_run: bool) -> None:
    paid: dict[int, list[date]] = {}
    for customer_id, month in db.session.execute(
            select(Contract.customer_id, MonthlyFee.month).join(MonthlyFee.contract)
            .where(MonthlyFee.paid_cents > 0)):
        paid.setdefault(customer_id, []).append(month)
    done_ids = select(AuditEntry.subject_id).where(AuditEntry.action == "retention_redacted",
                                                    AuditEntry.subject_kind == "ticket")
    for customer_id, months in paid.items():
        due, end = ticket_data_due_on(months), paid_period_end(months)
        if due is None or end is None or today < due:
            continue
        cutoff = datetime(end.year, end.month, end.day, tzinfo=BRUSSELS).astimezone(UTC)
        tickets = db.session.scalars(select(Ticket.id).where(
            Ticket.customer_id == customer_id, Ticket.submitted_at < cutoff,
            Ticket.id.not_in(done_ids)).order_by(Ticket.id)).all()
        for ticket_id in tickets:
            report.add(f"redact personal data of ticket {ticket_id}: paid period of customer "
                       f"{customer_id} ended {end}, kept until {due}")
            if not dry_run:
                done = redact_ticket(ticket_id)
                audit.record("retention_redacted", "ticket", ticket_id, actor_kind="system",
                             detail=f"paid period ended {end} (seed 003: 2 years); {done}")


def redact_ticket(ticket_id: int) -> Redacted:
    """Everything personal on one ticket: what contacts wrote, addresses, mails and files."""
    done = Redacted()
    authored: list[int] = []
    for row in event_rows(TicketEvent.ticket_id == ticket_id):
        author = row.actor_kind == "contact"
        if author:
            authored.append(row.id)
        text = author or row.type in ("held_mail_attached", *MAILED_TO_REPORTER)
        if redact_event(row, author=author, text=text, keys=ADDRESS_KEYS + ("html",)):
            done.events += 1
    mail_ids = redact_inbound(InboundMail.ticket_id == ticket_id, done)
    redact_attachments(authored, mail_ids, done, Attachment.ticket_id == ticket_id)
    redact_outbox(OutboxMessage.ticket_id == ticket_id, done)
    db.session.expire_all()
    return done


def _audit_log(now: datetime, report: RetentionReport, dry_run: bool) -> None:
    old = AuditEntry.at < now - AUDIT_RETENTION
    count = len(db.session.scalars(select(AuditEntry.id).where(old)).all())
    if not count:
        return
    report.add(f"purge {count} audit entries older than {AUDIT_RETENTION.days} days")
    if not dry_run:
        db.session.execute(delete(AuditEntry).where(old),
                           execution_options={"synchronize_session": False})


def _backups(folder: Path, now: datetime, report: RetentionReport, dry_run: bool) -> None:
    if not folder.is_dir():
        return
    files = [(p, datetime.fromtimestamp(p.stat().st_mtime, UTC))
             for p in folder.glob("*.gz") if p.is_file()]
    for path in backups_due(files, now):
        report.add(f"delete backup {path} (older than {BACKUP_AGE.days} days)")
        if not dry_run:
            path.unlink(missing_ok=True)


def backup_folder(config: Mapping[str, object], instance_path: str) -> Path:
    """HELPDESK_BACKUP_DIR from the settings, else `backups/` in the instance folder."""
    configured = config.get("HELPDESK_BACKUP_DIR")
    return Path(str(configured)) if configured else Path(instance_path) / "backups"


def erase_again_after_restore(now: datetime) -> RetentionReport:
    """Seed 000 art. 7, at once: a scheduler taking the lead (as every one does when the
    application starts again, after a restore among other times) erases again whom the
    ledger lists, instead of leaving them restored until the next daily run."""
    from flask import current_app

    report = RetentionReport()
    _erase_again(backup_folder(current_app.config, current_app.instance_path), now, report,
                 dry_run=False)
    db.session.commit()
    for action in report.actions:
        log.info("retention: %s", action)
    return report


def apply_daily(now: datetime) -> RetentionReport:
    """The scheduler's daily run (leader only), with the configured backup folder."""
    from flask import current_app

    folder = backup_folder(current_app.config, current_app.instance_path)
    report = run(now, backup_dir=folder)
    for action in report.actions:
        log.info("retention: %s", action)
    return report
