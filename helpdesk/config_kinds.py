"""What each kind of setting accepts: a parser per kind, each failing with one line.

A parser takes the variable's name (for the message) and its raw text, and returns the
value the application uses or raises SettingsError naming the variable, what it must be
and what it got.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email


class SettingsError(RuntimeError):
    """A setting is missing or malformed; the message is one line for the operator."""


Parser = Callable[[str, str], Any]

# RFC 1123 host names: labels of letters, digits and inner hyphens.
_HOSTNAME = re.compile(r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
                       r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?")
_IPV4 = re.compile(r"(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}")


def _fail(name: str, must: str, raw: str) -> SettingsError:
    shown = raw if len(raw) <= 80 else raw[:77] + "..."
    return SettingsError(f"HELPDESK_{name} must be {must}, got {shown!r}")


def whole(low: int, high: int | None = None) -> Parser:
    def parse(name: str, raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise _fail(name, "a whole number", raw) from None
        if value < low or (high is not None and value > high):
            bounds = f"at least {low}" if high is None else f"between {low} and {high}"
            raise _fail(name, f"a whole number {bounds}", raw)
        return value

    return parse


port = whole(1, 65535)


def seconds(name: str, raw: str) -> float:
    """A number of seconds, fractional or negative (a clock offset)."""
    try:
        value = float(raw.strip())
    except ValueError:
        raise _fail(name, "a number of seconds", raw) from None
    if value != value or abs(value) > 100 * 366 * 86400:  # NaN, or beyond a century
        raise _fail(name, "a number of seconds within a century", raw)
    return value


def choice(*options: str) -> Parser:
    def parse(name: str, raw: str) -> str:
        value = raw.strip().lower()
        allowed = [o.lower() for o in options]
        if value not in allowed:
            raise _fail(name, "one of " + ", ".join(options), raw)
        return options[allowed.index(value)]

    return parse


def text(name: str, raw: str) -> str:
    if any(ch in raw for ch in "\r\n\x00"):
        raise _fail(name, "one line", raw)
    return raw


def is_host(value: str) -> bool:
    return bool(_IPV4.fullmatch(value) or _HOSTNAME.fullmatch(value)
                or (value.startswith("[") and value.endswith("]") and ":" in value))


def host(name: str, raw: str) -> str:
    value = raw.strip()
    if not is_host(value):
        raise _fail(name, "a host name or IP address", raw)
    return value


def domain(name: str, raw: str) -> str:
    value = raw.strip().lower().rstrip(".")
    if not _HOSTNAME.fullmatch(value) or _IPV4.fullmatch(value):
        raise _fail(name, "a domain name such as helpdesk.example.com", raw)
    return value


def domains(name: str, raw: str) -> str:
    """Comma-separated domain names (empty: none), stored lower-case, one comma between."""
    values = [part.strip().lower().rstrip(".") for part in raw.split(",") if part.strip()]
    for value in values:
        if not _HOSTNAME.fullmatch(value) or _IPV4.fullmatch(value):
            raise _fail(name, "domain names separated by commas, such as a.example,b.example",
                        raw)
    return ",".join(values)


def host_and_port(name: str, raw: str) -> str:
    """host[:port] of a mail relay; empty means the local sink."""
    value = raw.strip()
    if not value:
        return ""
    hostname, colon, number = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    if not is_host(hostname) or (colon and not (number.isdigit() and 1 <= int(number) <= 65535)):
        raise _fail(name, "host[:port], e.g. smtp.example.com:587", raw)
    return value


def email(name: str, raw: str) -> str:
    """An address; the domain may be a local one (helpdesk.localhost), unlike customers'."""
    value = raw.strip()
    local, at, domain_part = value.rpartition("@")
    try:
        # The local part checked with a stand-in domain; the domain as a host name.
        validate_email(f"{local}@example.com", check_deliverability=False)
    except (EmailNotValidError, UnicodeError, ValueError):
        raise _fail(name, "an e-mail address", raw) from None
    if not at or not _HOSTNAME.fullmatch(domain_part):
        raise _fail(name, "an e-mail address", raw)
    return value


