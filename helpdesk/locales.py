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

from flask import current_app, has_request_context
from flask_babel import force_locale, get_locale

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
    """The language a mail to `person` is written in: their stored choice; when they chose
    none and are the one acting in this request (reporting in the portal, say), the
    language of the page they are reading; else the default."""
    chosen = supported(getattr(person, "locale", None))
    if chosen:
        return chosen
    if person is not None and has_request_context() and _is_current_user(person):
        reading = get_locale()
        if reading is not None and supported(str(reading)):
            return str(supported(str(reading)))
    return supported(current_app.config.get("BABEL_DEFAULT_LOCALE")) or DEFAULT


def _is_current_user(person: object) -> bool:
    from flask_login import current_user

    return bool(current_user.is_authenticated and hasattr(person, "get_id")
                and current_user.get_id() == person.get_id())


@contextmanager
def in_language_of(person: HasLocale | None) -> Iterator[str]:
    """Texts, dates and amounts made inside are in `person`'s mail language."""
    code = mail_locale(person)
    with force_locale(code):
        yield code
