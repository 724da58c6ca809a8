"""Belgium's ten legal public holidays (R18), taken from the `holidays` package.

"Wettelijke feestdagen" (seed 002 art. 1.18, 39.1.3; seed 004 annex 1 "Belgische
feestdagen") are the ten days of Belgian law: 1 January, Easter Monday, 1 May, Ascension,
Whit Monday, 21 July, 15 August, 1 November, 11 November and 25 December. The package's
Belgian calendar also lists Easter Sunday and Whit Sunday: Sundays, not legal holidays, so
they must not stop a clock that counts on Sundays (platform P1/P2 around the clock). The
package still computes Easter; we only keep the ten by name.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

from .errors import InvalidCalendar

COUNTRY = "BE"
# The package's English names of the ten (language="en_US"); two coinciding holidays come
# joined with "; " (Ascension on 1 May, as in 2008).
LEGAL_HOLIDAY_NAMES: frozenset[str] = frozenset({
    "New Year's Day", "Easter Monday", "Labor Day", "Ascension Day", "Pentecost Monday",
    "National Day", "Assumption Day", "All Saints' Day", "Armistice Day", "Christmas Day",
})
_SEPARATOR = "; "


@lru_cache(maxsize=512)
def belgian_legal_holidays(year: int) -> dict[date, str]:
    """The ten legal holidays of one year, with the package's English names.

    Empty for a year the package does not cover. Raises InvalidCalendar when the package
    no longer names all ten, so an upgrade that renames one fails loudly instead of quietly
    turning a holiday into a working day.
    """
    listed = holidays.country_holidays(COUNTRY, years=year, language="en_US")
    kept = {day: name for day, name in listed.items()
            if LEGAL_HOLIDAY_NAMES.intersection(name.split(_SEPARATOR))}
    if listed:
        named = {part for name in kept.values() for part in name.split(_SEPARATOR)}
        missing = LEGAL_HOLIDAY_NAMES - named
        if missing:
            raise InvalidCalendar(f"the holidays package no longer lists {sorted(missing)} "
                                  f"among Belgium's holidays of {year}")
    return kept


def is_legal_holiday(day: date) -> bool:
    """Whether a date is one of Belgium's ten legal public holidays (R18)."""
    return day in belgian_legal_holidays(day.year)
