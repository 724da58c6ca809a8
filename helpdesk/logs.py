"""Structured logs: configured once per process, one JSON object a line or readable text.

Every entry point (the `helpdesk` commands, `wsgi.py` for gunicorn) calls `configure` once.
`HELPDESK_LOG_FORMAT` is `json` (one object a line: ts, level, logger, message and the
event's fields), `text`, or `auto` (the default: text when stderr is a terminal, JSON
otherwise, so supervisors and log shippers get JSON). `HELPDESK_LOG_LEVEL` sets the level.

Code logs an event with `event(log, "mail.stored", mail_id=7, size=1234)`. Fields whose
names say they hold a secret or a message body are masked by the formatters, so a careless
field never reaches the log; message bodies, passwords and tokens are never passed at all.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from helpdesk import clock

FORMATS = ("auto", "json", "text")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MASK = "***"
# Field names containing one of these are masked: their values are secrets or mail content.
_SECRET_PARTS = ("password", "secret", "token", "authorization", "cookie", "csrf", "body",
                 "raw", "content", "session")
# Standard LogRecord attributes, so that everything else on a record counts as a field.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Loggers of libraries that are chatty at INFO or, at DEBUG, would log mail lines and data.
_QUIETER = {"apscheduler": logging.WARNING, "mail.log": logging.INFO,
            "waitress": logging.INFO, "werkzeug": logging.WARNING}

request_id: ContextVar[str | None] = ContextVar("helpdesk_request_id", default=None)


def event(logger: logging.Logger, name: str, *, level: int = logging.INFO,
          **fields: Any) -> None:
    """Log the event `name` (dotted, e.g. "outbox.delivered") with structured fields."""
    if logger.isEnabledFor(level):
        # A field named like a LogRecord attribute ("filename", "name") would make logging
        # raise; it keeps its value under a prefixed name instead.
        extra = {(f"field_{k}" if k in _RECORD_ATTRIBUTES else k): v for k, v in fields.items()}
        logger.log(level, name, extra={"event": name, **extra}, stacklevel=2)


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in _SECRET_PARTS)


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    """The structured fields of a record (its extras), with secrets masked."""
    found: dict[str, Any] = {}
    for name, value in vars(record).items():
        if name in _RECORD_ATTRIBUTES or name.startswith("_"):
            continue
        found[name] = MASK if is_secret(name) else value
    current = request_id.get()
    if current is not None:
        found.setdefault("request_id", current)
    return found


def _plain(value: Any) -> Any:
    """JSON has no datetimes, Decimals or sets; they are logged as their text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): MASK if is_secret(str(k)) else _plain(v) for k, v in value.items()}
    return str(value)


def _timestamp(record: logging.LogRecord) -> str:
    # On the project's clock, so that a line matches the event instants it tells of (the
    # clock is the system's in production; tests move it).
    instant = datetime.fromtimestamp(record.created, UTC) + clock.offset()
    return instant.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: ts (UTC ISO 8601), level, logger, message, then the fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in fields_of(record).items():
            entry.setdefault(name, _plain(value))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


class TextFormatter(logging.Formatter):
    """For a person at a terminal: time, level, logger, message and key=value fields."""

    def format(self, record: logging.LogRecord) -> str:
        fields = fields_of(record)
        fields.pop("event", None)  # the message is the event's name already
        line = (f"{_timestamp(record)} {record.levelname:<7} {record.name}: "
                f"{record.getMessage()}")
        if fields:
            line += " " + " ".join(f"{k}={_text(v)}" for k, v in fields.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def _text(value: Any) -> str:
    shown = _plain(value)
    text = shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)
    return json.dumps(text, ensure_ascii=False) if (not text or " " in text) else text


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is now (test runners swap it), unless given a stream."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self._fixed = stream

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return self._fixed or sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:  # logging.StreamHandler assigns it
        pass


def chosen_format(name: str, stream: TextIO | None = None) -> str:
    if name != "auto":
        return name
    target = stream or sys.stderr
    return "text" if getattr(target, "isatty", lambda: False)() else "json"


def configure(*, format: str = "auto", level: str = "INFO",
              stream: TextIO | None = None) -> logging.Handler:
    """Install the one helpdesk handler on the root logger (replacing an earlier one)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "helpdesk", False):
            root.removeHandler(handler)
    handler = _Stderr(stream)
    handler.helpdesk = True  # type: ignore[attr-defined]
    formatter = JsonFormatter() if chosen_format(format, stream) == "json" else TextFormatter()
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name, floor in _QUIETER.items():
        logging.getLogger(name).setLevel(max(floor, root.level))
    logging.captureWarnings(True)
    return handler


def configure_from(settings: dict[str, Any]) -> logging.Handler:
    return configure(format=str(settings.get("LOG_FORMAT", "auto")),
                     level=str(settings.get("LOG_LEVEL", "INFO")))


def configure_once(settings: dict[str, Any]) -> logging.Handler | None:
    """At a process's start: configure, unless the host (a test runner) has its own
    handlers on the root logger, which are then left alone."""
    root = logging.getLogger()
    if any(not getattr(handler, "helpdesk", False) for handler in root.handlers):
        return None
    return configure_from(settings)
