"""Benchmark: recompute 100,000 open tickets from events, sweep the due ones, and measure
the delay from a deadline to its escalation event with the real scheduler.

    .venv/bin/python bench/escalation_sweep.py [--tickets 100000]

Targets (issue 7): full recomputation < 5 s; due-ticket sweep < 50 ms (peers poll every
5 minutes for at most 1,000 tickets a run); deadline -> escalation event p99 < 2 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, update  # noqa: E402

from helpdesk import create_app  # noqa: E402
from helpdesk.extensions import db  # noqa: E402
from helpdesk.jobs.deadlines import process_due  # noqa: E402
from helpdesk.jobs.scheduler import DeadlineScheduler  # noqa: E402
from helpdesk.models import ContactPerson, Contract, Customer, Ticket, TicketEvent  # noqa: E402
from helpdesk.sla import priority_for  # noqa: E402
from helpdesk.tickets.rebuild import default_workers, rebuild_all, rebuild_range  # noqa: E402

PRESETS = ["type1", "type2", "type3", "type4", "type5", "platform"]
URGENCY_IMPACT = [("light", "some"), ("light", "all"), ("blocking", "some"), ("blocking", "all")]
ALWAYS = {
    "name": "always", "label": "24/7, 1-minute reaction (bench)", "holiday_country": None,
    "windows": {d: ["00:00-24:00"] for d in ("monday", "tuesday", "wednesday", "thursday",
                                             "friday", "saturday", "sunday")},
    "clocks": [{"name": "reaction", "label": "Reaction", "starts_on": "submitted",
                "stops_on": ["acknowledged"]}],
    "targets": {"reaction": {p: {"amount": 1, "unit": "minutes"} for p in ("P1", "P2", "P3",
                                                                             "P4")}},
}


def event(ticket_id: int, seq: int, type_: str, at: datetime, payload: dict, now: datetime,
          channel: str | None = None) -> dict:
    return {"ticket_id": ticket_id, "seq": seq, "type": type_, "at": at, "recorded_at": now,
            "actor_kind": "system", "actor_id": None, "actor_name": "bench",
            "channel": channel, "payload": payload, "dedup_key": None, "body": None}


def load(count: int, now: datetime, rng: random.Random) -> None:
    customers, contracts, contacts = [], [], []
    for n in range(100):
        customers.append({"id": n + 1, "name": f"Customer {n + 1}", "created_at": now})
        contracts.append({"id": n + 1, "customer_id": n + 1, "name": f"SLA {n + 1}",
                          "sla_preset": PRESETS[n % len(PRESETS)], "sla_definition": None,
                          "starts_on": date(2020, 1, 1), "ends_on": None,
                          "annual_cap_enabled": True, "annual_cap_percent": 20,
                          "annual_cap_cents": 500_000})
        contacts.append({"id": n + 1, "customer_id": n + 1, "name": f"Contact {n + 1}",
                         "email": f"c{n + 1}@bench.example", "portal_role": "editor",
                         "active": True, "email_confirmed": True, "created_at": now})
    db.session.execute(insert(Customer), customers)
    db.session.execute(insert(Contract), contracts)
    db.session.execute(insert(ContactPerson), contacts)
    tickets, events = [], []
    for tid in range(1, count + 1):
        customer = rng.randint(1, 100)
        submitted = now - timedelta(seconds=rng.randint(60, 30 * 86400))
        urgency, impact = rng.choice(URGENCY_IMPACT)
        tickets.append({"id": tid, "reference": f"HD-2026-{tid:06d}", "customer_id": customer,
                        "contract_id": customer, "reporter_id": customer, "channel": "portal",
                        "submitted_at": submitted, "title": "Bench ticket", "status": "open",
                        "tier": 1, "breach_count": 0, "confirmation_outstanding": False})
        seq = 1
        events.append(event(tid, seq, "submitted", submitted,
                            {"priority": priority_for(urgency, impact), "urgency": urgency,
                             "impact": impact, "title": "Bench ticket"}, now, "portal"))
        at = submitted
        if rng.random() < 0.6:
            at += timedelta(minutes=rng.randint(1, 600))
            if at < now:
                seq += 1
                events.append(event(tid, seq, "acknowledged", at, {}, now))
                if rng.random() < 0.25:
                    at += timedelta(minutes=rng.randint(5, 600))
                    if at < now:
                        seq += 1
                        events.append(event(tid, seq, "supplier_suspended", at,
                                            {"supplier": "Telenet"}, now))
        if rng.random() < 0.1:
            at += timedelta(minutes=rng.randint(1, 120))
            if at < now:
                seq += 1
                events.append(event(tid, seq, "priority_changed", at,
                                    {"priority": "P2", "urgency": "blocking", "impact": "some",
                                     "reason": "bench"}, now))
        if len(events) > 50_000:
            db.session.execute(insert(Ticket), tickets)
            db.session.execute(insert(TicketEvent), events)
            tickets, events = [], []
    db.session.execute(insert(Ticket), tickets)
    db.session.execute(insert(TicketEvent), events)
    db.session.commit()


def scheduler_delay(app, now: datetime, rng: random.Random, count: int = 200) -> list[float]:
    """Tickets on a 24/7 one-minute contract whose deadlines fall over the next 20 s."""
    contract_id = db.session.scalar(select(func.max(Contract.id))) + 1
    db.session.execute(insert(Contract), [{
        "id": contract_id, "customer_id": 1, "name": "24/7", "sla_preset": None,
        "sla_definition": ALWAYS, "starts_on": date(2020, 1, 1), "ends_on": None,
        "annual_cap_enabled": True, "annual_cap_percent": 20, "annual_cap_cents": 500_000}])
    first = db.session.scalar(select(func.max(Ticket.id))) + 1
    tickets, events = [], []
    for tid in range(first, first + count):
        deadline = now + timedelta(seconds=5 + rng.random() * 15)
        submitted = (deadline - timedelta(minutes=1)).replace(microsecond=0)
        tickets.append({"id": tid, "reference": f"HD-2026-{tid:06d}", "customer_id": 1,
                        "contract_id": contract_id, "reporter_id": 1, "channel": "portal",
                        "submitted_at": submitted, "title": "24/7", "status": "open",
                        "tier": 1, "breach_count": 0, "confirmation_outstanding": False})
        events.append(event(tid, 1, "submitted", submitted, {"priority": "P3"}, now))
    db.session.execute(insert(Ticket), tickets)
    db.session.execute(insert(TicketEvent), events)
    db.session.commit()
    # Derive only the new tickets: a rebuild of every open ticket would make the put-off
    # backlog (a bounded catch-up) due again, ahead of these.
    rebuild_range(datetime.now(UTC), first, first + count - 1)
    scheduler = DeadlineScheduler(app).start()
    try:
        time.sleep(25)
    finally:
        scheduler.shutdown()
    rows = db.session.execute(
        select(TicketEvent.at, TicketEvent.recorded_at).where(
            TicketEvent.type == "breach_recorded", TicketEvent.ticket_id >= first)).all()
    return sorted((recorded - at).total_seconds() for at, recorded in rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="processes for the full recomputation (as `helpdesk rebuild`)")
    parser.add_argument("--catch-up-seconds", type=float, default=60.0,
                        help="stop the catch-up of records owed at load after this long")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hd-bench-"))
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "SECRET_KEY": "bench"})
    rng = random.Random(args.seed)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        now = datetime.now(UTC).replace(microsecond=0)
        started = time.perf_counter()
        load(args.tickets, now, rng)
        events = db.session.scalar(select(func.count(TicketEvent.id)))
        print(f"loaded {args.tickets:,} open tickets with {events:,} events "
              f"in {time.perf_counter() - started:.1f} s (SQLite, {folder})")

        started = time.perf_counter()
        result = rebuild_all(now, workers=args.workers)
        full = time.perf_counter() - started
        print(f"full recomputation from events: {full:.2f} s with {args.workers} worker(s) "
              f"({result.tickets / full:,.0f} tickets/s; target < 5 s)")

        # Random histories owe tens of thousands of breaches and escalations at load; the
        # catch-up records them one ticket at a time, which takes minutes. It is bounded:
        # the sweep below measures the steady state, with whatever is still owed.
        started = time.perf_counter()
        caught_up, bounded = 0, False
        while True:
            made = process_due(now)
            caught_up += made
            if not made:
                break
            if time.perf_counter() - started > args.catch_up_seconds:
                bounded = True
                break
        print(f"catch-up (breaches and escalations owed at load): {caught_up:,} records in "
              f"{time.perf_counter() - started:.1f} s"
              + (f" (stopped after {args.catch_up_seconds:.0f} s, not finished)"
                 if bounded else ""))
        if bounded:
            # What is still owed would fill every sweep and keep the scheduler from the
            # 24/7 tickets below: put it off by a day, so both measure the steady state.
            put_off = db.session.execute(
                update(Ticket).where(Ticket.next_wake_at <= now)
                .values(next_wake_at=now + timedelta(days=1))).rowcount
            db.session.commit()
            print(f"  {put_off:,} tickets still owed at load: their wake put off by a day")

        sweeps = []
        for minute in range(1, 6):
            at = now + timedelta(minutes=minute)
            due = db.session.scalar(select(func.count()).where(Ticket.next_wake_at <= at))
            started = time.perf_counter()
            made = process_due(at)
            sweeps.append((time.perf_counter() - started, due, made))
        for seconds, due, made in sweeps:
            print(f"  sweep: {due} due tickets, {made} records, {seconds * 1000:.1f} ms")
        worst = max(s for s, _, _ in sweeps)
        started = time.perf_counter()
        db.session.scalars(select(Ticket.id).where(Ticket.next_wake_at <= now)
                           .order_by(Ticket.next_wake_at).limit(1000)).all()
        find = time.perf_counter() - started
        print(f"due-ticket sweep: worst {worst * 1000:.1f} ms over 5 one-minute steps; "
              f"the indexed due query alone {find * 1000:.2f} ms (target < 50 ms)")

        delays = scheduler_delay(app, datetime.now(UTC), rng)
        p50 = statistics.median(delays)
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
        print(f"deadline -> escalation event with the real scheduler: {len(delays)} breaches, "
              f"p50 {p50:.2f} s, p99 {p99:.2f} s, max {delays[-1]:.2f} s (target p99 < 2 s)")
        print(f"SUMMARY full recompute {full:.2f} s | sweep worst {worst * 1000:.1f} ms | "
              f"delay p99 {p99:.2f} s")


if __name__ == "__main__":
    main()
