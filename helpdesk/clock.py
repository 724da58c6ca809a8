"""The one place the shells read the clock; the SLA core never does (time is an argument)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
