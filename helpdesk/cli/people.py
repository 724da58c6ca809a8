"""Naming one person on the command line: `--contact EMAIL` or `--staff EMAIL`."""

from __future__ import annotations

from typing import Any

import click


def person_named(contact: str | None, staff: str | None) -> Any:
    """The contact person or staff member with that address (case-insensitive); a usage
    error unless exactly one is named, a one-line error when nobody has the address."""
    from sqlalchemy import func, select

    from helpdesk.extensions import db
    from helpdesk.models import ContactPerson, Staff

    if bool(contact) == bool(staff):
        raise click.UsageError("name exactly one person: --contact EMAIL or --staff EMAIL")
    model = ContactPerson if contact else Staff
    address = (contact or staff or "").strip().lower()
    found = db.session.scalar(select(model).where(func.lower(model.email) == address))
    if found is None:
        raise click.ClickException(f"no {'contact person' if contact else 'staff member'} "
                                   f"with e-mail {address}")
    return found
