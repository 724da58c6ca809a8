"""Benchmark: monthly credit statements for 1,000 customers with 100,000 tickets (SQLite).

Run from the repository root:  .venv/bin/python bench/monthly_report.py [--customers 1000]
                                [--tickets 100000] [--db /tmp/bench.sqlite3]

A fresh SQLite database is migrated and filled with SQLAlchemy Core executemany: customers
on managed-services contracts (type 4 mostly, some type 1, 5 and platform objectives),
monthly fees for 2025-2026, 100 tickets a customer spread over 2026 with valid event
histories (submitted, acknowledged, sometimes suspended for a supplier and delivered,
resolved or a workaround; a few still open), claims for part of the breaches, a few
attribution marks, and a hosted service with outages per customer.

Timed (wall clock, after the data is in):
  1. every customer's statement for December 2026 as of 2027-01-10: loading, folding every
     candidate ticket's events with the SLA engine, fees, claims, caps, availability; as
     `helpdesk credits --all` computes them (forked workers, helpdesk/reports/every.py),
     and for comparison in one process;
  2. the same load, then the statements of all twelve months of 2026 (the overview's trend);
  3. one customer's monthly report as PDF (report, template, WeasyPrint), warm and cold.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpdesk import create_app  # noqa: E402
from helpdesk.credits import Month  # noqa: E402
from helpdesk.extensions import db  # noqa: E402
from helpdesk.models import (  # noqa: E402
    Contract,
    CreditClaim,
    CreditClaimItem,
    Customer,
    CustomerService,
    MonthlyFee,
    Outage,
    Ticket,
    TicketEvent,
)
from helpdesk.sla import preset  # noqa: E402

BXL = ZoneInfo("Europe/Brussels")
MONTH = Month(2026, 12)
AS_OF = datetime(2027, 1, 10, 12, tzinfo=UTC)
PRIORITIES = (("P1", "blocking", "all", 5), ("P2", "blocking", "some", 20),
              ("P3", "light", "all", 40), ("P4", "light", "some", 35))
PRESETS = (("type4", 70), ("type5", 10), ("type1", 10), ("platform", 10))


def pick(rng: random.Random, weighted):  # type: ignore[no-untyped-def]
    return rng.choices(weighted, weights=[w[-1] for w in weighted])[0]


def working_instant(rng: random.Random, year: int = 2026) -> datetime:
    """A weekday instant in the year, 07:00-19:00 Brussels, before December 20."""
    while True:
        day = date(year, 1, 1) + timedelta(days=rng.randrange(0, 353))
        if day.weekday() < 5:
            local = datetime(day.year, day.month, day.day, rng.randrange(7, 19),
                             rng.randrange(60), rng.randrange(60), tzinfo=BXL)
            return local.astimezone(UTC)


def delay(rng: random.Random, target_s: int | None) -> timedelta:
    """Mostly well within the target in real time; one in ten late (a breach, usually)."""
    target_s = target_s or 8 * 3600
    share = rng.uniform(1.0, 4.0) if rng.random() < 0.10 else rng.uniform(0.02, 0.8)
    return timedelta(seconds=int(target_s * share))


def generate(customers: int, tickets: int, seed: int = 8) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    created = datetime(2024, 12, 1, tzinfo=UTC)
    rows: dict[str, list[dict]] = {k: [] for k in (
        "customer", "contract", "fee", "ticket", "event", "claim", "item", "service", "outage")}
    per_customer = max(tickets // customers, 1)
    ticket_id = event_id = claim_id = 0
    for cid in range(1, customers + 1):
        name = pick(rng, PRESETS)[0]
        sla = preset(name)
        rows["customer"].append({"id": cid, "name": f"Customer {cid:04d}", "created_at": created})
        rows["contract"].append({"id": cid, "customer_id": cid, "name": f"SLA {name} {cid}",
                                 "sla_preset": name, "starts_on": date(2025, 1, 1),
                                 "annual_cap_enabled": True, "annual_cap_percent": 20,
                                 "annual_cap_cents": 500_000})
        fee = rng.choice((45_000, 90_000, 125_000, 250_000))
        for year in (2025, 2026):
            for month in range(1, 13):
                paid = fee if rng.random() > 0.03 else fee // 2
                rows["fee"].append({"contract_id": cid, "month": date(year, month, 1),
                                    "invoiced_cents": fee, "paid_cents": paid})
        rows["service"].append({"id": cid, "customer_id": cid, "name": "Hosting",
                                "monthly_fee_cents": 8000, "created_at": created})
        for _ in range(rng.randrange(0, 4)):
            start = working_instant(rng)
            rows["outage"].append({"service_id": cid, "started_at": start,
                                   "ended_at": start + timedelta(minutes=rng.randrange(5, 400)),
                                   "cause": rng.choice(("unavailable", "unavailable",
                                                        "announced_maintenance")),
                                   "note": "", "recorded_at": start})
        for _ in range(per_customer):
            ticket_id += 1
            priority, urgency, impact, _w = pick(rng, PRIORITIES)
            submitted = working_instant(rng)
            reference = f"HD-2026-{ticket_id:06d}"
            events = [("submitted", submitted, {"title": "Incident", "urgency": urgency,
                                                "impact": impact, "priority": priority,
                                                "channel": "portal"})]
            react = sla.plan(priority, sla.clocks[0].name)
            ack = submitted + delay(rng, react.seconds if react else None)
            events.append(("acknowledged", ack, {}))
            resolution = sla.plan(priority, "resolution")
            at = ack
            if rng.random() < 0.10:
                at += timedelta(hours=rng.randrange(1, 30))
                events.append(("supplier_suspended", at, {"supplier": "Telco"}))
                at += timedelta(hours=rng.randrange(2, 72))
                events.append(("supplier_delivered", at, {}))
            status = "acknowledged"
            if rng.random() > 0.03:
                at += delay(rng, resolution.seconds if resolution else None)
                kind = "resolved" if rng.random() < 0.85 else "workaround_applied"
                events.append((kind, at, {}))
                status = kind
            rows["ticket"].append({
                "id": ticket_id, "reference": reference, "customer_id": cid,
                "contract_id": cid, "reporter_id": None, "channel": "portal",
                "submitted_at": submitted, "title": "Incident", "status": status,
                "priority": priority, "tier": 1, "breach_count": 0,
                "confirmation_outstanding": False, "last_event_at": events[-1][1]})
            for seq, (kind, when, payload) in enumerate(events, start=1):
                event_id += 1
                rows["event"].append({
                    "id": event_id, "ticket_id": ticket_id, "seq": seq, "type": kind,
                    "at": when, "recorded_at": when, "actor_kind": "staff", "actor_id": None,
                    "actor_name": "bench", "channel": None, "payload": payload,
                    "dedup_key": None, "body": None})
            late_ack = ack - submitted > timedelta(seconds=(react.seconds or 0)) if react else False
            if late_ack and rng.random() < 0.4:
                claim_id += 1
                received = (ack + timedelta(days=rng.randrange(0, 10))).date()
                rows["claim"].append({"id": claim_id, "customer_id": cid, "kind": "incident",
                                      "channel": "registered_letter", "received_on": received,
                                      "letter_reference": "", "note": "",
                                      "recorded_at": AS_OF})
                rows["item"].append({"claim_id": claim_id, "ticket_id": ticket_id,
                                     "clock": None})
    return rows


def fill(rows: dict[str, list[dict]]) -> None:
    tables = (("customer", Customer), ("contract", Contract), ("fee", MonthlyFee),
              ("service", CustomerService), ("outage", Outage), ("ticket", Ticket),
              ("event", TicketEvent), ("claim", CreditClaim), ("item", CreditClaimItem))
    with db.engine.begin() as connection:
        for key, model in tables:
            for start in range(0, len(rows[key]), 20_000):
                connection.execute(model.__table__.insert(), rows[key][start:start + 20_000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="SQLite file (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the data already in --db instead of generating it again")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for the statements (default: as `helpdesk credits "
                             "--all`, one per core, at most 4)")
    args = parser.parse_args()
    if args.workers is None:
        from helpdesk.tickets.rebuild import default_workers

        args.workers = default_workers()
    path = (Path(args.db) if args.db
            else Path(tempfile.mkdtemp(prefix="bench-credits-")) / "bench.sqlite3")
    if not args.reuse:
        path.unlink(missing_ok=True)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench-" * 8,
                      "SERVER_NAME": "helpdesk.bench", "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        started = time.perf_counter()
        rows = generate(args.customers, args.tickets)
        if not args.reuse:
            upgrade(directory=app.extensions["migrate"].directory)
            fill(rows)
        print(f"data: {len(rows['customer']):,} customers, {len(rows['ticket']):,} tickets, "
              f"{len(rows['event']):,} events, {len(rows['claim']):,} claims, "
              f"{len(rows['outage']):,} outages in {time.perf_counter() - started:.1f} s "
              f"({path})")
        db.session.remove()
        statements_s, count, breaches, owed = time_statements(args.workers)
        single_s = time_single_process()
        trend_s = time_trend()
        pdf_cold, pdf_warm, size = time_pdf(app)
        print(f"statements: {count:,} customers for {MONTH}, {breaches:,} breach lines, "
              f"EUR {owed:,.2f} owed, in {statements_s:.2f} s with {args.workers} worker(s) "
              f"({single_s / statements_s:.2f}x the single process's {single_s:.2f} s)")
        print(f"trend: the same load and all twelve months of 2026 ({12 * count:,} statements)"
              f" in {trend_s:.2f} s")
        print(f"pdf: one customer's report, {size:,} bytes, {pdf_warm:.2f} s warm "
              f"({pdf_cold:.2f} s cold, WeasyPrint loading included)")
        verdict = "OK" if statements_s < 5 and pdf_warm < 2 else "SLOW"
        print(f"SUMMARY statements={statements_s:.2f}s (<5 s) trend12={trend_s:.2f}s "
              f"pdf={pdf_warm:.2f}s warm/{pdf_cold:.2f}s cold (<2 s) "
              f"customers={count} tickets={len(rows['ticket'])} {verdict}")


def time_statements(workers: int) -> tuple[float, int, int, object]:
    """Every customer's statement for the month, as `helpdesk credits --all` computes them."""
    from helpdesk.reports.every import every_statement

    started, cpu = time.perf_counter(), time.process_time()
    statements = every_statement(MONTH, AS_OF, workers=workers)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    db.session.remove()
    lines = sum(len(s.lines) for s in statements)
    owed = sum(s.totals()["incident_owed"] for s in statements)
    print(f"  ({workers} worker process(es); {cpu:.2f} s CPU in the parent)")
    return elapsed, len(statements), lines, owed


