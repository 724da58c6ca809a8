"""Human text outside a translation call in a template (#17, #19 item 7): the lint behind
test_template_text.py.

A template is reduced to its literal text: every {{ expression }}, {% statement %} and the
whole of each {% trans %}…{% endtrans %} become a placeholder, comments vanish (Jinja's own
lexer decides what is what). What remains is read as HTML: the text between tags and the
attributes people read (title, placeholder, aria-label, alt, the value of a button) must then
hold no word; pure punctuation, numbers, placeholders and a short list of names and technical
tokens that are the same in every language pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

# A stand-in for each construct: a separate, letterless token that HTML can carry anywhere,
# inside a tag (<tr{% if %} class="x"{% endif %}>) as well as in text.
HOLE = " \u2063 "
# Brand and technical tokens, the same in every language. Keep this short and explicit.
ALLOWED = {
    "Helpdesk", "API", "JSON", "CSV", "PDF", "SLA", "UTC", "CET", "CEST", "EUR", "URL",
    "ID", "P1", "P2", "P3", "P4", "OpenAPI", "Bearer", "HTTP", "SMTP", "MB", "KB",
    "SPF", "DKIM", "DMARC", "min",
}
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Inside these, text is code or data, not prose.
CODE_TAGS = {"script", "style", "code", "pre", "kbd", "samp"}
# Blocks whose content is not text for people: a CSS class handed to the base template.
IGNORED_BLOCKS = {"body_class"}
WORD = re.compile(r"[^\W\d_]{2,}")
MEDIA_TYPE = re.compile(r"\b[a-z]+/[a-z0-9.+-]+\b")  # application/json: a technical token


@dataclass(frozen=True)
class Finding:
    template: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text!r}"


def skeleton(source: str, env: Environment | None = None) -> str:
    """The template's literal text, each Jinja construct (and each trans block) a HOLE.
    Newlines of the constructs are kept, so lines still count."""
    env = env or Environment(extensions=["jinja2.ext.i18n"])
    out: list[str] = []
    hidden = 0  # inside {% trans %} or an ignored block: no literal text counts
    names: list[str] = []  # the names of the statement being read
    for _line, kind, value in env.lex(source):
        if kind == "data":
            out.append(HOLE + "\n" * value.count("\n") if hidden else value)
            continue
        if kind == "block_begin":
            names = []
        elif kind == "name":
            names.append(value)
        elif kind == "block_end":
            if names[:1] == ["trans"] or names[:2] in (["block", b] for b in IGNORED_BLOCKS):
                hidden += 1
            elif names[:1] in (["endtrans"], ["endblock"]) and hidden:
                hidden -= 1
            out.append(HOLE)
        elif kind == "variable_end":
            out.append(HOLE)
        out.append("\n" * str(value).count("\n"))
    return "".join(out)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[int, str]] = []
        self.code_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_TAGS:
            self.code_depth += 1
        attributes = dict(attrs)
        line = self.getpos()[0]
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (
                    name == "value" and attributes.get("type") in ("submit", "button"))):
                self.texts.append((line, value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in CODE_TAGS:
            self.code_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in CODE_TAGS and self.code_depth:
            self.code_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.code_depth:
            self.texts.append((self.getpos()[0], data))


def human_words(text: str) -> list[str]:
    """The words of `text` a reader would need translated (none for '—', '12 %', 'CSV')."""
    return [w for w in WORD.findall(MEDIA_TYPE.sub(" ", text)) if w not in ALLOWED]


def findings(source: str, name: str = "<template>") -> list[Finding]:
    reader = _Reader()
    reader.feed(skeleton(source))
    reader.close()
    found = []
    for line, text in reader.texts:
        words = human_words(text)
        if words:  # the line of the first word, not of the start of the text
            at = line + text[:text.index(words[0])].count("\n")
            shown = " ".join(text.replace(HOLE.strip(), "…").split())
            found.append(Finding(name, at, shown))
    return found


def lint(folder: Path, patterns: tuple[str, ...] = ("**/*.html", "**/*.txt")) -> list[Finding]:
    found: list[Finding] = []
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            found += findings(path.read_text(encoding="utf-8"), str(path.relative_to(folder)))
    return found
