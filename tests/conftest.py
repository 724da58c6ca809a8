"""Shared fixtures: an app on a migrated database, SQLite by default or PostgreSQL.

Set HELPDESK_TEST_DATABASE_URL to a PostgreSQL URL to run the whole suite against it.
The schema is created by the migrations, once per run; each test then starts empty.

No test reads the wall clock. Each test starts on the project's clock at TEST_NOW, which
then ticks; a test that needs another instant sets it with the `clock` fixture.
HELPDESK_TEST_NOW moves TEST_NOW (scripts/test runs the suite at two far dates too), so a
test that passes only near one date shows itself.

A test marked `date_free` cannot depend on the date: it never reads the project's clock and
uses no database, so scripts/test runs it at the test instant only (its far-date passes and
the PostgreSQL pass select `-m "not date_free"`). The mark is checked, not trusted: such a
test fails if it reads the clock (`test_clock` below counts the reads), asks for the `clock`
fixture or the database, names TEST_NOW or is postgres_only. Mark whole modules with
`pytestmark = pytest.mark.date_free` and a line saying why.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import settings as hypothesis_settings
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from helpdesk import clock as project_clock
from helpdesk import create_app
from helpdesk.extensions import db

POSTGRES_URL = os.environ.get("HELPDESK_TEST_DATABASE_URL", "")
# A Wednesday inside every service window (11:00 Brussels), far from month and year ends.
DEFAULT_TEST_NOW = "2026-11-18T10:00:00+00:00"
TEST_NOW = datetime.fromisoformat(os.environ.get("HELPDESK_TEST_NOW") or DEFAULT_TEST_NOW)
if TEST_NOW.tzinfo is None:
    raise pytest.UsageError("HELPDESK_TEST_NOW needs a UTC offset, e.g. 2027-07-01T12:00:00Z")

# The suite is deterministic: property tests draw the same examples on every run (finding
# new ones is bench/fuzz_mail_parser.py's work, not CI's).
hypothesis_settings.register_profile("deterministic", derandomize=True, database=None)
hypothesis_settings.load_profile("deterministic")


def pytest_configure(config: pytest.Config) -> None:
    """Before pytest-xdist's workers start: what every create_app() would otherwise write on
    its first call, so that parallel workers never race to write it (a stale compiled
    catalogue, the instance folder's generated secret key)."""
    if hasattr(config, "workerinput"):  # a worker: the controller has done it
        return
    from helpdesk.app import ROOT
    from helpdesk.config import instance_secret_key
    from helpdesk.i18n import compile_catalogues

    compile_catalogues(ROOT / "translations")
    if not os.environ.get("HELPDESK_SECRET_KEY"):
        instance_secret_key(Path(os.environ.get("HELPDESK_INSTANCE_PATH") or ROOT / "instance"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once the tests are collected (modules, mappers, routes, compiled
    templates) lives to the end of the run: frozen out of the garbage collector's passes,
    and the youngest generation collected less often. A test's objects come and go in their
    thousands; its full collections scanning a few hundred thousand lasting objects were a
    fifth of a page test's time."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _compile_url_builders_once() -> None:
    """Each test's create_app() compiles the URL builders of all ~130 routes into Python
    code again (werkzeug's Rule._compile_builder), two thirds of the app's set-up. The code
    depends only on the rule, never on the app, so the suite compiles each rule once and
    hands every app the same function (bound to its own Rule, so converters stay the
    app's). Only tests are served this way; werkzeug without the method is left alone."""
    from werkzeug.routing.rules import Rule

    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "memoised_by_tests", False):
        return
    builders: dict[object, object] = {}

    def memoised(self: Rule, append_unknown: bool = True):  # type: ignore[no-untyped-def]
        try:
            key = (self.rule, tuple(self._trace), append_unknown,
                   tuple(sorted((self.defaults or {}).items())),
                   tuple((name, type(c), vars(c).get("regex"))
                         for name, c in self._converters.items()))
            hash(key)
        except (AttributeError, TypeError):
            return compile_builder(self, append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    memoised.memoised_by_tests = True  # type: ignore[attr-defined]
    Rule._compile_builder = memoised  # type: ignore[method-assign]


def _parse_url_rules_once() -> None:
    """With the builders memoised, parsing the ~130 rules' text (werkzeug's Rule._parse_rule)
    is half of what is left of each test's create_app(). What it finds depends only on the
    text and the converter classes of the map, so the suite parses each text once and
    replays it: the same trace, regular expressions and weights, and the rule's converters
    made again on its own map. A rule werkzeug cannot parse raises as ever (never kept)."""
    from werkzeug.routing.rules import Rule, RulePart, Weighting

    parse_rule = getattr(Rule, "_parse_rule", None)
    if parse_rule is None or getattr(parse_rule, "memoised_by_tests", False):
        return
    parsed: dict[object, tuple[list[Any], list[Any], list[RulePart]]] = {}

    def memoised(self: Rule, rule: str) -> list[RulePart]:
        try:
            key = (rule, tuple(sorted(self.map.converters.items())))
            hash(key)
        except (AttributeError, TypeError):
            return list(parse_rule(self, rule))
        if key not in parsed:
            made: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = []
            get_converter = self.get_converter

            def recording(variable: str, name: str, args: tuple[Any, ...],
                          kwargs: Mapping[str, Any]) -> Any:
                made.append((variable, name, args, dict(kwargs)))
                return get_converter(variable, name, args, kwargs)

            before = len(self._trace)
            self.get_converter = recording  # type: ignore[method-assign]
            try:
                parts = list(parse_rule(self, rule))
            finally:
                del self.get_converter
            parsed[key] = (self._trace[before:], made, parts)
        else:
            trace, made, parts = parsed[key]
            self._trace.extend(trace)
            for variable, name, args, kwargs in made:
                self._converters[variable] = self.get_converter(variable, name, args, kwargs)
                self.arguments.add(variable)
        return [RulePart(content=p.content, final=p.final, static=p.static,
                         suffixed=p.suffixed,
                         weight=Weighting(p.weight[0], list(p.weight[1]), p.weight[2],
                                          list(p.weight[3])))
                for p in parts]

    memoised.memoised_by_tests = True  # type: ignore[attr-defined]
    Rule._parse_rule = memoised  # type: ignore[method-assign]


_compile_url_builders_once()
_parse_url_rules_once()


DATE_FREE = "date_free"
# What a date_free test may not ask for: the clock standing at TEST_NOW, and the database
# (the PostgreSQL pass is a far-date pass, so a database test must stay in it).
_NOT_DATE_FREE_FIXTURES = ("clock", "migrated_template", "postgres_database")


class ReadCountingClock:
    """A clock that counts how often it is read (a date_free test's clock must read 0)."""

    def __init__(self, inner: project_clock.Clock) -> None:
        self.inner = inner
        self.reads = 0

    def now(self) -> datetime:
        self.reads += 1
        return self.inner.now()


def date_free_refusal(item: pytest.Item) -> str | None:
    """Why `item` may not be marked date_free (None: it may, or it is not marked)."""
    if item.get_closest_marker(DATE_FREE) is None:
        return None
    if item.get_closest_marker("postgres_only") is not None:
        return "it is postgres_only, and runs only in the PostgreSQL pass"
    used = [name for name in _NOT_DATE_FREE_FIXTURES
            if name in getattr(item, "fixturenames", ())]
    if used:
        return f"it uses {', '.join(used)}"
    module = getattr(item, "module", None)
    if module is not None and "TEST_NOW" in _source_of(module):
        return f"{module.__name__} names TEST_NOW"
    return None


_SOURCES: dict[str, str] = {}


def _source_of(module: object) -> str:
    path = getattr(module, "__file__", None) or ""
    if path not in _SOURCES:
        _SOURCES[path] = Path(path).read_text() if path else ""
    return _SOURCES[path]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A date_free test that may not be one fails before any fixture is set up."""
    refusal = date_free_refusal(item)
    if refusal:
        pytest.fail(f"marked {DATE_FREE}, but {refusal}: remove the mark", pytrace=False)


@pytest.fixture(autouse=True)
def test_clock(monkeypatch: pytest.MonkeyPatch,
               request: pytest.FixtureRequest) -> Iterator[project_clock.ShiftedClock]:
    """The project's clock for this test: TEST_NOW at the start, ticking from there.

    The processes a test starts (listener, scheduler, CLI) inherit the same clock through
    HELPDESK_CLOCK_OFFSET. A date_free test gets the same clock, its reads counted: one read
    fails the test (scripts/test runs it at the test instant only). The processes it starts
    cannot be watched, so they get no offset but a malformed one, which stops the project's
    commands: such a test starts only other programs, or the project's with an environment
    of its own.
    """
    ticking = project_clock.ShiftedClock.starting_at(TEST_NOW)
    date_free = request.node.get_closest_marker(DATE_FREE) is not None
    offset = DATE_FREE if date_free else repr(ticking.offset.total_seconds())
    monkeypatch.setenv(project_clock.OFFSET_VARIABLE, offset)
    source = ReadCountingClock(ticking) if date_free else ticking
    previous = project_clock.install(source)
    yield ticking
    project_clock.install(previous)
    if isinstance(source, ReadCountingClock) and source.reads:
        pytest.fail(f"marked {DATE_FREE}, but it read the project's clock (reads: "
                    f"{source.reads}), so its outcome may depend on the date: remove the mark",
                    pytrace=False)


@pytest.fixture
def clock(test_clock: project_clock.ShiftedClock) -> Iterator[project_clock.FixedClock]:
    """A clock standing still at TEST_NOW, for tests that set and advance time themselves."""
    fixed = project_clock.FixedClock(TEST_NOW)
    previous = project_clock.install(fixed)
    yield fixed
    project_clock.install(previous)


def _config(database_url: str, instance: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SERVER_NAME": "helpdesk.test",
        "MAIL_DOMAIN": "helpdesk.test",
        "SMTP_PORT": 0,
        # Forms are posted without tokens in most tests; test_csrf.py turns protection on.
        "WTF_CSRF_ENABLED": False,
        # Erasures are noted beside the backups (helpdesk/privacy/ledger.py): the test's own.
        "BACKUP_DIR": str(instance / "backups"),
        # Tests call the API and forms far faster than people do; tests/api/test_rate_limits.py
        # and tests/integration/test_reset_rate_limit.py turn limiting on with tiny limits.
        "RATE_LIMIT_ENABLED": False,
    }


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of this run's own, so that parallel runs never share tables."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from helpdesk.config import database_uri

    base = make_url(database_uri(POSTGRES_URL))
    name = f"{base.database}_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A test database need not survive a crash of the server: commits return without
        # waiting for the disk (data stays visible to every connection at once, as ever).
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    yield base.set(database=name).render_as_string(hide_password=False)
    _drop_database(admin, name)
    admin.dispose()


def _drop_database(admin: Engine, name: str) -> None:
    """Drop this run's database once its tests are done, without failing a green run.

    A plain DROP DATABASE stops an autovacuum worker still busy in it, but refuses while
    another session lingers; WITH (FORCE) ends such sessions, yet PostgreSQL 15 refuses it
    to a role outside pg_signal_backend when the session it meets is autovacuum's (its role
    is none), which once failed CI's last test at teardown. So: plain drops for a few
    seconds, then the forced one; a database left behind is a warning, not an error."""
    import time
    import warnings

    from sqlalchemy.exc import DBAPIError

    failure: Exception | None = None
    for attempt in range(10):
        statement = f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if attempt % 2 else "")
        try:
            with admin.connect() as conn:
                conn.execute(text(statement))
            return
        except DBAPIError as error:
            failure = error
            time.sleep(0.5)
    warnings.warn(f"the test database {name} was left behind: {failure}", stacklevel=1)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory,
                      request: pytest.FixtureRequest) -> str:
    """Run the migrations once: into a template SQLite file, or into the PostgreSQL database."""
    from flask_migrate import upgrade

    template = tmp_path_factory.mktemp("template") / "template.sqlite3"
    url = request.getfixturevalue("postgres_database") if POSTGRES_URL else f"sqlite:///{template}"
    app = create_app(_config(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    return url


@pytest.fixture
def app_settings() -> dict[str, object]:
    """Settings a test module adds to the test config: override this fixture there."""
    return {}


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each SQLite test's database is, one path for all of this worker's tests (a copy
    of the migrated template, made again before each test), so that they share one engine."""
    return tmp_path_factory.mktemp("database") / "test.sqlite3"


@pytest.fixture
def app(migrated_template: str, tmp_path: Path, sqlite_database: Path,
        app_settings: dict[str, object]) -> Iterator[Flask]:
    if POSTGRES_URL:
        url = migrated_template
    else:
        url = f"sqlite:///{sqlite_database}"
        _fresh_copy(Path(migrated_template.removeprefix("sqlite:///")), sqlite_database, url)
    _TEST_DATABASES.add(_url_key(url))
    application = create_app({**_config(url, tmp_path), **app_settings})
    application.jinja_env.bytecode_cache = _templates_compiled_once(application.jinja_env)
    with application.app_context():
        if POSTGRES_URL:
            _empty_postgres()
        yield application
        db.session.remove()
        db.engine.dispose()


def _fresh_copy(template: Path, target: Path, url: str) -> None:
    """The template copied onto `target` as a new file (a connection a previous test left
    open keeps the old one), without the previous test's write-ahead log."""
    engine = _SHARED_ENGINES.get(_url_key(url))
    if engine is not None:
        # A thread of the previous test may still hold a connection (the browser tests'
        # servers wait for their requests, tests/browser/conftest.py): closed after the
        # copy, it would delete the new database's -wal by name (SQLite's last close).
        deadline = time.monotonic() + 5
        while getattr(engine.pool, "checkedout", lambda: 0)() and time.monotonic() < deadline:
            time.sleep(0.01)
        engine.dispose()
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    copy = target.with_name(target.name + ".new")
    shutil.copyfile(template, copy)
    os.replace(copy, target)


_TEST_DATABASES: set[str] = set()  # the URLs of the databases the app fixture serves
_SHARED_ENGINES: dict[str, Engine] = {}


def _url_key(url: object) -> str:
    from sqlalchemy.engine import make_url

    from helpdesk.config import database_uri

    return make_url(database_uri(str(url)) if isinstance(url, str) else url).render_as_string(
        hide_password=False)


def _share_the_test_databases_engine() -> None:
    """Each test's create_app() made a new engine, and a new engine brings an empty cache of
    compiled SQL: every statement of every test was compiled again (a fifth of a page
    test's time), and each mapper's cache of INSERT and UPDATE statements kept entries for
    every test's dialect, which made the garbage collector's full passes slow. Apps on the
    suite's test database (one file per worker on SQLite, the run's database on PostgreSQL)
    get the one engine made for it with the same options; the app fixture disposes its
    connections after each test. Other databases get engines of their own, as ever."""
    make_engine = db._make_engine
    if getattr(make_engine, "shared_by_tests", False):
        return

    def shared(bind_key: str | None, options: dict[str, Any], app: Flask) -> Engine:
        url = _url_key(options.get("url"))
        if url not in _TEST_DATABASES:
            return make_engine(bind_key, options, app)
        key = url + repr(sorted((name, repr(value)) for name, value in options.items()))
        if key not in _SHARED_ENGINES:
            _SHARED_ENGINES[key] = make_engine(bind_key, options, app)
            _SHARED_ENGINES.setdefault(url, _SHARED_ENGINES[key])
        return _SHARED_ENGINES[key]

    shared.shared_by_tests = True  # type: ignore[attr-defined]
    db._make_engine = shared  # type: ignore[method-assign]


_share_the_test_databases_engine()


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the whole run (jinja2's bytecode cache; it
    checks each template's source, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.buckets: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.buckets:
            bucket.bytecode_from_string(self.buckets[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.buckets[bucket.key] = bucket.bytecode_to_string()


_BYTECODE_CACHES: dict[tuple[object, ...], _MemoryBytecodeCache] = {}


def _templates_compiled_once(env: Environment) -> _MemoryBytecodeCache:
    """Every test's app has a Jinja environment of its own, which compiled each template
    from source again: most of a page test's time. Environments of the same settings share
    the compiled code (what the compiler bakes in: extensions, syntax, autoescape, ...);
    each still renders with its own filters and globals."""
    settings = (tuple(sorted(env.extensions)), env.block_start_string, env.block_end_string,
                env.variable_start_string, env.variable_end_string,
                env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                env.optimized, env.undefined, getattr(env.autoescape, "__func__", env.autoescape),
                env.finalize,
                env.is_async, type(env.loader), type(env))
    return _BYTECODE_CACHES.setdefault(settings, _MemoryBytecodeCache())


def _empty_postgres() -> None:
    """Every table of the models empty and every sequence back at 1, as after
    TRUNCATE ... RESTART IDENTITY, but only for what the previous test wrote.

    TRUNCATE gives each table (and index) a new file, which made emptying the ~30 tables
    the slowest step of most PostgreSQL tests; one query finds the few tables a test used,
    and those are emptied in one more (_reset_postgres). Should anything refuse, the
    whole-schema TRUNCATE of old runs."""
    tables = [t.name for t in db.metadata.sorted_tables]
    try:
        plan = _postgres_cleaning_plan(tables)
    except Exception:  # noqa: BLE001 - a schema the catalogue queries cannot read
        plan = None
    with db.engine.connect() as conn:
        try:
            if plan is None:
                raise LookupError("no cleaning plan")
            with conn.begin():
                dirty = conn.execute(text(plan.probe)).one()
                used = {name for name, wrote in zip(plan.probed, dirty, strict=True) if wrote}
                _reset_postgres(conn, plan, used)
            return
        except Exception:  # noqa: BLE001 - fall back to the slow, sure way below
            pass
        with conn.begin():
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@dataclass(frozen=True)
class _CleaningPlan:
    tables: list[str]  # children after parents (metadata order)
    sequences: dict[str, list[str]]  # table -> the sequences its columns own
    guarded: set[str]  # tables whose rows no DELETE may remove (append-only triggers)
    probed: list[str]  # "t:<table>" / "s:<sequence>", in the probe's column order
    probe: str


_PLANS: dict[str, _CleaningPlan] = {}


def _postgres_cleaning_plan(tables: list[str]) -> _CleaningPlan:
    """Read once per database: which sequences each table owns, which tables are guarded."""
    url = db.engine.url.render_as_string(hide_password=False)
    if url in _PLANS and _PLANS[url].tables == tables:
        return _PLANS[url]
    with db.engine.connect() as conn:
        owned = conn.execute(text(
            "SELECT t.relname, s.relname FROM pg_class s"
            " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
            "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " JOIN pg_namespace n ON n.oid = s.relnamespace"
            " WHERE s.relkind = 'S' AND n.nspname = current_schema()")).all()
        triggered = conn.execute(text(
            "SELECT DISTINCT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE NOT g.tgisinternal AND n.nspname = current_schema()")).scalars().all()
    sequences: dict[str, list[str]] = {}
    for table, sequence in owned:
        if table in tables:
            sequences.setdefault(table, []).append(sequence)
    probed, columns = [], []
    for table in tables:
        probed.append(f"t:{table}")
        columns.append(f'EXISTS (SELECT FROM "{table}")')
        for sequence in sequences.get(table, []):
            probed.append(f"s:{table}")
            columns.append(f'(SELECT is_called FROM "{sequence}")')
    plan = _CleaningPlan(tables=list(tables), sequences=sequences, guarded=set(triggered),
                         probed=[p.split(":", 1)[1] for p in probed],
                         probe="SELECT " + ", ".join(columns))
    _PLANS[url] = plan
    return plan


def _reset_postgres(conn: Connection, plan: _CleaningPlan, used: set[str]) -> None:
    """One round trip: the used tables DELETEd children first, the append-only ones with
    their own triggers switched off for it (their owner may; a TRUNCATE of them cost 30 ms a
    test, for the new files of the table and its indexes), and their sequences set back so
    that the next value is 1 (setval writes no new file, as ALTER SEQUENCE RESTART did)."""
    guarded = [t for t in plan.tables if t in used and t in plan.guarded]
    statements = [f'ALTER TABLE "{table}" DISABLE TRIGGER USER' for table in guarded]
    statements += [f'DELETE FROM "{table}"' for table in reversed(plan.tables) if table in used]
    statements += [f'ALTER TABLE "{table}" ENABLE TRIGGER USER' for table in guarded]
    sequences = [sequence for table in plan.tables if table in used
                 for sequence in plan.sequences.get(table, [])]
    if sequences:
        statements.append("SELECT " + ", ".join(f"setval('\"{sequence}\"', 1, false)"
                                                for sequence in sequences))
    if statements:
        conn.exec_driver_sql("; ".join(statements))


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()
