"""Where a page spends its time: SQL statements (count, time, plan) and a Python profile.

Run from the repository root on a database built by bench/web_load.py --keep FILE:

    .venv/bin/python bench/profile_pages.py --database FILE [--profile] PATH [PATH ...]

Each path is requested --repeat times through the app in-process (Flask's test client,
logged in as agent1, or as contact1 for /portal/ paths); prints the process's CPU time per
request (SQLite runs in-process, so its work is included; on a loaded, shared machine this
is the stable figure), the mean, median and fastest wall time, the statements each request
ran with their mean time, the costliest statement's EXPLAIN QUERY PLAN (SQLite) or EXPLAIN
ANALYZE (PostgreSQL) and, with --profile, pyinstrument's profile of five more requests.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-123"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="the SQLite file, or a database URL "
                        "(postgresql://...)", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()

    from sqlalchemy import event

    from helpdesk import create_app
    from helpdesk.extensions import db

    url = args.database if "://" in args.database else f"sqlite:///{args.database}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
    staff, portal = app.test_client(), app.test_client()
    staff.post("/staff/login", data={"email": "agent1@provider.example", "password": PASSWORD})
    portal.post("/portal/login", data={"email": "contact1@customer.example",
                                       "password": PASSWORD})
    with app.app_context():
        engine = db.engine
    timings: dict[str, list[float]] = defaultdict(list)
    started: dict[int, float] = {}
    params: dict[str, object] = {}

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        timings[statement].append((time.perf_counter() - started.pop(id(cursor))) * 1000)
        params[statement] = parameters

    for path in args.paths:
        client = portal if path.startswith("/portal") else staff
        client.get(path)  # warm
        timings.clear()
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        each = []
        cpu_began = time.process_time()
        for _ in range(args.repeat):
            began = time.perf_counter()
            status = client.get(path).status_code
            each.append((time.perf_counter() - began) * 1000)
        cpu = (time.process_time() - cpu_began) * 1000 / args.repeat
        each.sort()
        per_request = sum(each) / len(each)
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        sql = sum(sum(v) for v in timings.values()) / args.repeat
        count = sum(len(v) for v in timings.values()) / args.repeat
        print(f"\n{path}  [{status}]  CPU {cpu:.1f} ms per request; wall {per_request:.1f} "
              f"(median {each[len(each) // 2]:.1f}, fastest {each[0]:.1f}), "
              f"{count:.0f} statements, {sql:.1f} ms in SQL")
        ranked = sorted(timings.items(), key=lambda kv: -sum(kv[1]))
        for statement, values in ranked[:6]:
            one_line = " ".join(statement.split())
            print(f"  {sum(values) / args.repeat:7.2f} ms/request  x{len(values) / args.repeat:.0f}"
                  f"  {one_line[:150]}")
        if ranked:
            statement, _ = ranked[0]
            explain = ("EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite"
                       else "EXPLAIN (ANALYZE, BUFFERS)")
            with engine.connect() as connection:
                plan = connection.exec_driver_sql(f"{explain} {statement}",
                                                  params[statement]).all()
            print("  plan of the costliest: " + " | ".join(str(row[-1]).strip()
                                                         for row in plan))
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(5):
                client.get(path)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False)[:6000])


if __name__ == "__main__":
    main()
