"""No human text outside a translation call in any template (#17, #19 item 7): pages, the
PDF report and mail text templates (.html and .txt) say everything through {{ _() }} or
{% trans %}, so every language gets all of it. The lint (tests/ops/template_text.py) is
tested on samples first, so a lint that sees nothing cannot pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ops.template_text import findings, lint

# date_free: settings, catalogues and template lint, no time in them; no clock read, no database.
pytestmark = pytest.mark.date_free

ROOT = Path(__file__).resolve().parents[2]

BAD = """{% extends "base.html" %}
{% block title %}Report an incident{% endblock %}
{% block content %}
<h1>{{ _('Tickets') }}</h1>
<p>{{ count }} tickets are waiting</p>
<button type="submit" title="Send it now">{{ _('Send') }}</button>
<input type="submit" value="Save">
{% endblock %}
"""


def test_the_lint_flags_text_outside_translation_calls_with_its_line():
    found = findings(BAD, "bad.html")
    assert any(f.line == 2 and "Report an incident" in f.text for f in found)  # a title block
    assert any(f.line == 5 and "tickets are waiting" in f.text for f in found)
    assert any(f.line == 6 and f.text == "Send it now" for f in found)  # a title attribute
    assert any(f.line == 7 and f.text == "Save" for f in found)  # a submit button's value
    assert len(found) == 4


@pytest.mark.parametrize("source", [
    "<p>{{ _('Queues') }} · {{ n }} — 12 % (3/4)</p>",
    "<td>{{ amount|euro }}</td><td>→ …</td>",
    "{% trans count=n %}{{ count }} ticket waiting{% pluralize %}{{ count }} tickets waiting"
    "{% endtrans %}",
    "<p>{{ _('Download') }} PDF · CSV · API</p>",
    "{# a comment a reader never sees #}<p>{{ _('x') }}</p>",
    "<script>const label = 'not for people';</script><code>helpdesk rebuild</code>",
    "{% block body_class %}printable{% endblock %}",
    '<tbody{% if g %} class="series"{% endif %}><tr><td>{{ x }}</td></tr></tbody>',
    "<p>{{ _('Body') }} (application/json)</p>",
    "SPF {{ a }} · DKIM {{ b }} · DMARC {{ c }}",
])
def test_the_lint_lets_punctuation_numbers_expressions_and_listed_tokens_pass(source):
    assert findings(source) == []


def test_a_mail_text_template_is_linted_too(tmp_path):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "receipt.txt").write_text(
        "{{ _('Hello %(name)s,', name=name) }}\n\nWe received your report.\n", encoding="utf-8")
    found = lint(tmp_path)
    assert [(f.template, f.line) for f in found] == [("mail/receipt.txt", 3)]


def test_every_template_says_its_text_through_a_translation_call():
    found = lint(ROOT / "templates")
    assert len(list((ROOT / "templates").glob("**/*.html"))) > 50  # the templates were read
    assert not found, "text outside a translation call:\n" + "\n".join(map(str, found))


def test_babel_extracts_the_text_templates_as_well():
    config = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    assert "[jinja2: templates/**.html]" in config and "[jinja2: templates/**.txt]" in config
