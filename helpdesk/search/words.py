"""What a search query means, as a pure function of its text.

Words are runs of letters and digits, split as SQLite's unicode61 tokenizer splits them, so
no character of the query ever reaches the database as syntax: FTS operators, quotes,
parentheses, `*`, `NEAR`, `-` and NUL are separators, nothing more. Every word is looked
up as itself and as its Snowball stem in Dutch, French and English (the languages of the
customers' mail), the same stems the index holds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import Stemmer

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
MIN_PREFIX = 3  # a shorter beginning would match half the vocabulary
LANGUAGES = ("dutch", "french", "english")
# unicode61 token characters: letters, digits (and private use); `_` and the rest separate.
WORD = re.compile(r"[^\W_]+")
# HD-2026-00042, hd 2026 42, 2026-42 or just 42: a ticket reference (art. 35.2 numbering).
REFERENCE = re.compile(r"(?:hd[\s-]*)?(?:(\d{4})[\s-]+)?(\d{1,6})", re.IGNORECASE)

_STEMMERS = {language: Stemmer.Stemmer(language) for language in LANGUAGES}


class QueryRefused(ValueError):
    """A query that cannot be searched; the message says why, in words for the user, and
    `reason` names the case for a translated message (helpdesk/web/search_words.py)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Reference:
    year: int | None
    number: int


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]  # lower case, as typed (stemmers want French accents)
    reference: Reference | None
    # The last word, folded, when the query ends in `*` after at least MIN_PREFIX letters
    # ("print*" finds printer): a beginning costs a scan of every word it begins.
    prefix: str | None = None

    @cached_property
    def forms(self) -> frozenset[str]:
        """Every folded form a matching document word may take: the words and their stems."""
        return frozenset(form for word in self.words
                         for form in (*word_forms(word), fold_in_place(word)))

    @cached_property
    def beginnings(self) -> re.Pattern[str]:
        """Words of a folded text that begin like a form (or the prefix): the only ones
        that may match, so snippets test these alone."""
        starts = {form[:3] for form in self.forms} | ({self.prefix} if self.prefix else set())
        return re.compile(rf"(?<![^\W_])(?:{'|'.join(sorted(map(re.escape, starts)))})[^\W_]*")

    def folded(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(word) for word in self.words))


class _SameLengthFold(dict[int, str]):
    """str.translate table folding each character to one character (é → e, É → e), or
    leaving it alone (ß, ligatures): offsets in the folded text are offsets in the text."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = folded if len(folded) == 1 else chr(code)
        return self[code]


_SAME_LENGTH = _SameLengthFold()


def fold_in_place(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_SAME_LENGTH)


def fold(text: str) -> str:
    """Lower case without diacritics, as unicode61 with remove_diacritics 2 folds."""
    if text.isascii():  # most text: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """`fold` of one word, remembered: a mail's words repeat (snippets fold each one)."""
    return fold(word)


def tokens(text: str) -> list[str]:
    """The words of a text, unfolded (stemming wants the accents: French é)."""
    return WORD.findall(text)


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The word's Dutch, French and English stems that differ from it, folded and unique."""
    lower = word.casefold()
    folded = fold(lower)
    found: list[str] = []
    for stemmer in _STEMMERS.values():
        stem = fold(stemmer.stemWord(lower))
        if stem and stem != folded and stem not in found and WORD.fullmatch(stem):
            found.append(stem)
    return tuple(found)


def word_forms(word: str) -> tuple[str, ...]:
    folded = fold(word)
    return (folded, *[s for s in stems(word) if s != folded])


def stem_text(text: str) -> str:
    """The stems of a text's words, each once, for the index's stems column (SQLite)."""
    seen: dict[str, None] = {}
    for word in tokens(text):
        for stem in stems(word):
            seen.setdefault(stem, None)
    return " ".join(seen)


def parse(text: str) -> Query:
    """The query's words and reference; raises QueryRefused with the reason in words."""
    cleaned = "".join(c if c.isprintable() else " " for c in text or "").strip()
    if not cleaned:
        raise QueryRefused("empty", "Type a word or a ticket reference to search for.")
    if len(cleaned) > MAX_QUERY_CHARS:
        raise QueryRefused("too_long",
                           f"The search is too long: at most {MAX_QUERY_CHARS} characters.")
    # A word must still be a word once folded (a lone combining mark is not).
    words = tuple(dict.fromkeys(t.casefold() for t in tokens(cleaned)
                                if WORD.fullmatch(fold(t))))
    if not words:
        raise QueryRefused("no_words", "Search for words or a ticket reference: punctuation "
                           "and symbols alone find nothing.")
    if len(words) > MAX_WORDS:
        raise QueryRefused("too_many_words",
                           f"The search has too many words: at most {MAX_WORDS}.")
    found = REFERENCE.fullmatch(cleaned)
    reference = None
    if found and int(found.group(2)) > 0:
        reference = Reference(int(found.group(1)) if found.group(1) else None,
                              int(found.group(2)))
    last = fold(words[-1])
    starred = cleaned.endswith("*") and WORD.fullmatch(cleaned.rstrip("*")[-1:] or " ")
    prefix = last if len(last) >= MIN_PREFIX and starred else None
    return Query(cleaned, words, reference, prefix)
