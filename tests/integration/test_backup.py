"""`helpdesk backup` and `restore` round-trip a database, across database kinds too."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from helpdesk import create_app
from helpdesk.cli import main
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Attachment, ContactPerson, OutboxMessage, Ticket, TicketEvent
from helpdesk.ops.backup import RestoreRefused, restore, tables
from helpdesk.privacy import ledger
from helpdesk.privacy.erasure import erase
from tests.factories import make_contact, make_customer


def invoke(app, *args):
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def snapshot():
    """Every row of every table, as comparable tuples."""
    result = {}
    for table in tables():
        order = list(table.primary_key.columns) or list(table.columns)
        result[table.name] = [tuple(row) for row in db.session.execute(
            select(table).order_by(*order))]
    return result


def test_backup_and_restore_round_trip_everything(app, tmp_path):
    assert invoke(app, "demo", "--tickets", "15").exit_code == 0
    db.session.add(Attachment(ticket_id=1, filename="log.bin", content_type="x/y", size=3,
                              sha256="0" * 64, data=b"\x00\xff\x10",
                              created_at=db.session.get(Ticket, 1).submitted_at))
    db.session.commit()
    before = snapshot()
    path = tmp_path / "backup.jsonl.gz"
    result = invoke(app, "backup", str(path))
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output

    target = create_app({"TESTING": True, "SECRET_KEY": "x",
                         "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}"})
    with target.app_context():
        result = invoke(target, "restore", str(path))
        assert result.exit_code == 0, result.output
        after = snapshot()
        # The restored database goes on working: events append after the restored ones.
        next_id = db.session.scalar(select(func.max(TicketEvent.id)))
        db.session.remove()
        db.engine.dispose()
    assert after == before
    assert next_id == max(row[0] for row in before["ticket_event"])


def test_restore_refuses_a_database_that_is_not_empty(app, tmp_path):
    invoke(app, "demo", "--tickets", "2")
    path = tmp_path / "b.jsonl.gz"
    invoke(app, "backup", str(path))
    result = invoke(app, "restore", str(path))
    assert result.exit_code == 1
    assert "not empty" in result.output
    assert db.session.scalar(select(func.count(OutboxMessage.id))) >= 0


def test_restore_refuses_files_that_are_not_backups(app, tmp_path):
    path = tmp_path / "other.gz"
    with gzip.open(path, "wt") as out:
        out.write(json.dumps({"format": "something else"}) + "\n")
    with pytest.raises(RestoreRefused, match="not a helpdesk backup"):
        restore(path)


def test_a_restore_erases_again_whom_the_ledger_lists(app, tmp_path):
    """Seed 000 art. 7: someone erased after the backup was made is erased again as soon as
    the backup is restored."""
    app.config["HELPDESK_BACKUP_DIR"] = str(tmp_path / "backups")
    contact = make_contact(make_customer(), name="Rita Restored")
    db.session.commit()
    path = tmp_path / "backup.jsonl.gz"
    assert invoke(app, "backup", str(path)).exit_code == 0
    erase(contact, by=None, reason="asked to", now=utcnow())
    db.session.commit()
    ledger.remember_in_app(contact, utcnow())

    target = create_app({"TESTING": True, "SECRET_KEY": "x",
                         "HELPDESK_BACKUP_DIR": str(tmp_path / "backups"),
                         "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}"})
    with target.app_context():
        result = invoke(target, "restore", str(path))
        assert result.exit_code == 0, result.output
        assert f"erase contact {contact.id} again" in result.output
        restored = db.session.get(ContactPerson, contact.id)
        assert restored.erased_at is not None and restored.name != "Rita Restored"
        db.session.remove()
        db.engine.dispose()
