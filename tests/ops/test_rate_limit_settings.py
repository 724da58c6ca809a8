"""The rate-limit settings are checked like every other: a malformed limit or storage stops
the start (and `helpdesk check-config`) with one line naming the variable."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from helpdesk.config import SettingsError, from_environment
from helpdesk.config_spec import masked

# date_free: settings, catalogues and template lint, no time in them; no clock read, no database.
pytestmark = pytest.mark.date_free

ROOT = Path(__file__).resolve().parents[2]
LIMITS = ("API_RATE_LIMIT", "API_ANONYMOUS_RATE_LIMIT", "PASSWORD_RESET_RATE_LIMIT",
          "PASSWORD_RESET_EMAIL_RATE_LIMIT")


def settings(tmp_path, **variables: str) -> dict:
    return from_environment({f"HELPDESK_{k}": v for k, v in variables.items()}, tmp_path)


def test_the_defaults_limit_and_count_in_this_process(tmp_path):
    found = settings(tmp_path)
    assert found["RATE_LIMIT_ENABLED"] is True
    assert found["RATE_LIMIT_STORAGE"] == "memory://"
    assert found["API_RATE_LIMIT"] == "600 per minute"
    assert found["API_ANONYMOUS_RATE_LIMIT"] == "60 per minute"
    assert found["PROXY_COUNT"] == 0


@pytest.mark.parametrize("name", LIMITS)
@pytest.mark.parametrize("value", ["lots", "600", "600 per fortnight", "0 per minute",
                                   "10/second;many"])
def test_a_malformed_limit_is_refused_with_one_line(tmp_path, name, value):
    with pytest.raises(SettingsError) as caught:
        settings(tmp_path, **{name: value})
    assert str(caught.value) == (f"HELPDESK_{name} must be a rate such as '600 per minute' or "
                                 f"'10/second;1000/hour', got {value!r}")


@pytest.mark.parametrize("value", ["1000 per hour", "10/second;1000/hour", " 5 per 2 minutes "])
def test_flask_limiter_notation_is_accepted(tmp_path, value):
    assert settings(tmp_path, API_RATE_LIMIT=value)["API_RATE_LIMIT"] == value.strip()


@pytest.mark.parametrize(("raw", "enabled"), [("0", False), ("off", False), ("no", False),
                                              ("1", True), ("TRUE", True), ("on", True)])
def test_limiting_is_switched_by_a_flag(tmp_path, raw, enabled):
    assert settings(tmp_path, RATE_LIMIT_ENABLED=raw)["RATE_LIMIT_ENABLED"] is enabled


def test_a_flag_that_is_neither_on_nor_off_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="HELPDESK_RATE_LIMIT_ENABLED must be 1 or 0"):
        settings(tmp_path, RATE_LIMIT_ENABLED="maybe")


@pytest.mark.parametrize("value", ["redis://:pw@cache.internal:6379/0",
                                   "memcached://cache.internal:11211", "memory://"])
def test_shared_stores_are_accepted_without_connecting(tmp_path, monkeypatch, value):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())  # client installed
    assert settings(tmp_path, RATE_LIMIT_STORAGE=value)["RATE_LIMIT_STORAGE"] == value


@pytest.mark.parametrize(("value", "client"), [("redis://:pw@cache.internal:6379/0", "redis"),
                                               ("memcached://cache.internal:11211",
                                                "pymemcache")])
def test_a_shared_store_without_its_client_library_says_what_to_install(tmp_path, monkeypatch,
                                                                        value, client):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(SettingsError) as caught:
        settings(tmp_path, RATE_LIMIT_STORAGE=value)
    assert str(caught.value).endswith(f"needs its client library: .venv/bin/pip install {client}")
    assert "pw@" not in str(caught.value)


@pytest.mark.parametrize("value", ["cache.internal:6379", "postgresql://db/x", "async+redis://x:1",
                                   "ftp://secret@x"])
def test_an_unknown_storage_is_refused_without_echoing_it(tmp_path, value):
    with pytest.raises(SettingsError) as caught:
        settings(tmp_path, RATE_LIMIT_STORAGE=value)
    assert str(caught.value).startswith("HELPDESK_RATE_LIMIT_STORAGE must be a storage URL")
    assert value not in str(caught.value)


def test_the_storage_password_is_masked():
    assert masked("RATE_LIMIT_STORAGE", "redis://:s3cret@cache:6379") == "redis://:***@cache:6379"


def test_check_config_names_a_malformed_limit(tmp_path):
    env = {"PATH": "/usr/bin", "HELPDESK_INSTANCE_PATH": str(tmp_path),
           "HELPDESK_API_RATE_LIMIT": "lots per minute"}
    done = subprocess.run([sys.executable, "-m", "helpdesk.cli", "check-config"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: HELPDESK_API_RATE_LIMIT must be a rate such as "
                                   "'600 per minute' or '10/second;1000/hour', "
                                   "got 'lots per minute'")


def test_check_config_shows_the_limits_in_force(tmp_path):
    env = {"PATH": "/usr/bin", "HELPDESK_INSTANCE_PATH": str(tmp_path),
           "HELPDESK_RATE_LIMIT_STORAGE": "memory://",
           "HELPDESK_API_RATE_LIMIT": "100 per minute"}
    done = subprocess.run([sys.executable, "-m", "helpdesk.cli", "check-config"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("HELP")}
    assert "100 per minute" in rows["HELPDESK_API_RATE_LIMIT"]
    assert "[environment]" in rows["HELPDESK_API_RATE_LIMIT"]
    assert "60 per minute" in rows["HELPDESK_API_ANONYMOUS_RATE_LIMIT"]
    assert "memory://" in rows["HELPDESK_RATE_LIMIT_STORAGE"]
