"""The `helpdesk` commands: init-db, demo, rebuild, and one-line errors at start."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from helpdesk.cli import main
from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Customer, Staff, Ticket, TicketEvent


def invoke(app, *args):
    result = CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_init_db_brings_the_schema_up_to_date(app):
    result = invoke(app, "init-db")
    assert result.exit_code == 0
    assert "up to date" in result.output


def test_demo_loads_a_provider_three_customers_and_about_fifty_tickets(app):
    result = invoke(app, "demo")
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output
    assert db.session.scalar(select(func.count(Customer.id))) == 3
    roles = set(db.session.scalars(select(Staff.role)))
    assert {"agent", "escalation_manager", "senior_manager", "administrator"} <= roles
    assert db.session.scalar(select(func.count(ContactPerson.id))) >= 3
    assert db.session.scalar(select(func.count(Ticket.id))) == 50
    presets = {c.sla_preset for customer in db.session.scalars(select(Customer))
               for c in customer.contracts}
    assert presets == {"type1", "type3", "type5"}
    statuses = set(db.session.scalars(select(Ticket.status)))
    assert len(statuses) >= 4, statuses
    again = invoke(app, "demo")
    assert "already has data" in again.output
    assert db.session.scalar(select(func.count(Ticket.id))) == 50


def test_rebuild_recomputes_derived_columns_from_events(app):
    invoke(app, "demo", "--tickets", "12")
    tickets = db.session.scalars(select(Ticket)).all()
    expected = {t.id: (t.status, t.priority, t.tier, t.next_deadline) for t in tickets}
    events_before = db.session.scalar(select(func.count(TicketEvent.id)))
    for t in tickets:  # corrupt the cache
        t.status, t.priority, t.tier, t.next_deadline = "garbage", "P9", 9, None
    db.session.commit()
    result = invoke(app, "rebuild")
    assert result.exit_code == 0
    assert "Rebuilt 12 tickets" in result.output and "12 had stale" in result.output
    db.session.expire_all()
    for t in db.session.scalars(select(Ticket)):
        status, priority, tier, deadline = expected[t.id]
        assert (t.status, t.priority, t.tier) == (status, priority, tier)
        # Rebuilding later may move nothing but running clocks' deadlines are fixed instants.
        assert t.next_deadline == deadline
    assert db.session.scalar(select(func.count(TicketEvent.id))) == events_before


def test_unreachable_database_fails_with_one_line():
    env = {"HELPDESK_DATABASE_URL": "postgresql://u:p@127.0.0.1:9/none", "PATH": "/usr/bin"}
    done = subprocess.run([sys.executable, "-m", "helpdesk.cli", "init-db"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("Error")]
    assert lines and "cannot reach the database" in lines[0]
    assert "Traceback" not in done.stderr


def test_malformed_setting_fails_with_one_line():
    env = {"HELPDESK_WEB_PORT": "five thousand", "PATH": "/usr/bin"}
    done = subprocess.run([sys.executable, "-m", "helpdesk.cli", "init-db"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "HELPDESK_WEB_PORT must be a whole number" in done.stderr
    assert "Traceback" not in done.stderr
