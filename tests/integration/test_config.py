"""Settings come from HELPDESK_* variables; the secret key is generated once, never committed."""

from __future__ import annotations

import pytest

from helpdesk.config import SettingsError, database_uri, from_environment


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    first = from_environment({}, tmp_path)["SECRET_KEY"]
    second = from_environment({}, tmp_path)["SECRET_KEY"]
    assert first == second and len(first) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_defaults_and_overrides(tmp_path):
    settings = from_environment({"HELPDESK_SMTP_PORT": "2626"}, tmp_path)
    assert settings["WEB_PORT"] == 5000
    assert settings["SMTP_PORT"] == 2626
    assert settings["DATABASE_URL"].startswith("sqlite:///")


def test_a_malformed_number_is_one_clear_error(tmp_path):
    with pytest.raises(SettingsError, match="HELPDESK_SMTP_PORT must be a whole number"):
        from_environment({"HELPDESK_SMTP_PORT": "lots"}, tmp_path)


def test_postgres_urls_use_psycopg_3():
    assert database_uri("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_uri("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_uri("sqlite:///x") == "sqlite:///x"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    from sqlalchemy import text

    from helpdesk.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
