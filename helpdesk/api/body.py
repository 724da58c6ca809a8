"""Request bodies: a JSON object with typed fields, or a problem saying what is wrong."""

from __future__ import annotations

from typing import Any

from flask import request

from .problems import Problem

MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases


def json_body(*, required: bool = True) -> dict[str, Any]:
    if not request.get_data(cache=True) and not required:
        return {}
    if not request.is_json:
        raise Problem(415, "Unsupported Media Type", "Send the body as application/json.")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Problem(400, "Bad Request", "The body must be a JSON object.")
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
