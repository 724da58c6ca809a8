"""`helpdesk privacy retention`: accounts of ended contracts, ticket data two years after the
paid period, old backups and old audit entries; dry runs change nothing; reruns do nothing."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import AuditEntry, ContactPerson, Ticket, TicketEvent
from helpdesk.privacy import audit, retention
from helpdesk.privacy.redaction import REDACTED
from helpdesk.tickets import actions
from tests.clocks import older_for_the_database
from tests.factories import make_contact, make_contract, make_customer, make_fee, make_ticket
from tests.reports.helpers import bxl, cli


def _ended_customer(ends_on: date):
    customer = make_customer(name=f"Ended {ends_on}")
    make_contract(customer, ends_on=ends_on)
    contact = make_contact(customer, name="Eva Ended", email=f"eva{ends_on.day}@ended.example")
    db.session.commit()
    return contact


def test_accounts_are_erased_30_days_after_the_contracts_ended():
    due = _ended_customer(date(2026, 9, 1))
    early = _ended_customer(date(2026, 10, 25))
    running = make_contact(make_customer(name="Running"))
    make_contract(running.customer)
    db.session.commit()
    now = bxl(2026, 10, 1, 3, 0)  # the 30th day after 1 September
    report = retention.run(now, backup_dir=None)
    assert len(report.actions) == 1 and f"contact {due.id}" in report.actions[0]
    db.session.expire_all()
    assert db.session.get(ContactPerson, due.id).erased_at == now
    assert db.session.get(ContactPerson, early.id).erased_at is None
    assert db.session.get(ContactPerson, running.id).erased_at is None
    assert retention.run(now, backup_dir=None).actions == []  # idempotent


def test_a_dry_run_changes_nothing():
    due = _ended_customer(date(2026, 9, 1))
    report = retention.run(bxl(2026, 11, 1, 3, 0), backup_dir=None, dry_run=True)
    assert report.actions
    db.session.rollback()
    assert db.session.get(ContactPerson, due.id).erased_at is None


def test_ticket_data_is_redacted_two_years_after_the_paid_period():
    customer = make_customer(name="Stopped paying")
    contract = make_contract(customer)  # still running, but unpaid since October 2024
    make_fee(contract, date(2024, 8, 1), 10_000)
    make_fee(contract, date(2024, 9, 1), 10_000)
    make_fee(contract, date(2024, 10, 1), 10_000, paid=0)
    contact = make_contact(customer, name="Olga Old")
    db.session.commit()
    old = make_ticket(contact, at=bxl(2024, 9, 10, 10, 0), title="Old outage")
    actions.customer_message(old, by=contact, now=bxl(2024, 9, 10, 11, 0), text="Olga's text",
                             channel="portal")
    later = make_ticket(contact, at=bxl(2024, 10, 5, 10, 0), description="after the period")
    db.session.commit()
    before = retention.run(bxl(2026, 9, 30, 12, 0), backup_dir=None)
    assert before.actions == []  # due on 1 October 2026
    report = retention.run(bxl(2026, 10, 1, 3, 0), backup_dir=None)
    assert report.actions == [
        f"redact personal data of ticket {old.id}: paid period of customer {customer.id} "
        "ended 2024-10-01, kept until 2026-10-01"]
    bodies = dict(db.session.execute(select(TicketEvent.seq, TicketEvent.body).where(
        TicketEvent.ticket_id == old.id)).all())
    assert set(bodies.values()) == {REDACTED}
    later_body = db.session.scalar(select(TicketEvent.body).where(
        TicketEvent.ticket_id == later.id))
    assert later_body == "after the period"
    assert db.session.get(Ticket, old.id).title == "Old outage"  # the ticket stays
    assert retention.run(bxl(2026, 10, 2, 3, 0), backup_dir=None).actions == []


def test_old_backups_are_deleted_and_others_kept(tmp_path):
    now = utcnow()
    old, new, other = tmp_path / "old.jsonl.gz", tmp_path / "new.jsonl.gz", tmp_path / "x.txt"
    for path in (old, new, other):
        path.write_bytes(b"x")
    stamp = (now - timedelta(days=91)).timestamp()
    os.utime(old, (stamp, stamp))
    os.utime(other, (stamp, stamp))
    fresh = (now - timedelta(days=89)).timestamp()  # ages are on the test's clock, not the disk's
    os.utime(new, (fresh, fresh))
    assert retention.run(now, backup_dir=tmp_path, dry_run=True).actions
    assert old.exists()
    retention.run(now, backup_dir=tmp_path)
    assert not old.exists() and new.exists() and other.exists()


def test_audit_entries_older_than_the_retention_period_are_purged():
    gone = audit.record("viewed", "ticket", 1, actor_kind="system")
    gone.at = older_for_the_database(timedelta(days=800))
    audit.record("viewed", "ticket", 2, actor_kind="system")
    db.session.commit()
    report = retention.run(utcnow(), backup_dir=None)
    assert report.actions == ["purge 1 audit entries older than 730 days"]
    assert db.session.scalars(select(AuditEntry.subject_id)).all() == [2]


def test_the_cli_runs_retention_exports_and_erases(app, tmp_path):
    due = _ended_customer(date(2020, 6, 1))
    result = cli(app, "privacy", "retention", "--dry-run", "--backup-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"would erase contact {due.id}" in result.output
    result = cli(app, "privacy", "export", "--contact", due.email.upper())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["person"]["name"] == "Eva Ended"
    email = due.email
    result = cli(app, "privacy", "erase", "--contact", email, "--reason", "request")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(ContactPerson, due.id).erased_at is not None
    again = cli(app, "privacy", "erase", "--contact", email, "--reason", "request")
    assert again.exit_code != 0 and "no contact person" in again.output
    assert cli(app, "privacy", "retention").output.strip() == "Nothing is due."
