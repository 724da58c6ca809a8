"""The reasons staff pick, in the reader's language (#19 item 7). The stored code stays the
English text of the contract clause; only what people read is translated."""

from __future__ import annotations

from helpdesk.i18n import lazy_gettext as _l

# Art. 38.3: events that are not incidents.
NOT_AN_INCIDENT = {
    "force majeure": _l("force majeure"),
    "caused by the customer": _l("caused by the customer"),
    "provider maintenance": _l("provider maintenance"),
    "infrastructure not supplied by the provider":
        _l("infrastructure not supplied by the provider"),
    "reachable from two monitoring locations within thresholds":
        _l("reachable from two monitoring locations within thresholds"),
}
# Art. 40.1 / 36: why a breach is not solely attributable to the provider.
NOT_ATTRIBUTABLE = {
    "customer cooperation lacking (art. 36 / 40.1)":
        _l("customer cooperation lacking (art. 36 / 40.1)"),
    "external supplier": _l("external supplier"),
    "force majeure": _l("force majeure"),
}
_ALL = {**NOT_ATTRIBUTABLE, **NOT_AN_INCIDENT}


def reason_label(stored: str | None) -> str:
    """'provider maintenance: window 12' → 'onderhoud door de leverancier: window 12'.

    A stored reason is a code, optionally followed by ': ' and the staff member's detail,
    which stays as written."""
    if not stored:
        return ""
    code, sep, detail = stored.partition(": ")
    if code in _ALL:
        return str(_ALL[code]) + sep + detail
    return str(_ALL.get(stored, stored))


# The clocks as the SLA definitions name them (helpdesk/sla/presets.py): their labels, and
# their short names as a sentence uses them ('80 % of the reaction time used').
CLOCK_LABELS = {
    "Reaction time": _l("Reaction time"),
    "Resolution time": _l("Resolution time"),
    "Response time objective": _l("Response time objective"),
    "Resolution time objective": _l("Resolution time objective"),
    "Permanent fix objective": _l("Permanent fix objective"),
    "Written complaint answered": _l("Written complaint answered"),
    "Receipt confirmed": _l("Receipt confirmed"),
    "Assessment sent": _l("Assessment sent"),
    "Vulnerability fixed": _l("Vulnerability fixed"),
    "reaction": _l("reaction"),
    "resolution": _l("resolution"),
    "response": _l("response"),
    "permanent_fix": _l("permanent fix"),
    "receipt": _l("receipt"),
    "assessment": _l("assessment"),
    "fix": _l("fix"),
}


def clock_label(label: str | None) -> str:
    """A clock's label or name in the reader's language; a custom SLA's own label as is."""
    if not label:
        return ""
    return str(CLOCK_LABELS.get(label, label))


# Why time did not count, as the SLA core's explanation names it (helpdesk/sla/explanation.py,
# calendar.py, windows.py): its rows read in the reader's language.
WINDOW_REASONS = {
    "outside service window": _l("outside service window"),
    "weekend": _l("weekend"),
    "suspended": _l("suspended"),
    "contract closing day": _l("contract closing day"),
    "waiting for an external supplier (art. 39.1.3, R6)":
        _l("waiting for an external supplier (art. 39.1.3, R6)"),
}
# R18's ten holidays under the holidays package's English names (helpdesk/sla/legal_holidays).
HOLIDAYS = {
    "New Year's Day": _l("New Year's Day"), "Easter Monday": _l("Easter Monday"),
    "Labor Day": _l("Labor Day"), "Ascension Day": _l("Ascension Day"),
    "Pentecost Monday": _l("Pentecost Monday"), "National Day": _l("National Day"),
    "Assumption Day": _l("Assumption Day"), "All Saints' Day": _l("All Saints' Day"),
    "Armistice Day": _l("Armistice Day"), "Christmas Day": _l("Christmas Day"),
}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def window_reason_label(reason: str | None) -> str:
    """'public holiday: Christmas Day' → 'feestdag: Kerstmis'; unknown reasons as they are."""
    from flask_babel import gettext

    from helpdesk.timefmt import weekday_name

    if not reason:
        return ""
    if reason in WINDOW_REASONS:
        return str(WINDOW_REASONS[reason])
    head, _, name = reason.partition(": ")
    if head == "public holiday" and name:
        names = "; ".join(str(HOLIDAYS.get(n, n)) for n in name.split("; "))
        return gettext("public holiday: %(name)s", name=names)
    prefix = "no service window on "
    if reason.startswith(prefix) and reason[len(prefix):] in _DAYS:
        day = weekday_name(_DAYS.index(reason[len(prefix):]))
        return gettext("no service window on %(day)s", day=day)
    return reason
