"""The languages of the product and whose language a page or a mail is in (issue #17).

A page: the signed-in person's stored choice, else the choice made in this session, else the
browser's Accept-Language. A mail: its addressee's stored choice, else the default language
(a mail has no browser). `in_language_of` wraps the building of a mail, so the texts, dates
and amounts in it are the addressee's, whoever or whatever (a request, the scheduler, the
intake worker) builds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from flask import current_app
from flask_babel import force_locale

LANGUAGES = ("en", "nl", "fr", "de")
# Each language's name in itself: a picker a reader of that language can find.
NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}
DEFAULT = "en"


class HasLocale(Protocol):
    locale: str | None


def supported(code: str | None) -> str | None:
    """The code if the product speaks it ('fr-BE' and 'FR' count as 'fr'), else None."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def mail_locale(person: HasLocale | None) -> str:
    """The language a mail to `person` is written in."""
    chosen = supported(getattr(person, "locale", None))
    if chosen:
        return chosen
    return supported(current_app.config.get("BABEL_DEFAULT_LOCALE")) or DEFAULT


@contextmanager
def in_language_of(person: HasLocale | None) -> Iterator[str]:
    """Texts, dates and amounts made inside are in `person`'s mail language."""
    code = mail_locale(person)
    with force_locale(code):
        yield code