def time_single_process() -> float:
    """The same in one process, with the screening figures (what each worker does)."""
    from helpdesk.reports.ledger import load
    from helpdesk.reports.statements import customer_statement

    started = time.perf_counter()
    ledger = load(since=Month(MONTH.year, 1).start, until=MONTH.end, now=AS_OF)
    for customer in ledger.customers.values():
        customer_statement(customer, MONTH, AS_OF)
    elapsed = time.perf_counter() - started
    folded = sum(1 for c in ledger.customers.values() for t in c.tickets if t.clocks)
    loaded = sum(len(c.tickets) for c in ledger.customers.values())
    db.session.remove()
    print(f"  one process: {elapsed:.2f} s; {folded:,} of {loaded:,} tickets needed a fold, "
          "the rest were screened out")
    return elapsed


def time_trend() -> float:
    from helpdesk.reports.ledger import load
    from helpdesk.reports.statements import customer_statement

    started = time.perf_counter()
    ledger = load(since=Month(MONTH.year, 1).start, until=MONTH.end, now=AS_OF)
    for customer in ledger.customers.values():
        for month in range(1, 13):
            customer_statement(customer, Month(MONTH.year, month), AS_OF)
    elapsed = time.perf_counter() - started
    db.session.remove()
    return elapsed


def time_pdf(app) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    from flask import render_template

    from helpdesk.reports import export
    from helpdesk.reports.chart import met_breached_svg
    from helpdesk.reports.report import monthly_report

    def once(customer_id: int) -> tuple[float, int]:
        started = time.perf_counter()
        with app.test_request_context("/"):
            report = monthly_report(customer_id, MONTH, AS_OF)
            html = render_template(
                "reports/monthly_pdf.html", report=report, customer_id=customer_id,
                chart=met_breached_svg(report.chart), claims=[],
                totals=report.statement.to_dict()["totals"])
            pdf = export.report_pdf(html)
        db.session.remove()
        return time.perf_counter() - started, len(pdf)

    cold, _ = once(1)
    warm, size = once(2)
    return cold, warm, size


if __name__ == "__main__":
    main()
