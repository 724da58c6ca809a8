"""Show instants in Europe/Brussels with their zone; store and compute in UTC.

Dates, numbers and amounts are formatted here, in one place, by Babel for the language of the
page or of the mail being built (helpdesk/locales.py forces the addressee's). English keeps
the ISO date layout (2026-12-03) its readers and the audit trail know; Dutch, French and German
get their own (3 dec 2026, 3 déc. 2026, 03.12.2026) and day names. The zone is always named
(CET or CEST), as the footer of every page says.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, get_date_format
from babel.numbers import format_currency, format_decimal

from helpdesk.i18n import gettext
from helpdesk.i18n import locale as get_locale

BRUSSELS = ZoneInfo("Europe/Brussels")
# The amount's layout per language: '1 234,56 €' (fr), '1.234,56 €' (nl, de); English the
# 'EUR 1,234.56' of the contracts (art. 16.4 names 'EUR 5,000'). Babel supplies the
# separators of each language; ¤¤ is the ISO code, ¤ the sign.
MONEY_PATTERNS = {"en": "¤¤ #,##0.00;¤¤ -#,##0.00"}
MONEY_PATTERN_OTHERS = "#,##0.00\xa0¤"


def current_locale() -> str:
    """The language in force: the page's, or the one a mail builder forced; 'en' outside."""
    try:
        found = get_locale()
    except RuntimeError:  # no application context at all
        found = None
    return str(found.language) if found is not None else "en"


def local(instant: datetime | None) -> datetime | None:
    if instant is None:
        return None
    return instant.astimezone(BRUSSELS)


@lru_cache(maxsize=32)
def _babel_locale(code: str) -> Locale:
    """Parsed once per language: a page shows dozens of instants (Babel parses a code string
    on every call)."""
    return Locale.parse(code)


@lru_cache(maxsize=64)
def _pattern(locale: str, time: str) -> str:
    if locale == "en":
        return f"yyyy-MM-dd {time}"
    return f"{get_date_format('medium', locale=locale).pattern} {time}"


def brussels(instant: datetime | None, fmt: str | None = None) -> str:
    """An aware instant in Brussels time with its day name, naming the zone (CET or CEST):
    'Thu 2026-12-03 14:05:09 CET', 'do 3 dec 2026 14:05:09 CET', 'jeu. 3 déc. 2026 …'.
    `fmt`, a strftime layout, is for the few places that show a time without a date."""
    shown = local(instant)
    if shown is None:
        return ""
    if fmt is not None:
        return shown.strftime(fmt)
    code = current_locale()
    return (format_datetime(shown, "EEE " + _pattern(code, "HH:mm:ss"),
                            locale=_babel_locale(code)) + " " + shown.strftime("%Z"))


def brussels_short(instant: datetime | None) -> str:
    shown = local(instant)
    if shown is None:
        return ""
    code = current_locale()
    return (format_datetime(shown, _pattern(code, "HH:mm"), locale=_babel_locale(code))
            + " " + shown.strftime("%Z"))


def day(value: datetime | None) -> str:
    """A calendar day in the language: '2026-12-03' (en), '3 déc. 2026' (fr)."""
    if value is None:
        return ""
    code = current_locale()
    if code == "en":
        return format_date(value, "yyyy-MM-dd", locale=code)
    return format_date(value, "medium", locale=code)


def weekday_name(index: int) -> str:
    """Monday is 0, as in datetime.weekday(); the full name in the language ('lundi')."""
    from babel import Locale

    return str(Locale.parse(current_locale()).days["format"]["wide"][index])


def money(value: Decimal | str | None) -> str:
    """An amount in euros for people: 'EUR 1,234.56', '1 234,56 €', '1.234,56 €'; '—' when
    there is none. Exact: a Decimal (or its JSON string) is never passed through a float."""
    if value is None or value == "":
        return "—"
    code = current_locale()
    return format_currency(Decimal(value), "EUR", locale=code, currency_digits=False,
                           format=MONEY_PATTERNS.get(code, MONEY_PATTERN_OTHERS))


def number(value: Decimal | int | float | str | None, places: int | None = None) -> str:
    """A number with the language's separators: '1,234.5' (en), '1 234,5' (fr)."""
    if value is None or value == "":
        return ""
    if places is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(Decimal(value), format=pattern, locale=current_locale())
    return format_decimal(Decimal(value), locale=current_locale())


def iso_utc(instant: datetime | None) -> str:
    if instant is None:
        return ""
    return instant.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def duration(seconds: int | float | None) -> str:
    """A span in the words people use (issue #19): '1 day 0 h 45 min', '2 h 5 min', '40 s'.

    Seconds show only when there are some, so a target reads '4 h 0 min' and a counted
    span '2 h 54 min 17 s'. In the page's language; in English outside a request."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    s = int(abs(seconds))
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if days:  # two plain texts, not ngettext: the catalogue keeps no plural forms
        parts.append(gettext("%(num)d day", num=days) if days == 1
                     else gettext("%(num)d days", num=days))
    if days or hours:
        parts.append(gettext("%(hours)d h", hours=hours))
    if days or hours or minutes or not secs:
        parts.append(gettext("%(minutes)d min", minutes=minutes))
    if secs:
        parts.append(gettext("%(seconds)d s", seconds=secs))
    return sign + " ".join(parts)


def month_label(month: object) -> str:
    """A calendar month in words: 'October 2026', 'oktober 2026', 'octobre 2026'. Takes a
    Month of helpdesk/credits (year and month) or a date."""
    from datetime import date

    year, number = month.year, month.month
    code = current_locale()
    return str(format_date(date(year, number, 1), "LLLL y", locale=code))
