"""A rejected fix reopens the ticket (art. 39.4.1, R9): which rejection a ticket is open by.

The customer's "not resolved" stays the ticket's news until staff deliver the next fix (a
resolution or a workaround) or close it otherwise; the ticket page shows it as a banner and
the queue as a "reopened" badge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from helpdesk.sla import VOID_STATUSES

REJECTION = "fix_rejected"
# What answers a rejection: a new fix, or the ticket leaving the objectives (art. 38.3, 9.3).
ANSWERS = ("resolved", "workaround_applied", *VOID_STATUSES)


class Row(Protocol):
    type: str


R = TypeVar("R", bound=Row)


def open_rejection(rows: Sequence[R]) -> R | None:
    """The customer's last rejection when no fix or closing followed it, else None."""
    place = _unanswered(row.type for row in rows)
    return None if place is None else rows[place]


def is_reopened(types: Iterable[str]) -> bool:
    """Whether a ticket whose events have these types (in log order) is open by a
    rejection (the queue's mark; `open_rejection` when the rows are at hand)."""
    return _unanswered(types) is not None


def _unanswered(types: Iterable[str]) -> int | None:
    """Where the last rejection stands when no fix or closing followed it, else None."""
    found = None
    for place, kind in enumerate(types):
        if kind == REJECTION:
            found = place
        elif kind in ANSWERS:
            found = None
    return found
