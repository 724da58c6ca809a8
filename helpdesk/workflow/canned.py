"""Canned replies, the pure part: which placeholders a text may hold, and filling them in.

A placeholder is written `{name}`; a literal brace is doubled (`{{`, `}}`), as in Python's
format strings. Only the names in PLACEHOLDERS exist: a text naming any other, or with an
unbalanced brace, is refused when it is saved (so an agent never sends "{contract_nr}" to a
customer). Filling in takes the values as plain strings: the shell computes them (the
contact's name, the reference, the next deadline in Brussels time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter

# name -> what it stands for (shown beside the form that edits a template)
PLACEHOLDERS: dict[str, str] = {
    "contact_name": "the reporting contact person's name",
    "reference": "the ticket's reference, e.g. HD-2026-00042",
    "title": "the ticket's title",
    "deadline": "the ticket's next contract deadline, in Brussels time",
    "agent_name": "the name of the staff member replying",
}


class TemplateRefused(ValueError):
    """The text cannot be a template; the message says why, for the user."""


@dataclass(frozen=True)
class Problem:
    kind: str  # "unknown" or "syntax"
    detail: str


def problems(text: str) -> list[Problem]:
    """Everything wrong with a template text (empty list: it may be saved)."""
    found: list[Problem] = []
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as error:  # a single "{" or "}" without its pair
        return [Problem("syntax", str(error))]
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            found.append(Problem("unknown", name or "{}"))
        elif spec or conversion:
            found.append(Problem("syntax", f"{{{name}}} takes no format"))
    return found


def unknown_placeholders(text: str) -> list[str]:
    return sorted({p.detail for p in problems(text) if p.kind == "unknown"})


def render(text: str, values: Mapping[str, str]) -> str:
    """The text with each placeholder replaced by its value; refuses a text `problems`
    objects to (a template saved before a placeholder was withdrawn, say)."""
    wrong = problems(text)
    if wrong:
        raise TemplateRefused(", ".join(p.detail for p in wrong))
    return text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


@dataclass(frozen=True)
class Choice:
    """Which variant of a template a contact gets: their language, else the default."""

    language: str
    wanted: str
    fallback: bool


def choose(available: set[str], wanted: str, default: str) -> Choice | None:
    if wanted in available:
        return Choice(wanted, wanted, False)
    if default in available:
        return Choice(default, wanted, True)
    if available:  # neither: the first in a stable order, still marked as a fallback
        return Choice(sorted(available)[0], wanted, True)
    return None
