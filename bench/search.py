"""Benchmark: full-text search at 100,000 tickets and 1,000,000 events, SQLite and PostgreSQL.

Run from the repository root:
    .venv/bin/python bench/search.py                       # both databases
    .venv/bin/python bench/search.py --database sqlite     # or postgresql only

Seeds with bench/web_load.py's bulk loader (customers, contacts, staff, tickets, events
valid for the fold), its titles and messages written from a vocabulary: Dutch, French and
English helpdesk words and a long tail of made-up ones, drawn Zipf-like, so some words are
in most tickets and most words in few. PostgreSQL gets a database of its own (created and
dropped; --pg-url names the server and a role that may create databases). Then builds the
search index with the application's own code (helpdesk/search/index.py, as the migration's
backfill and `helpdesk search reindex` do), and times `helpdesk.search.query.search` —
ranked ids, tickets, highlighted snippets: everything the page shows but the HTML — for a
mix of queries (common and rare words, two words, a beginning such as `netw*`, a reference),
as staff (every ticket) and as a portal contact (one customer). Prints p50/p95/max per
kind and overall, then the same single-word queries as a `LIKE '%word%'` scan of the same
text (newest first, as a search without an index would list), and the ratio.
Target: search p95 under 50 ms on both databases."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from bench.load_seed import create_database, drop_database  # noqa: E402
from bench.web_load import NOW, build_database, percentile  # noqa: E402

DEFAULT_PG = os.environ.get("HELPDESK_BENCH_PG_URL",
                            "postgresql://helpdesk:helpdesk-ci@127.0.0.1:5432/postgres")
REAL = str.split("""printer printers afdrukken imprimante imprimantes network netwerk réseau server
serveur mail mailbox firewall vpn password wachtwoord mot passe scanner laptop ordinateur
computer schijf disk disque backup sauvegarde storing panne outage error fout erreur licence
licentie update mise jour telefoon téléphone phone wifi draadloos sans fil router switch
kabel câble cable toner papier paper screen scherm écran keyboard toetsenbord clavier
account compte login aanmelden connexion slow traag lent crash vastgelopen bloqué database
databank base données certificate certificaat certificat expired verlopen expiré invoice
factuur facture calendar agenda calendrier teams outlook excel word sharepoint onedrive
synchronisation synchronisatie sync folder map dossier share gedeeld partagé rights rechten
droits user gebruiker utilisateur new nieuw nouveau broken kapot cassé again opnieuw encore
since sinds depuis morning ochtend matin office kantoor bureau urgent dringend
""")
FILLER = str.split("the de het le la and en et is of van du a een un to naar")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ka", "ro", "mi", "tel", "van", "dor", "qui", "sen", "lo", "bra", "ix",
                 "nor", "pe", "zu", "gra", "fen", "ol", "tri", "mon", "vel", "sk", "ar"]
    made = {"".join(rng.choice(syllables) for _ in range(rng.randrange(2, 5)))
            for _ in range(size * 2)}
    return FILLER + REAL + sorted(made)[:size]


def writer(words: list[str]):  # type: ignore[no-untyped-def]
    weights = list(accumulate(1 / (rank + 10) for rank in range(len(words))))  # Zipf-like

    def text(rng: random.Random, count: int) -> str:
        return " ".join(rng.choices(words, cum_weights=weights, k=count))
    return text


def queries(rng: random.Random, words: list[str], tickets: int, count: int
            ) -> list[tuple[str, str]]:
    common, rare = REAL[:60], words[len(FILLER) + len(REAL) + 2000:]
    made = []
    for n in range(count):
        kind = ("common word", "rare word", "two words", "typing", "reference")[n % 5]
        if kind == "common word":
            made.append((kind, rng.choice(common)))
        elif kind == "rare word":
            made.append((kind, rng.choice(rare)))
        elif kind == "two words":
            made.append((kind, f"{rng.choice(REAL)} {rng.choice(REAL)}"))
        elif kind == "typing":
            made.append((kind, rng.choice([w for w in REAL if len(w) >= 6])[:4] + "*"))
        else:
            made.append((kind, f"HD-{NOW.year}-{rng.randrange(1, tickets + 1):06d}"))
    return made


def build_index() -> tuple[int, float]:
    from sqlalchemy import select

    from helpdesk.extensions import db
    from helpdesk.models import Ticket
    from helpdesk.search import index

    began = time.perf_counter()
    ids = list(db.session.scalars(select(Ticket.id).order_by(Ticket.id)))
    for start in range(0, len(ids), index.BATCH):
        index.refresh(ids[start:start + index.BATCH])
        db.session.commit()
    return len(ids), time.perf_counter() - began


def timed(function, *args, **kwargs) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - began) * 1000, result


LIKE = """SELECT ticket_id FROM search_document WHERE title {op} :p OR people {op} :p
OR public_text {op} :p OR public_files {op} :p OR internal_text {op} :p
OR internal_files {op} :p ORDER BY ticket_id DESC LIMIT 50"""


def measure(url: str, args: argparse.Namespace, words: list[str], index: bool = True
            ) -> dict[str, float]:
    from sqlalchemy import text

    from helpdesk import create_app
    from helpdesk.extensions import db
    from helpdesk.search.query import LIMIT, search

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        dialect = db.engine.dialect.name
        if index:
            count, seconds = build_index()
            print(f"[{dialect}] indexed {count:,} tickets in {seconds:.1f} s "
                  f"({count / seconds:,.0f} tickets/s)")
        if dialect == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE search_document"))
        rng = random.Random(args.seed)
        customers = max(1, args.tickets // 1000)
        mix = queries(rng, words, args.tickets, args.queries)
        for _, q in mix[:20]:  # warm the caches as a running server has them
            search(q)
        by_kind: dict[str, list[float]] = {}
        every: list[float] = []
        found: list[int] = []
        for kind, q in mix:
            for scope, customer in (("staff", None), ("portal", rng.randrange(customers) + 1)):
                ms, hits = timed(search, q, customer_id=customer)
                by_kind.setdefault(f"{kind} ({scope})", []).append(ms)
                every.append(ms)
                found.append(len(hits))  # type: ignore[arg-type]
            db.session.rollback()
        for kind, values in sorted(by_kind.items()):
            print(f"[{dialect}] {kind:<24} n={len(values):4d}  p50 {statistics.median(values):6.1f}"
                  f" ms  p95 {percentile(values, 0.95):6.1f} ms  max {max(values):6.1f} ms")
        p95 = percentile(every, 0.95)
        print(f"[{dialect}] search overall  n={len(every)}  p50 {statistics.median(every):.1f} "
              f"ms  p95 {p95:.1f} ms  max {max(every):.1f} ms  "
              f"(mean {statistics.mean(found):.1f} hits shown, at most {LIMIT})")
        op = "ILIKE" if dialect == "postgresql" else "LIKE"
        like_all, fts_all = [], []
        for wanted in ("common word", "rare word"):
            singles = [q for kind, q in mix if kind == wanted][:args.like // 2 or 1]
            like_ms, fts_ms = [], []
            for q in singles:
                ms, _ = timed(lambda q=q: db.session.execute(text(LIKE.format(op=op)),
                                                             {"p": f"%{q}%"}).all())
                like_ms.append(ms)
                fts_ms.append(timed(search, q)[0])
            like_all += like_ms
            fts_all += fts_ms
            print(f"[{dialect}] {wanted}: LIKE '%word%' scan n={len(like_ms)} p50 "
                  f"{statistics.median(like_ms):.1f} ms, max {max(like_ms):.1f} ms; "
                  f"full-text p50 {statistics.median(fts_ms):.1f} ms: the scan takes "
                  f"{statistics.median(like_ms) / statistics.median(fts_ms):.1f}x as long")
        ratio = statistics.median(like_all) / statistics.median(fts_all)
        db.engine.dispose()
        return {"p95": p95, "ratio": ratio}


def _exists(admin_url: str, name: str) -> bool:
    """Whether a kept database of that name holds indexed tickets (an interrupted run may
    have left one empty or half seeded: it is seeded again)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": name}).first()
    engine.dispose()
    if found is None:
        return False
    engine = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg",
                                                   database=name))
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM search_document")).scalar())
    except Exception:  # no schema yet
        return False
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10, help="events per ticket")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=DEFAULT_PG,
                        help="PostgreSQL server and a role that may create databases")
    parser.add_argument("--queries", type=int, default=200, help="queries per scope")
    parser.add_argument("--like", type=int, default=10, help="LIKE scans to time")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true",
                        help="keep the seeded, indexed databases (SQLite file under /tmp, "
                             "PostgreSQL database helpdesk_search_bench) and reuse them")
    args = parser.parse_args()
    words = vocabulary(random.Random(args.seed), 20_000)
    text = writer(words)
    results = {}
    kept = Path(tempfile.gettempdir()) / f"helpdesk-search-bench-{args.tickets}.sqlite3"
    if args.database in ("sqlite", "both"):
        path = kept if args.keep else Path(
            tempfile.mkdtemp(prefix="helpdesk-search-bench-")) / "bench.sqlite3"
        reuse = args.keep and path.exists()
        if not reuse:
            began = time.perf_counter()
            built = build_database(path, args.tickets, args.events, args.seed, words=text)
            print(f"[sqlite] loaded {args.tickets:,} tickets and {built['events']:,} events "
                  f"in {time.perf_counter() - began:.1f} s")
        results["sqlite"] = measure(f"sqlite:///{path}", args, words, index=not reuse)
        if not args.keep:
            path.unlink()
    if args.database in ("postgresql", "both"):
        name = f"helpdesk_search_bench_{args.tickets}" if args.keep \
            else f"helpdesk_search_bench_{os.getpid()}"
        url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
        reuse = args.keep and _exists(args.pg_url, name)
        if not reuse:
            url = create_database(args.pg_url, name)
        try:
            if not reuse:
                began = time.perf_counter()
                built = build_database(None, args.tickets, args.events, args.seed, url=url,
                                       words=text)
                print(f"[postgresql] loaded {args.tickets:,} tickets and {built['events']:,} "
                      f"events in {time.perf_counter() - began:.1f} s")
            results["postgresql"] = measure(url, args, words, index=not reuse)
        finally:
            if not args.keep:
                drop_database(args.pg_url, url)
    summary = ", ".join(f"{name} p95 {r['p95']:.1f} ms (LIKE scan {r['ratio']:.1f}x as slow)"
                        for name, r in results.items())
    verdict = "PASS" if all(r["p95"] < 50 for r in results.values()) else "FAIL"
    print(f"search at {args.tickets:,} tickets: {summary} — target p95 < 50 ms: {verdict}")


if __name__ == "__main__":
    main()
