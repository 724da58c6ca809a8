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
    found = None
    for row in rows:
        if row.type == REJECTION:
            found = row
        elif row.type in ANSWERS:
            found = None
    return found


def is_reopened(types: Iterable[str]) -> bool:
    """Whether a ticket whose events have these types (in order) is open by a rejection:
    its last rejection came after its last answer."""
    last = None
    for kind in types:
        if kind == REJECTION or kind in ANSWERS:
            last = kind
    return last == REJECTION
