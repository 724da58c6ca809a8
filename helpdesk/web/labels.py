"""Plain words for the codes stored in events and columns, in the user's language."""

from __future__ import annotations

from typing import Any

from flask import Flask

from helpdesk.billing.rates import SURCHARGE_PERCENT
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.i18n import locale as get_locale
from helpdesk.sla.priority import DUTCH_LABELS, ENGLISH_LABELS
from helpdesk.tickets.reasons import clock_label, reason_label, window_reason_label

STATUS = {
    "open": _l("received, not yet acknowledged"),
    "acknowledged": _l("being handled"),
    "suspended": _l("waiting for an external supplier"),
    "workaround_applied": _l("workaround in place"),
    "resolved": _l("resolved"),
    "not_an_incident": _l("not an incident"),
    "out_of_scope": _l("out of scope (billable)"),
    "merged": _l("merged into another ticket (duplicate)"),
}
CLOCK_STATE = {
    "pending": _l("not started"),
    "running": _l("running"),
    "paused": _l("paused"),
    "met": _l("met"),
    "breached": _l("breached"),
    "void": _l("not counted"),
}
EVENT = {
    "submitted": _l("Reported"),
    "acknowledged": _l("Acknowledged"),
    "assigned": _l("Assigned"),
    "staff_reply": _l("Reply from support"),
    "note_added": _l("Internal note"),
    "priority_changed": _l("Priority changed"),
    "supplier_suspended": _l("Waiting for external supplier"),
    "supplier_delivered": _l("Supplier delivered"),
    "onsite_agreed": _l("On-site visit agreed"),
    "workaround_applied": _l("Workaround applied"),
    "resolved": _l("Resolved"),
    "not_an_incident": _l("Classified as not an incident"),
    "out_of_scope": _l("Classified as out of scope (binding; billable)"),
    "fix_rejected": _l("Fix rejected: not resolved"),
    "customer_message": _l("Message from the customer"),
    "written_confirmation": _l("Written confirmation received"),
    "held_mail_attached": _l("Mail attached by staff"),
    "time_logged": _l("Time logged"),
    "explanation_sent": _l("Deadline explanation sent"),
    "escalated": _l("Escalated"),
    "breached": _l("Deadline breached"),
    "breach_recorded": _l("Deadline breached"),
    "merged": _l("Merged into another ticket as a duplicate"),
    "duplicate_merged": _l("Duplicate merged into this ticket"),
    "hours_disputed": _l("Hours disputed (art. 6.6)"),
    "hours_dispute_resolved": _l("Dispute of hours resolved"),
    "payment_suspended": _l("Clocks held: interventions suspended for non-payment"),
    "payment_resumed": _l("Clocks resumed: suspension for non-payment lifted"),
}
RATE_CLASS = {
    "normal": _l("working hours"),
    "outside_hours": _l("outside working hours (+150 %)"),
    "weekend_holiday": _l("weekend or public holiday (+200 %)"),
}
URGENCY = {"light": _l("light, not blocking"), "blocking": _l("blocking")}
IMPACT = {"some": _l("one or more employees"), "all": _l("all employees")}
# The contract's SLA as people name it (issue #19 item 8), not the preset's code; the
# windows are art. 35.3's (SPEC "Service windows").
SLA_NAME = {
    "type1": _l("SLA type 1 — managed services, office hours"),
    "type2": _l("SLA type 2 — managed services, office hours"),
    "type3": _l("SLA type 3 — managed services, extended hours"),
    "type4": _l("SLA type 4 — managed services, 06:00–24:00"),
    "type5": _l("SLA type 5 — managed services, 06:00–24:00"),
    "platform": _l("Platform support objectives (best effort)"),
    "hosting": _l("Hosting availability SLA"),
    "security": _l("Security reports (responsible disclosure)"),
}
# The system actors events name (helpdesk/tickets/actors.py): "breach recorded by the
# scheduler" reads in the reader's language.
SYSTEM_ACTOR = {"scheduler": _l("scheduler"), "mail delivery": _l("mail delivery"),
                "system": _l("system")}
