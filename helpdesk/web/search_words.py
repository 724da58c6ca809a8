"""The search box's words for people: a refused query's reason, translated."""

from __future__ import annotations

from helpdesk.i18n import gettext as _
from helpdesk.search.words import MAX_QUERY_CHARS, MAX_WORDS, QueryRefused


def refusal(refused: QueryRefused) -> str:
    if refused.reason == "too_long":
        return _("The search is too long: at most %(count)s characters.", count=MAX_QUERY_CHARS)
    if refused.reason == "too_many_words":
        return _("The search has too many words: at most %(count)s.", count=MAX_WORDS)
    if refused.reason == "no_words":
        return _("Search for words or a ticket reference: punctuation and symbols alone "
                 "find nothing.")
    return _("Type a word or a ticket reference to search for.")
