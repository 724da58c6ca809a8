"""Benchmark: the SLA fold of typical open tickets, in µs per fold and folds per second.

Run from the repository root:  .venv/bin/python bench/fold_speed.py [--n 20000]

The scheduler recomputes every open ticket's next deadline from its events, so the fold
of a typical ticket must be cheap. Tickets are random but realistic: presets type1, type3,
type5 and platform, a random priority, submitted in the 20 days before a fixed `now`; 60 %
acknowledged 1-300 minutes later, and 30 % of those then suspended for a supplier (half of
the suspensions already delivered). Every event lies at or before `now`, as in the
database. The rate is process CPU time over all tickets, best of `--repeat` runs (as
timeit does: other work on a shared machine only ever slows a run down).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpdesk.sla import (  # noqa: E402
    PRIORITIES,
    Sla,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    TicketEvent,
    TicketSubmitted,
    fold,
    preset,
)

NOW = datetime(2026, 3, 18, 14, 37, 12, tzinfo=UTC)  # a Wednesday; fixed, so runs compare
PRESETS = ("type1", "type3", "type5", "platform")
Ticket = tuple[list[TicketEvent], Sla]


def make_tickets(n: int, seed: int) -> list[Ticket]:
    rng = random.Random(seed)
    slas = [preset(name) for name in PRESETS]
    tickets: list[Ticket] = []
    for _ in range(n):
        submitted = NOW - timedelta(seconds=rng.randrange(20 * 86400))
        events: list[TicketEvent] = [
            TicketSubmitted(at=submitted, by="customer", priority=rng.choice(PRIORITIES))]
        acknowledged = submitted + timedelta(minutes=rng.randint(1, 300))
        if rng.random() < 0.6 and acknowledged <= NOW:
            events.append(TicketAcknowledged(at=acknowledged, by="staff"))
            suspended = acknowledged + timedelta(seconds=rng.randrange(2 * 86400))
            if rng.random() < 0.3 and suspended <= NOW:
                events.append(SupplierSuspended(at=suspended, by="staff", supplier="ACME"))
                delivered = suspended + timedelta(seconds=rng.randrange(3 * 86400))
                if rng.random() < 0.5 and delivered <= NOW:
                    events.append(SupplierDelivered(at=delivered, by="staff"))
        tickets.append((events, rng.choice(slas)))
    return tickets


def best_seconds(tickets: list[Ticket], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for events, sla in tickets:
            fold(events, sla, NOW)
        best = min(best, time.process_time() - started)
    return max(best, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="number of random tickets")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best one counts")
    parser.add_argument("--seed", type=int, default=20260318)
    parser.add_argument("--profile", action="store_true", help="cProfile one run instead")
    args = parser.parse_args()

    tickets = make_tickets(args.n, args.seed)
    for events, sla in tickets[:500]:  # warm the calendar precomputation and plan caches
        fold(events, sla, NOW)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for events, sla in tickets:
            fold(events, sla, NOW)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return

    sizes = Counter(len(events) for events, _ in tickets)
    elapsed = best_seconds(tickets, args.repeat)
    per_fold = elapsed / len(tickets) * 1e6
    rate = len(tickets) / elapsed
    mix = ", ".join(f"{count:,} with {size}" for size, count in sorted(sizes.items()))
    print(f"{len(tickets):,} tickets over {', '.join(PRESETS)} (events: {mix})")
    print(f"SUMMARY fold={per_fold:.1f} µs/ticket rate={rate:,.0f} folds/s "
          f"(best of {args.repeat}, process CPU time)")


if __name__ == "__main__":
    main()