# Outgoing mail: its status in the outbox and what kind of mail it is.
OUTBOX_STATUS = {"pending": _l("pending"), "sent": _l("sent"), "failed": _l("failed"),
                 "sink": _l("sink")}
MAIL_KIND = {
    "receipt": _l("receipt"), "acknowledgement": _l("acknowledgement"), "reply": _l("reply"),
    "resolution": _l("resolution mail"), "workaround": _l("workaround mail"),
    "explanation": _l("deadline explanation"), "not_an_incident": _l("not an incident"),
    "out_of_scope": _l("out of scope"), "address_confirmation": _l("address confirmation"),
    "password_reset": _l("password reset"), "escalation": _l("escalation"),
    "warning": _l("warning"), "reminder": _l("reminder"), "fix_rejected": _l("fix rejected"),
    "data_breach": _l("data-breach notification"),
    "data_breach_warning": _l("data-breach warning"),
    "attachments_dropped": _l("attachments not kept"), "held_answer": _l("answer to held mail"),
}
# Held mail: why it is held (the stored reason starts with one of these; what follows, the
# detail, stays as recorded) and what staff did with it.
HELD_REASON = {
    "unknown sender": _l("unknown sender"),
    "ambiguous sender": _l("ambiguous sender"),
    "automatic message": _l("automatic message"),
    "not a reporter": _l("not a reporter"),
    "DMARC did not pass": _l("DMARC did not pass"),
}
REVIEW_ACTION = {"attached": _l("attached to a ticket"), "ticket": _l("opened as a ticket"),
                 "discarded": _l("discarded")}
CHANNEL = {"email": _l("e-mail"), "portal": _l("portal"), "phone": _l("phone"),
           "web": _l("web"), "chat": _l("chat")}

# art. 38.1: why a change of the service level was allowed (helpdesk.duties.level)
SLA_CHANGE_KIND = {"assigned": _l("assigned"), "raised": _l("raised"),
                   "before_term": _l("changed before the term started"),
                   "after_term": _l("changed at renewal, after the term"),
                   "agreed": _l("lowered with the provider's written agreement")}
DUTY_KIND = {"complaint": _l("complaint"), "conflict": _l("conflict notice")}
DUTY_SUBJECT = {"invoice": _l("an invoice"), "service": _l("the service")}
DUTY_STATE = {"open": _l("open"), "answered": _l("answered")}
DUTY_CHANNEL = {"portal": _l("portal"), "api": _l("API"), "email": _l("e-mail"),
                "registered_letter": _l("registered letter"), "letter": _l("letter"),
                "phone": _l("phone")}


_TRANSLATED: dict[tuple[int, str], dict[str, str]] = {}


def translated(table: dict[str, Any]) -> dict[str, str]:
    """A module-level table of texts (lazy or plain) in the language in force, translated
    once per language for the process: the catalogues do not change while it runs, and
    the queue page shows five such tables. Kept by the table's identity, so only for
    tables that live as long as the process (a table made per call could hand its id on)."""
    key = (id(table), str(get_locale() or "en"))
    if key not in _TRANSLATED:
        _TRANSLATED[key] = {code: str(label) for code, label in table.items()}
    return _TRANSLATED[key]


def _lookup(table: dict[str, Any]):  # type: ignore[no-untyped-def]
    """A filter naming codes in the language in force (the table `translated` once per
    language: a queue shows 25 rows); an unknown code reads as itself, spaced."""
    def label(code: str | None) -> str:
        if code is None:
            return "—"
        words = translated(table).get(code)
        return code.replace("_", " ") if words is None else words

    return label


# Art. 39.1.1 names the priorities in Dutch (Kritiek, Belangrijk, Medium, Klein); French
# and German readers get the same four words in their language.
PRIORITY_WORDS = {
    "nl": DUTCH_LABELS,
    "fr": {"P1": "critique", "P2": "majeure", "P3": "moyenne", "P4": "mineure"},
    "de": {"P1": "kritisch", "P2": "hoch", "P3": "mittel", "P4": "gering"},
}


