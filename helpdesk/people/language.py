"""The one place that decides which language a person is written to in.

A person's own preference (a nullable `locale` column, added beside this work) wins when it
names a language we write; otherwise the application's default language. Every mail and
canned reply asks `language_of`, so the preference takes effect everywhere at once.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from helpdesk.locales import mail_locale

# The languages canned replies (and the people's preference) may name.
WRITTEN_LANGUAGES: tuple[str, ...] = ("nl", "en", "fr", "de")


def default_language() -> str:
    configured = str(current_app.config.get("BABEL_DEFAULT_LOCALE") or "en")
    return configured if configured in WRITTEN_LANGUAGES else "en"


def language_of(person: Any) -> str:
    """The language `person` is written to in: the one rule of helpdesk.locales."""
    return mail_locale(person)
