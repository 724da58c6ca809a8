"""Benchmark: what the live queue's poll costs (issue #16, helpdesk/web/staff/live.py).

    .venv/bin/python bench/live_queue.py [--tickets 20000] [--polls 300]

Seeds open tickets (one `submitted` event each) into a migrated SQLite file, logs a staff
member in, and times the queue page's poll: unchanged (If-None-Match matches: 304, one
statement of three index lookups, nothing rendered) and changed (a new event each time: 200
with the rows).
Each staff page polls once a second, so the 304 time is the steady cost per open queue.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from helpdesk import clock as project_clock  # noqa: E402
from helpdesk import create_app  # noqa: E402
from helpdesk.auth.passwords import hash_password  # noqa: E402
from helpdesk.extensions import db  # noqa: E402
from helpdesk.models import ContactPerson, Contract, Customer, Staff, Ticket, TicketEvent  # noqa: E402
from helpdesk.tickets import actions  # noqa: E402

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def seed(count: int) -> tuple[Staff, Ticket]:
    customer = Customer(name="Bench", created_at=NOW)
    db.session.add(customer)
    db.session.flush()
    contract = Contract(customer_id=customer.id, name="bench", sla_preset="type4",
                        starts_on=date(2026, 1, 1))
    contact = ContactPerson(customer_id=customer.id, name="C", email="c@bench.example",
                            created_at=NOW, email_confirmed=True)
    staff = Staff(name="S", email="s@provider.example", role="agent",
                  password_hash=hash_password("bench-password-1"), created_at=NOW)
    db.session.add_all([contract, contact, staff])
    db.session.flush()
    tickets, events = [], []
    for n in range(count):
        at = NOW - timedelta(minutes=n % 5000)
        tickets.append({"id": n + 1, "reference": f"HD-2026-{n + 1:06d}",
                        "customer_id": customer.id, "contract_id": contract.id,
                        "reporter_id": contact.id, "channel": "portal", "submitted_at": at,
                        "title": f"bench {n}", "status": "open", "priority": "P3",
                        "tier": 1, "next_deadline": at + timedelta(days=2),
                        "earliest_deadline": at + timedelta(days=2),
                        "breach_count": 0, "confirmation_outstanding": False})
        events.append({"ticket_id": n + 1, "seq": 1, "type": "submitted", "at": at,
                       "recorded_at": at, "actor_kind": "contact", "actor_id": contact.id,
                       "actor_name": "C", "channel": "portal", "dedup_key": None,
                       "payload": {"title": f"bench {n}", "urgency": "light",
                                   "impact": "all", "priority": "P3", "channel": "portal"},
                       "body": "x"})
    db.session.execute(insert(Ticket), tickets)
    db.session.execute(insert(TicketEvent), events)
    db.session.commit()
    return staff, db.session.scalar(select(Ticket).limit(1))


def timed(client, tag: str | None) -> tuple[float, int, str]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = client.get("/staff/queue/live?show=open",
                          headers={"If-None-Match": tag} if tag else {})
    return (time.perf_counter() - started) * 1000, response.status_code, \
        response.headers.get("ETag", "")


def report(name: str, samples: list[float]) -> None:
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"{name}: median {statistics.median(samples):.2f} ms, p99 {p99:.2f} ms "
          f"({len(samples)} polls)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=20000)
    parser.add_argument("--polls", type=int, default=300)
    args = parser.parse_args()
    project_clock.install(project_clock.FixedClock(NOW))
    folder = Path(tempfile.mkdtemp(prefix="bench-live-"))
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATE_LIMIT_ENABLED": False})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        staff, ticket = seed(args.tickets)
        client = app.test_client()
        client.post("/staff/login", data={"email": staff.email,
                                          "password": "bench-password-1"})
        _, status, tag = timed(client, None)
        assert status == 200, status
        unchanged, changed = [], []
        for _ in range(args.polls):
            ms, status, _ = timed(client, tag)
            assert status == 304, status
            unchanged.append(ms)
        for n in range(max(1, args.polls // 5)):
            actions.note(ticket, by=staff, now=NOW, text=f"bench note {n}")
            db.session.commit()
            ms, status, tag = timed(client, tag)
            assert status == 200, status
            changed.append(ms)
        print(f"{args.tickets} open tickets, SQLite")
        report("unchanged (304)", unchanged)
        report("changed (200, rows rendered)", changed)


if __name__ == "__main__":
    main()
