"""Human ticket references, HD-<year>-<5 digits>, numbered per year without gaps."""

from __future__ import annotations

from sqlalchemy import select, update

from helpdesk.extensions import db
from helpdesk.models import ReferenceCounter


def next_reference(year: int) -> str:
    """Take the next number; the UPDATE locks the counter row until the caller commits."""
    bumped = db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
    )
    if bumped.rowcount == 0:
        db.session.add(ReferenceCounter(year=year, last=1))
        db.session.flush()
        number = 1
    else:
        number = db.session.scalar(
            select(ReferenceCounter.last).where(ReferenceCounter.year == year)
        )
    return f"HD-{year}-{number:05d}"
