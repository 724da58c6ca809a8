"""Benchmark: the staff queue, a ticket page and the portal list under concurrent load.

Run from the repository root:  .venv/bin/python bench/web_load.py [--tickets 100000]

Loads --tickets tickets with --events events each (1,000,000 by default) into a SQLite
file with bulk Core inserts (events valid for the fold: submitted, assigned, acknowledged,
messages, notes, resolved), serves the app with gunicorn (one worker per core) on loopback
in a subprocess, logs in a staff member and a contact person through the real log-in forms
(CSRF on), then drives each page with concurrent clients (threads, http.client, keep-
alive, the session cookie) at --rate requests per second for --seconds seconds. Requests
are scheduled open-loop (at fixed instants, not after the previous answer), so a slow
server shows up as latency rather than as a politely lower rate. Prints p50/p95/max and
the rate achieved per page and the server's CPU time per request (the gunicorn workers'
user + system time from /proc, which a loaded machine does not inflate as it does wall
time), with the local PostgreSQL server's share (its processes' CPU; 0 on SQLite) and the
load generator's own (this process), then a one-line summary. Target: p95 under 50 ms (staff queue,
filtered view, ticket page) and under 30 ms (portal list)."""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

PASSWORD = "bench-password-123"
NOW = datetime.now(UTC).replace(microsecond=0)
BATCH = 20_000