def priority_label(priority: str | None) -> str:
    """'P1 – Kritiek' in Dutch, 'P1 – critical' in English (art. 39.1.1 wording)."""
    if not priority:
        return "—"
    language = str(get_locale() or "en")[:2]
    names = PRIORITY_WORDS.get(language, ENGLISH_LABELS)
    return f"{priority} – {names.get(priority, '')}".rstrip(" –")


def _preset_name(code: str) -> str:
    """A preset's name, `translated` once per language (every queue row names its SLA:
    resolving the lazy string each time cost the queue some 4 ms a page)."""
    return translated(SLA_NAME).get(code, code)


def sla_name(contract: Any) -> str:
    """A contract's SLA in words: the preset's name, or a custom SLA's own label or name.

    Also takes the code alone (a report's `sla_label`)."""
    if contract is None:
        return "—"
    if isinstance(contract, str):
        return _preset_name(contract)
    if contract.sla_preset:
        return _preset_name(contract.sla_preset)
    definition = contract.sla_definition or {}
    return str(definition.get("label") or definition.get("name") or _l("custom SLA"))


def held_reason_label(stored: str | None) -> str:
    """'not a reporter: <why>' → 'geen melder: <why>'; unknown texts as recorded."""
    if not stored:
        return ""
    for code, words in HELD_REASON.items():
        if stored == code or stored.startswith((code + ":", code + " (")):
            return str(words) + stored[len(code):]
    return stored


def actor_label(event: Any) -> str:
    """Who did it: a person's name as recorded, a system actor in the reader's words."""
    name = getattr(event, "actor_name", None)
    kind = getattr(event, "actor_kind", None)
    if kind == "system":
        return str(SYSTEM_ACTOR.get(name or "system", name))
    return name or str(kind or "")


def register(app: Flask) -> None:
    app.jinja_env.filters["status_label"] = _lookup(STATUS)
    app.jinja_env.filters["clock_state_label"] = _lookup(CLOCK_STATE)
    app.jinja_env.filters["event_label"] = _lookup(EVENT)
    app.jinja_env.filters["rate_label"] = _lookup(RATE_CLASS)
    app.jinja_env.filters["urgency_label"] = _lookup(URGENCY)
    app.jinja_env.filters["impact_label"] = _lookup(IMPACT)
    app.jinja_env.filters["channel_label"] = _lookup(CHANNEL)
    app.jinja_env.filters["sla_change_kind"] = _lookup(SLA_CHANGE_KIND)
    app.jinja_env.filters["duty_kind"] = _lookup(DUTY_KIND)
    app.jinja_env.filters["duty_subject"] = _lookup(DUTY_SUBJECT)
    app.jinja_env.filters["duty_state"] = _lookup(DUTY_STATE)
    app.jinja_env.filters["duty_channel"] = _lookup(DUTY_CHANNEL)
    app.jinja_env.filters["outbox_status_label"] = _lookup(OUTBOX_STATUS)
    app.jinja_env.filters["mail_kind_label"] = _lookup(MAIL_KIND)
    app.jinja_env.filters["actor_label"] = actor_label
    app.jinja_env.filters["held_reason_label"] = held_reason_label
    app.jinja_env.filters["review_action_label"] = _lookup(REVIEW_ACTION)
    app.jinja_env.filters["priority_label"] = priority_label
    app.jinja_env.filters["sla_name"] = sla_name
    app.jinja_env.filters["reason_label"] = reason_label
    app.jinja_env.filters["clock_label"] = clock_label
    app.jinja_env.filters["window_reason_label"] = window_reason_label
    app.jinja_env.globals["SURCHARGE_PERCENT"] = SURCHARGE_PERCENT
    app.jinja_env.globals["get_locale"] = get_locale