def http_url(name: str, raw: str) -> str:
    """The public address of the site; empty when unknown."""
    value = raw.strip().rstrip("/")
    if not value:
        return ""
    try:
        parts = urlsplit(value)
        valid_port = parts.port is None or 1 <= parts.port <= 65535
    except ValueError:
        raise _fail(name, "an http:// or https:// URL", raw) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not valid_port \
            or parts.query or parts.fragment:
        raise _fail(name, "an http:// or https:// URL without query", raw)
    return value


def database_url(name: str, raw: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    value = raw.strip()
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        # Never echo the raw value: it may hold the database password.
        raise SettingsError(f"HELPDESK_{name} must be a database URL such as "
                            "postgresql://user:password@host/db or sqlite:///path") from None
    if url.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError(f"HELPDESK_{name} must name SQLite or PostgreSQL, "
                            f"got {url.get_backend_name()!r}")
    if url.get_backend_name() != "sqlite" and not url.host and "host" not in url.query:
        raise SettingsError(f"HELPDESK_{name} must name the PostgreSQL host")
    return value


def directory(name: str, raw: str) -> str:
    """A folder that exists or can be made: not a file, and under an existing folder."""
    path = Path(raw.strip()).expanduser()
    if path.exists() and not path.is_dir():
        raise _fail(name, "a folder, not a file", raw)
    parent = next((p for p in [path, *path.parents] if p.exists()), None)
    if parent is None or not parent.is_dir():
        raise _fail(name, "a folder that can be created", raw)
    return str(path)


def shares(name: str, raw: str) -> str:
    """Comma-separated fractions of a clock's target, each above 0 and below 1, ascending."""
    try:
        values = [float(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise _fail(name, "fractions such as 0.75,0.90", raw) from None
    if not values or any(not 0 < v < 1 for v in values) or values != sorted(set(values)):
        raise _fail(name, "ascending fractions between 0 and 1, such as 0.75,0.90", raw)
    return ",".join(str(v) for v in values)


def secret(name: str, raw: str) -> str:
    if len(raw) < 16:
        # Not echoed: it is a secret even when it is too short.
        raise SettingsError(f"HELPDESK_{name} must be at least 16 characters long")
    return raw


def flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise _fail(name, "1 or 0 (on or off)", raw)


def rate_limit(name: str, raw: str) -> str:
    """Flask-Limiter's notation: '600 per minute', or several joined by ';'."""
    from limits import parse_many

    try:
        items = parse_many(raw.strip())
    except ValueError:
        items = []
    if not items or any(item.amount < 1 for item in items):
        raise _fail(name, "a rate such as '600 per minute' or '10/second;1000/hour'", raw)
    return raw.strip()


def limit_storage(name: str, raw: str) -> str:
    """Where the rate-limit counters live: memory:// (this process) or a shared store such
    as redis:// or memcached://, whose client library must then be installed."""
    from limits.storage import SCHEMES

    value = raw.strip()
    scheme, sep, _ = value.partition("://")
    if not sep or scheme not in SCHEMES or scheme.startswith("async+"):
        # The value is not echoed: a redis:// URL may hold a password.
        raise SettingsError(f"HELPDESK_{name} must be a storage URL such as memory://, "
                            "redis://host:6379 or memcached://host:11211")
    client = next((module for prefix, module in _STORE_CLIENTS if scheme.startswith(prefix)),
                  None)
    if client and importlib.util.find_spec(client) is None:
        # Not a dependency of ours: only a deployment with a shared store needs it.
        raise SettingsError(f"HELPDESK_{name} is a {scheme}:// store, which needs its client "
                            f"library: .venv/bin/pip install {client}")
    return value


_STORE_CLIENTS = (("redis", "redis"), ("valkey", "valkey"), ("memcached", "pymemcache"),
                  ("mongodb", "pymongo"))