def build_database(path: Path | str, tickets: int, events_per_ticket: int, seed: int, *,
                   url: str | None = None, words: Any = None) -> dict:
    """Migrate a fresh SQLite file (or an empty database named by URL, in `path` or `url`:
    PostgreSQL) and bulk-load customers, people, tickets and events. `words(rng, count)`,
    when given, writes the titles and message texts (bench/search.py wants a vocabulary;
    the default texts repeat)."""
    from flask_migrate import upgrade

    from helpdesk import create_app
    from helpdesk import sla as engine
    from helpdesk.auth.passwords import hash_password
    from helpdesk.extensions import db
    from helpdesk.models import (
        ContactPerson,
        Contract,
        Customer,
        ReferenceCounter,
        Staff,
        Ticket,
        TicketEvent,
    )

    rng = random.Random(seed)
    app = create_app({"DATABASE_URL": url or database_url(path), "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        conn = db.session.connection()
        customers = max(1, tickets // 1000)
        password = hash_password(PASSWORD)
        conn.execute(insert(Customer), [
            {"id": c + 1, "name": f"Customer {c + 1}", "created_at": NOW}
            for c in range(customers)])
        conn.execute(insert(Contract), [
            {"id": c + 1, "customer_id": c + 1, "name": f"Contract {c + 1}",
             "sla_preset": ("type1", "type3", "type5")[c % 3], "starts_on": date(2020, 1, 1),
             "annual_cap_enabled": True, "annual_cap_percent": 20,
             "annual_cap_cents": 500_000} for c in range(customers)])
        conn.execute(insert(ContactPerson), [
            {"id": c + 1, "customer_id": c + 1, "name": f"Contact {c + 1}",
             "email": f"contact{c + 1}@customer.example", "password_hash": password,
             "portal_role": "editor", "active": True, "email_confirmed": True,
             "created_at": NOW} for c in range(customers)])
        conn.execute(insert(Staff), [
            {"id": s + 1, "name": f"Agent {s + 1}", "email": f"agent{s + 1}@provider.example",
             "password_hash": password, "role": "agent", "active": True, "created_at": NOW}
            for s in range(10)])
        slas = {name: engine.preset(name) for name in ("type1", "type3", "type5")}
        ticket_rows: list[dict] = []
        event_rows: list[dict] = []
        event_id = 0
        open_refs: list[str] = []
        for n in range(1, tickets + 1):
            customer = rng.randrange(customers) + 1
            sla_name = ("type1", "type3", "type5")[(customer - 1) % 3]
            is_open = rng.random() < 0.1
            # Open tickets are recent; closed ones spread over the past year.
            age = timedelta(minutes=rng.randrange(10, 3 * 24 * 60) if is_open
                            else rng.randrange(4 * 24 * 60, 365 * 24 * 60))
            at = NOW - age
            urgency, impact = rng.choice(("light", "blocking")), rng.choice(("some", "all"))
            priority = engine.priority_for(urgency, impact)
            reference = f"HD-{NOW.year}-{n:06d}"
            agent = rng.randrange(10) + 1
            types = ["submitted", "assigned"]
            if not is_open:
                types.append("acknowledged")
            body_types = ("staff_reply", "customer_message", "note_added")
            while len(types) < events_per_ticket - (0 if is_open else 1):
                types.append(rng.choice(body_types))
            if not is_open:
                types.append("resolved")
            step = min(age / (len(types) + 1), timedelta(hours=2))
            deadline = None
            if is_open:
                deadline = engine.deadline(slas[sla_name], priority, "reaction", at)
                open_refs.append(reference)
            title = words(rng, 5) if words else f"Incident {n}"
            ticket_rows.append({
                "id": n, "reference": reference, "customer_id": customer,
                "contract_id": customer, "reporter_id": customer, "channel": "portal",
                "submitted_at": at, "title": title,
                "status": "open" if is_open else "resolved", "priority": priority,
                "tier": 1, "assignee_id": agent,
                # As the fold derives them: next_deadline only ahead, earliest_deadline
                # keeps a passed one (an overdue ticket sorts first, #19).
                "next_deadline": deadline if deadline and deadline > NOW else None,
                "earliest_deadline": deadline,
                "breach_count": 0, "confirmation_outstanding": False,
                "last_event_at": at + step * (len(types) - 1)})
            for seq, kind in enumerate(types, start=1):
                event_id += 1
                payload: dict = {}
                body = None
                actor = ("staff", agent, f"Agent {agent}")
                if kind == "submitted":
                    payload = {"title": title, "urgency": urgency, "impact": impact,
                               "priority": priority, "channel": "portal"}
                    body = words(rng, 40) if words else "Something broke. " * 5
                    actor = ("contact", customer, f"Contact {customer}")
                elif kind == "assigned":
                    payload = {"staff_id": agent, "staff_name": f"Agent {agent}"}
                elif kind in body_types:
                    body = words(rng, 25) if words else f"Message {seq} about incident {n}."
                    if kind == "customer_message":
                        actor = ("contact", customer, f"Contact {customer}")
                event_rows.append({
                    "id": event_id, "ticket_id": n, "seq": seq, "type": kind,
                    "at": at + step * (seq - 1), "recorded_at": at + step * (seq - 1),
                    "actor_kind": actor[0], "actor_id": actor[1], "actor_name": actor[2],
                    "channel": "portal", "payload": payload, "body": body})
            if len(event_rows) >= BATCH:
                conn.execute(insert(Ticket), ticket_rows)
                conn.execute(insert(TicketEvent), event_rows)
                ticket_rows, event_rows = [], []
        if ticket_rows:
            conn.execute(insert(Ticket), ticket_rows)
            conn.execute(insert(TicketEvent), event_rows)
        conn.execute(insert(ReferenceCounter), [{"year": NOW.year, "last": tickets}])
        db.session.commit()
        db.engine.dispose()
    return {"events": event_id, "open_refs": open_refs, "customers": customers}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(path: Path | str) -> str:
    """A SQLite file's path, or a database URL as given (postgresql://...)."""
    return path if isinstance(path, str) and "://" in path else f"sqlite:///{path}"


def database_has_tickets(url: str) -> bool:
    from sqlalchemy import create_engine, inspect, text

    from helpdesk.config import database_uri

    engine = create_engine(database_uri(url))
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("ticket"):
                return False
            return bool(connection.execute(text("SELECT count(*) FROM ticket")).scalar())
    finally:
        engine.dispose()


def serve(path: Path | str, port: int, workers: int, threads: int = 4) -> subprocess.Popen:
    """gunicorn as in production: one process per core (the GIL makes threads share one)."""
    env = dict(os.environ, HELPDESK_DATABASE_URL=database_url(path),
               HELPDESK_SECRET_KEY="bench-secret-key-not-for-production", PYTHONPATH=str(ROOT),
               HELPDESK_BASE_URL=f"http://127.0.0.1:{port}")
    command = [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers),
               "--threads", str(threads), "--worker-class", "gthread",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def session_cookie(response: http.client.HTTPResponse) -> str:
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("session="):
            return value.split(";")[0]
    raise SystemExit("no session cookie in the answer")


def log_in(port: int, audience: str, email: str) -> str:
    """The real log-in form: fetch the CSRF token and cookie, post, return the session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"/{audience}/login")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = session_cookie(response)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
    conn.request("POST", f"/{audience}/login", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"log-in as {email} failed: {response.status}")
    return session_cookie(response)


def drive(port: int, cookie: str, paths: list[str], rate: float, seconds: float,
          clients: int) -> tuple[list[float], int, float]:
    """Open-loop load: request i is due at start + i/rate, on one of `clients` threads."""
    local = threading.local()
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def one(path: str, due: float) -> None:
        nonlocal errors
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        began = time.perf_counter()
        try:
            local.conn.request("GET", path, headers={"Cookie": cookie})
            response = local.conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ok = False
        elapsed = (time.perf_counter() - began) * 1000
        with lock:
            latencies.append(elapsed)
            errors += 0 if ok else 1

    total = int(rate * seconds)
    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for i in range(total):
            pool.submit(one, paths[i % len(paths)], start + i / rate)
    wall = time.perf_counter() - start
    return latencies, errors, total / wall


def worker_cpu_seconds(server: subprocess.Popen) -> dict[int, float]:
    """CPU time (user + system) each gunicorn worker has used so far, from /proc (Linux):
    the figure that does not depend on what else the machine runs."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:  # fields[1]: the parent's pid
            found[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / tick
    return found


def database_cpu_seconds() -> float:
    """CPU time (user + system) the local PostgreSQL server's processes have used so far:
    on one machine, the database's share of each request (0 for SQLite, which runs in the
    workers and is counted there)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().split("(", 1)[1].rsplit(")", 1)
        except (OSError, ValueError):
            continue
        if name == "postgres":
            values = fields.split()
            total += (int(values[11]) + int(values[12])) / tick
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(server: subprocess.Popen, port: int, cookie: str, paths: list[str],
            args: argparse.Namespace) -> tuple[float, float, str]:
    """One page's run: p50, p95 and the line that reports it (latencies, the rate reached,
    and the CPU per request of the workers, the database server and the load generator)."""
    drive(port, cookie, paths[:5], 10, 0.5, args.clients)  # warm caches
    cpu_before, database_before = worker_cpu_seconds(server), database_cpu_seconds()
    client_before = time.process_time()  # this process: the load generator
    latencies, errors, achieved = drive(port, cookie, paths, args.rate, args.seconds,
                                        args.clients)
    spent = {pid: used - cpu_before.get(pid, 0.0)
             for pid, used in worker_cpu_seconds(server).items()}
    count = max(1, len(latencies))
    cpu = sum(spent.values()) * 1000 / count
    database = (database_cpu_seconds() - database_before) * 1000 / count
    client = (time.process_time() - client_before) * 1000 / count
    # How evenly the workers shared the work (keep-alive connections stay with the worker
    # that accepted them).
    split = "/".join(f"{100 * used / (sum(spent.values()) or 1):.0f}"
                     for used in sorted(spent.values(), reverse=True))
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    return p50, p95, (
        f"n={len(latencies):5d}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {max(latencies):6.1f} ms  {achieved:5.1f} req/s  errors {errors}  "
        f"server CPU {cpu:5.1f} ms/request (workers {split} %), database "
        f"{database:4.1f}, load generator {client:4.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10, help="events per ticket")
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="per page")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the SQLite file here")
    parser.add_argument("--database-url", help="an empty PostgreSQL database to load (or one "
                        "loaded before, reused), e.g. postgresql://user:pw@host/db")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)),
                        help="gunicorn worker processes (default: one per core)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker (default 4, as deploy/systemd)")
    parser.add_argument("--pages", help="only these pages, comma-separated (e.g. "
                        "'staff queue,portal list')")
    parser.add_argument("--runs", type=int, default=1, help="measure every page this many "
                        "times, in turn; the summary takes each page's median run")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="helpdesk-bench-"))
    path: Path | str = args.database_url or args.keep or folder / "bench.sqlite3"
    rng = random.Random(args.seed)
    if (args.keep and args.keep.exists()) or (
            args.database_url and database_has_tickets(args.database_url)):
        print(f"reusing {path}")
        refs = [f"HD-{NOW.year}-{rng.randrange(1, args.tickets + 1):06d}" for _ in range(500)]
        customers = max(1, args.tickets // 1000)
    else:
        began = time.perf_counter()
        built = build_database(path, args.tickets, args.events, args.seed)
        print(f"loaded {args.tickets:,} tickets and {built['events']:,} events into {path} "
              f"in {time.perf_counter() - began:.1f} s")
        customers = built["customers"]
        closed = [f"HD-{NOW.year}-{rng.randrange(1, args.tickets + 1):06d}" for _ in range(400)]
        refs = closed + rng.sample(built["open_refs"], min(100, len(built["open_refs"])))
    port = free_port()
    server = serve(path, port, args.workers, args.threads)
    try:
        staff = log_in(port, "staff", "agent1@provider.example")
        contact = log_in(port, "portal", f"contact{rng.randrange(customers) + 1}"
                                         "@customer.example")
        pages = [
            ("staff queue", staff, ["/staff/", "/staff/?show=mine", "/staff/?show=soon",
                                    "/staff/?show=unassigned", "/staff/?show=all&page=3"]),
            # Issue #16: filtered views, as the queue's filter form and saved views link them.
            ("filtered view", staff, [
                "/staff/?show=open&priority=P1,P2&clock=due&due_within=24",
                "/staff/?show=mine&status=open",
                f"/staff/?show=open&customer={rng.randrange(customers) + 1}",
                "/staff/?show=open&sla=type3&clock=breached",
                "/staff/?show=soon&assignee=none,1&tier=1"]),
            ("ticket page", staff, [f"/staff/tickets/{ref}" for ref in refs]),
            ("portal list", contact, ["/portal/", "/portal/?page=2"]),
        ]
        if args.pages:
            wanted = {name.strip() for name in args.pages.split(",")}
            unknown = wanted - {page[0] for page in pages}
            if unknown:
                raise SystemExit(f"no such page: {', '.join(sorted(unknown))} (pages: "
                                 + ", ".join(page[0] for page in pages) + ")")
            pages = [page for page in pages if page[0] in wanted]
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in pages}
        for run in range(1, args.runs + 1):
            for name, cookie, paths in pages:
                p50, p95, line = measure(server, port, cookie, paths, args)
                results[name].append((p50, p95))
                print((f"run {run}  " if args.runs > 1 else "") + f"{name:<12} {line}")
        # This machine's runs vary (a shared, virtual machine): the summary takes each
        # page's median run, and shows the spread over the runs.
        summary = {name: (statistics.median(p50 for p50, _ in runs),
                          statistics.median(p95 for _, p95 in runs),
                          min(p95 for _, p95 in runs), max(p95 for _, p95 in runs))
                   for name, runs in results.items()}
        targets = {"portal list": 30}
        verdict = "PASS" if all(p95 < targets.get(name, 50)
                                for name, (_, p95, _, _) in summary.items()) else "FAIL"
        several = args.runs > 1
        print(f"SUMMARY web_load {args.tickets:,} tickets"
              + (f", median of {args.runs} runs" if several else "") + ": " + "; ".join(
                  f"{name} p50 {p50:.1f} ms p95 {p95:.1f} ms"
                  + (f" (runs {low:.1f}-{high:.1f})" if several else "")
                  for name, (p50, p95, low, high) in summary.items())
              + f" (target p95 < 50 ms, portal list < 30 ms: {verdict})")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
