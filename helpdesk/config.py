"""Settings from HELPDESK_* environment variables, validated once at start."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from helpdesk import config_spec
from helpdesk.config_kinds import SettingsError

__all__ = ["DEFAULTS", "SettingsError", "check_environment", "database_uri", "from_environment"]

DEFAULTS: dict[str, Any] = {
    "WEB_PORT": 5000,
    "SMTP_PORT": 2525,
    "SMTP_HOST": "127.0.0.1",
    "SMTP_RELAY": "",  # host[:port] of the outgoing mail server; empty = local sink
    "SMTP_MAX_MESSAGE_BYTES": 25 * 1024 * 1024,
    # Processes beside each SMTP listener that turn stored mail into tickets.
    "INTAKE_WORKERS": 2,
    "MAIL_FROM": "helpdesk@helpdesk.localhost",
    "MAIL_DOMAIN": "helpdesk.localhost",
    "BASE_URL": "",
    "LOGIN_LOCKOUT_FAILURES": 5,
    "LOGIN_LOCKOUT_SECONDS": 30,  # seed 000: 30-second lock-out after repeated failures
    "PASSWORD_RESET_MAX_AGE": 3600,
    # A follower scheduler tries to take the lead this often; takeover well within 60 s.
    "LEADER_RETRY_SECONDS": 5,
}

INTEGER_SETTINGS = {
    "WEB_PORT",
    "SMTP_PORT",
    "SMTP_MAX_MESSAGE_BYTES",
    "INTAKE_WORKERS",
    "LOGIN_LOCKOUT_FAILURES",
    "LOGIN_LOCKOUT_SECONDS",
    "PASSWORD_RESET_MAX_AGE",
    "LEADER_RETRY_SECONDS",
}


def from_environment(environ: Mapping[str, str], instance_path: Path) -> dict[str, Any]:
    """Read HELPDESK_* variables over the defaults, each checked by its kind (config_spec)."""
    given = config_spec.parse_environment(environ, DEFAULTS)
    settings = {**DEFAULTS, **config_spec.MORE_DEFAULTS, **given}
    for name in config_spec.NOT_KEPT:
        settings.pop(name, None)
    settings.setdefault("DATABASE_URL", f"sqlite:///{instance_path / 'helpdesk.sqlite3'}")
    if "SECRET_KEY" not in settings:
        settings["SECRET_KEY"] = instance_secret_key(instance_path)
    return settings


def check_environment(environ: Mapping[str, str]) -> list[str]:
    """Validate every HELPDESK_* variable (SettingsError on the first malformed one);
    returns warnings about variables that are no setting, likely typos."""
    config_spec.parse_environment(environ, DEFAULTS)
    return config_spec.unknown_variables(environ, DEFAULTS)


def instance_secret_key(instance_path: Path) -> str:
    """Generate the secret key once into the instance folder, so no secret is ever committed."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def database_uri(url: str) -> str:
    """Accept postgres:// and postgresql:// and always drive PostgreSQL through psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
