"""Seed 000 art. 7: erasures are noted beside the backups, so that after a restore within 90
days the daily retention run erases the same people again (and never someone new)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import ContactPerson
from helpdesk.privacy import ledger, retention
from tests.factories import login, make_contact, make_customer, make_staff
from tests.reports.helpers import cli

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _folder() -> Path:
    return Path(current_app.config["HELPDESK_BACKUP_DIR"])


def test_the_ledger_keeps_only_the_last_90_days(tmp_path):
    contact = make_contact(make_customer())
    ledger.remember(tmp_path, ledger.of(contact, NOW - timedelta(days=91)))
    ledger.remember(tmp_path, ledger.of(contact, NOW - timedelta(days=2)))
    (tmp_path / ledger.FILENAME).open("a").write("not json\n")
    assert [e.at for e in ledger.remembered(tmp_path, NOW)] == [NOW - timedelta(days=2)]
    ledger.prune(tmp_path, NOW)
    assert len((tmp_path / ledger.FILENAME).read_text().splitlines()) == 1


def test_a_person_restored_from_a_backup_is_erased_again():
    restored = make_contact(make_customer(), name="Rita Restored")
    db.session.commit()
    # As after a restore: the ledger says Rita was erased, the database does not.
    ledger.remember(_folder(), ledger.of(restored, NOW - timedelta(days=3)))
    report = retention.run(NOW, backup_dir=_folder())
    assert report.actions == [f"erase contact {restored.id} again: erased "
                              f"{(NOW - timedelta(days=3)).date()}, before a restore"]
    db.session.expire_all()
    assert db.session.get(ContactPerson, restored.id).erased_at == NOW
    assert retention.run(NOW, backup_dir=_folder()).actions == []


def test_someone_new_with_a_reused_row_id_is_left_alone(tmp_path):
    newcomer = make_contact(make_customer(), name="Nina New")
    db.session.commit()
    past = ledger.Erasure("contact", newcomer.id, newcomer.created_at - timedelta(days=200),
                          NOW - timedelta(days=3))
    ledger.remember(tmp_path, past)
    assert retention.run(NOW, backup_dir=tmp_path).actions == []


def test_erasures_from_the_pages_the_cli_and_retention_are_noted(app, client):
    customer = make_customer()
    by_page, by_cli = make_contact(customer), make_contact(customer)
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    client.post(f"/admin/contacts/{by_page.id}/erase", data={"reason": "asked", "confirm": "y"})
    result = cli(app, "privacy", "erase", "--contact", by_cli.email, "--reason", "asked")
    assert result.exit_code == 0, result.output
    noted = {(e.kind, e.id) for e in ledger.remembered(_folder(), utcnow())}
    assert noted == {("contact", by_page.id), ("contact", by_cli.id)}


def test_retention_notes_the_accounts_it_erases(tmp_path):
    from datetime import date

    from tests.factories import make_contract

    customer = make_customer()
    make_contract(customer, ends_on=date(2026, 1, 31))
    contact = make_contact(customer)
    db.session.commit()
    retention.run(NOW, backup_dir=tmp_path)
    assert [(e.kind, e.id, e.at) for e in ledger.remembered(tmp_path, NOW)] == [
        ("contact", contact.id, NOW)]
