"""Human ticket references, HD-<year>-<5 digits>, numbered per year without gaps."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, update

from helpdesk.extensions import db
from helpdesk.models import ReferenceCounter

_BUMP = (
    update(ReferenceCounter)
    .where(ReferenceCounter.year == bindparam("counter_year"))
    .values(last=ReferenceCounter.last + bindparam("count"))
    .returning(ReferenceCounter.last)
)


def next_reference(year: int) -> str:
    """Take the next number; the UPDATE locks the counter row until the caller commits."""
    return next_references(year, 1)[0]


def next_references(year: int, count: int) -> list[str]:
    """Take the next `count` numbers at once (a batch of mailed reports), in order."""
    connection = db.session.connection()  # Core, one statement: this runs for every ticket
    last = connection.execute(_BUMP, {"counter_year": year, "count": count}).scalar()
    if last is None:
        connection.execute(insert(ReferenceCounter), {"year": year, "last": count})
        last = count
    return [f"HD-{year}-{number:05d}" for number in range(last - count + 1, last + 1)]
