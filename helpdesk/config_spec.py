"""Every HELPDESK_* setting's kind, and the checks run on the environment at start.

`config.DEFAULTS` holds the defaults; this module says what each setting accepts. A
setting with a default but no kind here is checked by its default's type (a whole number,
or one line of text), so a setting added to DEFAULTS is validated from the start.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from helpdesk import config_kinds as kinds
from helpdesk.logs import FORMATS, LEVELS

PREFIX = "HELPDESK_"

# Settings whose default lives here rather than in config.DEFAULTS.
MORE_DEFAULTS: dict[str, Any] = {
    "LOG_FORMAT": "auto",  # json, text, or auto: text at a terminal, JSON otherwise
    "LOG_LEVEL": "INFO",
    "WARNING_SHARES": "0.75,0.90",  # warn staff at these shares of a clock's target
    "SUPPLIER_REMINDER_DAYS": 3,  # working days before a supplier suspension is chased
    "BACKUP_DIR": "",  # backups deleted after 90 days (seed 000); empty: instance/backups
    # art. 38.3: a ticket submitted this long after a maintenance window ended still gets the
    # "provider maintenance?" hint on its staff page
    "MAINTENANCE_HINT_MINUTES": 30,
    # Rate limits (helpdesk/ratelimits.py), in Flask-Limiter's notation.
    "RATE_LIMIT_ENABLED": True,
    "RATE_LIMIT_STORAGE": "memory://",  # per process; several workers need a shared store
    "API_RATE_LIMIT": "600 per minute",  # per API token
    "API_ANONYMOUS_RATE_LIMIT": "60 per minute",  # per address, without a valid token
    "PASSWORD_RESET_RATE_LIMIT": "10 per hour",  # reset requests per address
    "PASSWORD_RESET_EMAIL_RATE_LIMIT": "3 per hour",  # reset mails per e-mail address
    # Reverse proxies in front whose X-Forwarded-For is trusted (nginx alone: 1).
    "PROXY_COUNT": 0,
    # Failed log-ins from one client address (any account) before it is locked out: spraying
    # passwords, or locking others out, costs the attacker too (helpdesk/auth/throttle.py).
    "LOGIN_CLIENT_LOCKOUT_FAILURES": 20,
    "LOGIN_CLIENT_LOCKOUT_SECONDS": 300,
    # The provider's MX as it names itself in Authentication-Results (RFC 8601); only its
    # verdicts are believed (helpdesk/mail/authresults.py).
    "AUTHSERV_ID": "",
    # A mail threads into an existing ticket only when that MX found dmarc=pass; otherwise
    # it is held for staff (spoofed replies, #18).
    "THREADING_REQUIRES_DMARC": False,
    # Log-in sessions (helpdesk/auth/revocation.py): idle and absolute lifetimes.
    "STAFF_SESSION_IDLE_MINUTES": 8 * 60,
    "PORTAL_SESSION_IDLE_MINUTES": 31 * 24 * 60,
    "SESSION_MAX_DAYS": 31,
    # R23: how long the link confirming a contact's address works, and domains refused for
    # accounts beside the maintained list of disposable ones (helpdesk/auth/disposable.py).
    "EMAIL_CONFIRMATION_MAX_DAYS": 7,
    "EXTRA_DISPOSABLE_DOMAINS": "",
    # IMAP intake (helpdesk/imap/): `helpdesk run` reads the mailboxes set up under
    # Administration; IDLE brings new mail at once, a poll this often is the fallback.
    "IMAP_ENABLED": True,
    "IMAP_POLL_SECONDS": 30,
    "IMAP_FETCH_BATCH": 200,  # messages per fetch and per storage transaction
    "IMAP_RECONNECT_MAX_SECONDS": 60,  # the longest wait between two failed connections
    "IMAP_CA_FILE": "",  # PEM file of CAs trusted besides the system's (a private CA)
}

KINDS: dict[str, kinds.Parser] = {
    "DATABASE_URL": kinds.database_url,
    "SECRET_KEY": kinds.secret,
    "INSTANCE_PATH": kinds.directory,
    "WEB_PORT": kinds.port,
    "SMTP_PORT": kinds.port,
    "SMTP_HOST": kinds.host,
    "SMTP_RELAY": kinds.host_and_port,
    "SMTP_MAX_MESSAGE_BYTES": kinds.whole(1024, 2**31 - 1),
    "INTAKE_WORKERS": kinds.whole(1, 32),
    "IMAP_ENABLED": kinds.flag,
    "IMAP_POLL_SECONDS": kinds.whole(1, 3600),
    "IMAP_FETCH_BATCH": kinds.whole(1, 1000),
    "IMAP_RECONNECT_MAX_SECONDS": kinds.whole(1, 3600),
    "IMAP_CA_FILE": kinds.text,
    "MAIL_FROM": kinds.email,
    "MAIL_DOMAIN": kinds.domain,
    "BASE_URL": kinds.http_url,
    "LOGIN_LOCKOUT_FAILURES": kinds.whole(1, 1000),
    "LOGIN_LOCKOUT_SECONDS": kinds.whole(1, 86400),
    "PASSWORD_RESET_MAX_AGE": kinds.whole(60, 7 * 86400),
    "LOG_FORMAT": kinds.choice(*FORMATS),
    "LOG_LEVEL": kinds.choice(*LEVELS),
    "WARNING_SHARES": kinds.shares,
    "SUPPLIER_REMINDER_DAYS": kinds.whole(1, 60),
    "BACKUP_DIR": kinds.directory,
    "MAINTENANCE_HINT_MINUTES": kinds.whole(0, 24 * 60),
    "RATE_LIMIT_ENABLED": kinds.flag,
    "RATE_LIMIT_STORAGE": kinds.limit_storage,
    "API_RATE_LIMIT": kinds.rate_limit,
    "API_ANONYMOUS_RATE_LIMIT": kinds.rate_limit,
    "PASSWORD_RESET_RATE_LIMIT": kinds.rate_limit,
    "PASSWORD_RESET_EMAIL_RATE_LIMIT": kinds.rate_limit,
    "PROXY_COUNT": kinds.whole(0, 5),
    "AUTHSERV_ID": kinds.text,
    "THREADING_REQUIRES_DMARC": kinds.flag,
    "LOGIN_CLIENT_LOCKOUT_FAILURES": kinds.whole(1, 100000),
    "LOGIN_CLIENT_LOCKOUT_SECONDS": kinds.whole(1, 86400),
    "STAFF_SESSION_IDLE_MINUTES": kinds.whole(5, 31 * 24 * 60),
    "PORTAL_SESSION_IDLE_MINUTES": kinds.whole(5, 366 * 24 * 60),
    "SESSION_MAX_DAYS": kinds.whole(1, 366),
    "EMAIL_CONFIRMATION_MAX_DAYS": kinds.whole(1, 90),
    "EXTRA_DISPOSABLE_DOMAINS": kinds.domains,
}

# Read by app.py or the CLI before the settings, not kept in them.
NOT_KEPT = {"INSTANCE_PATH"}
# Variables with our prefix that are not the application's: the test suite reads them.
# Read by helpdesk/clock.py at import: the test suite's processes share its moved clock.
CLOCK_OFFSET = "CLOCK_OFFSET"
NOT_SETTINGS = {"TEST_DATABASE_URL", "REQUIRE_BROWSER", "TEST_NOW", CLOCK_OFFSET}
SECRETS = {"SECRET_KEY"}


def parser_for(name: str, default: Any) -> kinds.Parser:
    if name in KINDS:
        return KINDS[name]
    if isinstance(default, int) and not isinstance(default, bool):
        return kinds.whole(0)
    return kinds.text


def known_names(defaults: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys([*defaults, *MORE_DEFAULTS, *KINDS]))


def parse_environment(environ: Mapping[str, str],
                      defaults: Mapping[str, Any]) -> dict[str, Any]:
    """The settings the environment sets (empty counts as unset), parsed; the first
    malformed one raises SettingsError."""
    found: dict[str, Any] = {}
    for name in known_names(defaults):
        raw = environ.get(PREFIX + name)
        if raw is None or raw == "":
            continue
        default = defaults.get(name, MORE_DEFAULTS.get(name))
        found[name] = parser_for(name, default)(name, raw)
    if environ.get(PREFIX + CLOCK_OFFSET):
        kinds.seconds(CLOCK_OFFSET, environ[PREFIX + CLOCK_OFFSET])  # helpdesk/clock.py's
    return found


def unknown_variables(environ: Mapping[str, str], defaults: Mapping[str, Any]) -> list[str]:
    """One warning per HELPDESK_ variable nobody reads: most likely a typo."""
    known = known_names(defaults)
    warnings = []
    for variable in sorted(environ):
        name = variable[len(PREFIX):] if variable.startswith(PREFIX) else None
        if name == CLOCK_OFFSET and environ[variable].strip():
            warnings.append(_clock_offset_warning(environ[variable]))
            continue
        if name is None or name in known or name in NOT_SETTINGS:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
        hint = f"; did you mean {PREFIX}{close[0]}?" if close else ""
        warnings.append(f"{variable} is not a setting and is ignored{hint}")
    return warnings


def _clock_offset_warning(raw: str) -> str:
    return (f"{PREFIX}{CLOCK_OFFSET}={raw.strip()} moves this process's clock by that many "
            "seconds: it is for the test suite only, and every deadline, escalation and credit "
            "is computed on the moved clock; unset it in production")


def masked(name: str, value: Any) -> str:
    """A value as check-config shows it: secrets hidden, database passwords too."""
    if name in SECRETS:
        return "***" if value else ""
    if name in ("DATABASE_URL", "RATE_LIMIT_STORAGE") and value:
        from sqlalchemy.engine import make_url

        try:
            return make_url(str(value)).render_as_string(hide_password=True)
        except Exception:  # check-config must show something, never the password
            return "***"
    return str(value)
