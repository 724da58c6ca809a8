"""Turning whatever a mail header holds into one comparable address."""

from __future__ import annotations

from functools import lru_cache

from email_validator import EmailNotValidError, validate_email


@lru_cache(maxsize=4096)  # mail from one address keeps coming: validate it once
def normalise_address(s: str | None) -> str | None:
    """The address lower-cased as a whole, or None when it is not a valid address.

    Contact persons are matched case-insensitively on the whole address: RFC 5321 lets the
    local part be case-sensitive, but no mail system our customers use makes it so, and a
    contact typing "J.Peeters@" once and "j.peeters@" the next time is the same person.
    """
    if not s:
        return None
    candidate = s.strip()
    if candidate.startswith("<") and candidate.endswith(">"):
        candidate = candidate[1:-1].strip()
    if not candidate:
        return None
    try:
        validated = validate_email(candidate, check_deliverability=False)
    except (EmailNotValidError, UnicodeError, ValueError):
        return None
    return validated.normalized.lower()
