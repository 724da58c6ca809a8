"""Canned replies, the shell: saving templates (refusing unknown placeholders) and
rendering one for a ticket in its contact's language.

The rendered text only fills the reply form; the agent edits it and sends it through
`tickets.actions.reply`, so R26 (the first reply acknowledges the ticket) applies as to any
reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date, format_time
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import CannedReply, CannedReplyVariant, Staff, Ticket
from helpdesk.people.language import WRITTEN_LANGUAGES, default_language, language_of
from helpdesk.tickets import log, projection
from helpdesk.timefmt import BRUSSELS
from helpdesk.workflow import canned
from helpdesk.workflow.canned import TemplateRefused

# {deadline} when no contract clock runs (met, stopped, void): said in the contact's language.
NO_DEADLINE = {"nl": "geen lopende termijn", "en": "no deadline running",
               "fr": "aucun délai en cours", "de": "keine laufende Frist"}
# The zone is named in words: babel's short names differ by language (CET, MEZ, +0100).
BRUSSELS_TIME = {"nl": "Brusselse tijd", "en": "Brussels time", "fr": "heure de Bruxelles",
                 "de": "Brüsseler Zeit"}


@dataclass(frozen=True)
class Rendered:
    text: str
    language: str  # the variant used
    wanted: str  # the contact's language
    fallback: bool  # the contact's language had no variant


def all_replies() -> list[CannedReply]:
    return list(db.session.scalars(select(CannedReply).order_by(CannedReply.name)))


def save(reply: CannedReply | None, *, name: str, texts: Mapping[str, str], by: Staff,
         now: datetime) -> CannedReply:
    """Create or change a template; raises TemplateRefused naming what is wrong."""
    name = " ".join(name.split())
    if not name:
        raise TemplateRefused("Give the canned reply a name.")
    texts = {lang: text.strip() for lang, text in texts.items()
             if lang in WRITTEN_LANGUAGES and text and text.strip()}
    if not texts:
        raise TemplateRefused("Write the text in at least one language.")
    wrong = []
    for lang, text in sorted(texts.items()):
        for problem in canned.problems(text):
            what = (f"unknown placeholder {{{problem.detail}}}" if problem.kind == "unknown"
                    else problem.detail)
            wrong.append(f"{lang.upper()}: {what}")
    if wrong:
        known = ", ".join(f"{{{name}}}" for name in canned.PLACEHOLDERS)
        raise TemplateRefused("; ".join(wrong) + f". The placeholders are: {known}.")
    clash = db.session.scalar(select(CannedReply).where(CannedReply.name == name))
    if clash is not None and clash is not reply:
        raise TemplateRefused(f"A canned reply named “{name}” exists already.")
    if reply is None:
        reply = CannedReply(name=name, created_at=now, updated_at=now)
        db.session.add(reply)
    reply.name, reply.updated_at, reply.updated_by_id = name, now, by.id
    kept = {v.language: v for v in reply.variants}
    for lang in WRITTEN_LANGUAGES:
        if lang in texts:
            if lang in kept:
                kept[lang].body = texts[lang]
            else:
                reply.variants.append(CannedReplyVariant(language=lang, body=texts[lang]))
        elif lang in kept:
            reply.variants.remove(kept[lang])
    db.session.flush()
    return reply


def deadline_text(ticket: Ticket, now: datetime, language: str) -> str:
    """The ticket's next contract deadline as of `now`, in Brussels time and the language."""
    clocks = projection.fold_ticket(ticket, log.events_of(ticket), now)
    if clocks.next_deadline is None:
        return NO_DEADLINE[language]
    local = clocks.next_deadline.astimezone(BRUSSELS)
    return (f"{format_date(local, 'full', locale=language)}, "
            f"{format_time(local, 'HH:mm', tzinfo=BRUSSELS, locale=language)} "
            f"({BRUSSELS_TIME[language]})")


def values_for(ticket: Ticket, *, by: Staff, now: datetime, language: str) -> dict[str, str]:
    reporter = ticket.reporter
    return {
        "contact_name": reporter.name if reporter is not None else "",
        "reference": ticket.reference,
        "title": ticket.title,
        "deadline": deadline_text(ticket, now, language),
        "agent_name": by.name,
    }


def render_for(reply: CannedReply, ticket: Ticket, *, by: Staff, now: datetime) -> Rendered:
    wanted = language_of(ticket.reporter)
    choice = canned.choose({v.language for v in reply.variants}, wanted, default_language())
    if choice is None:
        raise TemplateRefused("This canned reply has no text.")
    variant = reply.variant(choice.language)
    assert variant is not None
    values = values_for(ticket, by=by, now=now, language=choice.language)
    return Rendered(canned.render(variant.body, values), choice.language, wanted,
                    choice.fallback)
