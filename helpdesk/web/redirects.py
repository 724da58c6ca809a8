"""Redirect targets taken from a request (`?next=`, a form's `next`) stay on this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def local_target(raw: str | None, fallback: str) -> str:
    """`raw` when it is a path on this site, else `fallback`.

    Checked as a browser will read it: browsers drop tabs and newlines inside a URL and
    read a backslash as a slash, so `/\\t/evil.example` is `//evil.example`, another site
    (#18). Any control character, space or backslash refuses the target outright.
    """
    if not raw or any(c == "\\" or ord(c) <= 0x20 or ord(c) == 0x7F for c in raw):
        return fallback
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") \
            or parts.path.startswith("//"):
        return fallback
    return raw
