"""The load run's database: created for the run, migrated, seeded with people and history."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.integration.test_scheduler_processes import ALWAYS  # 24/7, one-minute targets

PASSWORD = "load-password-123"


def _engine_url(url: str):  # type: ignore[no-untyped-def]
    from helpdesk.config import database_uri

    return make_url(database_uri(url))


def create_database(admin_url: str, name: str) -> str:
    """CREATE DATABASE as the admin URL's role; returns the new database's URL."""
    base = _engine_url(admin_url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return (base.set(drivername="postgresql", database=name)
            .render_as_string(hide_password=False))


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(_engine_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def seed(url: str, portal_users: int, staff: int, sender_threads: int, history: int,
         seed_value: int) -> dict[str, list]:
    """Migrate; two customers on the 24/7 one-minute contract (deadlines fall due during the
    run), two on office-hours presets with `history` tickets of the last three days."""
    from flask_migrate import upgrade

    from helpdesk import create_app
    from helpdesk.auth.passwords import hash_password
    from helpdesk.extensions import db
    from helpdesk.models import ContactPerson, Contract, Customer, Staff, StaffRole
    from helpdesk.tickets import commands
    from helpdesk.tickets.actors import Actor

    rng = random.Random(seed_value)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "load"})
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        password = hash_password(PASSWORD)
        customers = []
        for n, preset in enumerate((None, None, "type1", "type3")):
            customer = Customer(name=f"Load customer {n + 1}", created_at=now)
            db.session.add(customer)
            db.session.flush()
            db.session.add(Contract(
                customer_id=customer.id, name=f"Contract {n + 1}", starts_on=date(2020, 1, 1),
                sla_preset=preset, sla_definition=None if preset else ALWAYS))
            customers.append(customer)

        def contact(customer: Customer, email: str) -> ContactPerson:
            person = ContactPerson(customer_id=customer.id, name=email.split("@")[0],
                                   email=email, password_hash=password, portal_role="editor",
                                   email_confirmed=True, created_at=now)
            db.session.add(person)
            return person

        portal = [contact(customers[n % 4], f"portal{n}@customer{n % 4 + 1}.example").email
                  for n in range(portal_users)]
        senders = [[contact(customers[n % 4], f"mail{n}-{k}@customer{n % 4 + 1}.example").email
                    for k in range(3)] for n in range(sender_threads)]
        roles = [StaffRole.ESCALATION_MANAGER, StaffRole.SENIOR_MANAGER]
        for n, role in enumerate([StaffRole.AGENT] * staff + roles):
            db.session.add(Staff(name=f"Staff {n}", email=f"staff{n}@provider.example",
                                 role=role, password_hash=password, created_at=now))
        db.session.flush()
        reporters = db.session.query(ContactPerson).filter(
            ContactPerson.customer_id.in_([c.id for c in customers[2:]])).all()
        for n in range(history):
            reporter = rng.choice(reporters)
            at = now - timedelta(minutes=rng.randrange(10, 3 * 24 * 60))
            commands.submit(reporter=reporter, actor=Actor.of(reporter), now=at, at=at,
                            title=f"History {n}", description="An earlier incident.",
                            urgency=rng.choice(("light", "blocking")),
                            impact=rng.choice(("some", "all")), channel="portal")
            if n % 50 == 49:
                db.session.commit()
        db.session.commit()
        db.engine.dispose()
    staff_emails = [f"staff{n}@provider.example" for n in range(staff)]
    return {"portal": portal, "staff": staff_emails, "senders": senders}
