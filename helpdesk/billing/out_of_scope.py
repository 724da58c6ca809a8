"""Billable time of out-of-scope tickets (seed 004 art. 9.4): pure, no Flask.

"Twizzit kan de diensten verricht voor Out of Scope Incidenten ... in rekening brengen op
een time en material basis": once a ticket is classified out of scope (art. 9.3, binding),
every time entry on it is billable, whatever its rate class (art. 6.4 surcharges still
apply to how it is billed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

BILLABLE_STATUS = "out_of_scope"


def billable_minutes(events: Iterable[Any], status: str | None) -> int:
    """Minutes logged on the ticket that are billable: all of them once it is out of scope."""
    if status != BILLABLE_STATUS:
        return 0
    return sum(sum((e.payload or {}).get("minutes", {}).values())
               for e in events if e.type == "time_logged")
