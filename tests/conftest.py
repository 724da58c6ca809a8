"""Shared fixtures: an app on a migrated database, SQLite by default or PostgreSQL.

Set HELPDESK_TEST_DATABASE_URL to a PostgreSQL URL to run the whole suite against it.
The schema is created by the migrations, once per run; each test then starts empty.

No test reads the wall clock. Each test starts on the project's clock at TEST_NOW, which
then ticks; a test that needs another instant sets it with the `clock` fixture.
HELPDESK_TEST_NOW moves TEST_NOW (scripts/test-dates runs the suite at far dates), so a
test that passes only near one date shows itself.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text

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


@pytest.fixture(autouse=True)
def test_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[project_clock.ShiftedClock]:
    """The project's clock for this test: TEST_NOW at the start, ticking from there.

    The processes a test starts (listener, scheduler, CLI) inherit the same clock through
    HELPDESK_CLOCK_OFFSET.
    """
    ticking = project_clock.ShiftedClock.starting_at(TEST_NOW)
    monkeypatch.setenv(project_clock.OFFSET_VARIABLE, repr(ticking.offset.total_seconds()))
    previous = project_clock.install(ticking)
    yield ticking
    project_clock.install(previous)


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
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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


@pytest.fixture
def app(migrated_template: str, tmp_path: Path,
        app_settings: dict[str, object]) -> Iterator[Flask]:
    if POSTGRES_URL:
        url = migrated_template
    else:
        source = Path(migrated_template.removeprefix("sqlite:///"))
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(source, target)
        url = f"sqlite:///{target}"
    application = create_app({**_config(url, tmp_path), **app_settings})
    with application.app_context():
        if POSTGRES_URL:
            _empty_postgres()
        yield application
        db.session.remove()
        db.engine.dispose()


def _empty_postgres() -> None:
    """TRUNCATE bypasses the append-only row triggers, which is what a fresh test needs."""
    tables = [t.name for t in db.metadata.sorted_tables]
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()
