"""Load and fault run: the whole cluster on loopback against PostgreSQL, with people on it.

    .venv/bin/python bench/load_run.py [--minutes 10] [--faults] [--portal-users 8]
        [--staff 3] [--mail-senders 4] [--think 1.0] [--web-workers 2]

Creates a database of its own (helpdesk_load_<pid>, with the role of --admin-url), migrates
and seeds it (customers on a 24/7 one-minute contract, so deadlines fall due during the run,
and on office-hours contracts with some history), starts two gunicorn web servers, two
`helpdesk smtpd` and two `helpdesk scheduler` (bench/cluster.py) and lets portal users,
staff and mail senders work for --minutes (bench/load_clients.py). With --faults a random
process (web, SMTP or scheduler, the leader among them) is killed with SIGKILL every
--fault-every seconds or so and restarted a moment later.

Prints requests per second and p50/p95/p99 per kind of request and the errors (target 0
without faults; with faults, requests that got no answer while a process was down are
counted apart and only wrong answers count as errors). Afterwards checks that every form that
got its redirect and every mail that got 250 is a ticket exactly once, that no breach or
escalation is recorded twice, and that everything due (breaches, escalations, warnings) was
recorded. Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load_checks  # noqa: E402
from bench.cluster import Cluster, Service, leader_pid  # noqa: E402
from bench.load_clients import Recorder, World, mail_sender, portal_user, staff_member  # noqa: E402
from bench.load_seed import PASSWORD, create_database, drop_database, seed  # noqa: E402

DEFAULT_ADMIN_URL = os.environ.get(
    "HELPDESK_TEST_DATABASE_URL") or "postgresql://helpdesk:helpdesk-ci@127.0.0.1:5432/helpdesk_test"


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def current_leader(engine) -> int | None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return leader_pid(conn)


def fault_loop(cluster: Cluster, stop: threading.Event, every: float, seed: int,
               kills: Counter, takeovers: list[float], engine) -> None:  # type: ignore[no-untyped-def]
    """Kill one process at a time with SIGKILL (web, SMTP, scheduler in turn, a random one of
    each kind) and restart it after a moment; time how long a killed leader stays unreplaced."""
    rng = random.Random(seed)
    kinds = ["web", "smtp", "scheduler"]
    rng.shuffle(kinds)
    turn = 0
    while not stop.wait(rng.uniform(0.5, 1.5) * every):
        victim: Service = rng.choice(cluster.of(kinds[turn % 3]))
        turn += 1
        was_leader = victim.kind == "scheduler" and current_leader(engine) == victim.pid
        victim.kill()
        killed_at = time.monotonic()
        kills[victim.kind] += 1
        if was_leader:
            kills["scheduler (the leader)"] += 1
            while time.monotonic() - killed_at < 120:
                if current_leader(engine) not in (None, victim.pid):
                    takeovers.append(time.monotonic() - killed_at)
                    break
                time.sleep(0.1)
        stop.wait(max(0.0, rng.uniform(0.5, 3.0) - (time.monotonic() - killed_at)))
        victim.start(wait=True)
        victim.restarts += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--faults", action="store_true", help="kill and restart processes")
    parser.add_argument("--fault-every", type=float, default=15.0, help="mean seconds")
    parser.add_argument("--portal-users", type=int, default=8)
    parser.add_argument("--staff", type=int, default=3)
    parser.add_argument("--mail-senders", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--history", type=int, default=300, help="tickets seeded beforehand")
    parser.add_argument("--admin-url", default=DEFAULT_ADMIN_URL,
                        help="a PostgreSQL database of a role that may create databases")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()

    url = create_database(args.admin_url, f"helpdesk_load_{os.getpid()}")
    folder = Path(tempfile.mkdtemp(prefix="helpdesk-load-"))
    print(f"database {url.rsplit('/', 1)[1]}; logs in {folder}")
    people = seed(url, args.portal_users, args.staff, args.mail_senders, args.history,
                  args.seed)
    cluster = Cluster(url, folder, web_workers=args.web_workers,
                      settings={"HELPDESK_LEADER_RETRY_SECONDS": "2"})
    ok = False
    try:
        cluster.start()
        ok = run(args, cluster, url, people)
    finally:
        cluster.stop()
        if args.keep:
            print(f"kept {url}")
        else:
            drop_database(args.admin_url, url)
    return 0 if ok else 1


def run(args: argparse.Namespace, cluster: Cluster, url: str, people: dict) -> bool:
    from sqlalchemy import create_engine

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    recorder, stop = Recorder(), threading.Event()
    world = World([s.port for s in cluster.of("web")], [s.port for s in cluster.of("smtp")],
                  PASSWORD, recorder, stop, args.think)
    threads = [threading.Thread(target=portal_user, args=(world, email, f"p{n}", args.seed + n))
               for n, email in enumerate(people["portal"])]
    threads += [threading.Thread(target=staff_member, args=(world, email, args.seed + 100 + n))
                for n, email in enumerate(people["staff"])]
    threads += [threading.Thread(target=mail_sender, args=(world, senders, f"m{n}",
                                                           args.seed + 200 + n))
                for n, senders in enumerate(people["senders"])]
    kills: Counter = Counter()
    takeovers: list[float] = []
    if args.faults:
        threads.append(threading.Thread(target=fault_loop, args=(
            cluster, stop, args.fault_every, args.seed, kills, takeovers, engine)))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(args.minutes * 60)
    stop.set()
    for thread in threads:
        thread.join(120)
    wall = time.perf_counter() - started
    for service in cluster.services:  # a fault may have left one down at the very end
        if not service.alive():
            service.start(wait=True)

    report_load(args, recorder, wall, kills, cluster)
    logged = logged_errors(cluster)
    print(f"errors in the processes' logs: {len(logged)} (target 0)")
    for line in logged[:5]:
        print(f"  {line[:300]}")
    if takeovers:
        print(f"leader killed {len(takeovers)} times: a follower led again after "
              f"max {max(takeovers):.1f} s, mean {statistics.mean(takeovers):.1f} s "
              f"(HELPDESK_LEADER_RETRY_SECONDS=2; target < 60 s)")
    checks = load_checks.verify(url, recorder)
    print(checks.text)
    errors = sum(recorder.wrong.values()) + len(logged) + (
        0 if args.faults else sum(recorder.unanswered.values()))
    verdict = "PASS" if errors == 0 and checks.passed else "FAIL"
    total = sum(len(v) for v in recorder.samples.values())
    slowest = max((percentile(sorted(v), 0.95), k) for k, v in recorder.samples.items() if v)
    print(f"SUMMARY load_run {args.minutes:g} min{' with faults' if args.faults else ''}: "
          f"{total / wall:.1f} req/s, worst p95 {slowest[0]:.0f} ms ({slowest[1]}), "
          f"errors {errors}, {checks.summary}"
          + (f", leader takeover max {max(takeovers):.1f} s" if takeovers else "")
          + f": {verdict}")
    engine.dispose()
    return verdict == "PASS"


def logged_errors(cluster: Cluster) -> list[str]:
    """ERROR lines the servers logged (text or JSON format): a failed job is invisible to
    clients. A process killed on purpose logs nothing; its peers must not log either."""
    found = []
    for service in cluster.services:
        if service.log_path.exists():
            for line in service.log_path.read_text(errors="replace").splitlines():
                if re.search(r'^ERROR|"level": ?"(ERROR|CRITICAL)"|^Traceback', line):
                    found.append(f"{service.name}: {line}")
    return found


def report_load(args: argparse.Namespace, recorder: Recorder, wall: float, kills: Counter,
                cluster: Cluster) -> None:
    print(f"\n{wall:.0f} s of load: {args.portal_users} portal users, {args.staff} staff, "
          f"{args.mail_senders} mail senders (think {args.think:g} s); 2 web servers x "
          f"{args.web_workers} gunicorn workers, 2 SMTP listeners, 2 schedulers; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'kind':<18}{'n':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'wrong':>7}{'no answer':>10}")
    kinds = sorted(set(recorder.samples) | set(recorder.wrong) | set(recorder.unanswered))
    for kind in kinds:
        values = sorted(recorder.samples.get(kind, []))
        figures = (f"{statistics.median(values):9.1f}{percentile(values, .95):9.1f}"
                   f"{percentile(values, .99):9.1f}" if values else " " * 27)
        print(f"{kind:<18}{len(values):7d}{len(values) / wall:8.1f}{figures}"
              f"{recorder.wrong[kind]:7d}{recorder.unanswered[kind]:10d}")
    everything = sorted(v for values in recorder.samples.values() for v in values)
    if everything:
        print(f"{'all':<18}{len(everything):7d}{len(everything) / wall:8.1f}"
              f"{statistics.median(everything):9.1f}{percentile(everything, .95):9.1f}"
              f"{percentile(everything, .99):9.1f}{sum(recorder.wrong.values()):7d}"
              f"{sum(recorder.unanswered.values()):10d}")
    for example, times in recorder.examples.most_common(8):
        print(f"  {times} x {example}")
    if args.faults:
        print("faults: SIGKILL " + ", ".join(f"{k} {v}" for k, v in sorted(kills.items()))
              + f"; restarts {sum(s.restarts for s in cluster.services)}")


if __name__ == "__main__":
    sys.exit(main())
