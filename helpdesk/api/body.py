"""Request bodies: a JSON object with typed fields, or a problem saying what is wrong."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import request

from .problems import Problem

MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases
MIN_YEAR, MAX_YEAR = 1970, 9998


def json_body(*, required: bool = True) -> dict[str, Any]:
    if not request.get_data(cache=True) and not required:
        return {}
    if not request.is_json:
        raise Problem(415, "Unsupported Media Type", "Send the body as application/json.")
    data = _parsed(request.get_data(cache=True))
    if not isinstance(data, dict):
        raise Problem(400, "Bad Request", "The body must be a JSON object.")
    return data


def _parsed(raw: bytes) -> Any:
    """The JSON value of the body; what no column can hold is refused, never a 500 (#18)."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise Problem(422, "Unprocessable Content",
                      "The JSON body is nested too deeply.") from None
    except ValueError:  # not JSON, or not UTF-8
        raise Problem(400, "Bad Request", "The body is not valid JSON.") from None
    try:
        # A lone surrogate ("\ud800") is valid JSON but no text: it cannot be stored.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Problem(422, "Unprocessable Content", "The JSON body contains an unpaired "
                      "surrogate (\\ud800-\\udfff), which is no character.") from None
    return data


def text_field(body: dict[str, Any], name: str, max_length: int, *,
               required: bool = True) -> str:
    """Text of at most `max_length` characters (the portal forms' limits); required text
    must not be blank."""
    value = body.get(name)
    if not required and value is None:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise Problem(422, "Unprocessable Content", f"{name} is required text.",
                      errors={name: "required"})
    if "\x00" in value:  # PostgreSQL text cannot hold NUL; no person types one
        raise Problem(422, "Unprocessable Content", f"{name} must not contain NUL characters.",
                      errors={name: "no NUL characters"})
    if len(value) > max_length:
        raise Problem(422, "Unprocessable Content",
                      f"{name} is longer than {max_length} characters.",
                      errors={name: f"at most {max_length} characters"})
    return value


def invalid(name: str, detail: str, error: str) -> Problem:
    return Problem(422, "Unprocessable Content", detail, errors={name: error})


def choice_field(body: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = body.get(name)
    if not isinstance(value, str) or value not in allowed:
        raise invalid(name, f"{name} must be one of: {', '.join(allowed)}.",
                      "one of " + ", ".join(allowed))
    return value


def instant_field(body: dict[str, Any], name: str) -> datetime:
    """An ISO 8601 instant with its UTC offset (or Z), returned in UTC. A time without an
    offset is refused: it could be Brussels or UTC time, an hour or two apart."""
    value = body.get(name)
    example = "e.g. 2026-02-02T10:00:00+01:00 or 2026-02-02T09:00:00Z"
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise invalid(name, f"{name} must be an ISO 8601 date and time, {example}.",
                      "ISO 8601 date-time with offset")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise invalid(name, f"{name} has no UTC offset; add one, {example}.",
                      "UTC offset required")
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:  # the calendars stop short of year 1 and 9999
        raise invalid(name, f"{name} must lie between {MIN_YEAR} and {MAX_YEAR}.",
                      "out of range")
    return parsed.astimezone(UTC)
