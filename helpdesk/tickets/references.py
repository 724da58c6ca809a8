"""Human ticket references, HD-<year>-<5 digits>, numbered per year without gaps."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, update

from helpdesk.extensions import db
from helpdesk.models import ReferenceCounter

_BUMP = (
    update(ReferenceCounter)
    .where(ReferenceCounter.year == bindparam("counter_year"))
    .values(last=ReferenceCounter.last + 1)
    .returning(ReferenceCounter.last)
)


def next_reference(year: int) -> str:
    """Take the next number; the UPDATE locks the counter row until the caller commits."""
    connection = db.session.connection()  # Core, one statement: this runs for every ticket
    number = connection.execute(_BUMP, {"counter_year": year}).scalar()
    if number is None:
        connection.execute(insert(ReferenceCounter), {"year": year, "last": 1})
        number = 1
    return f"HD-{year}-{number:05d}"
