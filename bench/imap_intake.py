"""Benchmark: IMAP intake from a real Dovecot into SQLite, durably, then into tickets.

    .venv/bin/python bench/imap_intake.py [--latency-messages 100] [--backlog 5000]
                                          [--baseline 1000] [--no-tickets]

Starts a Dovecot of its own (Debian's dovecot-imapd, as the tests do: tests/imap/dovecot.py)
and a fresh SQLite database with registered contact persons, then prints:

1. latency: messages appended to the mailbox one at a time (about 5 a second) while the
   intake waits in IDLE; p50/p99/max from the end of the APPEND to the message stored
   durably and to its ticket (target: p99 < 2 s);
2. backlog: --backlog messages already waiting in the mailbox, drained (fetched, stored in
   one transaction per batch, moved to the processed folder) in batches of
   HELPDESK_IMAP_FETCH_BATCH (200): messages per second (target: >= 200/s);
3. the same drain one message per fetch, per transaction and per move (the loop of
   intakes that FETCH and handle each message alone), on --baseline messages, and the
   ratio of the two rates;
4. unless --no-tickets: how fast the stored backlog becomes tickets (intake/mail.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from helpdesk import create_app  # noqa: E402
from helpdesk.extensions import db  # noqa: E402
from helpdesk.imap import connect as imap  # noqa: E402
from helpdesk.imap import sync  # noqa: E402
from helpdesk.imap.intake import ImapIntake  # noqa: E402
from helpdesk.imap.secrets import seal  # noqa: E402
from helpdesk.intake.mail import process_pending  # noqa: E402
from helpdesk.models import (  # noqa: E402
    InboundMail,
    Mailbox,
)
from tests.imap.dovecot import PASSWORD, USER, Dovecot, available  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from smtp_intake import seed_senders  # noqa: E402

SENDERS = 50


def message(n: int, tag: str) -> bytes:
    sender = f"contact{n % SENDERS}@bench.example"
    return (f"From: {sender}\r\nTo: {USER}\r\nSubject: Printer {tag}-{n} does not print\r\n"
            f"Message-ID: <{tag}-{n}@bench.example>\r\nContent-Type: text/plain\r\n\r\n"
            f"The printer on floor {n % 7} shows error {n}.\r\n" + "x" * 800 + "\r\n").encode()


def setup(url: str, port: int):  # type: ignore[no-untyped-def]
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "IMAP_POLL_SECONDS": 30})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        now = seed_senders(SENDERS)
        db.session.add(Mailbox(
            name="Bench", host="127.0.0.1", port=port, security="none", username=USER,
            auth_method="password", secret_sealed=seal(PASSWORD, secret_key="bench"),
            folder="INBOX", after_storing="move", processed_folder="Processed",
            enabled=True, last_uid=0, created_at=now))
        db.session.commit()
    return app


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def watch(app, keys: set[str], seen_stored: dict[str, float], seen_ticket: dict[str, float],
          stop: threading.Event) -> None:
    """Poll the database every 5 ms: when each message was stored, when it got its ticket."""
    with app.app_context():
        while not stop.is_set():
            now = time.perf_counter()
            for key, ticket_id in db.session.execute(
                    select(InboundMail.dedup_key, InboundMail.ticket_id)).all():
                if key in keys:
                    seen_stored.setdefault(key, now)
                    if ticket_id is not None:
                        seen_ticket.setdefault(key, now)
            db.session.commit()
            time.sleep(0.005)


def latency(app, dovecot: Dovecot, count: int) -> None:
    intake = ImapIntake(app, process=True, refresh_seconds=0.2).start()
    appended: dict[str, float] = {}
    stored: dict[str, float] = {}
    ticketed: dict[str, float] = {}
    keys = {f"mid:lat-{n}@bench.example" for n in range(count)}
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(app, keys, stored, ticketed, stop))
    watcher.start()
    client = dovecot.client()
    try:
        time.sleep(2.0)  # the reader connects and enters IDLE
        for n in range(count):
            client.append("INBOX", message(n, "lat"))
            appended[f"mid:lat-{n}@bench.example"] = time.perf_counter()
            time.sleep(0.2)
        deadline = time.perf_counter() + 60
        while len(ticketed) < count and time.perf_counter() < deadline:
            time.sleep(0.05)
    finally:
        client.logout()
        stop.set()
        watcher.join()
        intake.stop()
    to_store = [stored[k] - appended[k] for k in appended if k in stored]
    to_ticket = [ticketed[k] - appended[k] for k in appended if k in ticketed]
    print(f"latency, IDLE, {count} messages appended one at a time:")
    for label, values in (("stored", to_store), ("ticket", to_ticket)):
        if not values:
            print(f"  append -> {label}: none arrived")
            continue
        print(f"  append -> {label}: p50 {statistics.median(values) * 1000:.0f} ms, "
              f"p99 {percentile(values, 0.99) * 1000:.0f} ms, "
              f"max {max(values) * 1000:.0f} ms ({len(values)}/{count})")
    ok = len(to_ticket) == count and percentile(to_ticket, 0.99) < 2.0
    print(f"  target p99 < 2 s to the ticket: {'met' if ok else 'NOT met'}")


def drain_rate(app, dovecot: Dovecot, count: int, batch: int, tag: str) -> float:
    dovecot.append([message(n, tag) for n in range(count)])
    with app.app_context():
        box = db.session.scalars(select(Mailbox)).one()
        account = imap.Account(host=box.host, port=box.port, security=box.security,
                               username=box.username, auth_method=box.auth_method,
                               secret=PASSWORD, folder=box.folder,
                               after_storing=box.after_storing,
                               processed_folder=box.processed_folder)
        client = imap.connect(account)
        try:
            started = time.perf_counter()
            selected = imap.select(client, account.folder)
            position = sync.start(box.id, selected, now=datetime.now(UTC))
            drained = sync.drain(client, position, now=lambda: datetime.now(UTC),
                                 after_storing="move", processed_folder="Processed",
                                 recipient=USER, batch=batch)
            elapsed = time.perf_counter() - started
        finally:
            client.logout()
    assert drained == count, (drained, count)
    assert dovecot.uids("INBOX") == []
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-messages", type=int, default=100)
    parser.add_argument("--backlog", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=1000)
    parser.add_argument("--no-tickets", action="store_true")
    args = parser.parse_args()
    if not available():
        sys.exit("Dovecot is needed: apt-get install dovecot-imapd")
    dovecot = Dovecot().start()
    folder = Path(tempfile.mkdtemp(prefix="hd-imap-bench-"))
    try:
        app = setup(f"sqlite:///{folder / 'bench.sqlite3'}", dovecot.port)
        latency(app, dovecot, args.latency_messages)
        batched = drain_rate(app, dovecot, args.backlog, sync.BATCH, "backlog")
        print(f"backlog of {args.backlog}, batches of {sync.BATCH}: {batched:.0f} messages/s "
              f"stored durably and moved (target >= 200/s: "
              f"{'met' if batched >= 200 else 'NOT met'})")
        single = drain_rate(app, dovecot, args.baseline, 1, "single")
        print(f"one message per fetch ({args.baseline} messages): {single:.0f} messages/s; "
              f"batched is {batched / single:.1f}x faster")
        if not args.no_tickets:
            with app.app_context():
                started = time.perf_counter()
                done = 0
                while True:
                    handled = process_pending(datetime.now(UTC), limit=1000)
                    done += handled
                    if not handled:
                        break
                elapsed = time.perf_counter() - started
                tickets = db.session.scalar(select(func.count()).select_from(InboundMail)
                                            .where(InboundMail.ticket_id.is_not(None)))
            print(f"stored backlog to tickets: {done} messages in {elapsed:.1f} s "
                  f"({done / elapsed:.0f}/s); {tickets} messages with a ticket in all")
    finally:
        dovecot.stop()


if __name__ == "__main__":
    main()
