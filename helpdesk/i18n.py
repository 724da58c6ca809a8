"""The catalogues: compiled from translations/*.po when the .mo is missing or older, and
looked up once per request and language (`catalogue`); `gettext`, `lazy_gettext` and
`locale` are Flask-Babel's on that catalogue, for the pages, forms and mails alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations
from flask import Flask, g, has_app_context
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString


def compile_catalogues(translations: Path) -> None:
    """A fresh clone has the .po and the committed .mo; this only repairs a stale .mo."""
    for po_path in translations.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as po:
                catalog = read_po(po)
            with mo_path.open("wb") as mo:
                write_mo(mo, catalog)
        except OSError:
            pass  # a read-only install keeps the committed .mo


def catalogue() -> NullTranslations:
    """The catalogue of the language in force, looked up once per request and language.

    Flask-Babel finds the context, the domain and the locale again for each text, and a
    queue page translates some five hundred (bench/profile_pages.py). The catalogue is
    kept with the locale object it was found for: `force_locale` (a mail in the contact's
    language) sets another locale object, so the language in force is always the one used.
    """
    if not has_app_context():
        return get_translations()
    here = g._get_current_object()  # one context lookup: this runs for every text
    locale = _locale_in_force(here)
    kept = getattr(here, "_helpdesk_catalogue", None)
    if kept is not None and locale is not None and kept[0] is locale:
        return kept[1]  # type: ignore[no-any-return]
    found = get_translations()
    here._helpdesk_catalogue = (get_locale(), found)
    return found


def locale() -> Locale | None:
    """flask_babel.get_locale without its lookups once the language in force is known (a
    queue page asks for it with every label and date)."""
    if has_app_context():
        found = _locale_in_force(g._get_current_object())
        if found is not None:
            return found
    return get_locale()


def _locale_in_force(here: Any) -> Locale | None:
    """The locale Flask-Babel settled on in this context (`here`: its `g`), None before it
    has (or outside a `force_locale` that ended)."""
    return getattr(getattr(here, "_flask_babel", None), "babel_locale", None)


def gettext(string: str, **variables: Any) -> str:
    """flask_babel.gettext on the request's `catalogue`."""
    text = catalogue().ugettext(string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """flask_babel.lazy_gettext on the request's `catalogue`: the forms' labels and the
    label tables are lazy, and a ticket page shows some fifty of them."""
    return LazyString(gettext, string, **variables)


def install_template_gettext(app: Flask) -> None:
    """The templates' _() and ngettext on the request's `catalogue` (replacing the
    callables Flask-Babel installs, which look the catalogue up on every call)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
        newstyle=True)
