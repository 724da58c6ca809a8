"""Benchmark: SMTP intake over loopback into SQLite, durably, then into tickets.

    .venv/bin/python bench/smtp_intake.py [--messages 2000] [--clients 8] [--rate N]
                                          [--store-only]

Starts `helpdesk smtpd` as a real process on a fresh SQLite database with registered
contact persons, sends the messages from concurrent smtplib clients and prints:
messages per second stored durably (each answered 250 only after its group commit),
p50/p99 from end of DATA to 250, and the delay from storage to ticket (target: all
within 2 s). Then it kills the listener with SIGKILL in the middle of a second run,
restarts it, lets the clients retry what got no 250, and checks that every message that
got a 250 exists exactly once as a ticket. The timing starts after a warm-up message has
become a ticket, i.e. once the intake workers are up. With --store-only the listener only stores
(IntakeController(process=False)) and only the storage figures are printed. --rate paces
the senders (e.g. 500: the issue's rate) instead of sending as fast as they can; on a
2-core machine the unpaced senders take the CPU the intake workers need, so the delay to
the ticket is the figure to read at the paced rate.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from helpdesk import create_app  # noqa: E402
from helpdesk.extensions import db  # noqa: E402
from helpdesk.models import ContactPerson, Contract, Customer, InboundMail, Ticket  # noqa: E402

SENDERS = 50
HELPDESK = str(ROOT / ".venv" / "bin" / "helpdesk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def message(n: int, tag: str) -> tuple[str, bytes]:
    sender = f"contact{n % SENDERS}@bench.example"
    body = (f"From: {sender}\r\nTo: helpdesk@provider.example\r\n"
            f"Subject: Printer {tag}-{n} does not print\r\n"
            f"Message-ID: <{tag}-{n}@bench.example>\r\nContent-Type: text/plain\r\n\r\n"
            f"The printer on floor {n % 7} shows error {n}.\r\n" + "x" * 800 + "\r\n")
    return sender, body.encode()


class Listener:
    def __init__(self, env: dict[str, str], command: list[str]) -> None:
        self.env = env
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, port: int) -> None:
        self.process = subprocess.Popen(self.command, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the listener did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def send_all(port: int, items: list[tuple[str, bytes]], clients: int, *,
             retry: bool = False, rate: float = 0.0) -> tuple[list[float], set[int]]:
    """Send items[i] from `clients` threads; returns DATA->250 latencies and acked indexes.
    With `rate` > 0 the clients together send that many messages a second, else at once."""
    latencies: list[float] = []
    acked: set[int] = set()
    lock = threading.Lock()

    begun = time.perf_counter()

    def worker(indexes: list[int]) -> None:
        pending = list(indexes)
        client = None
        while pending:
            index = pending[0]
            if rate > 0:  # message i leaves at i / rate seconds after the start
                time.sleep(max(0.0, begun + index / rate - time.perf_counter()))
            sender, raw = items[index]
            try:
                if client is None:
                    client = smtplib.SMTP("127.0.0.1", port, timeout=30)
                    client.ehlo()
                client.mail(sender)
                client.rcpt("helpdesk@provider.example")
                started = time.perf_counter()
                code, _ = client.data(raw)
                elapsed = time.perf_counter() - started
                if code == 250:
                    with lock:
                        latencies.append(elapsed)
                        acked.add(index)
                pending.pop(0)
            except (OSError, smtplib.SMTPException) as problem:
                if os.environ.get("BENCH_DEBUG"):
                    print("send failed:", repr(problem))
                client = None
                if not retry:
                    pending.pop(0)
                else:
                    time.sleep(0.2)
        if client is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                client.quit()

    threads = [threading.Thread(target=worker, args=(list(range(i, len(items), clients)),))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, acked


def seed_senders(senders: int = SENDERS) -> datetime:
    """One customer under a type 5 contract and `senders` confirmed contact persons
    (contact<n>@bench.example) who may report by mail; returns the instant used. Needs an
    app context; bench/imap_intake.py seeds the same."""
    now = datetime.now(UTC)
    db.session.execute(insert(Customer), [{"id": 1, "name": "Bench", "created_at": now}])
    db.session.execute(insert(Contract), [{
        "id": 1, "customer_id": 1, "name": "SLA", "sla_preset": "type5",
        "starts_on": date(2020, 1, 1), "annual_cap_enabled": True,
        "annual_cap_percent": 20, "annual_cap_cents": 500_000}])
    db.session.execute(insert(ContactPerson), [
        {"customer_id": 1, "name": f"Contact {n}", "email": f"contact{n}@bench.example",
         "portal_role": "editor", "active": True, "email_confirmed": True,
         "created_at": now} for n in range(senders)])
    return now


def setup(url: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        seed_senders()
        db.session.commit()


def wait_processed(app, expected: int, timeout: float = 120) -> float:
    started = time.perf_counter()
    with app.app_context():
        while time.perf_counter() - started < timeout:
            left = db.session.scalar(select(func.count()).where(
                InboundMail.state.in_(("received", "processing"))))
            done = db.session.scalar(select(func.count()).select_from(InboundMail))
            db.session.commit()
            if left == 0 and done >= expected:
                return time.perf_counter() - started
            time.sleep(0.1)
    raise RuntimeError("processing did not finish")


def serve_store_only() -> None:
    """The listener of `helpdesk smtpd` without the processing, until SIGTERM."""
    from helpdesk.intake.smtp import IntakeController

    app = create_app()
    controller = IntakeController(app, host="127.0.0.1", port=app.config["HELPDESK_SMTP_PORT"],
                                  max_bytes=app.config["HELPDESK_SMTP_MAX_MESSAGE_BYTES"],
                                  process=False)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0.0,
                        help="send this many messages a second in all (default: as fast as "
                             "the clients can)")
    parser.add_argument("--store-only", action="store_true",
                        help="measure storing alone: the listener turns nothing into tickets")
    parser.add_argument("--serve-store-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_store_only:
        serve_store_only()
        return
    folder = Path(tempfile.mkdtemp(prefix="hd-smtp-"))
    url = f"sqlite:///{folder / 'intake.sqlite3'}"
    setup(url)
    port = free_port()
    env = dict(os.environ, HELPDESK_DATABASE_URL=url, HELPDESK_SMTP_PORT=str(port),
               HELPDESK_SECRET_KEY="bench-secret-key-not-for-production",
               HELPDESK_INSTANCE_PATH=str(folder))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    command = ([sys.executable, __file__, "--serve-store-only"] if args.store_only
               else [HELPDESK, "smtpd"])
    listener = Listener(env, command)
    listener.start(port)
    warm = 0
    if not args.store_only:
        # Measure the running service, not its start: the intake workers are processes
        # that take a second or two to come up, and mail stored meanwhile waits for them.
        send_all(port, [message(0, "warm-up")], 1)
        warm = 1
        started = time.perf_counter()
        wait_processed(app, warm)
        print(f"warm-up message turned into a ticket {time.perf_counter() - started:.2f} s "
              "after the listener opened (the workers starting)")
    try:
        items = [message(n, "run") for n in range(args.messages)]
        assert listener.process is not None
        cpu_before, started = cpu_seconds(listener.process.pid), time.perf_counter()
        client_cpu = time.process_time()
        latencies, acked = send_all(port, items, args.clients, rate=args.rate)
        wall = time.perf_counter() - started
        listener_cpu = cpu_seconds(listener.process.pid) - cpu_before
        client_cpu = time.process_time() - client_cpu
        latencies.sort()
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
        pace = f"paced at {args.rate:.0f}/s" if args.rate else "unpaced"
        print(f"stored durably ({pace}): {len(acked)} of {len(items)} messages in {wall:.2f} s = "
              f"{len(acked) / wall:.0f} messages/s (target >= 500); DATA->250 p50 {p50:.1f} ms, "
              f"p99 {p99:.1f} ms (target < 50 ms)")
        print(f"CPU while sending: listener {listener_cpu / len(items) * 1000:.2f} ms/message "
              f"({listener_cpu / wall:.0%} of a core), clients "
              f"{client_cpu / len(items) * 1000:.2f} ms/message; load {os.getloadavg()[0]:.1f}")
        if args.store_only:
            print(f"SUMMARY store-only {len(acked) / wall:.0f} msg/s stored, p99 {p99:.1f} ms")
            return
        drain = wait_processed(app, warm + len(acked))
        with app.app_context():
            rows = db.session.execute(select(InboundMail.received_at, InboundMail.processed_at)
                                      .where(InboundMail.state == "processed",
                                             InboundMail.subject.like("Printer run-%"))).all()
            delays = sorted((p - r).total_seconds() for r, p in rows)
            tickets = db.session.scalar(select(func.count()).select_from(Ticket)
                                        .where(Ticket.title.like("Printer run-%")))
        print(f"turned into tickets: {tickets}; storage->ticket p50 "
              f"{statistics.median(delays):.2f} s, p99 {delays[int(len(delays) * .99) - 1]:.2f} s,"
              f" max {delays[-1]:.2f} s (target: all within 2 s; backlog drained "
              f"{drain:.1f} s after the last 250)")

        # Crash run: SIGKILL the listener mid-run, restart, retry what got no 250.
        crash_items = [message(n, "crash") for n in range(600)]
        result: dict[str, object] = {}

        def sender() -> None:
            result["acked"] = send_all(port, crash_items, 4, retry=True)[1]

        thread = threading.Thread(target=sender)
        thread.start()
        time.sleep(0.4)
        listener.kill()
        time.sleep(0.5)
        listener.start(port)
        thread.join()
        crash_acked = result["acked"]
        wait_processed(app, warm + len(acked) + len(crash_acked))
        with app.app_context():
            counts = dict(db.session.execute(
                select(Ticket.title, func.count()).where(Ticket.title.like("Printer crash-%"))
                .group_by(Ticket.title)).all())
        missing = [n for n in crash_acked if counts.get(f"Printer crash-{n} does not print") != 1]
        doubled = [t for t, c in counts.items() if c > 1]
        print(f"SIGKILL mid-run: {len(crash_acked)} messages got 250 (after retries); "
              f"missing {len(missing)}, doubled {len(doubled)} (target 0 and 0)")
        print(f"SUMMARY {pace}: {len(acked) / wall:.0f} msg/s stored, p99 {p99:.1f} ms, "
              f"ticket delay p99 {delays[int(len(delays) * .99) - 1]:.2f} s, "
              f"crash: missing {len(missing)} doubled {len(doubled)}")
    finally:
        listener.stop()


if __name__ == "__main__":
    main()
